//! Which statements of a translation make up the row count of the statement
//! they translate.
//!
//! An expansion (Oracle's MERGE, INSERT ALL) runs statements of its own: the
//! staging table it fills (`CREATE TEMP TABLE eltc_... AS`, an INSERT into
//! it) and drops. Their rows are not the rows the Oracle statement touched:
//! SQL%ROWCOUNT is "the number of rows affected by a DML statement"
//! (<https://docs.oracle.com/en/database/oracle/oracle-database/19/lnpls/implicit-cursor-attribute.html>),
//! for a MERGE the rows it updated or inserted (its DELETE WHERE removes rows
//! it updated, counted once:
//! <https://docs.oracle.com/en/database/oracle/oracle-database/19/sqlrf/MERGE.html>).

use sqlparser::ast::Statement;

/// True for a statement whose row count is part of the translated
/// statement's: DML on a table other than eltc's staging tables (`eltc_`),
/// a MERGE's DELETE excepted (`from_merge`).
pub fn counts_rows(statement: &Statement, from_merge: bool) -> bool {
    let target = match statement {
        Statement::Insert(insert) => insert.table.to_string(),
        Statement::Update(update) => update.table.relation.to_string(),
        Statement::Delete(_) if from_merge => return false,
        Statement::Delete(delete) => delete.from.to_string(),
        _ => return false,
    };
    !target.trim_start_matches("FROM ").starts_with("eltc_")
}

#[cfg(test)]
mod tests {
    use super::counts_rows;
    use crate::spec::model::Dialect;
    use crate::sql::parse::parse_synthetic;

    #[test]
    fn staging_ddl_and_eltc_tables_do_not_count() {
        let cases = [
            ("INSERT INTO t SELECT 1", false, true),
            ("UPDATE t SET a = 1", true, true),
            ("DELETE FROM t WHERE a = 1", false, true),
            ("DELETE FROM t WHERE a = 1", true, false),
            ("INSERT INTO eltc_insert_source SELECT 1", false, false),
            (
                "CREATE TEMPORARY TABLE eltc_merge_source AS SELECT 1",
                true,
                false,
            ),
            ("DROP TABLE eltc_merge_source", true, false),
        ];
        for (sql, merge, counts) in cases {
            let statement = &parse_synthetic(sql, Dialect::Redshift).unwrap()[0];
            assert_eq!(counts_rows(statement, merge), counts, "{sql}");
        }
    }
}
