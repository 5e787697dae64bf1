//! The PL/SQL block parser (`eltc::plsql::parse`) on whole files.
//!
//! - tests/fixtures/plsql/legacy/: the legacy units (a procedure, a package
//!   specification and body) and their Oracle DDL parse with no diagnostic
//!   and give the structure the files have;
//! - tests/fixtures/plsql/parse/*.sql: one bad input per file; each must raise
//!   at least one `plsql::syntax` error, and the rendered diagnostics are
//!   snapshots (adding a case needs no Rust edit);
//! - no input makes the parser panic: every prefix of the legacy units and of
//!   the bad inputs, and pseudo-random cuts of them, are parsed.

use std::path::{Path, PathBuf};

use eltc::diag::render::{Style, human};
use eltc::diag::{Code, Severity, SourceMap};
use eltc::plsql::ast::{
    DeclKind, ForSource, Package, ParamMode, Routine, SqlKind, Stmt, StmtKind, TypeRef, UnitKind,
};
use eltc::plsql::{Parsed, parse};

fn fixture(name: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/plsql/parse")
        .join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn parse_clean(name: &str) -> (String, Parsed) {
    let text = fixture(name);
    let mut sources = SourceMap::new();
    let file = sources.add(name, text.clone());
    let parsed = parse(file, &text);
    let rendered: Vec<String> = parsed
        .diagnostics
        .iter()
        .map(|d| human(d, &sources, Style::Plain))
        .collect();
    assert!(rendered.is_empty(), "{name}:\n{}", rendered.join("\n"));
    (text, parsed)
}

fn kinds(stmts: &[Stmt]) -> Vec<&'static str> {
    stmts.iter().map(|s| kind_name(&s.kind)).collect()
}

fn kind_name(kind: &StmtKind) -> &'static str {
    match kind {
        StmtKind::Sql { kind, .. } => match kind {
            SqlKind::Select => "select",
            SqlKind::Insert => "insert",
            SqlKind::Update => "update",
            SqlKind::Delete => "delete",
            SqlKind::Merge => "merge",
            _ => "other sql",
        },
        StmtKind::Assign { .. } => "assign",
        StmtKind::If { .. } => "if",
        StmtKind::Call { .. } => "call",
        StmtKind::ExecuteImmediate { .. } => "execute immediate",
        StmtKind::Commit => "commit",
        StmtKind::Rollback { .. } => "rollback",
        StmtKind::Raise { .. } => "raise",
        StmtKind::ForQuery { .. } => "for query",
        StmtKind::Block(_) => "block",
        _ => "other",
    }
}

#[test]
fn legacy_procedure_parses() {
    let (text, parsed) = parse_clean("../legacy/legacy-nasdaq/load_market_data.prc");
    assert_eq!(parsed.units.len(), 1);
    let UnitKind::Procedure(Routine {
        spec,
        body,
        end_name,
    }) = &parsed.units[0].kind
    else {
        panic!("a procedure expected: {:?}", parsed.units[0].kind)
    };
    assert_eq!(&text[spec.name.range.clone()], "staging.load_market_data");
    assert_eq!(spec.params.len(), 1);
    assert_eq!(spec.params[0].mode, ParamMode::In);
    assert!(matches!(&spec.params[0].ty, TypeRef::Named { text, .. } if text == "DATE"));
    assert_eq!(
        end_name.as_ref().map(|n| n.text.as_str()),
        Some("load_market_data")
    );
    assert!(
        matches!(&body.decls[0].kind, DeclKind::Variable { name, .. } if name.text == "v_rows")
    );
    assert_eq!(
        kinds(&body.body),
        [
            "execute immediate",
            "insert",
            "delete",
            "insert",
            "assign",
            "if",
            "delete",
            "insert",
            "call",
            "commit"
        ]
    );
    assert_eq!(
        body.body[0].comments[0].text,
        "Denormalise the security attributes of the day."
    );
    let StmtKind::Assign { value, .. } = &body.body[4].kind else {
        panic!()
    };
    assert_eq!(&text[value.range.clone()], "SQL%ROWCOUNT");
    assert_eq!(body.handlers.len(), 1);
    assert_eq!(body.handlers[0].exceptions[0].parts[0].text, "OTHERS");
    assert_eq!(kinds(&body.handlers[0].body), ["rollback", "raise"]);
    assert!(text[parsed.units[0].range.clone()].ends_with("END load_market_data;"));
}

