use super::body;
use crate::plsql::ast::{SqlKind, Stmt, StmtKind};

fn stmts(text: &str) -> (String, Vec<Stmt>) {
    let full = format!("BEGIN\n{text}\nEND;\n");
    let stmts = body(&full);
    (full, stmts)
}

#[test]
fn select_into_is_read_and_blanked() {
    let (text, stmts) = stmts(
        "  SELECT a, /* the b */ b\n    INTO v_a, r.b\n    FROM t\n   WHERE c = (SELECT MAX(c) FROM u);",
    );
    let StmtKind::Sql { kind, sql, into } = &stmts[0].kind else {
        panic!()
    };
    assert_eq!(*kind, SqlKind::Select);
    let into = into.as_ref().unwrap();
    assert!(!into.bulk);
    assert_eq!(&text[into.range.clone()], "INTO v_a, r.b");
    let targets: Vec<&str> = into
        .targets
        .iter()
        .map(|t| &text[t.range.clone()])
        .collect();
    assert_eq!(targets, ["v_a", "r.b"]);
    assert_eq!(sql.blanked, std::slice::from_ref(&into.range));
    assert!(text[sql.range.clone()].starts_with("SELECT a, /* the b */ b"));
    assert!(text[sql.range.clone()].ends_with("FROM u)"));
}

#[test]
fn bulk_collect_and_with() {
    let (text, stmts) =
        stmts("  WITH x AS (SELECT 1 AS a FROM dual)\n  SELECT a BULK COLLECT INTO v_ids FROM x;");
    let StmtKind::Sql { kind, into, .. } = &stmts[0].kind else {
        panic!()
    };
    assert_eq!(*kind, SqlKind::Select);
    let into = into.as_ref().unwrap();
    assert!(into.bulk);
    assert_eq!(&text[into.range.clone()], "BULK COLLECT INTO v_ids");
}

#[test]
fn dml_kinds_and_returning_into() {
    let (text, stmts) = stmts(
        "  INSERT INTO t (a) VALUES (1) RETURNING id INTO v_id;\n  UPDATE t SET a = CASE WHEN b THEN 1 END WHERE c = 2;\n  DELETE FROM t WHERE a = 1;\n  MERGE INTO t USING u ON (t.a = u.a) WHEN MATCHED THEN UPDATE SET t.b = u.b;\n  TRUNCATE TABLE t;\n  LOCK TABLE t IN EXCLUSIVE MODE;\n  INSERT INTO t@remote SELECT * FROM u;",
    );
    let kinds: Vec<SqlKind> = stmts
        .iter()
        .map(|s| match &s.kind {
            StmtKind::Sql { kind, .. } => *kind,
            other => panic!("{other:?}"),
        })
        .collect();
    assert_eq!(
        kinds,
        [
            SqlKind::Insert,
            SqlKind::Update,
            SqlKind::Delete,
            SqlKind::Merge,
            SqlKind::Truncate,
            SqlKind::Other,
            SqlKind::Insert
        ]
    );
    let StmtKind::Sql { sql, into, .. } = &stmts[0].kind else {
        panic!()
    };
    let into = into.as_ref().unwrap();
    assert_eq!(&text[into.range.clone()], "INTO v_id");
    assert_eq!(sql.blanked, std::slice::from_ref(&into.range));
    assert_eq!(
        &text[sql.range.clone()],
        "INSERT INTO t (a) VALUES (1) RETURNING id INTO v_id"
    );
    let StmtKind::Sql { sql, into, .. } = &stmts[1].kind else {
        panic!()
    };
    assert!(into.is_none() && sql.blanked.is_empty());
    assert!(text[sql.range.clone()].ends_with("c = 2"));
}

#[test]
fn execute_immediate_with_into_and_using() {
    let (text, stmts) = stmts(
        "  EXECUTE IMMEDIATE 'TRUNCATE TABLE t';\n  EXECUTE IMMEDIATE v_sql INTO a, b USING IN x, y, IN z;\n  EXECUTE IMMEDIATE 'delete from t where a = :1' USING 5;",
    );
    let StmtKind::ExecuteImmediate { sql, into, using } = &stmts[0].kind else {
        panic!()
    };
    assert_eq!(&text[sql.range.clone()], "'TRUNCATE TABLE t'");
    assert!(into.is_none() && using.is_empty());
    let StmtKind::ExecuteImmediate { into, using, .. } = &stmts[1].kind else {
        panic!()
    };
    assert_eq!(into.as_ref().unwrap().targets.len(), 2);
    let using: Vec<&str> = using.iter().map(|u| &text[u.range.clone()]).collect();
    assert_eq!(using, ["x", "y", "z"]);
    let StmtKind::ExecuteImmediate { using, .. } = &stmts[2].kind else {
        panic!()
    };
    assert_eq!(using.len(), 1);
}

