//! The two entry points: `eltc translate` over files (DDL and units, open
//! world) and `eltc build` over one `plsql:` transform (closed world).
//!
//! Both parse every unit first, build the [`World`] (tables, sequences,
//! signatures), translate each routine, then check what spans routines: a
//! call made while a cursor is open to a procedure that opens one (two open
//! cursors, docs/redshift.md#procedure-limits), and the sequences turned into IDENTITY
//! columns (one column per sequence; in `eltc build` the pipeline must
//! declare the column `identity`).

use std::collections::{BTreeMap, BTreeSet};

use super::world::{self, UnitRef};
use super::{IdentityUse, RoutineOut, Src, World, ddl};
use crate::diag::{Code, Diagnostic, Span};
use crate::plsql::ast::{DeclKind, Routine, UnitKind};
use crate::plsql::{Input, Output, Procedure, Translation, parse};
use crate::spec::model::{Pipeline, QualifiedName, SqlText, TransformKind};
use crate::sql::catalog::Tables;

/// `eltc translate`; `schema` (`--schema`) qualifies tables written
/// without a schema and holds the procedures, else `public`.
pub fn files(inputs: &[Input<'_>], schema: Option<&str>) -> Translation {
    let procedures = schema.unwrap_or(ddl::DEFAULT_SCHEMA);
    let mut diagnostics = Vec::new();
    let parsed: Vec<(Src<'_>, crate::plsql::Parsed)> = inputs
        .iter()
        .map(|input| {
            (
                Src {
                    file: input.file,
                    text: input.text,
                    base: 0,
                },
                parse(input.file, input.text),
            )
        })
        .collect();
    let mut units = Vec::new();
    for (src, parsed) in &parsed {
        diagnostics.extend(parsed.diagnostics.iter().cloned());
        units.extend(parsed.units.iter().map(|unit| UnitRef { src: *src, unit }));
    }
    if inputs.is_empty() {
        return Translation {
            outputs: Vec::new(),
            diagnostics,
        };
    }
    let mut world = World {
        catalog: Tables::empty(),
        open: true,
        default_schema: schema.map(str::to_string),
        sequences: BTreeMap::new(),
        sigs: Vec::new(),
        // Conservative: the word anywhere (a type, TO_TIMESTAMP, a comment) turns it off.
        timestamps_are_dates: !inputs
            .iter()
            .any(|i| i.text.to_ascii_lowercase().contains("timestamp")),
    };
    let mut script = ddl::Script::default();
    for (index, unit) in units.iter().enumerate() {
        if let UnitKind::Sql { kind, sql } = &unit.unit.kind {
            script.statement(&mut world, index, unit.src, *kind, sql, &mut diagnostics);
        }
    }
    world::build(
        &mut world,
        &units,
        procedures,
        &|unit, n| anonymous_name(procedures, unit.src.text, n),
        &mut diagnostics,
    );
    let outs = translate_all(&world, &units, &mut diagnostics);
    let identity = identity_uses(&outs);
    script.apply_identity(&world, &identity, &mut diagnostics);
    let mut by_unit: BTreeMap<usize, Vec<Output>> = BTreeMap::new();
    for (unit, statement) in script.outputs {
        by_unit
            .entry(unit)
            .or_default()
            .push(Output::Statement(statement));
    }
    for out in outs {
        let unit = world
            .sigs
            .iter()
            .find(|s| s.pg == out.procedure.name)
            .map_or(usize::MAX, |s| s.origin.0);
        let anonymous = units
            .get(unit)
            .is_some_and(|u| matches!(u.unit.kind, UnitKind::Anonymous(_)));
        let entry = by_unit.entry(unit).or_default();
        let name = out.procedure.name.clone();
        entry.push(Output::Procedure(out.procedure));
        if anonymous {
            entry.extend(run_and_drop(&name).into_iter().map(Output::Statement));
        }
    }
    Translation {
        outputs: by_unit.into_values().flatten().collect(),
        diagnostics,
    }
}

/// The procedure of a script's `n`th anonymous block: the script's own (a
/// hash of its text), so that two scripts deployed to one database do not
/// replace each other's blocks.
fn anonymous_name(schema: &str, script: &str, n: usize) -> String {
    // FNV-1a (64 bits): stable across builds and platforms, unlike std's hasher.
    let hash = script.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    });
    format!("{}.eltc_block_{:08x}_{}", schema, hash >> 32, n + 1)
}

