//! YAML (and JSON, a subset) as manifests and kubeconfigs are read: any
//! text gives a value or an error; a value written back as YAML reads
//! back as the same value. Keys longer than 1,024 characters once
//! written (control characters are written `\u0010`) are left out of the
//! round trip: yaml-rust2's emitter writes them as implicit keys, which
//! YAML (and its own parser) limits to 1,024 characters (the fuzzer found
//! it; Go's emitter writes `? key` past 128).
#![no_main]

use libfuzzer_sys::fuzz_target;
use serde_json::Value;

fn long_key(v: &Value) -> bool {
    match v {
        Value::Object(o) => o
            .iter()
            .any(|(k, v)| serde_json::to_string(k).map_or(true, |w| w.len() > 1000) || long_key(v)),
        Value::Array(a) => a.iter().any(long_key),
        _ => false,
    }
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let _ = kterm_shell::yaml::parse_all(text);
    if let Ok(v) = kterm_shell::yaml::parse(text) {
        if !long_key(&v) {
            let written = kterm_shell::yaml::to_string(&v);
            let again = kterm_shell::yaml::parse(&written);
            assert_eq!(again.as_ref(), Ok(&v), "{written}");
        }
    }
    let _ = serde_json::from_str::<Value>(text);
});
