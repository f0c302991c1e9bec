use std::cell::RefCell;

use super::*;

/// A store with a quota on the total size of keys and values, as
/// browsers count it, that logs every write.
#[derive(Default)]
struct Fake {
    map: RefCell<BTreeMap<String, String>>,
    quota: usize,
    log: RefCell<Vec<String>>,
}

impl Fake {
    fn with_quota(quota: usize) -> Self {
        Fake {
            quota,
            ..Fake::default()
        }
    }

    fn writes(&self) -> Vec<String> {
        std::mem::take(&mut *self.log.borrow_mut())
    }
}

impl KeyValue for Fake {
    fn get(&self, key: &str) -> Option<String> {
        self.map.borrow().get(key).cloned()
    }
    fn set(&self, key: &str, value: &str) -> Result<(), String> {
        let mut map = self.map.borrow_mut();
        let others: usize = map
            .iter()
            .filter(|(k, _)| *k != key)
            .map(|(k, v)| k.len() + v.len())
            .sum();
        if self.quota > 0 && others + key.len() + value.len() > self.quota {
            return Err("QuotaExceededError".into());
        }
        self.log.borrow_mut().push(key.to_string());
        map.insert(key.to_string(), value.to_string());
        Ok(())
    }
    fn remove(&self, key: &str) {
        self.map.borrow_mut().remove(key);
    }
    fn keys(&self) -> Vec<String> {
        self.map.borrow().keys().cloned().collect()
    }
}

const CONFIG: &str = "/home/user/.bluemix/config.json";

fn state() -> ShellState {
    let mut st = ShellState::default();
    st.history.push("ls".into());
    st.fs.mkdir_p("/home/user/.bluemix").unwrap_or_default();
    st.fs
        .write(CONFIG, b"{\"IAMToken\":\"secret\"}".to_vec(), 5)
        .unwrap_or_default();
    st.fs.mkdir_p("/home/user/d/e").unwrap_or_default();
    st.fs
        .write("/home/user/d/f.bin", vec![0, 159, 255], 9)
        .unwrap_or_default();
    st
}

#[test]
fn credentials_are_told_apart() {
    for (path, cred) in [
        ("/home/user/.bluemix/config.json", true),
        ("/home/user/.kube/config", true),
        ("/home/user/.bluemix", true),
        ("/home/user/.kubeconfig", false),
        ("/home/user/notes", false),
        ("/tmp/.kube/config", false),
    ] {
        assert_eq!(is_credential(path), cred, "{path}");
    }
}

#[test]
fn round_trip_and_only_changes_are_written() {
    let kv = Fake::default();
    let mut st = state();
    let mut saver = Saver::default();
    assert_eq!(saver.save(&kv, &mut st), None);
    let mut first = kv.writes();
    first.sort_unstable();
    assert_eq!(
        first,
        [
            "kterm.session.v2",
            "kterm.session.v2.cred",
            "kterm.session.v2.file:/home/user/d/f.bin"
        ]
    );
    // Base64, not arrays of numbers.
    assert_eq!(
        kv.get("kterm.session.v2.file:/home/user/d/f.bin")
            .as_deref(),
        Some(r#"{"m":9,"d":"AJ//"}"#)
    );
    // Nothing changed: nothing written.
    assert_eq!(saver.save(&kv, &mut st), None);
    assert_eq!(kv.writes(), Vec::<String>::new());
    // One file changed: that file only.
    st.fs
        .write("/home/user/d/g", b"new".to_vec(), 10)
        .unwrap_or_default();
    saver.save(&kv, &mut st);
    assert_eq!(kv.writes(), ["kterm.session.v2.file:/home/user/d/g"]);
    // A removed file goes; a new history line rewrites the small entry.
    st.fs
        .remove("/home/user/d/f.bin", false)
        .unwrap_or_default();
    st.history.push("rm f.bin".into());
    saver.save(&kv, &mut st);
    assert_eq!(kv.writes(), ["kterm.session.v2"]);
    assert_eq!(kv.get("kterm.session.v2.file:/home/user/d/f.bin"), None);

    let back = load(&kv).map(|l| l.snapshot).unwrap_or_default();
    assert_eq!(back.history, ["ls", "rm f.bin"]);
    assert_eq!(back.fs.read(CONFIG), st.fs.read(CONFIG));
    assert_eq!(back.fs.read("/home/user/d/g"), Ok(&b"new"[..]));
    assert!(back.fs.is_dir("/home/user/d/e"));
    assert!(!back.fs.exists("/home/user/d/f.bin"));
    clear(&kv);
    assert!(kv.keys().is_empty());
}

#[test]
fn a_full_store_is_reported_once_and_logout_still_persists() {
    let kv = Fake::with_quota(4_000);
    let mut st = state();
    let mut saver = Saver::default();
    assert_eq!(saver.save(&kv, &mut st), None);
    st.fs
        .write("/home/user/big1", vec![b'x'; 2_000], 1)
        .unwrap_or_default();
    st.fs
        .write("/home/user/big2", vec![b'y'; 2_000], 1)
        .unwrap_or_default();
    let msg = saver.save(&kv, &mut st).unwrap_or_default();
    assert_eq!(
        msg,
        "kterm: this tab's storage is full (QuotaExceededError): /home/user/big2 could not be saved and will be lost when the tab reloads; remove files to make room"
    );
    // Reported once, however many commands fail to save after it.
    st.history.push("echo".into());
    assert_eq!(saver.save(&kv, &mut st), None);
    // Logging out is saved all the same.
    st.fs.remove(CONFIG, false).unwrap_or_default();
    assert_eq!(saver.save(&kv, &mut st), None);
    let back = load(&kv).map(|l| l.snapshot).unwrap_or_default();
    assert!(!back.fs.exists(CONFIG), "logged out after a reload");
    assert_eq!(back.fs.read("/home/user/big1").map(<[u8]>::len), Ok(2_000));
    // Room again: the refused file is written after the next command.
    st.fs.remove("/home/user/big1", false).unwrap_or_default();
    assert_eq!(saver.save(&kv, &mut st), None);
    let back = load(&kv).map(|l| l.snapshot).unwrap_or_default();
    assert_eq!(back.fs.read("/home/user/big2").map(<[u8]>::len), Ok(2_000));
}

#[test]
fn the_old_single_entry_still_loads() {
    let kv = Fake::default();
    let old = r#"{"env":{"vars":{}},"cwd":"/tmp","fs":{"nodes":{"/":"Dir","/tmp":"Dir","/tmp/a":{"File":{"data":[104,105],"mtime_ms":3}}},"limit":5242880,"used":2},"aliases":{"ll":"ls -l"},"history":["echo hi"]}"#;
    kv.set(V1, old).unwrap_or_default();
    let Some(loaded) = load(&kv) else {
        panic!("the old snapshot did not load");
    };
    assert!(loaded.from_v1);
    assert_eq!(loaded.snapshot.fs.read("/tmp/a"), Ok(&b"hi"[..]));
    assert_eq!(loaded.snapshot.history, ["echo hi"]);
    // Once saved in the new form, the old entry goes.
    let mut st = ShellState::default();
    st.restore(loaded.snapshot);
    st.fs.mark_all_changed();
    Saver::default().save(&kv, &mut st);
    assert_eq!(kv.get(V1), None);
    let back = load(&kv).map(|l| l.snapshot).unwrap_or_default();
    assert_eq!(back.fs.read("/tmp/a"), Ok(&b"hi"[..]));
    assert_eq!(back.aliases.get("ll").map(String::as_str), Some("ls -l"));
}
