//! The lint's rules over one statement (see the module above for sources).

use std::ops::ControlFlow;

use sqlparser::ast::{
    Expr, JoinOperator, MergeAction, MergeClauseKind, ObjectName, Query, SetExpr, Statement,
    TableFactor, Visit, Visitor, WindowFrameUnits, WindowType,
};

use crate::diag::{Code, Diagnostic, Span};

/// Functions Redshift does not have (docs/redshift.md#no-plpgsql-functions-no-sequences).
const UNSUPPORTED_FUNCTIONS: &[&str] = &[
    "generate_series",
    "string_agg",
    "array_agg",
    "nextval",
    "currval",
    "setval",
];
/// Leader-node-only functions: they fail in a statement reading tables.
const LEADER_NODE: &[&str] = &[
    "now",
    "current_timestamp",
    "timeofday",
    "current_schema",
    "current_schemas",
    "has_table_privilege",
];
/// Aggregates that need a ROWS frame over an ordered window (4.6).
const AGGREGATES: &[&str] = &[
    "sum", "avg", "count", "min", "max", "stddev", "variance", "listagg",
];
/// Column types Redshift has (3.1); the rest are rejected.
const TYPES: &[&str] = &[
    "smallint",
    "int2",
    "integer",
    "int",
    "int4",
    "bigint",
    "int8",
    "decimal",
    "numeric",
    "real",
    "float4",
    "double",
    "float8",
    "float",
    "boolean",
    "bool",
    "char",
    "character",
    "nchar",
    "bpchar",
    "varchar",
    "character varying",
    "nvarchar",
    "text",
    "date",
    "time",
    "timetz",
    "timestamp",
    "timestamptz",
    "varbyte",
    "super",
    "geometry",
    "geography",
    "hllsketch",
    "binary varying",
];

/// The lint's diagnostics for one statement.
pub fn statement(statement: &Statement, span: &Span) -> Vec<Diagnostic> {
    let mut lint = Lint {
        span: span.clone(),
        out: Vec::new(),
        reads_tables: reads_tables(statement),
    };
    lint.statement(statement);
    let _ = statement.visit(&mut lint);
    lint.out
}

struct Lint {
    span: Span,
    out: Vec<Diagnostic>,
    reads_tables: bool,
}

impl Lint {
    fn reject(&mut self, code: Code, message: impl Into<String>, help: &str) {
        self.out.push(
            Diagnostic::new(code, self.span.clone(), message)
                .label("Redshift rejects this")
                .help(help),
        );
    }

    fn statement(&mut self, statement: &Statement) {
        match statement {
            Statement::Merge(merge) => self.merge(merge),
            Statement::Update(update) => {
                if matches!(
                    &update.table.relation,
                    TableFactor::Table { alias: Some(_), .. }
                ) {
                    self.reject(
                        Code::LintRejected,
                        "an alias on the target of UPDATE",
                        "name the target table without an alias (https://docs.aws.amazon.com/redshift/latest/dg/r_UPDATE.html)",
                    );
                }
                if let Some(
                    sqlparser::ast::UpdateTableFromKind::BeforeSet(from)
                    | sqlparser::ast::UpdateTableFromKind::AfterSet(from),
                ) = &update.from
                    && from
                        .iter()
                        .flat_map(|t| &t.joins)
                        .any(|j| is_outer(&j.join_operator))
                {
                    self.reject(Code::LintRejected, "an outer join in the FROM of UPDATE", "Redshift allows no LEFT/RIGHT/FULL join there: use a subquery in WHERE (https://docs.aws.amazon.com/redshift/latest/dg/r_UPDATE.html)");
                }
            }
            Statement::Delete(delete) => {
                let (sqlparser::ast::FromTable::WithFromKeyword(from)
                | sqlparser::ast::FromTable::WithoutKeyword(from)) = &delete.from;
                if from
                    .iter()
                    .any(|t| matches!(&t.relation, TableFactor::Table { alias: Some(_), .. }))
                {
                    self.reject(
                        Code::LintRejected,
                        "an alias on the target of DELETE",
                        "name the target table without an alias (https://docs.aws.amazon.com/redshift/latest/dg/r_UPDATE.html)",
                    );
                }
            }
            Statement::CreateSequence { .. } => {
                self.reject(
                    Code::LintRejected,
                    "sequences do not exist in Redshift",
                    "use an IDENTITY column (https://docs.aws.amazon.com/redshift/latest/dg/c_unsupported-postgresql-features.html)",
                );
            }
            Statement::CreateTable(create) => {
                for column in &create.columns {
                    let ty = column.data_type.to_string().to_lowercase();
                    let base = ty.split('(').next().unwrap_or_default().trim().to_string();
                    if !TYPES.contains(&base.as_str()) {
                        self.reject(
                            Code::LintRejected,
                            format!(
                                "column `{}`: type `{ty}` does not exist in Redshift",
                                column.name
                            ),
                            "use a Redshift type (https://docs.aws.amazon.com/redshift/latest/dg/c_Supported_data_types.html)",
                        );
                    }
                }
            }
            Statement::Truncate(_) | Statement::Commit { .. } | Statement::Rollback { .. } => {
                self.reject(
                    Code::LintCommits,
                    "this statement commits or ends the transaction",
                    "use DELETE; one CALL is one atomic batch (https://docs.aws.amazon.com/redshift/latest/dg/stored-procedure-transaction-management.html)",
                );
            }
            _ => {}
        }
    }

