//! Variables as the language sees them: scalars and arrays, attributes
//! (readonly, case), local scopes. Errors are worded as bash words them.

use std::collections::BTreeMap;

use crate::state::{Array, Var};
use crate::ShellState;

/// An array subscript, already evaluated for the array's kind.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Key {
    Index(i64),
    Name(String),
}

pub fn is_assoc(sh: &ShellState, name: &str) -> bool {
    matches!(
        sh.env.var(name).and_then(|v| v.array.as_ref()),
        Some(Array::Assoc(_))
    )
}

pub fn is_array(sh: &ShellState, name: &str) -> bool {
    sh.env.var(name).is_some_and(|v| v.array.is_some())
}

fn readonly(sh: &ShellState, name: &str) -> Result<(), String> {
    if sh.env.var(name).is_some_and(|v| v.readonly) {
        return Err(format!("{name}: readonly variable"));
    }
    Ok(())
}

fn cased(v: &Var, s: String) -> String {
    match v.case {
        Some('u') => s.to_uppercase(),
        Some('l') => s.to_lowercase(),
        _ => s,
    }
}

/// `name=value` (element 0 of an array).
pub fn set_scalar(sh: &mut ShellState, name: &str, value: String) -> Result<(), String> {
    readonly(sh, name)?;
    let allexport = sh.lang.opts.allexport;
    let var = sh.env.var_mut(name);
    let value = cased(var, value);
    var.unset = false;
    match &mut var.array {
        None => var.value = value,
        Some(Array::Indexed(m)) => {
            m.insert(0, value);
        }
        Some(Array::Assoc(m)) => assoc_put(m, "0", value),
    }
    if allexport {
        var.exported = true;
    }
    Ok(())
}

fn assoc_put(m: &mut Vec<(String, String)>, k: &str, v: String) {
    match m.iter_mut().find(|(key, _)| key == k) {
        Some(e) => e.1 = v,
        None => m.push((k.to_string(), v)),
    }
}

/// Resolves a negative index against the array's highest one.
fn real_index(m: &BTreeMap<i64, String>, i: i64) -> Option<i64> {
    if i >= 0 {
        return Some(i);
    }
    let top = m.keys().next_back().map(|k| k + 1).unwrap_or(0);
    (top + i >= 0).then_some(top + i)
}

/// `name[key]=value`.
pub fn set_index(sh: &mut ShellState, name: &str, key: Key, value: String) -> Result<(), String> {
    readonly(sh, name)?;
    let var = sh.env.var_mut(name);
    let value = cased(var, value);
    let was_unset = var.unset;
    var.unset = false;
    if var.array.is_none() {
        let mut m = BTreeMap::new();
        if !was_unset {
            m.insert(0, std::mem::take(&mut var.value));
        }
        var.array = Some(Array::Indexed(m));
    }
    match (var.array.as_mut(), key) {
        (Some(Array::Indexed(m)), Key::Index(i)) => {
            let Some(i) = real_index(m, i) else {
                return Err(format!("{name}[{i}]: bad array subscript"));
            };
            m.insert(i, value);
        }
        (Some(Array::Assoc(m)), Key::Name(k)) => assoc_put(m, &k, value),
        (Some(Array::Assoc(m)), Key::Index(i)) => assoc_put(m, &i.to_string(), value),
        (Some(Array::Indexed(m)), Key::Name(_)) => {
            m.insert(0, value);
        }
        (None, _) => {}
    }
    Ok(())
}

pub fn get_index(sh: &ShellState, name: &str, key: &Key) -> Option<String> {
    let var = sh.env.var(name)?;
    if var.unset {
        return None;
    }
    match (&var.array, key) {
        (None, Key::Index(0 | -1)) => Some(var.value.clone()),
        (None, Key::Name(k)) if k == "0" => Some(var.value.clone()),
        (None, _) => None,
        (Some(Array::Indexed(m)), Key::Index(i)) => m.get(&real_index(m, *i)?).cloned(),
        (Some(Array::Indexed(m)), Key::Name(_)) => m.get(&0).cloned(),
        (Some(Array::Assoc(m)), k) => {
            let k = match k {
                Key::Index(i) => i.to_string(),
                Key::Name(s) => s.clone(),
            };
            m.iter().find(|(key, _)| *key == k).map(|(_, v)| v.clone())
        }
    }
}

/// `${a[@]}`: every element, in index order.
pub fn values(sh: &ShellState, name: &str) -> Vec<String> {
    match sh.env.var(name) {
        None => Vec::new(),
        Some(v) if v.unset => Vec::new(),
        Some(v) => match &v.array {
            None => vec![v.value.clone()],
            Some(Array::Indexed(m)) => m.values().cloned().collect(),
            Some(Array::Assoc(m)) => m.iter().map(|(_, v)| v.clone()).collect(),
        },
    }
}

