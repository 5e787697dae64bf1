//! A write step's strategy expanded into the typed operations it runs,
//! once for every target; each target prints them ([`crate::backend::redshift::steps`]).
//!
//! `delete_insert` and `merge` evaluate the query once: its rows are staged
//! in a temporary table ([`STAGED`]) with the target's column types (so each
//! value is converted once, as a direct INSERT would convert it), and the
//! DELETE, UPDATE and INSERT read the staged rows. `merge` first raises when
//! the staged rows hold one key twice, before anything is changed: Oracle's
//! MERGE raises ORA-30926 when a target row matches several source rows
//! (<https://docs.oracle.com/en/database/oracle/oracle-database/19/sqlrf/MERGE.html>),
//! where Redshift's UPDATE ... FROM would pick one of them and the INSERT
//! would add a key twice. `append` stages its rows only when a `unique`
//! assertion checks them against the target.

use super::transform::Message;
use super::{ColumnName, Sql, TableName, column_list};

/// The temporary table of a step's staged rows, dropped at the end of the step.
pub const STAGED: &str = "eltc_step_rows";

/// How a write step replaces or adds rows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum WriteStrategy {
    /// Delete every row, insert the query's.
    Replace,
    /// Insert the query's rows.
    Append,
    /// Delete the rows whose keys the query returns, insert the query's.
    DeleteInsert,
    /// Update the rows whose keys the query returns, insert the others.
    Merge,
}

impl WriteStrategy {
    /// Whether the strategy reads the query's rows more than once, so
    /// stages them.
    pub fn stages(self) -> bool {
        matches!(self, WriteStrategy::DeleteInsert | WriteStrategy::Merge)
    }
}

/// A query written to a table.
#[derive(Clone, Debug)]
pub struct Write {
    /// The target.
    pub target: TableName,
    /// How.
    pub strategy: WriteStrategy,
    /// The query's output columns, in order.
    pub columns: Vec<ColumnName>,
    /// The strategy's key columns.
    pub keys: Vec<ColumnName>,
    /// The query.
    pub query: Sql,
    /// Whether the query's rows are staged ([`STAGED`]): the strategy needs
    /// them twice, or an assertion checks them.
    pub staged: bool,
}

impl Write {
    /// Output columns that are not keys (what a merge updates).
    pub fn non_keys(&self) -> Vec<ColumnName> {
        self.columns
            .iter()
            .filter(|c| !self.keys.contains(c))
            .cloned()
            .collect()
    }
}

/// Where the rows of an INSERT come from.
#[derive(Clone, Debug)]
pub enum Rows {
    /// The step's query.
    Query(Sql),
    /// The staged rows.
    Staged,
}

/// One operation of a write step. `counts`: its row count is added to the step's.
#[derive(Clone, Debug)]
pub enum Op {
    /// `DELETE FROM target`.
    DeleteAll {
        /// The table.
        target: TableName,
    },
    /// The query's rows into [`STAGED`], created with the target's column types.
    Stage {
        /// The target whose column types the staged table takes.
        target: TableName,
        /// The columns.
        columns: Vec<ColumnName>,
        /// The query.
        query: Sql,
    },
    /// Raise `message` when two staged rows share the values of `keys`
    /// (the count of such values in `v_count`).
    StagedKeysUnique {
        /// The key columns.
        keys: Vec<ColumnName>,
        /// The failure message.
        message: Message,
    },
    /// Delete the target rows whose keys the staged rows hold.
    DeleteStagedKeys {
        /// The table.
        target: TableName,
        /// The key columns.
        keys: Vec<ColumnName>,
    },
    /// Update the target rows whose keys the staged rows hold with their
    /// other columns (counted).
    UpdateStagedKeys {
        /// The table.
        target: TableName,
        /// The key columns.
        keys: Vec<ColumnName>,
        /// The columns set.
        set: Vec<ColumnName>,
    },
    /// Insert rows (counted); with `new_keys`, only rows whose keys the
    /// target does not hold.
    Insert {
        /// The table.
        target: TableName,
        /// The columns.
        columns: Vec<ColumnName>,
        /// Where the rows come from.
        rows: Rows,
        /// Keys the target must not hold yet.
        new_keys: Vec<ColumnName>,
    },
}

