//! The SQL statements of `eltc translate`'s inputs outside any unit: Oracle
//! DDL (tables feed the world's types), and DML translated as
//! [`crate::sql::script`] does.
//!
//! CREATE TABLE goes through [`crate::sql::translate::ddl`]. The structure
//! copy `CREATE TABLE t AS SELECT * FROM s WHERE <false>` (Oracle copies the
//! columns, their types and NOT NULL, no rows) becomes a CREATE TABLE with
//! `s`'s translated columns; with another condition, the rows follow in an
//! `INSERT INTO t SELECT ...`. CREATE SEQUENCE emits nothing: its START WITH
//! and INCREMENT BY become the IDENTITY of the column its NEXTVAL feeds
//! ([`Script::apply_identity`]), in the CREATE TABLE that the INSERT's
//! table has among the inputs.

use std::collections::BTreeMap;

use sqlparser::ast::{
    ColumnOption, ColumnOptionDef, CreateTable, DataType as SqlType, Expr, IdentityParameters,
    IdentityProperty, IdentityPropertyFormatKind, IdentityPropertyKind, SelectItem, SetExpr,
    Statement, TableFactor, Value,
};

use super::{IdentityUse, Sequence, Src, World};
use crate::diag::{Code, Diagnostic, Span};
use crate::plsql::ast::{SqlKind, SqlText};
use crate::spec::model::{Dialect, QualifiedName, Table};
use crate::sql::catalog::Catalog;
use crate::sql::parse::{self, parse_synthetic};
use crate::sql::span::SqlSource;
use crate::sql::translate::{Binds, Translator, ddl};
use sqlparser::dialect::OracleDialect;
use sqlparser::tokenizer::{Token, Tokenizer};

/// The schema of unqualified names in `eltc translate` (Redshift's default).
pub const DEFAULT_SCHEMA: &str = "public";

/// The translated statements of the inputs, by unit.
#[derive(Default)]
pub struct Script {
    /// (unit index, statement), in order.
    pub outputs: Vec<(usize, Statement)>,
    /// Index in `outputs` of each table's CREATE TABLE, by `schema.table`.
    tables: BTreeMap<String, usize>,
}

impl Script {
    /// Translates the statement of unit `index`.
    pub fn statement(
        &mut self,
        world: &mut World,
        index: usize,
        src: Src<'_>,
        kind: SqlKind,
        sql: &SqlText,
        out: &mut Vec<Diagnostic>,
    ) {
        let text = &src.text[sql.range.clone()];
        let source = SqlSource::new(src.file, src.base + sql.range.start, text);
        if kind == SqlKind::CreateSequence {
            // sqlparser reads PostgreSQL's options, not Oracle's (NOCACHE, ORDER ...).
            if let Some((name, sequence)) = sequence(text, source.whole()) {
                world.sequences.insert(name, sequence);
                return;
            }
        }
        let (parsed, diagnostics) = parse::parse_statements(&source, Dialect::Oracle);
        out.extend(diagnostics);
        for parsed in parsed {
            let span = source.range(parsed.range.clone());
            let mut statement = parsed.statement;
            if let Statement::CreateTable(create) = &mut statement {
                ddl::qualify(&mut create.name, world.default_schema.as_deref());
            }
            match statement {
                Statement::CreateTable(create) if create.query.is_some() => {
                    self.copy_table(world, index, &create, &source, span, out);
                }
                Statement::CreateTable(create) => {
                    self.create_table(world, index, &create, &source, span, out);
                }
                Statement::CreateSequence {
                    name,
                    sequence_options,
                    ..
                } => {
                    let mut sequence = Sequence {
                        start: 1,
                        step: 1,
                        span,
                    };
                    for option in &sequence_options {
                        match option {
                            sqlparser::ast::SequenceOptions::StartWith(e, _) => {
                                sequence.start = integer(e).unwrap_or(1);
                            }
                            sqlparser::ast::SequenceOptions::IncrementBy(e, _) => {
                                sequence.step = integer(e).unwrap_or(1);
                            }
                            _ => {}
                        }
                    }
                    world
                        .sequences
                        .insert(name.to_string().to_lowercase(), sequence);
                }
                statement => {
                    let mut translator =
                        Translator::new(&world.catalog, source.clone(), true, Binds::DataApi);
                    translator.statement = parsed.range.clone();
                    translator.open_world = true;
                    translator.script_statement = true;
                    // `--schema` holds a top-level statement's unqualified
                    // tables, as it holds those of CREATE TABLE above and of
                    // the units: the statement then finds the script's tables.
                    translator.default_schema.clone_from(&world.default_schema);
                    translator.timestamps_are_dates = world.timestamps_are_dates;
                    translator.sequences = world.sequences.keys().cloned().collect();
                    let statements = match statement {
                        Statement::Query(mut query) => {
                            translator.query(&mut query);
                            vec![Statement::Query(query)]
                        }
                        other => translator.statements(other),
                    };
                    let failed = translator.failed();
                    out.extend(translator.diagnostics);
                    if !failed {
                        self.outputs
                            .extend(statements.into_iter().map(|s| (index, s)));
                    }
                }
            }
        }
    }

