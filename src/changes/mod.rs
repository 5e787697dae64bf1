//! Change plans (`eltc plan`): what a DBA applies to take a live database from
//! one state of the project to the next.
//!
//! `ddl.sql` creates tables only when missing, so a changed table never
//! reaches a database that already has it. This module compares two states of
//! a pipeline ([`State`]: the tables it creates and its procedure files, both
//! from the checked model and the compiler) and lists the [`Change`]s between
//! them ([`diff()`]), each classified by Redshift's documented ALTER TABLE rules
//! ([`Safety`]; docs/plan.md cites them). [`script`] prints the change script
//! for a target. Pure: the CLI reads the old state (a git revision or a
//! directory) and writes the script.

pub mod ddl;
pub mod diff;
pub mod impact;
pub mod script;
pub mod state;
pub mod types;

use std::fmt;

pub use diff::diff;

/// The folder of a pipeline's output directory that holds its change
/// scripts: written by `eltc plan`, left alone by `eltc build`.
pub const CHANGES_DIR: &str = "changes";
pub use state::State;

use crate::backend::plan::grants::PlanGrant;
use crate::spec::model::{Column, DataType, DistStyle, QualifiedName, Table};

/// How much a change asks of the DBA, from Redshift's ALTER TABLE rules.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Safety {
    /// Applied in place, no row is read or rewritten: a new table, a
    /// nullable column, a wider VARCHAR, a new encoding, replaced procedures.
    Safe,
    /// Rows are rewritten or redistributed (a rebuild, a key change, a NOT
    /// NULL column filled from its default): plan the time and the space.
    NeedsDataWork,
    /// Data is lost (a dropped column or table, a narrowed type): written
    /// only with `--allow-destructive`, always listed.
    Destructive,
    /// Cannot be planned from the spec alone (a new NOT NULL column without
    /// a default): the spec must change first.
    Blocked,
}

impl fmt::Display for Safety {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Safe => "safe",
            Self::NeedsDataWork => "needs data work",
            Self::Destructive => "destructive",
            Self::Blocked => "blocked",
        })
    }
}

/// One change of a plan.
#[derive(Clone, Debug)]
pub struct Change {
    /// What changes.
    pub kind: ChangeKind,
    /// Its class.
    pub safety: Safety,
    /// Why it is done this way and classified so, for the script's comment.
    pub why: String,
    /// The sources, transforms and assertions that name what changes.
    pub touches: Vec<String>,
}

/// What a change does.
#[derive(Clone, Debug)]
pub enum ChangeKind {
    /// A table the old state lacks: CREATE TABLE.
    CreateTable(Table),
    /// `ALTER TABLE ADD COLUMN`.
    AddColumn {
        /// The table.
        table: QualifiedName,
        /// The new column.
        column: Column,
    },
    /// `ALTER TABLE ALTER COLUMN ... TYPE VARCHAR(n)`, n larger.
    WidenVarchar {
        /// The table.
        table: QualifiedName,
        /// The column.
        column: String,
        /// Its new type.
        to: DataType,
    },
    /// `ALTER TABLE ALTER COLUMN ... ENCODE`.
    Encode {
        /// The table.
        table: QualifiedName,
        /// The column.
        column: String,
        /// The new encoding (`raw` when the spec names none).
        encode: String,
    },
    /// `ALTER TABLE ALTER DISTSTYLE` or `ALTER DISTKEY`.
    Distribution {
        /// The table.
        table: QualifiedName,
        /// The new style.
        style: DistStyle,
        /// The new key, for [`DistStyle::Key`].
        key: Option<String>,
    },
    /// `ALTER TABLE ALTER SORTKEY`; empty: `AUTO`, Redshift's default.
    SortKey {
        /// The table.
        table: QualifiedName,
        /// The new compound sort key.
        columns: Vec<String>,
    },
    /// A change ALTER TABLE cannot make: a new table, the rows copied with
    /// casts, swapped by rename, the row count checked, in one transaction.
    Rebuild {
        /// The table as it is (boxed: the rebuild is rare and the largest change).
        old: Box<Table>,
        /// The table as it must be.
        new: Box<Table>,
    },
    /// `ALTER TABLE DROP COLUMN`.
    DropColumn {
        /// The table.
        table: QualifiedName,
        /// The column.
        column: String,
    },
    /// `DROP TABLE`.
    DropTable(QualifiedName),
    /// A generated procedure file whose text changed: applied whole
    /// (`CREATE OR REPLACE PROCEDURE`).
    Procedures {
        /// The file (`load.sql`, `transform.sql`).
        file: String,
        /// Its new text for the target.
        text: String,
    },
    /// Procedures of a removed pipeline, left for the DBA to drop.
    StaleProcedures(Vec<String>),
    /// A privilege the new state grants that the old one did not (or that a
    /// new or rebuilt table does not carry yet).
    Grant(PlanGrant),
    /// A privilege the old state granted that the new one does not.
    Revoke(PlanGrant),
    /// A new NOT NULL column without a default: existing rows have no value.
    NotNullWithoutDefault {
        /// The table.
        table: QualifiedName,
        /// The column.
        column: Column,
    },
}

impl Change {
    fn new(kind: ChangeKind, safety: Safety, why: impl Into<String>) -> Self {
        Self {
            kind,
            safety,
            why: why.into(),
            touches: Vec::new(),
        }
    }

    /// The order changes are applied in: tables created first, columns added
    /// and altered, rebuilds, then the procedures that use the new shape, and
    /// only then what is dropped (after no procedure reads it any more).
    fn phase(&self) -> u8 {
        match &self.kind {
            ChangeKind::CreateTable(_) => 0,
            ChangeKind::AddColumn { .. } | ChangeKind::NotNullWithoutDefault { .. } => 1,
            ChangeKind::WidenVarchar { .. } | ChangeKind::Encode { .. } => 2,
            ChangeKind::Distribution { .. } | ChangeKind::SortKey { .. } => 3,
            ChangeKind::Rebuild { .. } => 4,
            // After the tables they name exist (a rebuilt table is a new
            // table, without the old one's grants).
            ChangeKind::Grant(_) | ChangeKind::Revoke(_) => 5,
            ChangeKind::Procedures { .. } => 6,
            ChangeKind::DropColumn { .. } => 7,
            ChangeKind::DropTable(_) | ChangeKind::StaleProcedures(_) => 8,
        }
    }
}
