use super::{errors, file, parse_ok};
use crate::diag::Severity;
use crate::plsql::ast::{DeclKind, SqlKind, UnitKind};
use crate::plsql::parse;

#[test]
fn procedure_with_slash_and_comments() {
    let text = "-- loads a day\nCREATE OR REPLACE PROCEDURE s.p (a IN DATE) AS\nBEGIN\n  NULL;\nEND p;\n/\n";
    let parsed = parse_ok(text);
    let unit = &parsed.units[0];
    assert!(unit.or_replace);
    assert_eq!(unit.comments[0].text, "loads a day");
    assert_eq!(&text[unit.range.clone()], &text[15..text.len() - 3]);
    let UnitKind::Procedure(routine) = &unit.kind else {
        panic!("{unit:?}")
    };
    assert_eq!(&text[routine.spec.name.range.clone()], "s.p");
    assert_eq!(routine.spec.name.parts.len(), 2);
    assert_eq!(
        routine.end_name.as_ref().map(|n| n.text.as_str()),
        Some("p")
    );
    assert!(text[routine.body.range.clone()].starts_with("AS\nBEGIN"));
    assert!(text[routine.body.range.clone()].ends_with("END p"));
}

#[test]
fn function_editionable_without_slash_at_eof() {
    let text = "create editionable function f(x number) return number deterministic is begin return x * 2; end;";
    let parsed = parse_ok(text);
    let UnitKind::Function(routine) = &parsed.units[0].kind else {
        panic!("{:?}", parsed.units)
    };
    assert!(routine.spec.is_function);
    assert!(!parsed.units[0].or_replace);
    assert_eq!(routine.spec.clauses[0].text, "deterministic");
    assert!(routine.spec.returns.is_some());
}

#[test]
fn package_spec_and_body() {
    let text = "CREATE PACKAGE k AUTHID DEFINER AS\n  c CONSTANT NUMBER := 1;\n  PROCEDURE a(p NUMBER);\n  FUNCTION b RETURN NUMBER;\nEND k;\n/\nCREATE OR REPLACE NONEDITIONABLE PACKAGE BODY k IS\n  PROCEDURE a(p NUMBER) IS BEGIN NULL; END a;\n  FUNCTION b RETURN NUMBER IS BEGIN RETURN c; END;\nBEGIN\n  a(1);\nEND k;\n/\n";
    let parsed = parse_ok(text);
    let UnitKind::PackageSpec(spec) = &parsed.units[0].kind else {
        panic!()
    };
    assert_eq!(spec.items.len(), 3);
    assert!(matches!(spec.items[1].kind, DeclKind::RoutineSpec(_)));
    let UnitKind::PackageBody(body) = &parsed.units[1].kind else {
        panic!()
    };
    assert_eq!(body.items.len(), 2);
    assert!(
        body.items
            .iter()
            .all(|i| matches!(i.kind, DeclKind::Routine(_)))
    );
    assert_eq!(body.init.as_ref().map(Vec::len), Some(1));
    assert_eq!(body.end_name.as_ref().map(|n| n.text.as_str()), Some("k"));
}

#[test]
fn sql_between_units_with_kinds() {
    let text = "CREATE SEQUENCE s START WITH 1;\nCREATE GLOBAL TEMPORARY TABLE t (a NUMBER);\nINSERT INTO t VALUES (1);\nCREATE INDEX i ON t (a)\n/\nBEGIN NULL; END;\n";
    let parsed = parse_ok(text);
    let kinds: Vec<SqlKind> = parsed
        .units
        .iter()
        .filter_map(|u| match &u.kind {
            UnitKind::Sql { kind, .. } => Some(*kind),
            _ => None,
        })
        .collect();
    assert_eq!(
        kinds,
        [
            SqlKind::CreateSequence,
            SqlKind::CreateTable,
            SqlKind::Insert,
            SqlKind::Other
        ]
    );
    let UnitKind::Sql { sql, .. } = &parsed.units[3].kind else {
        panic!()
    };
    assert_eq!(&text[sql.range.clone()], "CREATE INDEX i ON t (a)");
    assert!(matches!(parsed.units[4].kind, UnitKind::Anonymous(_)));
}

