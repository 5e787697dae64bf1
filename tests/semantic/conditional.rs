//! NULL rules: NVL, NVL2, DECODE, COALESCE, NULLIF, GREATEST/LEAST, the
//! empty string, and `||`. Citations: Oracle Database SQL Language
//! Reference (19c), the function's page or "Nulls".

use super::{Case, Refused, assert_none, refused, run};

const NULLS: &str = "Oracle SQL Reference, Nulls: 'Oracle Database currently treats a character value with a length of zero as null'";
const NULL_FUNCTIONS: &str = "Oracle SQL Reference, Nulls in SQL Functions: 'All scalar functions (except REPLACE, NVL, and CONCAT) return null when given a null argument'";
const CONCAT_OP: &str = "Oracle SQL Reference, Concatenation Operator: 'concatenating a zero-length character string with another operand always results in the other operand, so null can result only from the concatenation of two null strings'";
/// `||` of a NUMBER: Oracle converts noncharacter operands of a
/// concatenation to character data ("Data Type Comparison Rules", Implicit
/// Data Conversion), as TO_CHAR (number) does without fmt: "n is converted
/// to a VARCHAR2 value exactly long enough to hold its significant digits".
const CONCAT_NUMBER: &str = "Oracle SQL Reference, Data Type Comparison Rules (Implicit Data Conversion: 'During concatenation operations, Oracle converts from noncharacter data types to CHAR or NCHAR') and TO_CHAR (number): 'If you omit fmt, then n is converted to a VARCHAR2 value exactly long enough to hold its significant digits'";
const DECODE_NULLS: &str =
    "Oracle SQL Reference, DECODE: 'Oracle Database considers two nulls to be equivalent'";