#[test]
fn legacy_package_spec_parses() {
    let (_, parsed) = parse_clean("../legacy/legacy-retail/retail_etl.pks");
    let UnitKind::PackageSpec(Package { name, items, .. }) = &parsed.units[0].kind else {
        panic!()
    };
    assert_eq!(name.parts.len(), 2);
    assert_eq!(items.len(), 1);
    let DeclKind::RoutineSpec(spec) = &items[0].kind else {
        panic!()
    };
    assert_eq!(spec.name.parts[0].text, "load_day");
    assert_eq!(
        items[0].comments[0].text,
        "Loads one business day from the staging schema into the star schema."
    );
}

fn routines(package: &Package) -> Vec<&Routine> {
    package
        .items
        .iter()
        .filter_map(|item| match &item.kind {
            DeclKind::Routine(r) => Some(r),
            _ => None,
        })
        .collect()
}

#[test]
fn legacy_package_body_parses() {
    let (text, parsed) = parse_clean("../legacy/legacy-retail/retail_etl.pkb");
    assert_eq!(parsed.units.len(), 1);
    let UnitKind::PackageBody(package) = &parsed.units[0].kind else {
        panic!()
    };
    // One package constant, then eight procedures.
    assert_eq!(package.items.len(), 9);
    assert!(matches!(
        &package.items[0].kind,
        DeclKind::Variable { constant: true, default: Some(d), .. } if &text[d.range.clone()] == "-1"
    ));
    let routines = routines(package);
    let names: Vec<&str> = routines
        .iter()
        .map(|r| r.spec.name.parts[0].text.as_str())
        .collect();
    assert_eq!(
        names,
        [
            "log_step",
            "load_stores",
            "load_customers",
            "load_products",
            "load_sales",
            "load_summary",
            "check_reconciliation",
            "load_day"
        ]
    );
    let log_step = routines[0];
    assert_eq!(log_step.spec.params.len(), 4);
    assert!(log_step.spec.params[3].default.is_some());
    assert!(
        matches!(&log_step.body.decls[0].kind, DeclKind::Pragma { name, .. } if name.text == "AUTONOMOUS_TRANSACTION")
    );
    assert_eq!(kinds(&routines[1].body.body), ["merge", "call"]);
    assert_eq!(routines[3].body.decls.len(), 1);
    assert_eq!(
        package.items[4].comments[0].text,
        "Type 2 history: close the current version of every changed product,"
    );
    assert_eq!(
        kinds(&routines[3].body.body),
        ["update", "assign", "insert", "call"]
    );
    assert_eq!(kinds(&routines[6].body.body), ["select", "if"]);
    assert_eq!(
        kinds(&routines[7].body.body),
        [
            "call",
            "call",
            "call",
            "call",
            "call",
            "call",
            "call",
            "execute immediate",
            "execute immediate",
            "commit"
        ]
    );
    assert_eq!(
        kinds(&routines[7].body.handlers[0].body),
        ["rollback", "call", "raise"]
    );
    load_summary_shape(&text, routines[5]);
}

/// load_summary: a cursor FOR loop over a query, whose body is a nested block
/// with a NO_DATA_FOUND handler around a SELECT INTO, an INSERT and a count.
fn load_summary_shape(text: &str, routine: &Routine) {
    assert_eq!(routine.body.decls.len(), 3);
    assert!(matches!(
        &routine.body.decls[1].kind,
        DeclKind::Variable {
            ty: TypeRef::PercentType { .. },
            ..
        }
    ));
    assert_eq!(kinds(&routine.body.body), ["delete", "for query", "call"]);
    let StmtKind::ForQuery {
        record,
        source,
        body,
    } = &routine.body.body[1].kind
    else {
        panic!()
    };
    assert_eq!(record.text, "r");
    let ForSource::Query(query) = source else {
        panic!()
    };
    assert!(text[query.range.clone()].starts_with("SELECT store_id"));
    assert!(text[query.range.clone()].ends_with("ORDER BY store_id"));
    assert_eq!(kinds(body), ["block", "insert", "assign"]);
    let StmtKind::Block(block) = &body[0].kind else {
        panic!()
    };
    assert_eq!(
        block.handlers[0].exceptions[0].parts[0].text,
        "NO_DATA_FOUND"
    );
    let StmtKind::Sql { sql, into, .. } = &block.body[0].kind else {
        panic!()
    };
    let into = into.as_ref().expect("SELECT INTO");
    assert_eq!(&text[into.range.clone()], "INTO v_top_category");
    assert_eq!(sql.blanked, std::slice::from_ref(&into.range));
    assert!(text[sql.range.clone()].ends_with("WHERE ROWNUM = 1"));
}

