use super::body;
use crate::plsql::ast::{ExprText, ForSource, Stmt, StmtKind};

/// `BEGIN <text> END;` and its statements, with the full text.
fn stmts(text: &str) -> (String, Vec<Stmt>) {
    let full = format!("BEGIN\n{text}\nEND;\n");
    let stmts = body(&full);
    (full, stmts)
}

fn at<'a>(text: &'a str, expr: &ExprText) -> &'a str {
    &text[expr.range.clone()]
}

#[test]
fn if_elsif_else() {
    let (text, stmts) = stmts(
        "  IF a = 1 THEN\n    x := 1;\n  ELSIF b IN (1, 2) THEN\n    NULL;\n  ELSE\n    x := CASE WHEN y THEN 1 ELSE 2 END;\n  END IF;",
    );
    let StmtKind::If {
        branches,
        otherwise,
    } = &stmts[0].kind
    else {
        panic!()
    };
    assert_eq!(branches.len(), 2);
    assert_eq!(at(&text, &branches[0].condition), "a = 1");
    assert_eq!(at(&text, &branches[1].condition), "b IN (1, 2)");
    let StmtKind::Assign { target, value } = &otherwise.as_ref().unwrap()[0].kind else {
        panic!()
    };
    assert_eq!(at(&text, target), "x");
    assert_eq!(at(&text, value), "CASE WHEN y THEN 1 ELSE 2 END");
    assert!(text[stmts[0].range.clone()].ends_with("END IF;"));
}

#[test]
fn case_statements_simple_and_searched() {
    let (text, stmts) = stmts(
        "  CASE v\n    WHEN 1 THEN a := 1;\n    WHEN 2 THEN a := 2;\n    ELSE NULL;\n  END CASE;\n  CASE\n    WHEN v > CASE w WHEN 1 THEN 0 END THEN NULL;\n  END CASE;",
    );
    let StmtKind::Case {
        selector,
        whens,
        otherwise,
    } = &stmts[0].kind
    else {
        panic!()
    };
    assert_eq!(at(&text, selector.as_ref().unwrap()), "v");
    assert_eq!(whens.len(), 2);
    assert!(otherwise.is_some());
    let StmtKind::Case {
        selector, whens, ..
    } = &stmts[1].kind
    else {
        panic!()
    };
    assert!(selector.is_none());
    assert_eq!(
        at(&text, &whens[0].condition),
        "v > CASE w WHEN 1 THEN 0 END"
    );
}

#[test]
fn labelled_loops_exit_and_continue() {
    let (text, stmts) = stmts(
        "  <<outer>>\n  LOOP\n    i := i + 1;\n    CONTINUE outer WHEN i < 3;\n    EXIT outer WHEN i > 10;\n    EXIT;\n  END LOOP outer;",
    );
    assert_eq!(stmts[0].label.as_ref().unwrap().text, "outer");
    let StmtKind::Loop { body } = &stmts[0].kind else {
        panic!()
    };
    let StmtKind::Continue { label, when } = &body[1].kind else {
        panic!()
    };
    assert_eq!(label.as_ref().unwrap().text, "outer");
    assert_eq!(at(&text, when.as_ref().unwrap()), "i < 3");
    assert!(matches!(
        &body[3].kind,
        StmtKind::Exit {
            label: None,
            when: None
        }
    ));
    assert!(text[stmts[0].range.clone()].starts_with("<<outer>>"));
}

#[test]
fn while_and_numeric_for() {
    let (text, stmts) = stmts(
        "  WHILE i < 10 AND NOT done LOOP\n    i := i + 1;\n  END LOOP;\n  FOR k IN REVERSE 1..n + 1 LOOP\n    NULL;\n  END LOOP;\n  FOR j IN f(a)..(b * 2) LOOP\n    NULL;\n  END LOOP;",
    );
    let StmtKind::While { condition, .. } = &stmts[0].kind else {
        panic!()
    };
    assert_eq!(at(&text, condition), "i < 10 AND NOT done");
    let StmtKind::ForRange {
        index,
        reverse,
        low,
        high,
        ..
    } = &stmts[1].kind
    else {
        panic!()
    };
    assert_eq!(index.text, "k");
    assert!(reverse);
    assert_eq!((at(&text, low), at(&text, high)), ("1", "n + 1"));
    let StmtKind::ForRange { low, high, .. } = &stmts[2].kind else {
        panic!("{:?}", stmts[2].kind)
    };
    assert_eq!((at(&text, low), at(&text, high)), ("f(a)", "(b * 2)"));
}

