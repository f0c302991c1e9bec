//! The shell language: tokenizer, parser, expansion and executor.

pub mod ast;
pub mod exec;
mod expand;
pub mod lexer;
pub mod parser;

pub use exec::Exec;
pub use parser::{parse, ParseError};
