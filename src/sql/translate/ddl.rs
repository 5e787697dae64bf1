//! Oracle DDL for `eltc translate`: CREATE TABLE into Redshift's, with the
//! type mapping of docs/redshift.md#oracle-type-mapping, and the table model that types the
//! statements after it. CREATE SEQUENCE emits nothing (Redshift has no
//! sequences, 1.10); the caller remembers the name.
//!
//! Types: `NUMBER(p[,0])` -> SMALLINT / INTEGER / BIGINT / DECIMAL(p,0) by
//! precision; NUMBER(p,s) -> DECIMAL(p,s); NUMBER, INTEGER -> DECIMAL(38,10) /
//! DECIMAL(38,0) (a bare DECIMAL would be (18,0) and drop decimals);
//! FLOAT, BINARY_DOUBLE -> DOUBLE PRECISION; `VARCHAR2(n [BYTE])` -> VARCHAR(n);
//! VARCHAR2(n CHAR), NVARCHAR2(n) -> VARCHAR(4n) (Redshift counts bytes);
//! CHAR(n) -> CHAR(n); DATE -> TIMESTAMP (Oracle's DATE has a time of day);
//! TIMESTAMP(n) -> TIMESTAMP; CLOB -> VARCHAR(65535). Each lossy mapping is a
//! `translate::type-mapped` warning. RAW / BLOB (VARBYTE, which eltc does not
//! type) and everything else are refused. Constraints are kept: Redshift
//! accepts PRIMARY KEY, UNIQUE and REFERENCES as informational (3.4); CHECK
//! is refused. DEFAULT takes literals, and SYSDATE (as GETDATE(): Oracle's
//! SYSDATE is the time of the statement, Redshift's the transaction start).

use sqlparser::ast::helpers::stmt_create_table::CreateTableBuilder;
use sqlparser::ast::{
    ColumnDef, ColumnOption, ColumnOptionDef, CreateTable, Expr, Ident, ObjectName, ObjectNamePart,
    Statement, TableConstraint,
};

use crate::diag::{Code, Diagnostic, Span};
use crate::spec::model::{Column, DataType, QualifiedName, Table};
use crate::spec::types::{char_checked, decimal_checked, varchar_checked};
use crate::sql::span::SqlSource;
use crate::sql::translate::conversion::sql_type;

/// A translated CREATE TABLE: the Redshift statement and the table model.
pub struct TranslatedTable {
    /// `CREATE TABLE ...` for Redshift. Built as a statement rather than as
    /// text parsed again: on a large DDL script, that parse was a quarter of
    /// `eltc translate`'s work.
    pub statement: Statement,
    /// The table, for the type environment of later statements.
    pub table: Table,
}