    fn create_table(
        &mut self,
        world: &mut World,
        index: usize,
        create: &CreateTable,
        source: &SqlSource<'_>,
        span: Span,
        out: &mut Vec<Diagnostic>,
    ) {
        let Some(table) = ddl::create_table(create, source, span.clone(), out) else {
            return;
        };
        self.tables
            .insert(table.table.name.to_string(), self.outputs.len());
        self.outputs.push((index, table.statement));
        let mut model = table.table;
        (model.primary_key, model.unique) = keys(create);
        world.catalog.define(model);
    }

    /// `CREATE TABLE t AS SELECT * FROM s [WHERE c]` with `s` known.
    fn copy_table(
        &mut self,
        world: &mut World,
        index: usize,
        create: &CreateTable,
        source: &SqlSource<'_>,
        span: Span,
        out: &mut Vec<Diagnostic>,
    ) {
        let Some((from, condition)) = copied(create) else {
            out.push(
                Diagnostic::new(Code::DdlForm, span, "CREATE TABLE AS SELECT is translated only as `SELECT * FROM table [WHERE ...]`")
                    .label("not translated")
                    .help("list the columns and their types; load the rows with INSERT ... SELECT"),
            );
            return;
        };
        let Some((schema, table)) = ddl::schema_and_table(create, span.clone(), out) else {
            return;
        };
        let name = format!("{schema}.{table}");
        let Some(original) = world.catalog.table(&from).cloned() else {
            out.push(
                Diagnostic::new(
                    Code::DdlForm,
                    span,
                    format!("CREATE TABLE AS SELECT from `{from}`, which the inputs do not create"),
                )
                .label("columns unknown")
                .help("create the source table earlier in the inputs, or list the columns"),
            );
            return;
        };
        let columns = column_lines(&original);
        let text = format!("CREATE TABLE {name} ({})", columns.join(", "));
        match parse_synthetic(&text, Dialect::Redshift) {
            Ok(statements) => {
                for statement in statements {
                    self.tables.insert(name.clone(), self.outputs.len());
                    self.outputs.push((index, statement));
                }
            }
            Err(error) => {
                out.push(internal(span, "DDL", &error));
                return;
            }
        }
        let copy = Table::plain(
            QualifiedName {
                schema: schema.to_string(),
                name: table.to_string(),
            },
            original
                .columns
                .iter()
                .map(|c| crate::spec::model::Column {
                    default: None,
                    identity: None,
                    span: span.clone(),
                    ..c.clone()
                })
                .collect(),
            span.clone(),
        );
        world.catalog.define(copy);
        if let Some(condition) = condition {
            self.copy_rows(world, index, source, &span, &name, &from, &condition, out);
        }
    }

    /// `INSERT INTO name SELECT * FROM from WHERE condition`, translated.
    #[allow(clippy::too_many_arguments)]
    fn copy_rows(
        &mut self,
        world: &World,
        index: usize,
        source: &SqlSource<'_>,
        span: &Span,
        name: &str,
        from: &QualifiedName,
        condition: &str,
        out: &mut Vec<Diagnostic>,
    ) {
        let insert = format!("INSERT INTO {name} SELECT * FROM {from} WHERE {condition}");
        let statements = match parse_synthetic(&insert, Dialect::Oracle) {
            Ok(statements) => statements,
            Err(error) => return out.push(internal(span.clone(), "SQL", &error)),
        };
        for statement in statements {
            let mut translator =
                Translator::new(&world.catalog, source.clone(), true, Binds::DataApi);
            translator.synthetic = true;
            translator.open_world = true;
            translator.timestamps_are_dates = world.timestamps_are_dates;
            let translated = translator.statements(statement);
            let failed = translator.failed();
            out.extend(translator.diagnostics);
            if !failed {
                self.outputs
                    .extend(translated.into_iter().map(|s| (index, s)));
            }
        }
    }

