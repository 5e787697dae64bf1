use super::parse_ok;
use crate::plsql::ast::{Decl, DeclKind, ParamMode, TypeRef, UnitKind};

/// The declarations of `DECLARE <decls> BEGIN NULL; END;`.
fn decls(text: &str) -> (String, Vec<Decl>) {
    let full = format!("DECLARE\n{text}\nBEGIN\n  NULL;\nEND;\n");
    let parsed = parse_ok(&full);
    let Some(UnitKind::Anonymous(block)) = parsed.units.into_iter().next().map(|u| u.kind) else {
        panic!("no block")
    };
    (full, block.decls)
}

#[test]
fn variables_with_types_constant_not_null_and_defaults() {
    let (text, decls) = decls(
        "  a NUMBER(8) := 1;\n  b CONSTANT VARCHAR2(30 CHAR) DEFAULT 'x';\n  c PLS_INTEGER NOT NULL := 0;\n  d t.col%TYPE;\n  e t%ROWTYPE;\n  f TIMESTAMP(6) WITH TIME ZONE;\n  g BOOLEAN;",
    );
    assert_eq!(decls.len(), 7);
    let DeclKind::Variable {
        name,
        ty,
        constant,
        default,
        ..
    } = &decls[1].kind
    else {
        panic!()
    };
    assert_eq!(name.text, "b");
    assert!(constant);
    assert_eq!(&text[default.as_ref().unwrap().range.clone()], "'x'");
    assert!(matches!(ty, TypeRef::Named { text, .. } if text == "VARCHAR2(30 CHAR)"));
    let DeclKind::Variable { not_null, .. } = &decls[2].kind else {
        panic!()
    };
    assert!(not_null);
    let DeclKind::Variable {
        ty: TypeRef::PercentType { of, range },
        ..
    } = &decls[3].kind
    else {
        panic!("{:?}", decls[3])
    };
    assert_eq!(of.parts.len(), 2);
    assert_eq!(&text[range.clone()], "t.col%TYPE");
    assert!(matches!(
        &decls[4].kind,
        DeclKind::Variable {
            ty: TypeRef::PercentRowType { .. },
            ..
        }
    ));
    assert!(
        matches!(&decls[5].kind, DeclKind::Variable { ty: TypeRef::Named { text, .. }, .. } if text == "TIMESTAMP(6) WITH TIME ZONE")
    );
    assert_eq!(&text[decls[0].range.clone()], "a NUMBER(8) := 1;");
}

#[test]
fn cursors_with_params_and_return() {
    let (text, decls) = decls(
        "  CURSOR c1 IS SELECT a FROM t;\n  CURSOR c2 (p_id NUMBER, p_x VARCHAR2 DEFAULT 'y') RETURN t%ROWTYPE IS\n    SELECT * FROM t WHERE id = p_id;",
    );
    let DeclKind::Cursor { query, .. } = &decls[0].kind else {
        panic!()
    };
    assert_eq!(
        &text[query.as_ref().unwrap().range.clone()],
        "SELECT a FROM t"
    );
    let DeclKind::Cursor {
        name,
        params,
        query,
    } = &decls[1].kind
    else {
        panic!()
    };
    assert_eq!(name.text, "c2");
    assert_eq!(params.len(), 2);
    assert_eq!(
        &text[params[1].default.as_ref().unwrap().range.clone()],
        "'y'"
    );
    assert!(text[query.as_ref().unwrap().range.clone()].ends_with("id = p_id"));
}

#[test]
fn exceptions_pragmas_and_types() {
    let (text, decls) = decls(
        "  e_bad EXCEPTION;\n  PRAGMA EXCEPTION_INIT(e_bad, -20001);\n  PRAGMA AUTONOMOUS_TRANSACTION;\n  TYPE t_ids IS TABLE OF NUMBER INDEX BY PLS_INTEGER;\n  TYPE r IS RECORD (a NUMBER := 0, b DATE);\n  SUBTYPE money IS NUMBER(12,2);",
    );
    assert!(matches!(&decls[0].kind, DeclKind::Exception { name } if name.text == "e_bad"));
    let DeclKind::Pragma { name, args } = &decls[1].kind else {
        panic!()
    };
    assert_eq!(name.text, "EXCEPTION_INIT");
    let args: Vec<&str> = args.iter().map(|a| &text[a.range.clone()]).collect();
    assert_eq!(args, ["e_bad", "-20001"]);
    assert!(matches!(&decls[2].kind, DeclKind::Pragma { args, .. } if args.is_empty()));
    let DeclKind::Type { definition, .. } = &decls[3].kind else {
        panic!()
    };
    assert_eq!(
        &text[definition.range.clone()],
        "TABLE OF NUMBER INDEX BY PLS_INTEGER"
    );
    let DeclKind::Type { name, definition } = &decls[5].kind else {
        panic!()
    };
    assert_eq!(name.text, "money");
    assert_eq!(&text[definition.range.clone()], "NUMBER(12,2)");
}

