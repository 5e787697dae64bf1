//! Refusals that say why: a function call whose arguments eltc has no
//! rewrite for names the argument at fault (its type unknown, or the types
//! and count it was given), and a function outside the catalogue is told
//! apart as an Oracle built-in eltc does not translate, SQLCODE / SQLERRM,
//! or a user function that is not among the inputs; CEIL, FLOOR and TRIM of
//! an operand that is not what they take say what it is; the literals,
//! expressions and FROM items eltc has no rewrite for are named in words.
//! Each refusal gets the code of its construct family (src/diag/codes.rs),
//! so that an assessment counts them (issue 18).

use sqlparser::ast::{Expr, Spanned, TableFactor, Value};

use super::Translator;
use crate::diag::Code;
use crate::sql::typing::{Info, Ty};

/// Oracle's built-in SQL functions that eltc does not translate (Oracle
/// Database SQL Language Reference 19c, "Functions":
/// <https://docs.oracle.com/en/database/oracle/oracle-database/19/sqlrf/Functions.html>).
/// A name here is refused as `translate::builtin-not-translated`; any other
/// name outside the catalogue is a user function (`translate::unknown-function`).
/// Names eltc translates may appear too: the catalogue is consulted first.
const ORACLE_BUILTINS: &[&str] = &[
    "APPROX_COUNT_DISTINCT",
    "ASCIISTR",
    "BFILENAME",
    "BIN_TO_NUM",
    "BITAND",
    "CARDINALITY",
    "CHARTOROWID",
    "COLLECT",
    "COMPOSE",
    "CONVERT",
    "CORR",
    "COVAR_POP",
    "COVAR_SAMP",
    "CUME_DIST",
    "DBTIMEZONE",
    "DECOMPOSE",
    "DENSE_RANK",
    "DEPTH",
    "DEREF",
    "DUMP",
    "EMPTY_BLOB",
    "EMPTY_CLOB",
    "EXISTSNODE",
    "EXTRACTVALUE",
    "FIRST",
    "FIRST_VALUE",
    "FROM_TZ",
    "GROUPING",
    "GROUPING_ID",
    "GROUP_ID",
    "HEXTORAW",
    "INSTRB",
    "JSON_ARRAY",
    "JSON_OBJECT",
    "JSON_QUERY",
    "JSON_TABLE",
    "JSON_VALUE",
    "LAG",
    "LAST",
    "LAST_VALUE",
    "LEAD",
    "LENGTHB",
    "LNNVL",
    "MAKE_REF",
    "MEDIAN",
    "NANVL",
    "NCHR",
    "NEW_TIME",
    "NLSSORT",
    "NLS_CHARSET_ID",
    "NLS_INITCAP",
    "NLS_LOWER",
    "NLS_UPPER",
    "NTH_VALUE",
    "NTILE",
    "NUMTODSINTERVAL",
    "NUMTOYMINTERVAL",
    "ORA_HASH",
    "PERCENTILE_CONT",
    "PERCENTILE_DISC",
    "PERCENT_RANK",
    "POWERMULTISET",
    "RANK",
    "RATIO_TO_REPORT",
    "RAWTOHEX",
    "RAWTONHEX",
    "REF",
    "REFTOHEX",
    "REGR_SLOPE",
    "REMAINDER",
    "ROWIDTOCHAR",
    "ROWIDTONCHAR",
    "SCN_TO_TIMESTAMP",
    "SESSIONTIMEZONE",
    "SOUNDEX",
    "STANDARD_HASH",
    "STATS_MODE",
    "STDDEV",
    "STDDEV_POP",
    "STDDEV_SAMP",
    "SUBSTRB",
    "SYS_CONTEXT",
    "SYS_EXTRACT_UTC",
    "SYS_GUID",
    "SYS_TYPEID",
    "SYS_XMLAGG",
    "SYS_XMLGEN",
    "TIMESTAMP_TO_SCN",
    "TO_BINARY_DOUBLE",
    "TO_BINARY_FLOAT",
    "TO_BLOB",
    "TO_CLOB",
    "TO_DSINTERVAL",
    "TO_LOB",
    "TO_MULTI_BYTE",
    "TO_NCHAR",
    "TO_NCLOB",
    "TO_SINGLE_BYTE",
    "TO_YMINTERVAL",
    "TRANSLATE",
    "TREAT",
    "TZ_OFFSET",
    "UNISTR",
    "USERENV",
    "VALUE",
    "VARIANCE",
    "VAR_POP",
    "VAR_SAMP",
    "VSIZE",
    "WIDTH_BUCKET",
    "XMLAGG",
    "XMLCAST",
    "XMLCONCAT",
    "XMLELEMENT",
    "XMLFOREST",
    "XMLQUERY",
    "XMLSERIALIZE",
    "XMLTABLE",
    "XMLTYPE",
];

