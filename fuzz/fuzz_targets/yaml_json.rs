//! YAML (and JSON, a subset) as manifests and kubeconfigs are read: any
//! text gives a value or an error; a value written back as YAML reads
//! back as the same value.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let _ = kterm_shell::yaml::parse_all(text);
    if let Ok(v) = kterm_shell::yaml::parse(text) {
        let written = kterm_shell::yaml::to_string(&v);
        let again = kterm_shell::yaml::parse(&written);
        assert_eq!(again.as_ref(), Ok(&v), "{written}");
    }
    let _ = serde_json::from_str::<serde_json::Value>(text);
});