#[test]
fn sqlplus_lines_are_read_past_by_family_and_exec_is_a_block() {
    let text = "SET SERVEROUTPUT ON\nPROMPT it's loading; truncate t;\nWHENEVER SQLERROR EXIT FAILURE\nBEGIN\n  NULL;\nEND;\n/\nSHOW ERRORS\nexec p(1);\nEXECUTE etl.q\n@other.sql\nHOST rm x\nWHENEVER SQLERROR CONTINUE\nEXIT\n";
    let parsed = parse(file(), text);
    // The block, and each EXEC line as the block SQL*Plus makes of it.
    assert_eq!(parsed.units.len(), 3);
    for unit in &parsed.units[1..] {
        let crate::plsql::ast::UnitKind::Anonymous(block) = &unit.kind else {
            panic!("EXEC is not a block: {unit:?}");
        };
        assert!(matches!(
            block.body[0].kind,
            crate::plsql::ast::StmtKind::Call { .. }
        ));
    }
    let found: Vec<(&str, Severity, &str)> = parsed
        .diagnostics
        .iter()
        .map(|d| {
            (
                d.code.name(),
                d.severity,
                &text[d.primary.span.range.clone()],
            )
        })
        .collect();
    assert_eq!(
        found,
        [
            ("sqlplus::setting", Severity::Warning, "SET SERVEROUTPUT ON"),
            // The whole line is the message: the `;` in it ends nothing.
            (
                "sqlplus::prompt",
                Severity::Warning,
                "PROMPT it's loading; truncate t;"
            ),
            (
                "sqlplus::whenever",
                Severity::Warning,
                "WHENEVER SQLERROR EXIT FAILURE"
            ),
            ("sqlplus::setting", Severity::Warning, "SHOW ERRORS"),
            // Work that is not in the file: refused, never dropped.
            ("sqlplus::runs-other-work", Severity::Error, "@other.sql"),
            ("sqlplus::runs-other-work", Severity::Error, "HOST rm x"),
            (
                "sqlplus::whenever",
                Severity::Error,
                "WHENEVER SQLERROR CONTINUE"
            ),
            ("sqlplus::session", Severity::Warning, "EXIT"),
        ]
    );
}

#[test]
fn update_set_on_its_own_line_is_sql_not_sqlplus() {
    let text = "UPDATE t\nSET a = 1;\n";
    let parsed = parse_ok(text);
    assert!(matches!(
        parsed.units[0].kind,
        UnitKind::Sql {
            kind: SqlKind::Update,
            ..
        }
    ));
}

#[test]
fn labelled_anonymous_block() {
    let text = "<<main>>\nDECLARE\n  x NUMBER;\nBEGIN\n  x := 1;\nEND main;\n";
    let parsed = parse_ok(text);
    let UnitKind::Anonymous(block) = &parsed.units[0].kind else {
        panic!()
    };
    assert_eq!(block.label.as_ref().map(|l| l.text.as_str()), Some("main"));
    assert_eq!(block.decls.len(), 1);
    assert_eq!(&text[parsed.units[0].range.clone()], text.trim_end());
}

#[test]
fn a_bad_unit_does_not_hide_the_next() {
    let text = "CREATE PROCEDURE a IS BEGIN IF x THEN NULL; END; END;\n/\nCREATE PROCEDURE b IS BEGIN NULL; END;\n/\n";
    let parsed = parse(file(), text);
    assert_eq!(parsed.diagnostics.len(), 1);
    assert_eq!(parsed.units.len(), 1);
    let UnitKind::Procedure(routine) = &parsed.units[0].kind else {
        panic!()
    };
    assert_eq!(routine.spec.name.parts[0].text, "b");
}

#[test]
fn slash_after_a_statement_ended_by_semicolon_warns() {
    let found = errors("DELETE FROM t;\n/\n");
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].1, "/");
}

#[test]
fn triggers_are_reported_not_read() {
    let found = errors(
        "CREATE OR REPLACE TRIGGER t BEFORE INSERT ON x BEGIN NULL; END;\n/\nBEGIN NULL; END;\n",
    );
    assert_eq!(found.len(), 1);
    assert!(found[0].0.contains("CREATE TRIGGER"), "{found:?}");
}
