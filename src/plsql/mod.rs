//! PL/SQL units (procedures, functions, packages, anonymous blocks) into
//! Redshift PL/pgSQL procedures.
//!
//! [`ast`] is the block structure as eltc's own parser reads it; [`pgsql`]
//! the target tree and its printer; `translate` the translation, which hands
//! every embedded SQL statement and expression to the SQL translation layer
//! ([`crate::sql::translate`]) with the unit's variables in scope. The two
//! entry points are pure: [`translate_files`] (`eltc translate`: Oracle DDL
//! and units, open world) and [`translate_transform`] (`eltc build`: a
//! `plsql:` transform against the pipeline's declared tables). What is
//! translated, and how, is listed in docs/translation.md ("PL/SQL").
pub mod ast;
pub mod pgsql;
mod translate;

use sqlparser::ast::{Expr, Statement};

use crate::diag::{Diagnostic, FileId, Span};
use crate::spec::model::{Pipeline, SqlText};
use crate::target::Target;

/// One input file of [`translate_files`].
#[derive(Clone, Copy, Debug)]
pub struct Input<'a> {
    /// Its id in the source map (spans of the diagnostics point into it).
    pub file: FileId,
    /// Its text.
    pub text: &'a str,
}

/// What [`translate_files`] produces.
#[derive(Debug)]
pub struct Translation {
    /// Translated DDL and DML and the procedures, in input order.
    pub outputs: Vec<Output>,
    /// Everything raised, in input order.
    pub diagnostics: Vec<Diagnostic>,
}

/// One output of [`translate_files`].
#[derive(Debug)]
#[allow(clippy::large_enum_variant)]
pub enum Output {
    /// A translated SQL statement (CREATE TABLE, DML outside units), Redshift SQL.
    Statement(Statement),
    /// A procedure.
    Procedure(Procedure),
}

/// Parameter modes of a Redshift procedure.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ParamMode {
    /// IN.
    In,
    /// INOUT: Oracle's OUT and IN OUT (Redshift allows no OUT parameter on a
    /// nested call, docs/redshift.md#procedure-shape); an OUT parameter is set to NULL
    /// on entry, as Oracle passes none in.
    InOut,
}

/// A parameter of a translated procedure.
#[derive(Clone, Debug, PartialEq)]
pub struct ProcParam {
    /// Its name (lower case).
    pub name: String,
    /// IN or INOUT.
    pub mode: ParamMode,
    /// Its Redshift type.
    pub ty: pgsql::Type,
    /// Oracle's DEFAULT, translated. Redshift procedure parameters take no
    /// default: calls inside the translated units pass it explicitly, other
    /// callers must (a `plsql::parameter-default` warning says so).
    pub default: Option<Expr>,
}

/// A translated procedure.
#[derive(Clone, Debug, PartialEq)]
pub struct Procedure {
    /// `schema.name`, lower case; a package's procedure `p` of `s.pkg` is `s.pkg_p`.
    pub name: String,
    /// The Oracle name it came from, lower case: `s.proc` or `s.pkg.proc`.
    pub oracle_name: String,
    /// Its parameters, in order.
    pub params: Vec<ProcParam>,
    /// Its body.
    pub body: pgsql::Block,
    /// False for a package's private procedure (absent from the spec).
    pub public: bool,
    /// Comments before the Oracle routine, printed at the top of the body.
    pub comments: Vec<String>,
    /// The Oracle routine (heading and body).
    pub span: Span,
}

impl Procedure {
    /// `CREATE OR REPLACE PROCEDURE ... AS $$ ... $$ LANGUAGE plpgsql;` for
    /// `target` (the PostgreSQL form as src/target/postgres.rs spells it).
    pub fn render(&self, target: &dyn Target) -> String {
        let params: Vec<String> = self
            .params
            .iter()
            .map(|p| match p.mode {
                ParamMode::In => format!("{} {}", p.name, p.ty),
                ParamMode::InOut => format!("{} INOUT {}", p.name, p.ty),
            })
            .collect();
        let mut body = String::new();
        for comment in &self.comments {
            for line in comment.lines() {
                body.push_str("-- ");
                body.push_str(line.trim_end());
                body.push('\n');
            }
        }
        body.push_str(&pgsql::render_block(&self.body, target, 0));
        // The body is dollar-quoted; a `$$` inside it needs a tagged quote.
        let quote = if body.contains("$$") { "$eltc$" } else { "$$" };
        format!(
            "CREATE OR REPLACE PROCEDURE {}({})\nAS {quote}\n{body}{quote} LANGUAGE plpgsql;\n",
            self.name,
            params.join(", ")
        )
    }

    /// Every SQL statement inside the body (Redshift form), for the Redshift
    /// re-parse check and the lint ([`crate::sql::lint`]): DML as emitted,
    /// and the query of each SELECT INTO, FOR loop and cursor.
    pub fn sql_statements(&self) -> Vec<Statement> {
        self.body.sql_statements()
    }
}

/// `eltc translate`: files in order (Oracle DDL and PL/SQL units), in an
/// open world (tables the inputs do not create have unknown columns).
/// CREATE TABLE translates through [`crate::sql::translate::ddl`]; a
/// sequence whose NEXTVAL feeds a column of an INSERT becomes that column's
/// `IDENTITY(start, step)` in the CREATE TABLE and the column leaves the
/// INSERT, consistently in both.
pub fn translate_files(inputs: &[Input<'_>]) -> Translation {
    translate::files(inputs, None)
}

/// [`translate_files`] with `eltc translate --schema NAME`: tables written
/// without a schema are read and written in `NAME`, and the procedures are
/// created there.
pub fn translate_files_in(inputs: &[Input<'_>], schema: Option<&str>) -> Translation {
    translate::files(inputs, schema)
}

/// `eltc build`: one `plsql:` transform's units (`text` is
/// `sources.text(sql.file)[sql.range]`) against the pipeline's declared
/// tables (a closed world). NEXTVAL feeding a column the pipeline declares
/// with `identity` leaves the INSERT. An anonymous block becomes the
/// procedure `<schema>.<transform name>`. `None` when an error was raised.
pub fn translate_transform(
    pipeline: &Pipeline,
    sql: &SqlText,
    text: &str,
) -> (Option<Vec<Procedure>>, Vec<Diagnostic>) {
    translate::transform(pipeline, sql, text)
}
pub mod lexer;
pub mod parser;

pub use parser::{Parsed, parse};