    /// Makes each column a sequence feeds IDENTITY(start, step) in its
    /// CREATE TABLE (one column per sequence).
    pub fn apply_identity(
        &mut self,
        world: &World,
        uses: &[IdentityUse],
        out: &mut Vec<Diagnostic>,
    ) {
        let mut by_sequence: BTreeMap<&str, Vec<&IdentityUse>> = BTreeMap::new();
        for used in uses {
            by_sequence.entry(&used.sequence).or_default().push(used);
        }
        for (sequence, uses) in by_sequence {
            let first = uses[0];
            if let Some(other) = uses
                .iter()
                .find(|u| (&u.table, &u.column) != (&first.table, &first.column))
            {
                out.push(
                    Diagnostic::new(Code::PlsqlSequence, other.span.clone(), format!("`{sequence}` feeds both `{}.{}` and `{}.{}`", first.table, first.column, other.table, other.column))
                        .label("second column")
                        .help("an IDENTITY belongs to one column: give each table its own key, or number rows with ROW_NUMBER()")
                        .also(first.span.clone(), "first column")
                        .severity(crate::diag::Severity::Error),
                );
                continue;
            }
            let created = world.sequences.get(sequence);
            let (start, step) = created.map_or((1, 1), |s| (s.start, s.step));
            let Some(&position) = self.tables.get(&first.table) else {
                out.push(
                    Diagnostic::new(Code::PlsqlSequence, first.span.clone(), format!("`{sequence}` feeds `{}.{}`, a table the inputs do not create", first.table, first.column))
                        .label("sequence")
                        .help("add the table's CREATE TABLE to the inputs, or declare the column `BIGINT IDENTITY(start, step)` yourself")
                        .severity(crate::diag::Severity::Error),
                );
                continue;
            };
            if let Statement::CreateTable(create) = &mut self.outputs[position].1 {
                make_identity(create, &first.column, start, step);
            }
            let mut diagnostic = Diagnostic::new(Code::PlsqlSequence, first.span.clone(), format!("`{sequence}` became `{}.{}` IDENTITY({start}, {step})", first.table, first.column))
                .label("NEXTVAL left the INSERT")
                .help("Redshift's IDENTITY values are unique but neither consecutive nor in insert order: join on natural keys, not on the generated values");
            if let Some(created) = created {
                diagnostic = diagnostic.also(created.span.clone(), "the sequence");
            }
            out.push(diagnostic);
        }
    }
}

/// `name TYPE [NOT NULL]` for each column of a table (a structure copy's).
fn column_lines(table: &Table) -> Vec<String> {
    table
        .columns
        .iter()
        .map(|c| {
            let mut line = format!("{} {}", crate::target::ident(&c.name), c.ty);
            if c.not_null {
                line.push_str(" NOT NULL");
            }
            line
        })
        .collect()
}

/// SQL eltc composed and cannot parse: an eltc bug, reported at the statement.
fn internal(span: Span, what: &str, error: &str) -> Diagnostic {
    Diagnostic::new(
        Code::InternalRewrite,
        span,
        format!("eltc composed {what} it cannot parse: {error}"),
    )
    .label("this statement")
    .help("this is an eltc bug; please report it with the statement")
}

/// The PRIMARY KEY and UNIQUE keys of a CREATE TABLE (lower-case columns),
/// for the DUP_VAL_ON_INDEX checks (`keys`).
fn keys(create: &CreateTable) -> (Vec<String>, Vec<Vec<String>>) {
    let mut primary = Vec::new();
    let mut unique = Vec::new();
    for column in &create.columns {
        let name = column.name.value.to_lowercase();
        for option in &column.options {
            match option.option {
                ColumnOption::PrimaryKey(_) => primary = vec![name.clone()],
                ColumnOption::Unique(_) => unique.push(vec![name.clone()]),
                _ => {}
            }
        }
    }
    let names = |columns: &[sqlparser::ast::IndexColumn]| -> Vec<String> {
        columns
            .iter()
            .map(|c| c.column.expr.to_string().to_lowercase())
            .collect()
    };
    for constraint in &create.constraints {
        match constraint {
            sqlparser::ast::TableConstraint::PrimaryKey(key) => primary = names(&key.columns),
            sqlparser::ast::TableConstraint::Unique(key) => unique.push(names(&key.columns)),
            _ => {}
        }
    }
    (primary, unique)
}