/// What an argument is, for a message: its type, or a CHAR(n) value.
fn describe(info: &Info) -> &'static str {
    if info.padded {
        "a CHAR(n) value"
    } else {
        info.ty.describe()
    }
}

impl Translator<'_> {
    /// Refuses `name(args)` whose arguments (typed `infos`) have no rewrite:
    /// an argument of unknown type is `translate::operand-type-unknown` and
    /// names the argument; otherwise `translate::function-arguments` lists
    /// the count and the types given. `help` says what the function takes.
    pub(super) fn refuse_arguments(
        &mut self,
        node: &impl Spanned,
        name: &str,
        infos: &[Info],
        help: &str,
    ) {
        if let Some(at) = infos.iter().position(|info| info.ty == Ty::Unknown) {
            self.unsupported_function(
                Code::OperandTypeUnknown,
                node,
                &format!("argument {} of `{name}` is of unknown type", at + 1),
                &format!(
                    "{help}; eltc needs the argument's type: give the CREATE TABLE of its table among the inputs, or CAST it"
                ),
            );
            return;
        }
        let types: Vec<&str> = infos.iter().map(describe).collect();
        let count = match infos.len() {
            1 => "1 argument".to_string(),
            n => format!("{n} arguments"),
        };
        self.unsupported_function(
            Code::FunctionArguments,
            node,
            &format!(
                "`{name}` with {count} ({}) is not translated",
                types.join(", ")
            ),
            help,
        );
    }

    /// Refuses a call of `name`, a function outside the catalogue, with the
    /// code that says what it is.
    pub(super) fn refuse_unknown_function(&mut self, node: &impl Spanned, name: &str) {
        if matches!(name, "SQLCODE" | "SQLERRM") {
            self.unsupported_function(
                Code::PlsqlSqlcode,
                node,
                &format!("{name} is not translated"),
                "Redshift handlers see PostgreSQL's SQLSTATE and SQLERRM, with other numbers and texts: log those in Redshift PL/pgSQL, or drop the value",
            );
        } else if ORACLE_BUILTINS.contains(&name) {
            self.unsupported_function(
                Code::BuiltinNotTranslated,
                node,
                &format!("the Oracle function `{name}` is not translated"),
                "see `docs/translation.md` for the functions eltc translates; pass the value as a parameter, or write the expression in Redshift SQL",
            );
        } else {
            self.unsupported_function(
                Code::UnknownFunction,
                node,
                &format!("`{name}` is not an Oracle built-in function, nor a function of the inputs"),
                "translate the unit that creates it together with this one; in SQL, inline its expression or write it as a Redshift SQL UDF",
            );
        }
    }

    /// Refuses CEIL or FLOOR (`name`) of an operand of type `ty` that is
    /// not an exact number.
    pub(super) fn refuse_rounding_operand(&mut self, node: &impl Spanned, name: &str, ty: Ty) {
        let (code, message, help) = match ty {
            Ty::Unknown => (
                Code::OperandTypeUnknown,
                format!("the operand of `{name}` is of unknown type"),
                "give the CREATE TABLE of the column's table among the inputs, or CAST the operand to DECIMAL(p,s)",
            ),
            Ty::Float => (
                Code::NumericSemantics,
                format!("`{name}` of a floating-point number"),
                "Redshift rounds REAL/DOUBLE PRECISION binary fractions: CAST the operand to DECIMAL(p,s) first",
            ),
            ty => (
                Code::ImplicitConversion,
                format!("`{name}` of {}", ty.describe()),
                "Oracle converts the operand to a number first: convert it explicitly with CAST(... AS DECIMAL(p,s))",
            ),
        };
        self.unsupported(code, node, message, help);
    }

    /// Refuses `TRIM(x)` (any form) of an operand that is not text: of
    /// unknown type, or a value Oracle converts to text first.
    pub(super) fn refuse_trim_operand(&mut self, node: &impl Spanned, info: Info) {
        if info.ty == Ty::Unknown {
            self.unsupported_function(
                Code::OperandTypeUnknown,
                node,
                "the operand of `TRIM` is of unknown type",
                "Oracle converts a number or a date to text before trimming it: give the CREATE TABLE of the column's table among the inputs, or CAST it",
            );
        } else {
            self.unsupported_function(
                Code::ImplicitConversion,
                node,
                &format!("`TRIM` of {}", describe(&info)),
                "Oracle converts it to text with its own rules first (NLS_DATE_FORMAT, CHAR padding): convert it explicitly with TO_CHAR(x, 'format') or RTRIM a CHAR(n) column",
            );
        }
    }
}

