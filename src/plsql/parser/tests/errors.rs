//! Each error points at the offending token.

use super::errors;

/// The one diagnostic of `text`: its message and the text it points at.
fn one(text: &str) -> (String, String) {
    let found = errors(text);
    assert_eq!(found.len(), 1, "{found:?}");
    found.into_iter().next().unwrap()
}

#[test]
fn missing_end_if_points_at_the_end_of_the_block() {
    let (message, at) = one("BEGIN\n  IF a THEN\n    NULL;\nEND;\n");
    assert_eq!(message, "expected `END IF`, found `END` without `IF`");
    assert_eq!(at, "END");
}

#[test]
fn missing_then() {
    let (message, at) = one("BEGIN\n  IF a = 1\n    x := 2;\n  END IF;\nEND;\n");
    assert_eq!(message, "expected `THEN`, found `x`");
    assert_eq!(at, "x");
}

#[test]
fn stray_elsif() {
    let (message, at) = one("BEGIN\n  NULL;\n  ELSIF a THEN NULL;\nEND;\n");
    assert_eq!(message, "`ELSIF` outside an IF");
    assert_eq!(at, "ELSIF");
}

#[test]
fn missing_semicolon_after_an_assignment() {
    let (message, at) = one("BEGIN\n  x := 1\n  y := 2;\nEND;\n");
    assert_eq!(message, "expected `;`, found `y`");
    assert_eq!(at, "y");
}

#[test]
fn missing_semicolon_after_a_call() {
    let (message, at) = one("BEGIN\n  log_it\n  y := 2;\nEND;\n");
    assert_eq!(message, "expected `;` or `:=`, found `y`");
    assert_eq!(at, "y");
}

#[test]
fn unterminated_string_points_at_its_quote() {
    let (message, at) = one("BEGIN\n  x := 'abc;\nEND;\n");
    assert_eq!(message, "unterminated string: no closing quote");
    assert_eq!(at, "'");
}

#[test]
fn unbalanced_parenthesis_points_at_the_open_one() {
    let (message, at) = one("BEGIN\n  x := f(1, (2);\nEND;\n");
    assert_eq!(message, "unbalanced parentheses: this `(` is not closed");
    assert_eq!(at, "(");
}

#[test]
fn exception_section_without_handler() {
    let (message, at) = one("BEGIN\n  NULL;\nEXCEPTION\nEND;\n");
    assert_eq!(
        message,
        "expected `WHEN` (an exception handler), found `END`"
    );
    assert_eq!(at, "END");
}

#[test]
fn slash_inside_a_body() {
    let (message, at) = one("CREATE PROCEDURE p IS\nBEGIN\n  NULL;\n/\n");
    assert_eq!(message, "expected `END`, found `/`, the end of the unit");
    assert_eq!(at, "/");
}

#[test]
fn select_without_into() {
    let (message, at) = one("BEGIN\n  SELECT a FROM t;\nEND;\n");
    assert_eq!(message, "a SELECT in PL/SQL needs an INTO clause");
    assert_eq!(at, "SELECT");
}

#[test]
fn end_name_that_is_not_the_units() {
    let (message, at) = one("CREATE PROCEDURE p IS BEGIN NULL; END q;\n");
    assert_eq!(message, "`END q` does not match the name `p`");
    assert_eq!(at, "q");
}

#[test]
fn junk_after_end() {
    let (message, at) = one("CREATE PROCEDURE p IS BEGIN NULL; END p;\nNULL;\n/\n");
    assert_eq!(
        message,
        "expected `/` on its own line after the unit, found `NULL`"
    );
    assert_eq!(at, "NULL");
}

#[test]
fn empty_branch_needs_null() {
    let (message, at) = one("BEGIN\n  IF a THEN\n  END IF;\nEND;\n");
    assert_eq!(message, "expected a statement after THEN, found `END`");
    assert_eq!(at, "END");
}

#[test]
fn end_loop_missing() {
    let (message, at) = one("BEGIN\n  LOOP\n    EXIT;\n  END;\nEND;\n");
    assert_eq!(message, "expected `END LOOP`, found `END` without `LOOP`");
    assert_eq!(at, "END");
}

#[test]
fn missing_semicolon_before_a_call_on_the_next_line() {
    let (message, at) = one("BEGIN\n  x := x + 1\n  log_it(x);\nEND;\n");
    assert_eq!(message, "expected `;`, found `log_it`");
    assert_eq!(at, "log_it");
}

#[test]
fn multi_line_expressions_are_not_cut() {
    let found = errors(
        "BEGIN\n  x := CASE\n         WHEN a THEN 1\n         ELSE 2\n       END;\n  y := a\n       AND b\n       OR c IS NOT NULL;\nEND;\n",
    );
    assert!(found.is_empty(), "{found:?}");
}

#[test]
fn substitution_variables_are_reported() {
    let (message, at) = one("BEGIN\n  DELETE FROM &schema..t;\nEND;\n");
    assert!(message.contains("substitution variable"), "{message}");
    assert_eq!(at, "&schema");
}
