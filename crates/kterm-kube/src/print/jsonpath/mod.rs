//! kubectl's JSONPath dialect (client-go util/jsonpath), which is not RFC
//! 9535: text outside `{…}` is printed as is, `{range …}{end}` loops,
//! `"…"` literals inside actions, `[?(@.a==1)]` filters, `..` recursion,
//! slices `[a:b:c]`, unions `[0,2]`, and results of one action joined by
//! spaces. Missing keys give no output (kubectl allows them by default).
//! Written for that dialect because the JSONPath crates follow the RFC.
//! Map order: Go walks maps in random order; we use sorted keys.

use serde_json::Value;

use crate::go;

mod parse;
use parse::Parser;

#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Node {
    Field(String),
    Wildcard,
    Recursive,
    Array([Param; 3]),
    Union(Vec<Vec<Node>>),
    Filter {
        left: Vec<Node>,
        right: Vec<Node>,
        op: String,
    },
    Literal(Value),
    Ident(String),
}

#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub(crate) struct Param {
    pub value: i64,
    pub known: bool,
    pub derived: bool,
}

#[derive(Debug, Clone, PartialEq)]
enum Item {
    Text(String),
    Action(Vec<Node>),
}

/// A parsed template.
#[derive(Debug, Clone, PartialEq)]
pub struct JsonPath {
    items: Vec<Item>,
}

/// The element type Go names in "X is not array or slice".
fn go_type(v: &Value) -> &'static str {
    match v {
        Value::Object(_) => "map[string]interface {}",
        Value::Array(_) => "[]interface {}",
        Value::String(_) => "string",
        Value::Bool(_) => "bool",
        Value::Number(n) if n.is_i64() => "int64",
        Value::Number(_) => "float64",
        Value::Null => "interface {}",
    }
}

fn children(v: &Value) -> Vec<Value> {
    match v {
        Value::Object(m) => {
            let mut keys: Vec<&String> = m.keys().collect();
            kterm_shell::sort::sort(&mut keys);
            keys.into_iter().map(|k| m[k].clone()).collect()
        }
        Value::Array(a) => a.clone(),
        Value::String(s) => s.bytes().map(Value::from).collect(),
        _ => Vec::new(),
    }
}