#[test]
fn cursor_for_loops() {
    let (text, stmts) = stmts(
        "  FOR r IN (SELECT a FROM t WHERE b BETWEEN 1 AND 2) LOOP\n    NULL;\n  END LOOP;\n  FOR r IN c(1, p => 2) LOOP\n    NULL;\n  END LOOP;\n  FOR r IN c LOOP\n    NULL;\n  END LOOP;",
    );
    let StmtKind::ForQuery { record, source, .. } = &stmts[0].kind else {
        panic!()
    };
    assert_eq!(record.text, "r");
    let ForSource::Query(sql) = source else {
        panic!()
    };
    assert_eq!(
        &text[sql.range.clone()],
        "SELECT a FROM t WHERE b BETWEEN 1 AND 2"
    );
    let StmtKind::ForQuery {
        source: ForSource::Cursor { name, args },
        ..
    } = &stmts[1].kind
    else {
        panic!()
    };
    assert_eq!(name.text, "c");
    assert_eq!(args[1].name.as_ref().unwrap().text, "p");
    assert_eq!(at(&text, &args[1].value), "2");
    assert!(matches!(
        &stmts[2].kind,
        StmtKind::ForQuery { source: ForSource::Cursor { args, .. }, .. } if args.is_empty()
    ));
}

#[test]
fn forall_with_one_dml() {
    let (text, stmts) = stmts(
        "  FORALL i IN 1 .. ids.COUNT SAVE EXCEPTIONS\n    DELETE FROM t WHERE id = ids(i);\n  FORALL i IN INDICES OF ids\n    INSERT INTO t VALUES (ids(i));",
    );
    let StmtKind::ForAll {
        index,
        bounds,
        statement,
    } = &stmts[0].kind
    else {
        panic!()
    };
    assert_eq!(index.text, "i");
    assert_eq!(at(&text, bounds), "1 .. ids.COUNT SAVE EXCEPTIONS");
    assert!(matches!(statement.kind, StmtKind::Sql { .. }));
    assert!(text[stmts[0].range.clone()].ends_with("ids(i);"));
    let StmtKind::ForAll { bounds, .. } = &stmts[1].kind else {
        panic!()
    };
    assert_eq!(at(&text, bounds), "INDICES OF ids");
}

#[test]
fn calls_named_positional_and_without_parentheses() {
    let (text, stmts) = stmts(
        "  log_it;\n  pkg.proc(1, p_b => 'x', p_c => f(2, 3));\n  DBMS_OUTPUT.PUT_LINE('a' || b);\n  RAISE_APPLICATION_ERROR(-20001, 'bad');",
    );
    let names: Vec<String> = stmts
        .iter()
        .map(|s| match &s.kind {
            StmtKind::Call { name, .. } => text[name.range.clone()].to_string(),
            other => panic!("{other:?}"),
        })
        .collect();
    assert_eq!(
        names,
        [
            "log_it",
            "pkg.proc",
            "DBMS_OUTPUT.PUT_LINE",
            "RAISE_APPLICATION_ERROR"
        ]
    );
    let StmtKind::Call { args, .. } = &stmts[1].kind else {
        panic!()
    };
    assert!(args[0].name.is_none());
    assert_eq!(at(&text, &args[2].value), "f(2, 3)");
}

#[test]
fn assignment_targets() {
    let (text, stmts) = stmts("  r.f := 1;\n  t(i) := 2;\n  t(i).f := 3;\n  :b := 4;");
    let targets: Vec<&str> = stmts
        .iter()
        .map(|s| match &s.kind {
            StmtKind::Assign { target, .. } => at(&text, target),
            other => panic!("{other:?}"),
        })
        .collect();
    assert_eq!(targets, ["r.f", "t(i)", "t(i).f", ":b"]);
}

#[test]
fn return_goto_raise_null() {
    let (text, stmts) = stmts(
        "  RETURN;\n  RETURN a + 1;\n  GOTO done;\n  <<done>>\n  NULL;\n  RAISE;\n  RAISE pkg.e_bad;",
    );
    assert!(matches!(stmts[0].kind, StmtKind::Return { value: None }));
    let StmtKind::Return { value: Some(v) } = &stmts[1].kind else {
        panic!()
    };
    assert_eq!(at(&text, v), "a + 1");
    assert!(matches!(&stmts[2].kind, StmtKind::Goto { label } if label.text == "done"));
    assert_eq!(stmts[3].label.as_ref().unwrap().text, "done");
    assert!(matches!(stmts[3].kind, StmtKind::Null));
    assert!(matches!(stmts[4].kind, StmtKind::Raise { exception: None }));
    let StmtKind::Raise { exception: Some(e) } = &stmts[5].kind else {
        panic!()
    };
    assert_eq!(e.parts.len(), 2);
}