/// The operations of `write`, in order.
pub fn expand(write: &Write, step: &str) -> Vec<Op> {
    let target = write.target.clone();
    let columns = write.columns.clone();
    let keys = write.keys.clone();
    let mut ops = Vec::new();
    if write.staged {
        ops.push(Op::Stage {
            target: target.clone(),
            columns: columns.clone(),
            query: write.query.clone(),
        });
    }
    let rows = if write.staged {
        Rows::Staged
    } else {
        Rows::Query(write.query.clone())
    };
    match write.strategy {
        WriteStrategy::Replace => {
            ops.push(Op::DeleteAll {
                target: target.clone(),
            });
            ops.push(insert(target, columns, rows, Vec::new()));
        }
        WriteStrategy::Append => ops.push(insert(target, columns, rows, Vec::new())),
        WriteStrategy::DeleteInsert => {
            ops.push(Op::DeleteStagedKeys {
                target: target.clone(),
                keys,
            });
            ops.push(insert(target, columns, rows, Vec::new()));
        }
        WriteStrategy::Merge => {
            ops.push(Op::StagedKeysUnique {
                keys: keys.clone(),
                message: duplicate_keys_message(step, &keys),
            });
            let set = write.non_keys();
            if !set.is_empty() {
                ops.push(Op::UpdateStagedKeys {
                    target: target.clone(),
                    keys: keys.clone(),
                    set,
                });
            }
            ops.push(insert(target, columns, rows, keys));
        }
    }
    ops
}

fn insert(
    target: TableName,
    columns: Vec<ColumnName>,
    rows: Rows,
    new_keys: Vec<ColumnName>,
) -> Op {
    Op::Insert {
        target,
        columns,
        rows,
        new_keys,
    }
}

fn duplicate_keys_message(step: &str, keys: &[ColumnName]) -> Message {
    use super::transform::MessagePart::{Text, Var};
    vec![
        Text(format!("transform {step}: the query returns ")),
        Var("v_count"),
        Text(format!(
            " values of ({}) more than once; a merge takes one row per key (Oracle's MERGE raises ORA-30926)",
            column_list(keys)
        )),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(strategy: WriteStrategy) -> Write {
        Write {
            target: TableName::new("mart", "item"),
            strategy,
            columns: vec![ColumnName("id".into()), ColumnName("name".into())],
            keys: vec![ColumnName("id".into())],
            query: Sql::Query(
                crate::sql::parse::parse_synthetic(
                    "SELECT 1",
                    crate::spec::model::Dialect::Redshift,
                )
                .map(|statements| match statements.into_iter().next() {
                    Some(sqlparser::ast::Statement::Query(query)) => query,
                    other => panic!("not a query: {other:?}"),
                })
                .expect("parses"),
            ),
            staged: strategy.stages(),
        }
    }

    /// The query's rows, read once: the number of operations reading the
    /// query itself.
    fn query_reads(ops: &[Op]) -> usize {
        ops.iter()
            .filter(|op| {
                matches!(
                    op,
                    Op::Stage { .. }
                        | Op::Insert {
                            rows: Rows::Query(_),
                            ..
                        }
                )
            })
            .count()
    }

    #[test]
    fn every_strategy_evaluates_its_query_once() {
        for strategy in [
            WriteStrategy::Replace,
            WriteStrategy::Append,
            WriteStrategy::DeleteInsert,
            WriteStrategy::Merge,
        ] {
            let ops = expand(&write(strategy), "items");
            assert_eq!(query_reads(&ops), 1, "{strategy:?}: {ops:#?}");
        }
    }

    #[test]
    fn merge_checks_its_keys_before_the_update() {
        let ops = expand(&write(WriteStrategy::Merge), "items");
        let check = ops
            .iter()
            .position(|op| matches!(op, Op::StagedKeysUnique { .. }));
        let update = ops
            .iter()
            .position(|op| matches!(op, Op::UpdateStagedKeys { .. }));
        assert!(check.is_some() && check < update, "{ops:#?}");
    }
}