fn walk(node: &Node, input: Vec<Value>) -> Result<Vec<Value>, String> {
    match node {
        Node::Literal(v) => Ok(input.iter().map(|_| v.clone()).collect()),
        Node::Field(name) => Ok(input
            .iter()
            .filter_map(|v| v.as_object().and_then(|m| m.get(name)).cloned())
            .collect()),
        Node::Wildcard => Ok(input.iter().flat_map(children).collect()),
        Node::Recursive => {
            let mut out = Vec::new();
            let mut stack: Vec<Value> = input.into_iter().rev().collect();
            // Preorder: a value with children, then its descendants.
            while let Some(v) = stack.pop() {
                let kids = children(&v);
                if kids.is_empty() {
                    continue;
                }
                let nested: Vec<Value> = kids
                    .into_iter()
                    .filter(|k| !k.is_number() || !v.is_string())
                    .collect();
                out.push(v);
                stack.extend(nested.into_iter().rev());
            }
            Ok(out)
        }
        Node::Union(lists) => {
            let mut out = Vec::new();
            for l in lists {
                out.extend(eval(l, input.clone())?);
            }
            Ok(out)
        }
        Node::Array(params) => {
            let mut out = Vec::new();
            for v in &input {
                if v.is_null() {
                    continue;
                }
                let Value::Array(a) = v else {
                    return Err(format!("{} is not array or slice", go_type(v)));
                };
                let len = a.len() as i64;
                let mut p = *params;
                if !p[0].known {
                    p[0].value = 0;
                }
                if p[0].value < 0 {
                    p[0].value += len;
                }
                if !p[1].known {
                    p[1].value = len;
                }
                if p[1].value < 0 || (p[1].value == 0 && p[1].derived) {
                    p[1].value += len;
                }
                if p[1].value == p[0].value {
                    return Ok(out);
                }
                if p[0].value >= len || p[0].value < 0 {
                    return Err(format!(
                        "array index out of bounds: index {}, length {len}",
                        p[0].value
                    ));
                }
                if p[1].value > len || p[1].value < 0 {
                    return Err(format!(
                        "array index out of bounds: index {}, length {len}",
                        p[1].value - 1
                    ));
                }
                if p[0].value > p[1].value {
                    return Err(format!(
                        "starting index {} is greater than ending index {}",
                        p[0].value, p[1].value
                    ));
                }
                let step = if p[2].known {
                    if p[2].value <= 0 {
                        return Err("step must be > 0".into());
                    }
                    p[2].value as usize
                } else {
                    1
                };
                out.extend(
                    a[p[0].value as usize..p[1].value as usize]
                        .iter()
                        .step_by(step)
                        .cloned(),
                );
            }
            Ok(out)
        }
        Node::Filter { left, right, op } => {
            let mut out = Vec::new();
            for v in &input {
                let Value::Array(a) = v else {
                    return Err(format!(
                        "{} is not array or slice and cannot be filtered",
                        go::fmt::plain(v)
                    ));
                };
                for item in a {
                    let lefts = eval(left, vec![item.clone()]);
                    if op == "exists" {
                        if lefts.is_ok_and(|l| !l.is_empty()) {
                            out.push(item.clone());
                        }
                        continue;
                    }
                    let l = match one(lefts?)? {
                        Some(l) => l,
                        None => continue,
                    };
                    let r = match one(eval(right, vec![item.clone()])?)? {
                        Some(r) => r,
                        None => continue,
                    };
                    if compare(&l, &r, op)? {
                        out.push(item.clone());
                    }
                }
            }
            Ok(out)
        }
        Node::Ident(name) => match name.as_str() {
            "range" => Ok(input),
            "end" => Ok(Vec::new()),
            _ => Err(format!("unrecognized identifier {name}")),
        },
    }
}

fn one(mut v: Vec<Value>) -> Result<Option<Value>, String> {
    match v.len() {
        0 => Ok(None),
        1 => Ok(v.pop()),
        _ => Err("can only compare one element at a time".into()),
    }
}

/// text/template's comparison functions as client-go's fork has them.
fn compare(l: &Value, r: &Value, op: &str) -> Result<bool, String> {
    #[derive(PartialEq)]
    enum K {
        Bool,
        Int,
        Float,
        Str,
    }
    let kind = |v: &Value| match v {
        Value::Bool(_) => Ok(K::Bool),
        Value::Number(n) if n.is_i64() => Ok(K::Int),
        Value::Number(_) => Ok(K::Float),
        Value::String(_) => Ok(K::Str),
        _ => Err("invalid type for comparison".to_string()),
    };
    let (kl, kr) = (kind(l)?, kind(r)?);
    if kl != kr {
        return Err("incompatible types for comparison".into());
    }
    let ord = match kl {
        K::Bool if matches!(op, "==" | "!=") => {
            return Ok((l == r) == (op == "=="));
        }
        K::Bool => return Err("invalid type for comparison".into()),
        K::Int => l.as_i64().cmp(&r.as_i64()),
        K::Float => l
            .as_f64()
            .partial_cmp(&r.as_f64())
            .unwrap_or(std::cmp::Ordering::Equal),
        K::Str => l.as_str().cmp(&r.as_str()),
    };
    use std::cmp::Ordering::*;
    Ok(match op {
        "<" => ord == Less,
        ">" => ord == Greater,
        "==" => ord == Equal,
        "!=" => ord != Equal,
        "<=" => ord != Greater,
        ">=" => ord != Less,
        _ => return Err(format!("unrecognized filter operator {op}")),
    })
}

fn eval(nodes: &[Node], mut cur: Vec<Value>) -> Result<Vec<Value>, String> {
    for n in nodes {
        cur = walk(n, cur)?;
    }
    Ok(cur)
}

fn has_ident(nodes: &[Node], name: &str) -> bool {
    nodes
        .iter()
        .any(|n| matches!(n, Node::Ident(i) if i == name))
}