/// `IDENTITY(start, step)` on `column`, whose type becomes an integer type
/// IDENTITY accepts (INTEGER or BIGINT); a DEFAULT goes (Redshift allows
/// none beside IDENTITY).
fn make_identity(create: &mut CreateTable, column: &str, start: i64, step: i64) {
    let number = |n: i64| {
        let value = Expr::value(Value::Number(n.unsigned_abs().to_string(), false));
        if n < 0 {
            Expr::UnaryOp {
                op: sqlparser::ast::UnaryOperator::Minus,
                expr: Box::new(value),
            }
        } else {
            value
        }
    };
    let identity = ColumnOptionDef {
        name: None,
        option: ColumnOption::Identity(IdentityPropertyKind::Identity(IdentityProperty {
            parameters: Some(IdentityPropertyFormatKind::FunctionCall(
                IdentityParameters {
                    seed: number(start),
                    increment: number(step),
                },
            )),
            order: None,
        })),
    };
    for def in &mut create.columns {
        if def.name.value.to_lowercase() == column {
            if !matches!(def.data_type, SqlType::Int(_) | SqlType::Integer(_)) {
                def.data_type = SqlType::BigInt(None);
            }
            def.options
                .retain(|o| !matches!(o.option, ColumnOption::Default(_)));
            def.options.insert(0, identity.clone());
        }
    }
}

/// The table a structure copy reads and its condition (`None` when it is
/// constantly false, e.g. `1 = 2`).
fn copied(create: &CreateTable) -> Option<(QualifiedName, Option<String>)> {
    let query = create.query.as_ref()?;
    let SetExpr::Select(select) = &*query.body else {
        return None;
    };
    if !matches!(select.projection.as_slice(), [SelectItem::Wildcard(_)]) {
        return None;
    }
    let [item] = select.from.as_slice() else {
        return None;
    };
    let TableFactor::Table {
        name, alias: None, ..
    } = &item.relation
    else {
        return None;
    };
    if !item.joins.is_empty() {
        return None;
    }
    let name = name.to_string().to_lowercase();
    let (schema, table) = name.split_once('.')?;
    let from = QualifiedName {
        schema: schema.to_string(),
        name: table.to_string(),
    };
    let condition = match &select.selection {
        Some(selection) if always_false(selection) => None,
        Some(selection) => Some(selection.to_string()),
        None => Some("1 = 1".to_string()),
    };
    Some((from, condition))
}

/// `a = b` of two different integer literals.
fn always_false(expr: &Expr) -> bool {
    match expr {
        Expr::BinaryOp {
            left,
            op: sqlparser::ast::BinaryOperator::Eq,
            right,
        } => matches!((integer(left), integer(right)), (Some(a), Some(b)) if a != b),
        Expr::Nested(inner) => always_false(inner),
        _ => false,
    }
}

/// An integer literal's value (with its sign).
fn integer(expr: &Expr) -> Option<i64> {
    match expr {
        Expr::Value(v) => match &v.value {
            Value::Number(n, _) => n.parse().ok(),
            _ => None,
        },
        Expr::UnaryOp {
            op: sqlparser::ast::UnaryOperator::Minus,
            expr,
        } => integer(expr).map(|n| -n),
        _ => None,
    }
}

/// `CREATE SEQUENCE name [START WITH n] [INCREMENT BY n] ...`: the name and
/// the two numbers IDENTITY keeps (the other options do not apply to it).
fn sequence(text: &str, span: Span) -> Option<(String, Sequence)> {
    let tokens = Tokenizer::new(&OracleDialect {}, text).tokenize().ok()?;
    let words: Vec<String> = tokens
        .iter()
        .filter(|t| !matches!(t, Token::Whitespace(_)))
        .map(|t| match t {
            Token::Word(w) => w.value.clone(),
            other => other.to_string(),
        })
        .collect();
    let at = words
        .iter()
        .position(|w| w.eq_ignore_ascii_case("sequence"))?;
    let mut name = words.get(at + 1)?.to_lowercase();
    let mut i = at + 2;
    while words.get(i).map(String::as_str) == Some(".") {
        name = format!("{name}.{}", words.get(i + 1)?.to_lowercase());
        i += 2;
    }
    let number = |from: usize| -> Option<i64> {
        let (sign, at) = match words.get(from).map(String::as_str) {
            Some("-") => (-1, from + 1),
            _ => (1, from),
        };
        words.get(at)?.parse::<i64>().ok().map(|n| sign * n)
    };
    let mut sequence = Sequence {
        start: 1,
        step: 1,
        span,
    };
    while i < words.len() {
        let word = words[i].to_ascii_uppercase();
        let next = words.get(i + 1).map(|w| w.to_ascii_uppercase());
        match (word.as_str(), next.as_deref()) {
            ("START", Some("WITH")) => sequence.start = number(i + 2)?,
            ("INCREMENT", Some("BY")) => sequence.step = number(i + 2)?,
            _ => {}
        }
        i += 1;
    }
    Some((name, sequence))
}
