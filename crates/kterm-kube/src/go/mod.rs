//! What kubectl prints or parses the way Go does, so output matches the
//! real kubectl byte for byte: `fmt` verbs, `encoding/json`, go-yaml,
//! `sort.Sort`, durations and times, and URL query escaping.

pub mod fmt;
pub mod json;
pub mod sort;
pub mod time;
pub mod url;
pub mod yaml;
