//! A kubeconfig as kubectl reads one, from any YAML: read leniently, and
//! what is read survives being written and read again.
#![no_main]

use kterm_kubeconfig::Kubeconfig;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(v) = kterm_shell::yaml::parse(text) else {
        return;
    };
    // Written, entries are ordered by name (kubectl keeps them in maps);
    // from then on, writing and reading changes nothing.
    let once = Kubeconfig::from_value(&Kubeconfig::from_value(&v).to_value());
    let twice = Kubeconfig::from_value(&once.to_value());
    assert_eq!(twice, once);
});