/// Translates an Oracle CREATE TABLE; `None` after an error (in `out`).
/// `span` is the statement's; a column's diagnostics point at the column's
/// name in `source`.
pub fn create_table(
    create: &CreateTable,
    source: &SqlSource<'_>,
    span: Span,
    out: &mut Vec<Diagnostic>,
) -> Option<TranslatedTable> {
    let (schema, table) = schema_and_table(create, span.clone(), out)?;
    if create.query.is_some() || create.columns.is_empty() {
        out.push(
            Diagnostic::new(Code::DdlForm, span, "CREATE TABLE without a column list")
                .label("not translated")
                .help("list the columns and their types; load the rows with INSERT ... SELECT"),
        );
        return None;
    }
    let mut columns = Vec::new();
    let mut definitions = Vec::new();
    let mut failed = false;
    for column in &create.columns {
        let column_name = column.name.value.to_lowercase();
        let at = source
            .span(column.name.span)
            .unwrap_or_else(|| span.clone());
        let oracle = column.data_type.to_string();
        let Some((ty, warning)) = map_type(&oracle) else {
            out.push(
                Diagnostic::new(Code::UnsupportedType, at, format!("column `{column_name}`: the Oracle type `{oracle}` is not translated"))
                    .label("this column")
                    .help("declare the column with a Redshift type (VARBYTE for RAW/BLOB) in Redshift SQL"),
            );
            failed = true;
            continue;
        };
        if let Some(warning) = warning {
            out.push(
                Diagnostic::new(
                    Code::TypeMapped,
                    at.clone(),
                    format!(
                        "column `{column_name}`: `{}` became `{ty}`: {warning}",
                        as_written(&oracle)
                    ),
                )
                .label("this column")
                .help("check that the Redshift type holds the data"),
            );
        }
        let mut options = Vec::new();
        let mut not_null = false;
        for option in &column.options {
            match &option.option {
                ColumnOption::NotNull => {
                    not_null = true;
                    options.push(ColumnOption::NotNull);
                }
                ColumnOption::Null => {}
                ColumnOption::Default(expr) => match default(expr) {
                    Some(expr) => options.push(ColumnOption::Default(expr)),
                    None => {
                        out.push(
                            Diagnostic::new(
                                Code::DdlForm,
                                at.clone(),
                                format!(
                                    "column `{column_name}`: DEFAULT `{expr}` is not translated"
                                ),
                            )
                            .label("this column")
                            .help("use a literal or SYSDATE as the default"),
                        );
                        failed = true;
                    }
                },
                // A constraint's name is not kept: Redshift's are informational.
                other => options.push(other.clone()),
            }
        }
        definitions.push(ColumnDef {
            name: redshift_ident(&column_name),
            data_type: sql_type(ty),
            options: options
                .into_iter()
                .map(|option| ColumnOptionDef { name: None, option })
                .collect(),
        });
        columns.push(Column {
            name: column_name,
            ty,
            not_null,
            default: None,
            encode: None,
            identity: None,
            span: at,
        });
    }
    let mut constraints = Vec::new();
    for constraint in &create.constraints {
        if matches!(constraint, TableConstraint::Check { .. }) {
            out.push(
                Diagnostic::new(
                    Code::DdlForm,
                    span.clone(),
                    "CHECK constraints do not exist in Redshift",
                )
                .label("this table")
                .help("check the rule in the load (an assertion), then drop the constraint"),
            );
            failed = true;
            continue;
        }
        constraints.push(constraint.clone());
    }
    if failed {
        return None;
    }
    let name = ObjectName(vec![
        ObjectNamePart::Identifier(redshift_ident(&schema)),
        ObjectNamePart::Identifier(redshift_ident(&table)),
    ]);
    let statement = CreateTableBuilder::new(name)
        .columns(definitions)
        .constraints(constraints)
        .build();
    Some(TranslatedTable {
        statement: Statement::CreateTable(statement),
        table: Table::plain(
            QualifiedName {
                schema: schema.to_string(),
                name: table.to_string(),
            },
            columns,
            span,
        ),
    })
}

/// `eltc translate --schema`: a table name written without a schema gets
/// `schema` (Oracle resolves it in the connected user's schema).
pub fn qualify(name: &mut sqlparser::ast::ObjectName, schema: Option<&str>) {
    if let Some(schema) = schema
        && name.0.len() == 1
    {
        let part = sqlparser::ast::ObjectNamePart::Identifier(sqlparser::ast::Ident::new(schema));
        name.0.insert(0, part);
    }
}

/// The schema and table a CREATE TABLE names, lower case; `None` (reported)
/// when the name has no schema, since eltc's tables are schema-qualified.
pub fn schema_and_table(
    create: &CreateTable,
    span: Span,
    out: &mut Vec<Diagnostic>,
) -> Option<(String, String)> {
    let name = create.name.to_string().to_lowercase();
    let parts = super::idents::parts(&create.name).unwrap_or_default();
    let [schema, table] = parts.as_slice() else {
        out.push(
            Diagnostic::new(Code::DdlForm, span, format!("table `{name}` has no schema"))
                .label("unqualified")
                .help("qualify the table: `schema.table` (eltc's tables are schema-qualified)"),
        );
        return None;
    };
    Some((schema.to_string(), table.to_string()))
}

