//! The privileges a pipeline grants, decided once for every target: SELECT
//! on a table to the users, groups and roles its `grants:` names, and to
//! `redshift.run_as` what the procedures need (USAGE on the schemas, SELECT,
//! INSERT, UPDATE and DELETE on the tables the pipeline creates; EXECUTE on
//! the procedures is granted where each is created). Readers of a table also
//! need USAGE on its schema. ddl.sql prints them; `eltc plan` compares two
//! states' sets and grants or revokes the difference.
//!
//! Redshift grants EXECUTE on a new procedure only to its owner and
//! superusers, and a procedure runs with its caller's privileges by default
//! (SECURITY INVOKER), so the caller needs both
//! (<https://docs.aws.amazon.com/redshift/latest/dg/stored-procedure-security-and-privileges.html>).

use super::Plan;
use super::tables::PlanTable;
use crate::spec::model::{Grantee, QualifiedName};

/// What the procedures do to a table they own: every batch may clear,
/// insert, update (merge) and read it.
pub const RUN_AS_TABLE_PRIVILEGES: &str = "SELECT, INSERT, UPDATE, DELETE";

/// One GRANT: privileges on an object to a grantee.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct PlanGrant {
    /// What is granted on it.
    pub on: GrantObject,
    /// To whom.
    pub to: Grantee,
    /// The privileges, as GRANT lists them.
    pub privileges: &'static str,
}

/// What a grant is on.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum GrantObject {
    /// `SCHEMA name`.
    Schema(String),
    /// `TABLE schema.name`.
    Table(QualifiedName),
}

/// USAGE on each schema of the plan, to the run-as principal and to the
/// readers of the tables the pipeline creates in it.
pub fn schema_grants(plan: &Plan) -> Vec<PlanGrant> {
    let mut grants = Vec::new();
    for schema in &plan.schemas {
        let mut grantees: Vec<&Grantee> = plan.run_as.iter().collect();
        for table in (plan.tables.iter()).filter(|t| &t.schema == schema && !t.read_only) {
            grantees.extend(&table.select_grants);
        }
        grantees.sort();
        grantees.dedup();
        grants.extend(grantees.into_iter().map(|to| PlanGrant {
            on: GrantObject::Schema(schema.clone()),
            to: to.clone(),
            privileges: "USAGE",
        }));
    }
    grants
}

/// The grants on one table: none on a table the pipeline only reads (its
/// owner's to grant).
pub fn table_grants(plan: &Plan, table: &PlanTable) -> Vec<PlanGrant> {
    if table.read_only {
        return Vec::new();
    }
    let name = QualifiedName {
        schema: table.schema.clone(),
        name: table.name.clone(),
    };
    let mut grants: Vec<PlanGrant> = (plan.run_as.iter())
        .map(|to| PlanGrant {
            on: GrantObject::Table(name.clone()),
            to: to.clone(),
            privileges: RUN_AS_TABLE_PRIVILEGES,
        })
        .collect();
    grants.extend(
        (table.select_grants.iter())
            .filter(|to| plan.run_as.as_ref() != Some(*to))
            .map(|to| PlanGrant {
                on: GrantObject::Table(name.clone()),
                to: to.clone(),
                privileges: "SELECT",
            }),
    );
    grants
}

/// Every grant of the plan on schemas and tables, in ddl.sql's order.
pub fn all(plan: &Plan) -> Vec<PlanGrant> {
    let mut grants = schema_grants(plan);
    for table in &plan.tables {
        grants.extend(table_grants(plan, table));
    }
    grants
}