const CASES: &[Case] = &[
    (
        "NVL(null_txt, 'N/A')",
        Some("N/A"),
        "Oracle SQL Reference, NVL: 'If expr1 is null, then NVL returns expr2'",
    ),
    (
        "NVL(txt, 'N/A')",
        Some("Hello"),
        "Oracle SQL Reference, NVL: 'If expr1 is not null, then NVL returns expr1'",
    ),
    (
        "NVL(null_num, 0)",
        Some("0"),
        "Oracle SQL Reference, NVL: 'If expr1 is null, then NVL returns expr2'",
    ),
    ("NVL(null_txt, '')", None, NULLS),
    (
        "NVL2(null_txt, 'yes', 'no')",
        Some("no"),
        "Oracle SQL Reference, NVL2: 'If expr1 is null, then NVL2 returns expr3'",
    ),
    (
        "NVL2(txt, 'yes', 'no')",
        Some("yes"),
        "Oracle SQL Reference, NVL2: 'If expr1 is not null, then NVL2 returns expr2'",
    ),
    (
        "DECODE(null_txt, NULL, 'null matched', 'no match')",
        Some("null matched"),
        DECODE_NULLS,
    ),
    (
        "DECODE(null_int, 1, 'one', NULL, 'none')",
        Some("none"),
        DECODE_NULLS,
    ),
    (
        "DECODE('', NULL, 'empty is null', 'other')",
        Some("empty is null"),
        DECODE_NULLS,
    ),
    (
        "DECODE(id, 1, 'one', 2, 'two', 'other')",
        Some("one"),
        "Oracle SQL Reference, DECODE: 'If expr is equal to a search, then Oracle Database returns the corresponding result'",
    ),
    (
        "DECODE(id, 2, 'two')",
        None,
        "Oracle SQL Reference, DECODE: 'If no match is found, then Oracle returns default. If default is omitted, then Oracle returns null'",
    ),
    (
        "DECODE(id, 2, 'two', 'other')",
        Some("other"),
        "Oracle SQL Reference, DECODE: 'If no match is found, then Oracle returns default'",
    ),
    (
        "DECODE(null_txt, txt, 'same', 'different')",
        Some("different"),
        "Oracle SQL Reference, DECODE: a null expr matches only a null search value",
    ),
    (
        "DECODE(DECODE(id, 1, NULL, 'x'), NULL, 'inner null', 'inner value')",
        Some("inner null"),
        DECODE_NULLS,
    ),
    (
        "dEcOdE(Id, 1, 'mixed case')",
        Some("mixed case"),
        "Oracle SQL Reference, DECODE; identifiers and function names are case-insensitive",
    ),
    (
        "COALESCE(null_txt, null_txt, 'third')",
        Some("third"),
        "Oracle SQL Reference, COALESCE: 'returns the first non-null expr in the expression list'",
    ),
    (
        "COALESCE(null_num, num)",
        Some("2.5"),
        "Oracle SQL Reference, COALESCE: 'returns the first non-null expr in the expression list'",
    ),
    (
        "NULLIF(txt, 'Hello')",
        None,
        "Oracle SQL Reference, NULLIF: 'If they are equal, then the function returns null'",
    ),
    (
        "NULLIF(txt, 'World')",
        Some("Hello"),
        "Oracle SQL Reference, NULLIF: 'If they are not equal, then the function returns expr1'",
    ),
    (
        "GREATEST(1, 3, 2)",
        Some("3"),
        "Oracle SQL Reference, GREATEST: 'returns the greatest of a list of one or more expressions'",
    ),
    (
        "GREATEST('HARRY', 'HARRIOT', 'HAROLD')",
        Some("HARRY"),
        "Oracle SQL Reference, GREATEST example: returns HARRY",
    ),
    (
        "LEAST('HARRY', 'HARRIOT', 'HAROLD')",
        Some("HAROLD"),
        "Oracle SQL Reference, LEAST example: returns HAROLD",
    ),
    ("GREATEST(1, null_int, 2)", None, NULL_FUNCTIONS),
    ("LEAST(num, null_num)", None, NULL_FUNCTIONS),
    ("''", None, NULLS),
    (
        "CASE WHEN '' IS NULL THEN 'null' ELSE 'not null' END",
        Some("null"),
        NULLS,
    ),
    (
        "CASE WHEN txt = '' THEN 'equal' ELSE 'not equal' END",
        Some("not equal"),
        "Oracle SQL Reference, Nulls in Conditions: a condition that compares with null is UNKNOWN, never TRUE",
    ),
    ("'a' || NULL", Some("a"), CONCAT_OP),
    ("null_txt || 'b'", Some("b"), CONCAT_OP),
    ("null_txt || null_txt", None, CONCAT_OP),
    (
        "'Name: ' || txt",
        Some("Name: Hello"),
        "Oracle SQL Reference, Concatenation Operator: 'concatenates character strings'",
    ),
    ("txt || '' || txt", Some("HelloHello"), CONCAT_OP),
    (
        "'id' || id",
        Some("id1"),
        "Oracle SQL Reference, Concatenation Operator; an integer converts to its digits",
    ),
    // A decimal operand: its significant digits, as TO_CHAR(n) without fmt.
    ("'v' || num", Some("v2.5"), CONCAT_NUMBER),
    ("'x' || 0.5", Some("x.5"), CONCAT_NUMBER),
    ("'x' || -0.5", Some("x-.5"), CONCAT_NUMBER),
    ("100.00 || '%'", Some("100%"), CONCAT_NUMBER),
    ("'n' || null_num", Some("n"), CONCAT_NUMBER),
    ("null_num || null_txt", None, CONCAT_NUMBER),
    ("CONCAT(null_txt, 'x')", Some("x"), NULL_FUNCTIONS),
    ("LENGTH('')", None, NULLS),
    ("UPPER(null_txt || null_txt) /* comment */", None, CONCAT_OP),
];

const REFUSED: &[Refused] = &[("'d' || day", "Oracle converts dates with NLS_DATE_FORMAT")];

#[test]
fn null_rules_and_conditionals() {
    let mut failures = run("conditional", "t.one", CASES);
    failures.extend(refused(REFUSED));
    assert_none(failures);
}