/// The Redshift type of an Oracle type (as sqlparser prints it) and, for a
/// lossy mapping, why. CAST targets of the character types map here too.
pub fn map_type(oracle: &str) -> Option<(DataType, Option<&'static str>)> {
    let upper = oracle.to_ascii_uppercase().replace(' ', "");
    let (base, args) = match upper.split_once('(') {
        Some((base, rest)) => (base.to_string(), rest.trim_end_matches(')').to_string()),
        None => (upper.clone(), String::new()),
    };
    // A length's unit may follow it in the same argument (`3CHARACTERS`,
    // the standard `CHAR(3 CHARACTERS)` with the spaces taken out).
    let numbers: Vec<i64> = (args.split(','))
        .filter_map(|a| {
            a.trim_end_matches(|c: char| c.is_ascii_alphabetic())
                .parse()
                .ok()
        })
        .collect();
    let chars = args.contains("CHAR");
    // Built by spec::types' checked constructors: a precision or length
    // Redshift does not allow is no mapping.
    let decimal =
        |p: i64, s: i64| decimal_checked(u8::try_from(p).ok()?, u8::try_from(s).ok()?).ok();
    let varchar = |n: i64| varchar_checked(u32::try_from(n).ok()?).ok();
    let mapped = match (base.as_str(), numbers.as_slice()) {
        ("NUMBER" | "NUMERIC" | "DECIMAL", [p]) | ("NUMBER" | "NUMERIC" | "DECIMAL", [p, 0]) => {
            let ty = match p {
                1..=4 => DataType::SmallInt,
                5..=9 => DataType::Integer,
                10..=18 => DataType::BigInt,
                _ => decimal(*p, 0)?,
            };
            (ty, None)
        }
        ("NUMBER" | "NUMERIC" | "DECIMAL", [p, s]) if 0 <= *s && s <= p => (decimal(*p, *s)?, None),
        ("NUMBER", []) => (
            decimal(38, 10)?,
            Some("Oracle's NUMBER keeps any scale; values with more than 10 decimals are rounded"),
        ),
        ("INTEGER" | "INT" | "SMALLINT", []) => (decimal(38, 0)?, None),
        ("FLOAT" | "BINARY_DOUBLE", _) => (DataType::Double, None),
        ("BINARY_FLOAT", []) => (DataType::Real, None),
        ("VARCHAR2" | "VARCHAR", [n]) if !chars => (varchar(*n)?, None),
        ("VARCHAR2" | "VARCHAR" | "NVARCHAR2", [n]) => (
            varchar(n.saturating_mul(4).min(65535))?,
            Some("Oracle counts characters, Redshift bytes (up to 4 per character)"),
        ),
        ("CHAR", [n]) if !chars => (char_checked(u16::try_from(*n).ok()?).ok()?, None),
        ("CHAR", [n]) => (
            char_checked(u16::try_from(*n).ok()?).ok()?,
            Some(
                "Oracle counts characters; Redshift's CHAR holds single-byte characters only, and refuses a value with any other",
            ),
        ),
        ("CHAR", []) => (DataType::Char(1), None),
        ("DATE", []) => (
            DataType::Timestamp,
            Some("Oracle's DATE carries a time of day; Redshift's DATE does not"),
        ),
        ("TIMESTAMP", _) => (DataType::Timestamp, None),
        ("CLOB", []) => (
            DataType::Varchar(65535),
            Some("values longer than 65535 bytes do not fit"),
        ),
        _ => return None,
    };
    Some(mapped)
}

/// A column type as Oracle DDL writes it: `CHAR(n CHAR)` is read as the
/// standard `CHAR(n CHARACTERS)` (`oracle_table_attributes`).
fn as_written(oracle: &str) -> String {
    oracle.replace(" CHARACTERS)", " CHAR)")
}