#[test]
fn legacy_ddl_parses_as_sql_statements() {
    for (name, tables, sequences) in [
        ("../legacy/legacy-nasdaq/ddl.sql", 11, 0),
        ("../legacy/legacy-retail/ddl.sql", 11, 1),
    ] {
        let (_, parsed) = parse_clean(name);
        let count = |wanted: SqlKind| {
            parsed
                .units
                .iter()
                .filter(|u| matches!(&u.kind, UnitKind::Sql { kind, .. } if *kind == wanted))
                .count()
        };
        assert_eq!(count(SqlKind::CreateTable), tables, "{name}");
        assert_eq!(count(SqlKind::CreateSequence), sequences, "{name}");
        assert_eq!(parsed.units.len(), tables + sequences, "{name}");
    }
}

fn bad_inputs() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/plsql/parse");
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .expect("fixture directory")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "sql"))
        .collect();
    files.sort();
    files
}

#[test]
fn bad_inputs_raise_syntax_errors() {
    let count = bad_inputs().len();
    assert!(
        count >= 12,
        "expected at least 12 bad inputs, found {count}"
    );
    insta::glob!("fixtures/plsql/parse/*.sql", |path| {
        let text = std::fs::read_to_string(path).expect("fixture readable");
        let name = path
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or("case.sql");
        let mut sources = SourceMap::new();
        let file = sources.add(name, text.clone());
        let parsed = parse(file, &text);
        assert!(
            parsed
                .diagnostics
                .iter()
                .any(|d| d.code == Code::PlsqlSyntax && d.severity == Severity::Error),
            "{name}: no plsql::syntax error"
        );
        let rendered: Vec<String> = parsed
            .diagnostics
            .iter()
            .map(|d| human(d, &sources, Style::Plain))
            .collect();
        insta::assert_snapshot!(rendered.join("\n"));
    });
}

/// Parses `text` inside `catch_unwind`, naming the input on a panic.
fn must_not_panic(what: &str, text: &str) {
    let mut sources = SourceMap::new();
    let file = sources.add("cut.sql", String::new());
    let outcome = std::panic::catch_unwind(|| parse(file, text));
    assert!(outcome.is_ok(), "parse panicked on {what}:\n{text}");
}

/// Every prefix and suffix at a char boundary.
fn prefixes_and_suffixes(name: &str, text: &str) {
    for (cut, _) in text.char_indices() {
        must_not_panic(&format!("{name}[..{cut}]"), &text[..cut]);
        must_not_panic(&format!("{name}[{cut}..]"), &text[cut..]);
    }
}

#[test]
fn no_panic_on_cut_inputs() {
    let mut texts: Vec<(String, String)> = [
        "../legacy/legacy-nasdaq/load_market_data.prc",
        "../legacy/legacy-retail/retail_etl.pkb",
        "../legacy/legacy-retail/retail_etl.pks",
    ]
    .iter()
    .map(|name| (name.to_string(), fixture(name)))
    .collect();
    for path in bad_inputs() {
        let text = std::fs::read_to_string(&path).expect("fixture readable");
        texts.push((path.display().to_string(), text));
    }
    for (name, text) in &texts {
        prefixes_and_suffixes(name, text);
    }
    // Pseudo-random cuts (a fixed linear congruential sequence, so a failure
    // reproduces): a slice removed from the middle, or two files spliced.
    let mut seed: u64 = 0x2545_f491_4f6c_dd1d;
    let mut next = |bound: usize| {
        seed = seed
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        usize::try_from(seed >> 33).unwrap_or(0) % bound.max(1)
    };
    for round in 0..3000 {
        let (name, text) = &texts[next(texts.len())];
        let (a, b) = (
            boundary(text, next(text.len())),
            boundary(text, next(text.len())),
        );
        let (a, b) = (a.min(b), a.max(b));
        let cut = format!("{}{}", &text[..a], &text[b..]);
        must_not_panic(&format!("round {round}: {name} without {a}..{b}"), &cut);
        let (other_name, other) = &texts[next(texts.len())];
        let c = boundary(other, next(other.len()));
        let spliced = format!("{}{}", &text[..a], &other[c..]);
        must_not_panic(
            &format!("round {round}: {name}[..{a}] + {other_name}[{c}..]"),
            &spliced,
        );
    }
}

/// The char boundary at or before `offset`.
fn boundary(text: &str, offset: usize) -> usize {
    (0..=offset.min(text.len()))
        .rev()
        .find(|&i| text.is_char_boundary(i))
        .unwrap_or(0)
}