/// `${!a[@]}`
pub fn keys(sh: &ShellState, name: &str) -> Vec<String> {
    match sh.env.var(name) {
        None => Vec::new(),
        Some(v) if v.unset => Vec::new(),
        Some(v) => match &v.array {
            None => vec!["0".into()],
            Some(Array::Indexed(m)) => m.keys().map(|k| k.to_string()).collect(),
            Some(Array::Assoc(m)) => m.iter().map(|(k, _)| k.clone()).collect(),
        },
    }
}

/// Replaces the whole array (`a=(…)`, `a+=(…)`).
pub fn set_array(
    sh: &mut ShellState,
    name: &str,
    items: Vec<(Option<Key>, String)>,
    append: bool,
    assoc: bool,
) -> Result<(), String> {
    readonly(sh, name)?;
    let var = sh.env.var_mut(name);
    let assoc = assoc || matches!(var.array, Some(Array::Assoc(_)));
    let keep = append && !var.unset;
    var.unset = false;
    if assoc {
        let mut m = match (&var.array, keep) {
            (Some(Array::Assoc(m)), true) => m.clone(),
            _ => Vec::new(),
        };
        for (k, v) in items {
            let k = match k {
                Some(Key::Name(s)) => s,
                Some(Key::Index(i)) => i.to_string(),
                None => continue,
            };
            let v = cased(var, v);
            assoc_put(&mut m, &k, v);
        }
        var.array = Some(Array::Assoc(m));
    } else {
        let mut m = match (&var.array, keep) {
            (Some(Array::Indexed(m)), true) => m.clone(),
            (None, true) => BTreeMap::from([(0, var.value.clone())]),
            _ => BTreeMap::new(),
        };
        let mut next = m.keys().next_back().map(|k| k + 1).unwrap_or(0);
        for (k, v) in items {
            let i = match k {
                Some(Key::Index(i)) => match real_index(&m, i) {
                    Some(i) => i,
                    None => return Err(format!("{name}[{i}]: bad array subscript")),
                },
                _ => next,
            };
            let v = cased(var, v);
            m.insert(i, v);
            next = i + 1;
        }
        var.array = Some(Array::Indexed(m));
    }
    var.value.clear();
    Ok(())
}

/// `unset name`.
pub fn unset(sh: &mut ShellState, name: &str) -> Result<(), String> {
    if sh.env.var(name).is_some_and(|v| v.readonly) {
        return Err(format!("{name}: cannot unset: readonly variable"));
    }
    // Inside a function, a local variable becomes unset but stays local.
    let local = sh
        .lang
        .locals
        .last()
        .is_some_and(|f| f.iter().any(|(n, _)| n == name));
    if local {
        let v = sh.env.var_mut(name);
        *v = Var {
            unset: true,
            ..Var::default()
        };
    } else {
        sh.env.unset(name);
    }
    Ok(())
}

/// `unset 'a[key]'`.
pub fn unset_index(sh: &mut ShellState, name: &str, key: &Key) -> Result<(), String> {
    readonly(sh, name)?;
    let Some(var) = sh.env.var(name) else {
        return Ok(());
    };
    let mut var = var.clone();
    match (&mut var.array, key) {
        (Some(Array::Indexed(m)), Key::Index(i)) => {
            if let Some(i) = real_index(m, *i) {
                m.remove(&i);
            } else {
                return Err(format!("{name}[{i}]: bad array subscript"));
            }
        }
        (Some(Array::Assoc(m)), k) => {
            let k = match k {
                Key::Index(i) => i.to_string(),
                Key::Name(s) => s.clone(),
            };
            m.retain(|(key, _)| *key != k);
        }
        (None, Key::Index(0)) => {
            sh.env.unset(name);
            return Ok(());
        }
        _ => {}
    }
    sh.env.restore(name, Some(var));
    Ok(())
}

/// `local name`: remembers the variable's outer value for the function's
/// return. Returns false outside a function.
pub fn make_local(sh: &mut ShellState, name: &str) -> bool {
    let old = sh.env.var(name).cloned();
    let Some(frame) = sh.lang.locals.last_mut() else {
        return false;
    };
    if !frame.iter().any(|(n, _)| n == name) {
        frame.push((name.to_string(), old.clone()));
        // A local starts unset but keeps the export flag of the global.
        let exported = old.as_ref().is_some_and(|v| v.exported);
        sh.env.restore(
            name,
            Some(Var {
                unset: true,
                exported,
                ..Var::default()
            }),
        );
    }
    true
}

/// Ends a function's scope: its locals get their outer values back.
pub fn pop_frame(sh: &mut ShellState) {
    if let Some(frame) = sh.lang.locals.pop() {
        for (name, old) in frame.into_iter().rev() {
            sh.env.restore(&name, old);
        }
    }
}
