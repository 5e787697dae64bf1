//! SQL*Loader control files: [`lexer`] and [`parser`] read the control-file
//! language into [`ast`]; [`to_spec`] decides what each clause becomes in
//! the pipeline spec.

pub mod ast;
mod blanks;
pub mod lexer;
pub mod parser;
pub mod to_spec;

pub use parser::parse;
