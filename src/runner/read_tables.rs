//! The rows of the tables a pipeline only reads (`read_only: true`), for a
//! batch of `eltc test`.
//!
//! On Redshift another pipeline or something outside eltc writes such a
//! table; the test database has no such writer. The PostgreSQL form creates
//! the table (src/target/postgres.rs, entry 18) and a batch whose `given`
//! directory holds `<schema>.<table>.csv` (the format of expected rows: a
//! header naming the columns, an empty field is NULL) replaces the table's
//! rows with the file's before the batch runs. Without the file the table
//! keeps the rows it has (empty at the first batch).

use std::path::Path;

use postgres::Client;

use super::expected;
use crate::spec::model::Pipeline;
use crate::target::{POSTGRES, Target, ident, qualified};

/// Fills each read-only table of `pipeline` that has a file in `given`.
pub fn fill(client: &mut Client, pipeline: &Pipeline, given: &Path) -> Result<(), String> {
    for table in pipeline.tables.iter().filter(|t| t.read_only) {
        let file = format!("{}.csv", table.name);
        let path = given.join(&file);
        if !path.is_file() {
            continue;
        }
        let text = std::fs::read_to_string(&path)
            .map_err(|e| format!("cannot read `{}`: {e}", path.display()))?;
        let rows = expected::parse(&text).map_err(|e| format!("`{}`: {e}", path.display()))?;
        if let Some(unknown) =
            (rows.header.iter()).find(|c| !table.columns.iter().any(|d| &d.name == *c))
        {
            return Err(format!(
                "`{}`: `{unknown}` is not a column of `{}`",
                path.display(),
                table.name
            ));
        }
        let name = qualified(&table.name.schema, &table.name.name);
        let mut sql = format!("DELETE FROM {name};\n");
        if !rows.rows.is_empty() {
            let columns: Vec<String> = rows.header.iter().map(|c| ident(c)).collect();
            let values: Vec<String> = (rows.rows.iter())
                .map(|row| {
                    let cells: Vec<String> = (row.iter())
                        .map(|cell| {
                            cell.as_deref()
                                .map_or("NULL".into(), |v| POSTGRES.literal(v))
                        })
                        .collect();
                    format!("({})", cells.join(", "))
                })
                .collect();
            sql.push_str(&format!(
                "INSERT INTO {name} ({}) VALUES\n{};\n",
                columns.join(", "),
                values.join(",\n")
            ));
        }
        client.batch_execute(&sql).map_err(|e| {
            format!(
                "filling `{}` from `{file}`: {}",
                table.name,
                super::case::db_error(&e)
            )
        })?;
    }
    Ok(())
}