/// An anonymous block runs where it stood in the script, as SQL*Plus runs
/// it: its procedure is created, called at once, and dropped.
fn run_and_drop(procedure: &str) -> Vec<sqlparser::ast::Statement> {
    let text = format!("CALL {procedure}(); DROP PROCEDURE {procedure}()");
    crate::sql::parse::parse_synthetic(&text, crate::spec::model::Dialect::Redshift)
        .expect("CALL and DROP PROCEDURE of a generated name parse")
}

/// `eltc build`.
pub fn transform(
    pipeline: &Pipeline,
    sql: &SqlText,
    text: &str,
) -> (Option<Vec<Procedure>>, Vec<Diagnostic>) {
    let parsed = parse(sql.file, text);
    let base = sql.range.start;
    let mut diagnostics: Vec<Diagnostic> = parsed
        .diagnostics
        .into_iter()
        .map(|d| shift(d, sql.file, base))
        .collect();
    let src = Src {
        file: sql.file,
        text,
        base,
    };
    let units: Vec<UnitRef<'_>> = parsed
        .units
        .iter()
        .map(|unit| UnitRef { src, unit })
        .collect();
    for unit in &units {
        if let UnitKind::Sql { .. } = unit.unit.kind {
            diagnostics.push(
                Diagnostic::new(Code::PlsqlStatementForm, src.span(&unit.unit.range), "an SQL statement outside a PL/SQL unit is not translated in a `plsql` step")
                    .label("outside any unit")
                    .help("declare tables under `tables:`; put statements in a procedure or an `sql` step"),
            );
        }
    }
    let mut world = World {
        catalog: Tables::of(pipeline),
        open: false,
        default_schema: None,
        sequences: BTreeMap::new(),
        sigs: Vec::new(),
        // A pipeline's `timestamp` columns may hold fractions of a second.
        timestamps_are_dates: false,
    };
    let schema = pipeline.redshift.schema.clone();
    let step = pipeline
        .transforms
        .iter()
        .find(|t| matches!(&t.kind, TransformKind::PlSql { sql: s, .. } if s == sql))
        .map_or_else(|| "plsql".to_string(), |t| t.name.to_lowercase());
    world::build(
        &mut world,
        &units,
        &schema,
        &|_, n| match n {
            0 => format!("{schema}.{step}"),
            n => format!("{schema}.{step}_{}", n + 1),
        },
        &mut diagnostics,
    );
    let outs = translate_all(&world, &units, &mut diagnostics);
    for used in identity_uses(&outs) {
        declared_identity(pipeline, &used, &mut diagnostics);
    }
    let procedures: Vec<Procedure> = outs.into_iter().map(|o| o.procedure).collect();
    if diagnostics.iter().any(Diagnostic::is_error) {
        return (None, diagnostics);
    }
    (Some(procedures), diagnostics)
}

/// A diagnostic of text parsed from `base` on, moved into the file.
fn shift(mut diagnostic: Diagnostic, file: crate::diag::FileId, base: usize) -> Diagnostic {
    let move_span = |span: &mut Span| {
        if span.file == file {
            span.range = span.range.start + base..span.range.end + base;
        }
    };
    move_span(&mut diagnostic.primary.span);
    for label in &mut diagnostic.secondary {
        move_span(&mut label.span);
    }
    diagnostic
}

