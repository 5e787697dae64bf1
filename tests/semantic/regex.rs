//! Regular expressions and LISTAGG. Citations: Oracle Database SQL Language
//! Reference (19c): REGEXP_LIKE, REGEXP_SUBSTR, REGEXP_REPLACE, REGEXP_INSTR,
//! REGEXP_COUNT, LISTAGG, and Appendix D "Oracle Regular Expression Support".

use super::{Case, Refused, assert_none, refused, run};

const DOT: &str = "Oracle SQL Reference, REGEXP_LIKE match_param: 'n allows the period (.), which is the match-any-character character, to match the newline character. If you omit this parameter, then the period does not match the newline character'";
const NO_MATCH_NULL: &str =
    "Oracle SQL Reference, REGEXP_SUBSTR: 'If no match is found, then the function returns null'";
const PERL: &str =
    "Oracle SQL Reference, Appendix D, PERL-Influenced Extensions: '\\d A digit character'";

const CASES: &[Case] = &[
    (
        "CASE WHEN REGEXP_LIKE(txt, '^H.l') THEN 'y' ELSE 'n' END",
        Some("y"),
        "Oracle SQL Reference, REGEXP_LIKE: 'returns rows that match the regular expression'",
    ),
    (
        "CASE WHEN REGEXP_LIKE(txt, '^h') THEN 'y' ELSE 'n' END",
        Some("n"),
        "Oracle SQL Reference, REGEXP_LIKE match_param: default case sensitivity is case-sensitive (NLS_SORT binary)",
    ),
    (
        "CASE WHEN REGEXP_LIKE(txt, '^h', 'i') THEN 'y' ELSE 'n' END",
        Some("y"),
        "Oracle SQL Reference, REGEXP_LIKE match_param: 'i specifies case-insensitive matching'",
    ),
    (
        "CASE WHEN REGEXP_LIKE('a' || CHR(10) || 'b', 'a.b') THEN 'y' ELSE 'n' END",
        Some("n"),
        DOT,
    ),
    (
        "CASE WHEN REGEXP_LIKE('a' || CHR(10) || 'b', 'a.b', 'n') THEN 'y' ELSE 'n' END",
        Some("y"),
        DOT,
    ),
    (
        "CASE WHEN REGEXP_LIKE('555-1234', '^\\d{3}-\\d{4}$') THEN 'y' ELSE 'n' END",
        Some("y"),
        PERL,
    ),
    (
        "CASE WHEN REGEXP_LIKE(null_txt, 'a') THEN 'y' ELSE 'n' END",
        Some("n"),
        "Oracle SQL Reference, Nulls in Conditions: a condition on null is UNKNOWN",
    ),
    (
        "REGEXP_SUBSTR('500 Oracle Parkway, Redwood Shores, CA', ',[^,]+,')",
        Some(", Redwood Shores,"),
        "Oracle SQL Reference, REGEXP_SUBSTR example: ', Redwood Shores,'",
    ),
    (
        "REGEXP_SUBSTR('http://www.example.com/products', 'http://([[:alnum:]]+\\.?){3,4}/?')",
        Some("http://www.example.com/"),
        "Oracle SQL Reference, REGEXP_SUBSTR example: 'http://www.example.com/'",
    ),
    (
        "REGEXP_SUBSTR('1234567890', '(123)(4(56)(78))', 1, 1, 'i', 1)",
        Some("123"),
        "Oracle SQL Reference, REGEXP_SUBSTR example with subexpr 1: '123'",
    ),
    ("REGEXP_SUBSTR('abc', 'x')", None, NO_MATCH_NULL),
    (
        "REGEXP_SUBSTR('a1b22c333', '[0-9]+', 1, 2)",
        Some("22"),
        "Oracle SQL Reference, REGEXP_SUBSTR: occurrence 'indicating which occurrence of pattern in source_char Oracle should search for'",
    ),
    ("REGEXP_SUBSTR('a1b22', '\\d+')", Some("1"), PERL),
    (
        "REGEXP_SUBSTR(null_txt, 'a')",
        None,
        "Oracle SQL Reference, Nulls in SQL Functions: null argument, null result",
    ),
    (
        "REGEXP_REPLACE('500   Oracle     Parkway,    Redwood  Shores, CA', '( ){2,}', ' ')",
        Some("500 Oracle Parkway, Redwood Shores, CA"),
        "Oracle SQL Reference, REGEXP_REPLACE example",
    ),
    (
        "REGEXP_REPLACE('abcabc', 'b')",
        Some("acac"),
        "Oracle SQL Reference, REGEXP_REPLACE: 'If you omit replace_string, then ... removes'; occurrence default 0 'replaces all occurrences of the match'",
    ),
    (
        "REGEXP_REPLACE('aaa', 'a')",
        None,
        "Oracle SQL Reference, Nulls: a zero-length character value is null",
    ),
    (
        "REGEXP_REPLACE('a.b.c', '\\.', '-')",
        Some("a-b-c"),
        "Oracle SQL Reference, Appendix D: '\\ Treats the subsequent metacharacter in the expression as a literal'",
    ),
    (
        "REGEXP_REPLACE('ABC', 'b', 'x', 1, 0, 'i')",
        Some("AxC"),
        "Oracle SQL Reference, REGEXP_REPLACE match_param 'i'",
    ),
    (
        "REGEXP_REPLACE(txt, 'l', null_txt)",
        Some("Heo"),
        "Oracle SQL Reference, Nulls: a null replace_string is the empty string, matches are removed",
    ),
    (
        "REGEXP_INSTR('500 Oracle Parkway, Redwood Shores, CA', '[^ ]+', 1, 6)",
        Some("37"),
        "Oracle SQL Reference, REGEXP_INSTR example: 37",
    ),
    (
        "REGEXP_INSTR('500 Oracle Parkway, Redwood Shores, CA', '[s|r|p][[:alpha:]]{6}', 3, 2, 1, 'i')",
        Some("28"),
        "Oracle SQL Reference, REGEXP_INSTR example: 28",
    ),
    (
        "REGEXP_INSTR('abc', 'x')",
        Some("0"),
        "Oracle SQL Reference, REGEXP_INSTR: 'If no match is found, then the function returns 0'",
    ),
    (
        "REGEXP_COUNT('123123123123123', '(12)3', 1, 'i')",
        Some("5"),
        "Oracle SQL Reference, REGEXP_COUNT example: 5",
    ),
    (
        "REGEXP_COUNT('123123123123', '123', 3, 'i')",
        Some("3"),
        "Oracle SQL Reference, REGEXP_COUNT example: 3",
    ),
    (
        "REGEXP_COUNT(txt, 'l')",
        Some("2"),
        "Oracle SQL Reference, REGEXP_COUNT: 'returns the number of times a pattern occurs'",
    ),
];

