//! kubectl's printers: the human table writer, custom columns and
//! `--sort-by`, its JSONPath dialect, and resource quantities.

pub mod columns;
pub mod jsonpath;
pub mod quantity;
pub mod table;
