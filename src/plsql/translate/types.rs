//! PL/SQL types into PL/pgSQL types (docs/redshift.md #oracle-type-mapping, #plsql-constructs).
//!
//! Scalar types take the DDL mapping of [`crate::sql::translate::ddl`]
//! (NUMBER(p) by precision, DATE -> TIMESTAMP, VARCHAR2(n CHAR) -> 4n
//! bytes, ...). PL/SQL's own types: PLS_INTEGER, BINARY_INTEGER,
//! SIMPLE_INTEGER, NATURAL, POSITIVE -> INTEGER (Oracle raises on overflow
//! past 2^31 as INTEGER does); BOOLEAN -> BOOLEAN; VARCHAR2 / VARCHAR /
//! STRING without a length (a parameter's) -> VARCHAR(65535), so no value an
//! Oracle caller passes is cut. `table.column%TYPE` takes the column's
//! type, `variable%TYPE` the variable's; `%ROWTYPE` is a RECORD with the
//! table's or cursor's columns as fields (Redshift documents neither %TYPE
//! nor %ROWTYPE, 1.3).

use crate::plsql::pgsql::Type;
use crate::spec::model::DataType;
use crate::sql::translate::ddl::map_type;
use crate::sql::typing::Info;

/// A scalar PL/SQL type written `text` (whitespace collapsed): the
/// PL/pgSQL type and, for a lossy mapping, why. `None`: not a type eltc
/// maps (a collection, a record type, an object type).
pub fn scalar(text: &str) -> Option<(DataType, Option<&'static str>)> {
    let upper = text.trim().to_ascii_uppercase();
    let base = upper.split('(').next().unwrap_or("").trim();
    match base {
        "PLS_INTEGER" | "BINARY_INTEGER" | "SIMPLE_INTEGER" | "NATURAL" | "NATURALN"
        | "POSITIVE" | "POSITIVEN" | "SIGNTYPE" => return Some((DataType::Integer, None)),
        "BOOLEAN" => return Some((DataType::Boolean, None)),
        "VARCHAR2" | "VARCHAR" | "STRING" | "NVARCHAR2" if !upper.contains('(') => {
            return Some((DataType::Varchar(65535), None));
        }
        "STRING" => return map_type(&sqlparser_form(&upper.replacen("STRING", "VARCHAR2", 1))),
        "DEC" | "NUMERIC" | "DECIMAL" if !upper.contains('(') => {
            return map_type("NUMBER");
        }
        "DOUBLE PRECISION" | "REAL" => return Some((DataType::Double, None)),
        "CHAR" | "CHARACTER" if !upper.contains('(') => return Some((DataType::Char(1), None)),
        _ => {}
    }
    map_type(&sqlparser_form(&upper))
}

/// `VARCHAR2(30 CHAR)` as sqlparser prints the column type: `VARCHAR2(30, CHAR)`.
fn sqlparser_form(text: &str) -> String {
    text.replace(" CHAR)", ", CHAR)")
        .replace(" BYTE)", ", BYTE)")
        .replace("( ", "(")
}

/// The PL/pgSQL type and the SQL layer's knowledge of a scalar.
pub fn of(data_type: DataType) -> (Type, Info) {
    (Type::Data(data_type), Info::of(data_type, false).nullable())
}

/// `CAST(expr AS ty)`, for a Redshift data type (`expr` unchanged for
/// RECORD and REFCURSOR).
pub fn cast(expr: sqlparser::ast::Expr, ty: &Type) -> sqlparser::ast::Expr {
    use sqlparser::ast::{CastKind, Expr, SelectItem, SetExpr, Statement};
    let Type::Data(data_type) = ty else {
        return expr;
    };
    let parsed = crate::sql::parse::parse_synthetic(
        &format!("SELECT CAST(NULL AS {data_type})"),
        crate::spec::model::Dialect::Redshift,
    );
    let data_type = parsed
        .ok()
        .and_then(|mut statements| statements.pop())
        .and_then(|statement| match statement {
            Statement::Query(query) => match *query.body {
                SetExpr::Select(select) => match select.projection.into_iter().next() {
                    Some(SelectItem::UnnamedExpr(Expr::Cast { data_type, .. })) => Some(data_type),
                    _ => None,
                },
                _ => None,
            },
            _ => None,
        });
    match data_type {
        Some(data_type) => Expr::Cast {
            kind: CastKind::Cast,
            expr: Box::new(expr),
            data_type,
            format: None,
        },
        None => expr,
    }
}

#[cfg(test)]
mod tests {
    use super::scalar;
    use crate::spec::model::DataType;

    #[test]
    fn plsql_types_map_like_columns_or_to_their_plpgsql_equivalent() {
        let ty = |t: &str| scalar(t).map(|(ty, _)| ty);
        assert_eq!(ty("PLS_INTEGER"), Some(DataType::Integer));
        assert_eq!(ty("binary_integer"), Some(DataType::Integer));
        assert_eq!(ty("BOOLEAN"), Some(DataType::Boolean));
        assert_eq!(ty("NUMBER(8)"), Some(DataType::Integer));
        assert_eq!(
            ty("NUMBER(12, 2)"),
            Some(DataType::Decimal {
                precision: 12,
                scale: 2
            })
        );
        assert_eq!(ty("VARCHAR2(30)"), Some(DataType::Varchar(30)));
        assert_eq!(ty("VARCHAR2(30 CHAR)"), Some(DataType::Varchar(120)));
        assert_eq!(ty("VARCHAR2"), Some(DataType::Varchar(65535)));
        assert_eq!(ty("DATE"), Some(DataType::Timestamp));
        assert!(scalar("NUMBER").unwrap().1.is_some());
        assert_eq!(ty("t_id_list"), None);
    }
}
