//! GRANT and REVOKE statements: the plan's grants ([`crate::backend::plan::grants`])
//! and EXECUTE on each procedure to `redshift.run_as`, printed only for a
//! target that has the principals ([`Target::grants`]).
//! Syntax: <https://docs.aws.amazon.com/redshift/latest/dg/r_GRANT.html>,
//! <https://docs.aws.amazon.com/redshift/latest/dg/r_REVOKE.html>.

use crate::backend::plan::grants::{GrantObject, PlanGrant};
use crate::backend::plan::{self, Plan};
use crate::spec::model::Grantee;
use crate::target::{Target, ident, qualified};

/// `GROUP analysts`, `ROLE reporting`, or a user's name.
fn grantee(grantee: &Grantee) -> String {
    match grantee {
        Grantee::User(name) => ident(name),
        Grantee::Group(name) => format!("GROUP {}", ident(name)),
        Grantee::Role(name) => format!("ROLE {}", ident(name)),
    }
}

fn object(on: &GrantObject) -> String {
    match on {
        GrantObject::Schema(name) => format!("SCHEMA {}", ident(name)),
        GrantObject::Table(name) => format!("TABLE {}", qualified(&name.schema, &name.name)),
        GrantObject::Procedure { name, arguments } => {
            format!("PROCEDURE {name}({})", arguments.join(", "))
        }
    }
}

/// `GRANT privileges ON object TO grantee`, without the semicolon.
pub fn grant(g: &PlanGrant) -> String {
    format!(
        "GRANT {} ON {} TO {}",
        g.privileges,
        object(&g.on),
        grantee(&g.to)
    )
}

/// `REVOKE privileges ON object FROM grantee`, without the semicolon.
pub fn revoke(g: &PlanGrant) -> String {
    format!(
        "REVOKE {} ON {} FROM {}",
        g.privileges,
        object(&g.on),
        grantee(&g.to)
    )
}

/// The printed grants of `grants` for `target` (none for a test form).
pub(super) fn printed(grants: Vec<PlanGrant>, target: &dyn Target) -> Vec<String> {
    if !target.grants() {
        return Vec::new();
    }
    grants.iter().map(grant).collect()
}

/// EXECUTE on the procedure `name(arguments)` to the run-as principal.
pub(super) fn execute_grants(
    plan: &Plan,
    target: &dyn Target,
    name: &str,
    arguments: &[String],
) -> Vec<String> {
    printed(plan::grants::execute(plan, name, arguments), target)
}