    fn merge(&mut self, merge: &sqlparser::ast::Merge) {
        if matches!(&merge.table, TableFactor::Table { alias: Some(_), .. }) {
            self.reject(
                Code::LintRejected,
                "an alias on the target of MERGE",
                "name the target table without an alias (https://docs.aws.amazon.com/redshift/latest/dg/r_MERGE.html)",
            );
        }
        if !matches!(&merge.source, TableFactor::Table { .. }) {
            self.reject(
                Code::LintRejected,
                "a MERGE source that is not a table",
                "stage the source in a temp table first (https://docs.aws.amazon.com/redshift/latest/dg/r_MERGE.html)",
            );
        }
        let matched = merge
            .clauses
            .iter()
            .filter(|c| {
                c.clause_kind == MergeClauseKind::Matched
                    && matches!(
                        c.action,
                        MergeAction::Update(_) | MergeAction::Delete { .. }
                    )
            })
            .count();
        let inserts = merge
            .clauses
            .iter()
            .filter(|c| {
                matches!(
                    c.clause_kind,
                    MergeClauseKind::NotMatched | MergeClauseKind::NotMatchedByTarget
                ) && matches!(c.action, MergeAction::Insert(_))
            })
            .count();
        if matched != 1 || inserts != 1 || merge.clauses.len() != 2 {
            self.reject(Code::LintRejected, "a MERGE without exactly one WHEN MATCHED and one WHEN NOT MATCHED clause", "write both clauses, or UPDATE ... FROM and INSERT ... WHERE NOT EXISTS (https://docs.aws.amazon.com/redshift/latest/dg/r_MERGE.html)");
        }
        let conditional = merge.clauses.iter().any(|c| {
            c.predicate.is_some()
                || matches!(&c.action, MergeAction::Update(u) if u.update_predicate.is_some() || u.delete_predicate.is_some())
                || matches!(&c.action, MergeAction::Insert(i) if i.insert_predicate.is_some())
        });
        if conditional {
            self.reject(
                Code::LintRejected,
                "a condition on a MERGE clause",
                "Redshift's MERGE has no AND/WHERE on its clauses (https://docs.aws.amazon.com/redshift/latest/dg/r_MERGE.html)",
            );
        }
    }

