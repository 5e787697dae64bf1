//! The GRANT statements of the generated files: SELECT on a table to the
//! users, groups and roles its `grants:` names, and to `redshift.run_as`
//! what the procedures need (USAGE on the schemas, SELECT, INSERT, UPDATE and
//! DELETE on the tables the pipeline owns, EXECUTE on its procedures).
//!
//! Redshift grants EXECUTE on a new procedure only to its owner and
//! superusers, and a procedure runs with its caller's privileges by default
//! (SECURITY INVOKER), so the caller needs both
//! (<https://docs.aws.amazon.com/redshift/latest/dg/stored-procedure-security-and-privileges.html>).
//! Syntax: <https://docs.aws.amazon.com/redshift/latest/dg/r_GRANT.html>.
//! Printed only for a target that has the principals ([`Target::grants`]).

use super::super::plan::Plan;
use super::super::plan::tables::PlanTable;
use crate::spec::model::Grantee;
use crate::target::{Target, ident, qualified};

/// What the procedures do to a table they own: every batch may clear,
/// insert, update (merge) and read it.
const RUN_AS_TABLE_PRIVILEGES: &str = "SELECT, INSERT, UPDATE, DELETE";

/// `GROUP analysts`, `ROLE reporting`, or a user's name.
pub(super) fn grantee(grantee: &Grantee) -> String {
    match grantee {
        Grantee::User(name) => ident(name),
        Grantee::Group(name) => format!("GROUP {}", ident(name)),
        Grantee::Role(name) => format!("ROLE {}", ident(name)),
    }
}

/// USAGE on every schema holding a table the pipeline creates or grants, to
/// the run-as principal and to the readers of its tables.
pub(super) fn schema_grants(plan: &Plan, target: &dyn Target) -> Vec<String> {
    if !target.grants() {
        return Vec::new();
    }
    let mut grants = Vec::new();
    for schema in &plan.schemas {
        let mut grantees: Vec<&Grantee> = plan.run_as.iter().collect();
        for table in plan
            .tables
            .iter()
            .filter(|t| &t.schema == schema && !t.read_only)
        {
            grantees.extend(&table.select_grants);
        }
        grantees.sort();
        grantees.dedup();
        grants.extend(
            grantees
                .into_iter()
                .map(|g| format!("GRANT USAGE ON SCHEMA {} TO {}", ident(schema), grantee(g))),
        );
    }
    grants
}

/// The grants on one table the pipeline creates.
pub(super) fn table_grants(plan: &Plan, table: &PlanTable, target: &dyn Target) -> Vec<String> {
    if !target.grants() || table.read_only {
        return Vec::new();
    }
    let name = qualified(&table.schema, &table.name);
    let mut grants: Vec<String> = plan
        .run_as
        .iter()
        .map(|g| {
            format!(
                "GRANT {RUN_AS_TABLE_PRIVILEGES} ON TABLE {name} TO {}",
                grantee(g)
            )
        })
        .collect();
    grants.extend(
        (table.select_grants.iter())
            .filter(|g| plan.run_as.as_ref() != Some(*g))
            .map(|g| format!("GRANT SELECT ON TABLE {name} TO {}", grantee(g))),
    );
    grants
}

/// EXECUTE on the procedure `name(arguments)` to the run-as principal.
pub(super) fn execute_grants(
    plan: &Plan,
    target: &dyn Target,
    name: &str,
    arguments: &[String],
) -> Vec<String> {
    if !target.grants() {
        return Vec::new();
    }
    (plan.run_as.iter())
        .map(|g| {
            format!(
                "GRANT EXECUTE ON PROCEDURE {name}({}) TO {}",
                arguments.join(", "),
                grantee(g)
            )
        })
        .collect()
}
