//! Flag parsing for `ibmcloud` commands: `-r X`, `--flag X`, `--flag=X`,
//! booleans, and positionals. Unknown flags are a usage error.

use std::collections::HashMap;

use crate::error::IbmError;

/// One flag: its spellings (the first is the key) and whether it takes a value.
pub type Spec = (&'static [&'static str], bool);

#[derive(Debug, Default)]
pub struct Parsed {
    values: HashMap<&'static str, String>,
    bools: Vec<&'static str>,
    pub positional: Vec<String>,
}

impl Parsed {
    pub fn value(&self, key: &str) -> Option<&str> {
        self.values.get(key).map(String::as_str)
    }

    pub fn has(&self, key: &str) -> bool {
        self.bools.contains(&key) || self.values.contains_key(key)
    }
}

pub fn parse(args: &[String], spec: &[Spec]) -> Result<Parsed, IbmError> {
    parse_sets(args, &[spec])
}

/// Like [`parse`], with the flags of several sets (a command's own and
/// shared ones such as [`crate::output::FLAGS`]).
pub fn parse_sets(args: &[String], sets: &[&[Spec]]) -> Result<Parsed, IbmError> {
    let mut p = Parsed::default();
    let mut it = args.iter();
    while let Some(a) = it.next() {
        if a == "--" {
            p.positional.extend(it.by_ref().cloned());
            break;
        }
        if !a.starts_with('-') || a == "-" {
            p.positional.push(a.clone());
            continue;
        }
        let (name, inline) = match a.split_once('=') {
            Some((n, v)) => (n, Some(v.to_string())),
            None => (a.as_str(), None),
        };
        let Some((names, takes)) = sets
            .iter()
            .flat_map(|s| s.iter())
            .find(|(names, _)| names.contains(&name))
        else {
            return Err(IbmError::Usage(format!(
                "flag provided but not defined: {name}"
            )));
        };
        let key = names[0];
        if *takes {
            let v = match inline {
                Some(v) => v,
                None => it
                    .next()
                    .cloned()
                    .ok_or_else(|| IbmError::Usage(format!("flag needs an argument: {name}")))?,
            };
            p.values.insert(key, v);
        } else {
            p.bools.push(key);
        }
    }
    Ok(p)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(v: &[&str]) -> Vec<String> {
        v.iter().map(|x| x.to_string()).collect()
    }

    const SPEC: &[Spec] = &[
        (&["-r", "--region"], true),
        (&["--sso"], false),
        (&["-c", "--cluster"], true),
    ];

    #[test]
    fn table() {
        let p = parse(
            &s(&["--region=eu-de", "--sso", "x", "-c", "mycluster"]),
            SPEC,
        )
        .unwrap();
        assert_eq!(
            (p.value("-r"), p.has("--sso"), p.value("-c")),
            (Some("eu-de"), true, Some("mycluster"))
        );
        assert_eq!(p.positional, ["x"]);
        assert_eq!(
            parse(&s(&["-z"]), SPEC).unwrap_err(),
            IbmError::Usage("flag provided but not defined: -z".into())
        );
        assert_eq!(
            parse(&s(&["-r"]), SPEC).unwrap_err(),
            IbmError::Usage("flag needs an argument: -r".into())
        );
    }
}