/// What a literal eltc does not translate is, for the message.
pub(super) fn literal_kind(value: &Value) -> &'static str {
    match value {
        Value::DollarQuotedString(_) => "a dollar-quoted string",
        Value::NationalStringLiteral(_) => "a national string literal (N'...')",
        Value::HexStringLiteral(_) => "a hexadecimal literal (X'...')",
        Value::DoubleQuotedString(_) => "a double-quoted string",
        Value::EscapedStringLiteral(_) => "an escaped string literal (E'...')",
        Value::SingleQuotedByteStringLiteral(_) | Value::DoubleQuotedByteStringLiteral(_) => {
            "a byte string literal"
        }
        _ => "this kind of literal",
    }
}

/// What an expression eltc does not translate is, for the message.
pub(super) fn expression_kind(e: &Expr) -> &'static str {
    match e {
        Expr::Interval(_) => "an INTERVAL literal",
        Expr::AtTimeZone { .. } => "AT TIME ZONE",
        Expr::Collate { .. } => "COLLATE",
        Expr::Array(_) => "an array",
        Expr::CompoundFieldAccess { .. } | Expr::JsonAccess { .. } => "an element or field access",
        Expr::IsDistinctFrom(..) | Expr::IsNotDistinctFrom(..) => "IS [NOT] DISTINCT FROM",
        Expr::IsTrue(_) | Expr::IsNotTrue(_) | Expr::IsFalse(_) | Expr::IsNotFalse(_) => {
            "IS [NOT] TRUE / FALSE"
        }
        Expr::IsJson { .. } => "IS JSON",
        Expr::SimilarTo { .. } | Expr::RLike { .. } => "a regular-expression operator",
        Expr::AnyOp { .. } | Expr::AllOp { .. } => "a comparison with ANY or ALL",
        Expr::Convert { .. } => "CONVERT",
        Expr::Overlay { .. } => "OVERLAY",
        Expr::Position { .. } => "POSITION",
        Expr::MemberOf(_) => "MEMBER OF",
        Expr::Lambda(_) => "a lambda",
        Expr::Struct { .. } | Expr::Named { .. } | Expr::Dictionary(_) | Expr::Map(_) => {
            "a structured value"
        }
        Expr::Ceil { .. } | Expr::Floor { .. } => "CEIL or FLOOR to a date part",
        Expr::Prefixed { .. } => "a prefixed expression",
        _ => "this expression",
    }
}

/// What a FROM item eltc does not translate is, for the message, and what
/// to write instead.
pub(super) fn from_item_kind(item: &TableFactor) -> (&'static str, &'static str) {
    match item {
        TableFactor::Pivot { .. }
        | TableFactor::Unpivot { .. }
        | TableFactor::UnpivotExpr { .. } => (
            "PIVOT or UNPIVOT",
            "write the pivot as conditional aggregates (`MAX(CASE WHEN k = 'a' THEN v END) AS a`), an unpivot as a UNION ALL",
        ),
        TableFactor::TableFunction { .. } | TableFactor::Function { .. } => (
            "a table function (`TABLE(...)`)",
            "Redshift has no table functions: fill a table with the rows and read it",
        ),
        TableFactor::JsonTable { .. } | TableFactor::OpenJsonTable { .. } => (
            "JSON_TABLE",
            "load the JSON with COPY ... FORMAT JSON, or read it with Redshift's JSON functions in Redshift SQL",
        ),
        TableFactor::XmlTable { .. } => (
            "XMLTABLE",
            "Redshift has no XML type: extract the values before loading",
        ),
        TableFactor::MatchRecognize { .. } => (
            "MATCH_RECOGNIZE",
            "write the pattern with window functions (LAG, LEAD, ROW_NUMBER) in Redshift SQL",
        ),
        _ => ("this kind of FROM item", "read a table or a subquery"),
    }
}

#[cfg(test)]
mod tests {
    use super::ORACLE_BUILTINS;

    #[test]
    fn builtin_names_are_sorted_upper_case_and_unique() {
        let mut sorted = ORACLE_BUILTINS.to_vec();
        sorted.sort_unstable();
        sorted.dedup();
        assert_eq!(sorted, ORACLE_BUILTINS);
        assert!(ORACLE_BUILTINS.iter().all(|n| *n == n.to_uppercase()));
    }
}