impl JsonPath {
    pub fn parse(text: &str) -> Result<JsonPath, String> {
        let mut items = Vec::new();
        let mut pos = 0;
        while let Some(i) = text[pos..].find('{') {
            if i > 0 {
                items.push(Item::Text(text[pos..pos + i].to_string()));
            }
            let mut p = Parser {
                s: text,
                pos: pos + i + 1,
            };
            items.push(Item::Action(p.action()?));
            pos = p.pos;
        }
        if pos < text.len() {
            items.push(Item::Text(text[pos..].to_string()));
        }
        Ok(JsonPath { items })
    }

    /// The results of each action (and text), in order, `{range}`
    /// expanded; an error as client-go words it.
    pub fn find(&self, data: &Value) -> Result<Vec<Vec<Value>>, String> {
        let mut out = Vec::new();
        self.run(0, data, 0, &mut out)?;
        Ok(out)
    }

    /// Runs items from `start`; returns the index after the `{end}` that
    /// closed the current range (or the end of the template).
    fn run(
        &self,
        start: usize,
        data: &Value,
        depth: usize,
        out: &mut Vec<Vec<Value>>,
    ) -> Result<usize, String> {
        let mut i = start;
        while i < self.items.len() {
            match &self.items[i] {
                Item::Text(t) => out.push(vec![Value::String(t.clone())]),
                Item::Action(nodes) if has_ident(nodes, "end") => {
                    if depth == 0 {
                        return Err("not in range, nothing to end".into());
                    }
                    eval(nodes, vec![data.clone()])?;
                    return Ok(i + 1);
                }
                Item::Action(nodes) if has_ident(nodes, "range") => {
                    let values = eval(nodes, vec![data.clone()])?;
                    let mut next = self.items.len();
                    if values.is_empty() {
                        // Walk the body once on nothing, to find its end.
                        next = self.run(i + 1, &Value::Null, depth + 1, &mut Vec::new())?;
                    }
                    for v in &values {
                        next = self.run(i + 1, v, depth + 1, out)?;
                    }
                    i = next;
                    continue;
                }
                Item::Action(nodes) => out.push(eval(nodes, vec![data.clone()])?),
            }
            i += 1;
        }
        Ok(i)
    }

    /// `-o jsonpath`: the values of one action joined by spaces, maps and
    /// lists as compact JSON, no newline added.
    pub fn print(&self, data: &Value) -> Result<String, String> {
        let mut s = String::new();
        for results in self.find(data)? {
            let texts: Vec<String> = results
                .iter()
                .map(|v| match v {
                    Value::String(t) => t.clone(),
                    Value::Null => "null".into(),
                    Value::Object(_) | Value::Array(_) => go::json::marshal(v),
                    other => go::fmt::plain(other),
                })
                .collect();
            s.push_str(&texts.join(" "));
        }
        Ok(s)
    }

    /// `-o jsonpath-as-json`: each action's results as an indented array.
    pub fn print_json(&self, data: &Value) -> Result<String, String> {
        let mut s = String::new();
        for results in self.find(data)? {
            s.push_str(&crate::go::json::indent(&Value::Array(results), 4));
            s.push('\n');
        }
        Ok(s)
    }
}

/// `.a.b`, `a.b`, `{a.b}`, `{.a.b}` as `{.a.b}` (custom columns, sort-by).
pub fn relaxed(expr: &str) -> Result<String, String> {
    if expr.is_empty() {
        return Ok(String::new());
    }
    let body = match expr.strip_prefix('{').and_then(|e| e.strip_suffix('}')) {
        Some(inner) => inner,
        None => expr,
    };
    let body = body.strip_prefix('.').unwrap_or(body);
    if body.is_empty() || body.contains(['{', '}']) {
        return Err("unexpected path string, expected a 'name1.name2' or '.name1.name2' or '{name1.name2}' or '{.name1.name2}'".into());
    }
    Ok(format!("{{.{body}}}"))
}

#[cfg(test)]
mod tests;