#[test]
fn nested_blocks_and_handlers() {
    let (text, stmts) = stmts(
        "  <<inner>>\n  DECLARE\n    x NUMBER;\n  BEGIN\n    x := 1;\n  EXCEPTION\n    WHEN NO_DATA_FOUND OR TOO_MANY_ROWS THEN\n      x := 0;\n    WHEN OTHERS THEN\n      RAISE;\n  END inner;",
    );
    let StmtKind::Block(block) = &stmts[0].kind else {
        panic!()
    };
    assert_eq!(block.label.as_ref().unwrap().text, "inner");
    assert_eq!(block.decls.len(), 1);
    assert_eq!(block.handlers.len(), 2);
    let names: Vec<&str> = block.handlers[0]
        .exceptions
        .iter()
        .map(|e| &text[e.range.clone()])
        .collect();
    assert_eq!(names, ["NO_DATA_FOUND", "TOO_MANY_ROWS"]);
    assert!(text[block.handlers[0].range.clone()].ends_with("x := 0;"));
    assert!(text[block.range.clone()].starts_with("DECLARE"));
    assert!(text[block.range.clone()].ends_with("END inner"));
}

#[test]
fn comments_attach_to_the_next_statement() {
    let (_, stmts) = stmts("  -- first\n  /* second */\n  NULL;\n  x := 1; -- trailing\n  y := 2;");
    let texts: Vec<&str> = stmts[0].comments.iter().map(|c| c.text.as_str()).collect();
    assert_eq!(texts, ["first", "second"]);
    assert_eq!(stmts[2].comments[0].text, "trailing");
}

#[test]
fn quoted_names_and_database_links() {
    let (text, stmts) = stmts("  \"Log It\"(1);\n  pkg.p@remote(2);\n  \"My Var\" := 3;");
    let StmtKind::Call { name, .. } = &stmts[0].kind else {
        panic!()
    };
    assert!(name.parts[0].quoted);
    assert_eq!(name.parts[0].text, "Log It");
    let StmtKind::Call { name, args } = &stmts[1].kind else {
        panic!()
    };
    assert_eq!(name.parts.len(), 2);
    assert_eq!(&text[name.range.clone()], "pkg.p@remote");
    assert_eq!(args.len(), 1);
    let StmtKind::Assign { target, .. } = &stmts[2].kind else {
        panic!()
    };
    assert_eq!(at(&text, target), "\"My Var\"");
}

#[test]
fn case_statement_inside_a_labelled_case() {
    let (_, stmts) = stmts(
        "  <<c>>\n  CASE\n    WHEN a THEN\n      CASE b WHEN 1 THEN NULL; END CASE;\n  END CASE c;",
    );
    let StmtKind::Case { whens, .. } = &stmts[0].kind else {
        panic!()
    };
    assert!(matches!(whens[0].body[0].kind, StmtKind::Case { .. }));
}

#[test]
fn comments_before_section_keywords_go_to_the_next_statement() {
    let text = "DECLARE\n  x NUMBER;\n-- the work\nBEGIN\n  IF a THEN\n    NULL;\n  -- otherwise\n  ELSE\n    x := 1;\n  END IF;\n-- failures\nEXCEPTION\n  -- anything\n  WHEN OTHERS THEN\n    RAISE;\nEND;\n";
    let parsed = super::parse_ok(text);
    let Some(crate::plsql::ast::UnitKind::Anonymous(block)) =
        parsed.units.into_iter().next().map(|u| u.kind)
    else {
        panic!()
    };
    let texts =
        |stmt: &Stmt| -> Vec<String> { stmt.comments.iter().map(|c| c.text.clone()).collect() };
    assert_eq!(texts(&block.body[0]), ["the work"]);
    let StmtKind::If { otherwise, .. } = &block.body[0].kind else {
        panic!()
    };
    assert_eq!(texts(&otherwise.as_ref().unwrap()[0]), ["otherwise"]);
    assert_eq!(texts(&block.handlers[0].body[0]), ["failures", "anything"]);
}