#[test]
fn nested_and_forward_declared_routines() {
    let (_, decls) = decls(
        "  PROCEDURE later(x IN OUT NOCOPY NUMBER);\n  FUNCTION twice(x IN NUMBER := 2) RETURN NUMBER IS\n  BEGIN\n    RETURN x * 2;\n  END twice;\n  PROCEDURE later(x IN OUT NOCOPY NUMBER) IS\n    y NUMBER;\n  BEGIN\n    x := twice(x);\n  END;",
    );
    let DeclKind::RoutineSpec(spec) = &decls[0].kind else {
        panic!()
    };
    assert_eq!(spec.params[0].mode, ParamMode::InOut);
    assert!(spec.params[0].nocopy);
    let DeclKind::Routine(routine) = &decls[1].kind else {
        panic!()
    };
    assert!(routine.spec.is_function);
    assert_eq!(routine.spec.params[0].mode, ParamMode::In);
    assert!(routine.spec.params[0].default.is_some());
    let DeclKind::Routine(routine) = &decls[2].kind else {
        panic!()
    };
    assert_eq!(routine.body.decls.len(), 1);
    assert_eq!(routine.body.body.len(), 1);
}

#[test]
fn parameter_modes() {
    let text = "CREATE PROCEDURE p (a NUMBER, b IN NUMBER, c OUT NUMBER, d IN OUT DATE, e OUT NOCOPY VARCHAR2) IS BEGIN NULL; END;";
    let parsed = parse_ok(text);
    let UnitKind::Procedure(routine) = &parsed.units[0].kind else {
        panic!()
    };
    let modes: Vec<ParamMode> = routine.spec.params.iter().map(|p| p.mode).collect();
    assert_eq!(
        modes,
        [
            ParamMode::In,
            ParamMode::In,
            ParamMode::Out,
            ParamMode::InOut,
            ParamMode::Out
        ]
    );
    assert_eq!(&text[routine.spec.params[3].range.clone()], "d IN OUT DATE");
}

#[test]
fn comments_attach_to_declarations() {
    let (_, decls) = decls("  -- the count\n  n NUMBER;");
    assert_eq!(decls[0].comments[0].text, "the count");
}

#[test]
fn type_text_leaves_comments_out() {
    let (_, decls) = decls("  a NUMBER /* the key */ (8);\n  b INTERVAL DAY(3) TO SECOND(2);");
    let texts: Vec<&str> = decls
        .iter()
        .map(|d| match &d.kind {
            DeclKind::Variable {
                ty: TypeRef::Named { text, .. },
                ..
            } => text.as_str(),
            other => panic!("{other:?}"),
        })
        .collect();
    assert_eq!(texts, ["NUMBER (8)", "INTERVAL DAY(3) TO SECOND(2)"]);
}

#[test]
fn heading_clauses_with_their_words() {
    let text = "CREATE FUNCTION f RETURN NUMBER RESULT_CACHE RELIES_ON (t) AUTHID CURRENT_USER PARALLEL_ENABLE IS BEGIN RETURN 1; END;";
    let parsed = parse_ok(text);
    let UnitKind::Function(routine) = &parsed.units[0].kind else {
        panic!()
    };
    let clauses: Vec<&str> = routine
        .spec
        .clauses
        .iter()
        .map(|c| c.text.as_str())
        .collect();
    assert_eq!(
        clauses,
        [
            "RESULT_CACHE RELIES_ON (t)",
            "AUTHID CURRENT_USER",
            "PARALLEL_ENABLE"
        ]
    );
    assert_eq!(
        &text[routine.spec.range.clone()],
        &text[7..text.find(" IS").unwrap()]
    );
}
