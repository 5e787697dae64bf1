//! PL/SQL units (procedures, functions, packages, anonymous blocks) into
//! Redshift PL/pgSQL procedures.
pub mod ast;
pub mod lexer;
pub mod parser;

pub use parser::{Parsed, parse};