/// Translates every routine (inlined functions make no procedure), then
/// the cross-routine cursor check.
fn translate_all(
    world: &World,
    units: &[UnitRef<'_>],
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<RoutineOut> {
    let mut outs = Vec::new();
    for sig in &world.sigs {
        if sig.inline.is_some() {
            continue;
        }
        let unit = units[sig.origin.0];
        let routine = match (&unit.unit.kind, sig.origin.1.as_slice()) {
            (UnitKind::Procedure(r) | UnitKind::Function(r), []) => r.clone(),
            (UnitKind::PackageBody(package), [item]) => match &package.items[*item].kind {
                DeclKind::Routine(r) => r.clone(),
                _ => continue,
            },
            (UnitKind::Anonymous(block), []) => Routine {
                spec: crate::plsql::ast::RoutineSpec {
                    name: crate::plsql::ast::QualifiedIdent {
                        parts: Vec::new(),
                        range: unit.unit.range.clone(),
                    },
                    is_function: false,
                    params: Vec::new(),
                    returns: None,
                    clauses: Vec::new(),
                    range: unit.unit.range.clone(),
                },
                body: block.clone(),
                end_name: None,
            },
            _ => continue,
        };
        let out = super::routine(world, unit.src, sig, &routine);
        diagnostics.extend(out.diagnostics.iter().cloned());
        outs.push(out);
    }
    nested_cursor_calls(world, &outs, diagnostics);
    outs
}

/// A call made while a cursor is open to a procedure that opens one
/// (directly or through its own calls).
fn nested_cursor_calls(world: &World, outs: &[RoutineOut], diagnostics: &mut Vec<Diagnostic>) {
    let mut opens: BTreeSet<String> = outs
        .iter()
        .filter(|o| o.opens_cursor)
        .map(|o| o.procedure.name.clone())
        .collect();
    loop {
        let before = opens.len();
        for out in outs {
            if out.calls.iter().any(|c| opens.contains(c)) {
                opens.insert(out.procedure.name.clone());
            }
        }
        if opens.len() == before {
            break;
        }
    }
    let _ = world;
    for out in outs {
        for (callee, span) in &out.calls_in_cursor {
            if opens.contains(callee) {
                diagnostics.push(
                    Diagnostic::new(Code::PlsqlNestedCursor, span.clone(), format!("`{callee}` opens a cursor while this one is open"))
                        .label("call inside a cursor loop")
                        .help("Redshift allows one open cursor per session (https://docs.aws.amazon.com/redshift/latest/dg/stored-procedure-constraints.html): fetch the outer rows into a table first, or make the inner work set-based"),
                );
            }
        }
    }
}

fn identity_uses(outs: &[RoutineOut]) -> Vec<IdentityUse> {
    outs.iter()
        .flat_map(|o| o.identity.iter().cloned())
        .collect()
}

/// In `eltc build`, the column NEXTVAL fed must be declared `identity`.
fn declared_identity(pipeline: &Pipeline, used: &IdentityUse, diagnostics: &mut Vec<Diagnostic>) {
    let (schema, name) = used.table.split_once('.').unwrap_or(("", &used.table));
    let table = QualifiedName {
        schema: schema.to_string(),
        name: name.to_string(),
    };
    let declared = pipeline
        .table(&table)
        .and_then(|t| t.column(&used.column))
        .is_some_and(|c| c.identity.is_some());
    if !declared {
        diagnostics.push(
            Diagnostic::new(Code::PlsqlSequence, used.span.clone(), format!("`{}` feeds `{}.{}`, which is not declared `identity`", used.sequence, used.table, used.column))
                .label("sequence")
                .help("declare the column with `identity: [start, step]` under `tables:` (Redshift has no sequences, https://docs.aws.amazon.com/redshift/latest/dg/c_unsupported-postgresql-features.html)")
                .severity(crate::diag::Severity::Error),
        );
    }
}