#[test]
fn open_for_a_query_text_with_binds() {
    let (text, stmts) = stmts("  OPEN rc FOR 'SELECT a FROM t WHERE b = :1' || v_where USING p_b;");
    let StmtKind::Open { query, dynamic, .. } = &stmts[0].kind else {
        panic!()
    };
    assert!(query.is_none());
    let dynamic = dynamic.as_ref().expect("a dynamic query");
    assert_eq!(
        &text[dynamic.text.range.clone()],
        "'SELECT a FROM t WHERE b = :1' || v_where"
    );
    assert_eq!(dynamic.using.len(), 1);
    assert_eq!(&text[dynamic.using[0].range.clone()], "p_b");
}

#[test]
fn explicit_cursors() {
    let (text, stmts) = stmts(
        "  OPEN c(1);\n  OPEN rc FOR SELECT a FROM t;\n  FETCH c BULK COLLECT INTO v_rows LIMIT 100;\n  FETCH rc INTO a, b;\n  CLOSE c;",
    );
    let StmtKind::Open {
        cursor,
        args,
        query,
        ..
    } = &stmts[0].kind
    else {
        panic!()
    };
    assert_eq!(cursor.text, "c");
    assert_eq!(args.len(), 1);
    assert!(query.is_none());
    let StmtKind::Open { query, .. } = &stmts[1].kind else {
        panic!()
    };
    assert_eq!(
        &text[query.as_ref().unwrap().range.clone()],
        "SELECT a FROM t"
    );
    let StmtKind::Fetch { into, limit, .. } = &stmts[2].kind else {
        panic!()
    };
    assert!(into.bulk);
    assert_eq!(&text[limit.as_ref().unwrap().range.clone()], "100");
    let StmtKind::Fetch { into, limit, .. } = &stmts[3].kind else {
        panic!()
    };
    assert_eq!(into.targets.len(), 2);
    assert!(limit.is_none());
    assert!(matches!(&stmts[4].kind, StmtKind::Close { cursor } if cursor.text == "c"));
}

#[test]
fn transaction_control() {
    let (_, stmts) = stmts(
        "  SAVEPOINT before_load;\n  COMMIT WORK;\n  ROLLBACK TO SAVEPOINT before_load;\n  ROLLBACK TO before_load;\n  ROLLBACK;",
    );
    assert!(matches!(&stmts[0].kind, StmtKind::Savepoint { name } if name.text == "before_load"));
    assert!(matches!(stmts[1].kind, StmtKind::Commit));
    for stmt in &stmts[2..4] {
        assert!(
            matches!(&stmt.kind, StmtKind::Rollback { to_savepoint: Some(n) } if n.text == "before_load")
        );
    }
    assert!(matches!(
        stmts[4].kind,
        StmtKind::Rollback { to_savepoint: None }
    ));
}

#[test]
fn out_binds_are_reported_and_kept() {
    let text = "BEGIN\n  EXECUTE IMMEDIATE 'BEGIN p(:1, :2); END;' USING OUT a, IN OUT b;\nEND;\n";
    let parsed = crate::plsql::parse(super::file(), text);
    let modes: Vec<&str> = parsed
        .diagnostics
        .iter()
        .map(|d| {
            assert_eq!(d.code, crate::diag::Code::PlsqlDynamicSql);
            &text[d.primary.span.range.clone()]
        })
        .collect();
    assert_eq!(modes, ["OUT", "IN OUT"]);
    let Some(crate::plsql::ast::UnitKind::Anonymous(block)) =
        parsed.units.into_iter().next().map(|u| u.kind)
    else {
        panic!()
    };
    let StmtKind::ExecuteImmediate { using, .. } = &block.body[0].kind else {
        panic!()
    };
    let using: Vec<&str> = using.iter().map(|u| &text[u.range.clone()]).collect();
    assert_eq!(using, ["a", "b"]);
}
