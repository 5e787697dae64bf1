//! The privileges a pipeline grants, decided once for every target: SELECT
//! on a table to the users, groups and roles its `grants:` names, and to
//! `redshift.run_as` what the procedures need (USAGE on the schemas, SELECT,
//! INSERT, UPDATE and DELETE on the tables the pipeline creates; EXECUTE on
//! the procedures, granted where each is created: [`execute`]). Readers of a
//! table also need USAGE on its schema. ddl.sql prints them; `eltc plan`
//! compares two states' sets and grants or revokes the difference.
//!
//! Redshift grants EXECUTE on a new procedure only to its owner and
//! superusers, and a procedure runs with its caller's privileges by default
//! (SECURITY INVOKER), so the caller needs both
//! (<https://docs.aws.amazon.com/redshift/latest/dg/stored-procedure-security-and-privileges.html>).

use super::Plan;
use super::tables::PlanTable;
use crate::spec::model::{Grantee, QualifiedName};
use crate::target::qualified;

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
    /// `PROCEDURE schema.name(arguments)`.
    Procedure {
        /// Its name as printed (qualified).
        name: String,
        /// Its arguments as printed (`p_day DATE` or `DATE`).
        arguments: Vec<String>,
    },
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

/// EXECUTE on the procedure `name(arguments)` to the run-as principal.
pub fn execute(plan: &Plan, name: &str, arguments: &[String]) -> Vec<PlanGrant> {
    (plan.run_as.iter())
        .map(|to| PlanGrant {
            on: GrantObject::Procedure {
                name: name.to_string(),
                arguments: arguments.to_vec(),
            },
            to: to.clone(),
            privileges: "EXECUTE",
        })
        .collect()
}

/// The arguments of the load procedure (the params, then the landing
/// prefix) or of the transform procedure (the params), as printed.
pub fn procedure_arguments(plan: &Plan, landing: bool) -> Vec<String> {
    let mut arguments: Vec<String> = (plan.params.iter())
        .map(|p| format!("{} {}", p.argument, p.ty))
        .collect();
    if landing {
        arguments.push(LANDING_ARGUMENT.to_string());
    }
    arguments
}

/// The load procedure's last argument: the batch's landing prefix.
pub const LANDING_ARGUMENT: &str = "p_landing VARCHAR(1024)";

/// EXECUTE on every procedure the pipeline creates (load, transform, the
/// translated PL/SQL ones), for `eltc plan` to revoke what a new `run_as`
/// no longer needs.
pub fn executes(plan: &Plan) -> Vec<PlanGrant> {
    let mut grants = execute(
        plan,
        &qualified(&plan.schema, &plan.load_procedure),
        &procedure_arguments(plan, true),
    );
    grants.extend(execute(
        plan,
        &qualified(&plan.schema, &plan.transform_procedure),
        &procedure_arguments(plan, false),
    ));
    for procedure in &plan.procedures {
        let arguments: Vec<String> = (procedure.params.iter())
            .map(|a| a.ty.to_string())
            .collect();
        grants.extend(execute(plan, &procedure.name, &arguments));
    }
    grants
}
