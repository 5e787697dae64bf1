//! Scripts translated on their own: their statements and anonymous blocks
//! run in the order SQL*Plus runs them: the `/` after a block "executes the
//! SQL command or PL/SQL block currently stored in the SQL buffer"
//! (SQL*Plus User's Guide and Reference, "/ (slash)",
//! https://docs.oracle.com/cd/B28359_01/server.111/b31189/ch12004.htm).

use eltc::diag::SourceMap;
use eltc::plsql::{Input, Output, translate_files};
use eltc::target::POSTGRES;
use eltc::target::postgres::adapt_statement;

use super::{db_error, rows};
use crate::support::pg;

/// The PostgreSQL form of `script`, statement by statement in output order,
/// and the Redshift name of every procedure it creates.
fn translate(script: &str) -> (Vec<String>, Vec<String>) {
    let mut sources = SourceMap::new();
    let file = sources.add("script.sql", script.to_string());
    let translation = translate_files(&[Input { file, text: script }]);
    let errors: Vec<_> = translation
        .diagnostics
        .iter()
        .filter(|d| d.is_error())
        .map(|d| d.code.name())
        .collect();
    assert!(errors.is_empty(), "not translated: {errors:?}");
    let mut statements = Vec::new();
    let mut procedures = Vec::new();
    for output in &translation.outputs {
        match output {
            Output::Statement(statement) => {
                statements.push(format!("{};", adapt_statement(statement)));
            }
            Output::Procedure(procedure) => {
                procedures.push(procedure.name.clone());
                statements.push(procedure.render(&POSTGRES));
            }
        }
    }
    (statements, procedures)
}

const SCRIPT: &str = "\
CREATE TABLE s.counts (k NUMBER(5), n NUMBER(5));
INSERT INTO s.counts (k, n) VALUES (1, 10);
BEGIN
  UPDATE s.counts SET n = n + 1 WHERE k = 1;
  INSERT INTO s.counts (k, n) VALUES (2, 20);
END;
/
UPDATE s.counts SET n = n * 2;
";

/// The block ran where it stood: after the first INSERT, before the last
/// UPDATE; and it leaves no procedure behind.
#[test]
fn anonymous_block_runs_where_it_stood() {
    let (statements, procedures) = translate(SCRIPT);
    let server = pg::server();
    let mut client = server.fresh_database("plsql_scripts");
    client
        .batch_execute("CREATE SCHEMA s;")
        .expect("scratch schema");
    for sql in &statements {
        if let Err(error) = client.batch_execute(sql) {
            panic!("PostgreSQL rejects\n{sql}\n{}", db_error(&error));
        }
    }
    let mut got = rows(&mut client, "SELECT k, n FROM s.counts ORDER BY k").expect("query");
    got.sort();
    assert_eq!(got, ["1|22", "2|40"], "{}", statements.join("\n"));
    for name in procedures {
        let (schema, procedure) = name.split_once('.').expect("qualified");
        let left = rows(
            &mut client,
            &format!(
                "SELECT 1 FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace \
                 WHERE n.nspname = '{schema}' AND p.proname = '{procedure}'"
            ),
        )
        .expect("catalog query");
        assert!(left.is_empty(), "{name} was not dropped");
    }
}

/// Two scripts deployed to one database do not replace each other's blocks.
#[test]
fn anonymous_blocks_of_two_scripts_have_their_own_names() {
    let other = SCRIPT.replace("n + 1", "n + 2");
    let (_, first) = translate(SCRIPT);
    let (_, second) = translate(&other);
    assert_eq!(first.len(), 1);
    assert_eq!(second.len(), 1);
    assert_ne!(first, second);
}
