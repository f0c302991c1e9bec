//! awk's associative arrays: insertion-ordered, so `for (k in a)` is
//! deterministic (gawk's own order is its hash table's).

use std::collections::HashMap;
use std::rc::Rc;

use super::value::Value;

#[derive(Debug, Default)]
pub struct Array {
    index: HashMap<Rc<str>, usize>,
    entries: Vec<Option<(Rc<str>, Value)>>,
    live: usize,
}

impl Array {
    pub fn get(&self, k: &str) -> Option<&Value> {
        self.index
            .get(k)
            .and_then(|i| self.entries[*i].as_ref())
            .map(|(_, v)| v)
    }

    pub fn contains(&self, k: &str) -> bool {
        self.index.contains_key(k)
    }

    pub fn set(&mut self, k: Rc<str>, v: Value) {
        if let Some(i) = self.index.get(&k) {
            if let Some(e) = self.entries[*i].as_mut() {
                e.1 = v;
            }
            return;
        }
        self.index.insert(k.clone(), self.entries.len());
        self.entries.push(Some((k, v)));
        self.live += 1;
    }

    pub fn delete(&mut self, k: &str) {
        if let Some(i) = self.index.remove(k) {
            self.entries[i] = None;
            self.live -= 1;
        }
        if self.entries.len() > 32 && self.live * 2 < self.entries.len() {
            self.entries.retain(Option::is_some);
            self.index = self
                .entries
                .iter()
                .enumerate()
                .filter_map(|(i, e)| e.as_ref().map(|(k, _)| (k.clone(), i)))
                .collect();
        }
    }

    pub fn clear(&mut self) {
        self.index.clear();
        self.entries.clear();
        self.live = 0;
    }

    pub fn len(&self) -> usize {
        self.live
    }

    pub fn keys(&self) -> Vec<Rc<str>> {
        self.entries
            .iter()
            .filter_map(|e| e.as_ref().map(|(k, _)| k.clone()))
            .collect()
    }
}