/// A lower-case name as Redshift SQL writes it: bare when it can be,
/// otherwise quoted (`emp#`, a keyword).
fn redshift_ident(name: &str) -> Ident {
    let mut ident = Ident::new(name);
    super::idents::fold(&mut ident);
    ident
}

/// A column default Redshift accepts with the same meaning.
fn default(expr: &Expr) -> Option<Expr> {
    match expr {
        Expr::Value(_) => Some(expr.clone()),
        Expr::UnaryOp { expr: inner, .. } if matches!(**inner, Expr::Value(_)) => {
            Some(expr.clone())
        }
        Expr::Identifier(ident) if ident.value.eq_ignore_ascii_case("sysdate") => {
            Some(super::functions::call("GETDATE", Vec::new()))
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::map_type;
    use crate::spec::model::DataType;

    #[test]
    fn oracle_types_map_by_precision_and_semantics() {
        assert_eq!(map_type("NUMBER(4)").unwrap().0, DataType::SmallInt);
        assert_eq!(map_type("NUMBER(9, 0)").unwrap().0, DataType::Integer);
        assert_eq!(map_type("NUMBER(18)").unwrap().0, DataType::BigInt);
        assert_eq!(
            map_type("NUMBER(10, 2)").unwrap().0,
            DataType::Decimal {
                precision: 10,
                scale: 2
            }
        );
        assert_eq!(
            map_type("VARCHAR2(10, BYTE)").unwrap().0,
            DataType::Varchar(10)
        );
        assert_eq!(
            map_type("VARCHAR2(10, CHAR)").unwrap().0,
            DataType::Varchar(40)
        );
        assert!(map_type("DATE").unwrap().1.is_some());
        // CHAR in characters keeps its length, with a warning: Redshift's
        // CHAR takes single-byte characters only.
        let (ty, warning) = map_type("CHAR(3 CHARACTERS)").unwrap();
        assert_eq!(ty, DataType::Char(3));
        assert!(warning.is_some_and(|w| w.contains("single-byte")));
        assert_eq!(map_type("CHAR(3)").unwrap(), (DataType::Char(3), None));
        // Characters against bytes, and Redshift's longest VARCHAR: warned.
        let (ty, why) = map_type("NVARCHAR2(10)").unwrap();
        assert_eq!(ty, DataType::Varchar(40));
        assert!(why.is_some_and(|w| w.contains("characters")));
        assert_eq!(
            map_type("NVARCHAR2(20000)").unwrap().0,
            DataType::Varchar(65535)
        );
        let (ty, why) = map_type("CLOB").unwrap();
        assert_eq!(ty, DataType::Varchar(65535));
        assert!(why.is_some_and(|w| w.contains("65535 bytes")));
        assert!(map_type("VARCHAR2(10, BYTE)").unwrap().1.is_none());
        assert!(map_type("NUMBER(5, 7)").is_none());
        assert!(map_type("BLOB").is_none());
        // Beyond what Redshift declares (DECIMAL precision 1-38, CHAR 1-4096
        // bytes, VARCHAR 1-65535 bytes: CREATE TABLE's data types,
        // https://docs.aws.amazon.com/redshift/latest/dg/c_Supported_data_types.html):
        // not mapped, so the column is refused rather than changed.
        assert_eq!(
            map_type("NUMBER(38)").unwrap().0,
            DataType::Decimal {
                precision: 38,
                scale: 0
            }
        );
        for refused in [
            "NUMBER(39)",
            "NUMBER(300)",
            "NUMBER(0)",
            "VARCHAR2(0)",
            "VARCHAR2(65536)",
            "CHAR(0)",
            "CHAR(4097)",
        ] {
            assert!(map_type(refused).is_none(), "{refused}");
        }
        assert_eq!(map_type("CHAR(4096)").unwrap().0, DataType::Char(4096));
        assert_eq!(
            map_type("VARCHAR2(65535)").unwrap().0,
            DataType::Varchar(65535)
        );
    }
}