const LISTAGG: &str = "Oracle SQL Reference, LISTAGG: 'orders data within each group specified in the ORDER BY clause and then concatenates the values of the measure column'; 'Null values in the measure column are ignored'";

const AGGREGATES: &[Case] = &[
    (
        "LISTAGG(name, '; ') WITHIN GROUP (ORDER BY name)",
        Some("Jones; Smith"),
        LISTAGG,
    ),
    (
        "LISTAGG(name, ',') WITHIN GROUP (ORDER BY k DESC)",
        Some("Jones,Smith"),
        LISTAGG,
    ),
    (
        "LISTAGG(name) WITHIN GROUP (ORDER BY k)",
        Some("SmithJones"),
        "Oracle SQL Reference, LISTAGG: 'The delimiter ... defaults to NULL'",
    ),
];

const REFUSED: &[Refused] = &[
    (
        "REGEXP_REPLACE(txt, 'l', 'L', 1, 2)",
        "Redshift replaces every occurrence",
    ),
    (
        "REGEXP_SUBSTR(txt, '(l)(o)', 1, 1, 'c', 2)",
        "Redshift extracts only the first subexpression",
    ),
    (
        "CASE WHEN REGEXP_LIKE(txt, '^h', 'm') THEN 1 END",
        "multi-line mode",
    ),
    (
        "REGEXP_REPLACE(txt, '(l)', '\\1\\1')",
        "back-references in the replacement",
    ),
    (
        "REGEXP_SUBSTR(txt, null_txt)",
        "the pattern must be a literal",
    ),
];

#[test]
fn regular_expressions() {
    let mut failures = run("regex", "t.one", CASES);
    failures.extend(run("listagg", "t.rows WHERE grp = 1", AGGREGATES));
    failures.extend(refused(REFUSED));
    assert_none(failures);
}