    fn function(&mut self, function: &sqlparser::ast::Function) {
        let name = last_part(&function.name);
        if UNSUPPORTED_FUNCTIONS.contains(&name.as_str()) {
            self.reject(
                Code::LintRejected,
                format!("`{name}` does not exist in Redshift"),
                "see https://docs.aws.amazon.com/redshift/latest/dg/c_unsupported-postgresql-features.html for the replacement (LISTAGG, a numbers table, IDENTITY)",
            );
        }
        if LEADER_NODE.contains(&name.as_str()) && self.reads_tables {
            self.reject(
                Code::LintLeaderNode,
                format!("`{name}` runs on the leader node only"),
                "use GETDATE() or SYSDATE in statements that read tables",
            );
        }
        if let Some(WindowType::WindowSpec(spec)) = &function.over {
            match &spec.window_frame {
                Some(frame) if frame.units == WindowFrameUnits::Range => {
                    self.reject(
                        Code::LintRejected,
                        "a RANGE window frame",
                        "Redshift frames are ROWS only (https://docs.aws.amazon.com/redshift/latest/dg/r_WHERE_oracle_outer.html)",
                    );
                }
                None if !spec.order_by.is_empty() && AGGREGATES.contains(&name.as_str()) => {
                    self.reject(Code::LintRejected, format!("`{name}` over an ordered window without a frame"), "state the frame: ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW (https://docs.aws.amazon.com/redshift/latest/dg/r_WHERE_oracle_outer.html)");
                }
                _ => {}
            }
        }
    }

    fn identifier(&mut self, name: &str) {
        if name.len() > 127 {
            self.reject(
                Code::LintRejected,
                "an identifier longer than 127 bytes",
                "shorten the name: Redshift truncates or rejects it (https://docs.aws.amazon.com/redshift/latest/dg/r_names.html)",
            );
        }
    }
}

impl Visitor for Lint {
    type Break = ();

    fn pre_visit_expr(&mut self, expr: &Expr) -> ControlFlow<()> {
        match expr {
            Expr::Function(function) => self.function(function),
            Expr::IsDistinctFrom(..) | Expr::IsNotDistinctFrom(..) => self.reject(
                Code::LintRejected,
                "IS [NOT] DISTINCT FROM does not exist in Redshift",
                "write `(a = b OR (a IS NULL AND b IS NULL))` (https://docs.aws.amazon.com/redshift/latest/dg/c_unsupported-postgresql-features.html)",
            ),
            Expr::Identifier(ident) => self.identifier(&ident.value),
            Expr::CompoundIdentifier(parts) => parts.iter().for_each(|p| self.identifier(&p.value)),
            _ => {}
        }
        ControlFlow::Continue(())
    }

    fn pre_visit_relation(&mut self, relation: &ObjectName) -> ControlFlow<()> {
        for part in &relation.0 {
            self.identifier(&part.to_string());
        }
        ControlFlow::Continue(())
    }

    fn pre_visit_table_factor(&mut self, factor: &TableFactor) -> ControlFlow<()> {
        if let TableFactor::Derived { subquery, .. } = factor
            && is_values(subquery)
        {
            self.reject(
                Code::LintRejected,
                "VALUES used as a table",
                "write a UNION ALL of SELECTs (https://docs.aws.amazon.com/redshift/latest/dg/c_unsupported-postgresql-features.html)",
            );
        }
        ControlFlow::Continue(())
    }
}

fn is_values(query: &Query) -> bool {
    matches!(&*query.body, SetExpr::Values(_))
}

fn is_outer(operator: &JoinOperator) -> bool {
    matches!(
        operator,
        JoinOperator::Left(_)
            | JoinOperator::LeftOuter(_)
            | JoinOperator::Right(_)
            | JoinOperator::RightOuter(_)
            | JoinOperator::FullOuter(_)
    )
}

fn last_part(name: &ObjectName) -> String {
    name.0
        .last()
        .map(|p| p.to_string().trim_matches('"').to_lowercase())
        .unwrap_or_default()
}

/// True when the statement reads any table (leader-node functions then fail).
fn reads_tables(statement: &Statement) -> bool {
    let mut found = false;
    let _ = sqlparser::ast::visit_relations(statement, |_| {
        found = true;
        ControlFlow::<()>::Break(())
    });
    found
}
