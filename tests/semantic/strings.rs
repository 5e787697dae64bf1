//! Text functions: SUBSTR and INSTR positions, LENGTH, LPAD/RPAD, the TRIM
//! family, REPLACE, INITCAP, UPPER/LOWER, CHR/ASCII. Citations: Oracle
//! Database SQL Language Reference (19c), the function's page.

use super::{Case, Refused, assert_none, refused, run};

const SUBSTR_ZERO: &str =
    "Oracle SQL Reference, SUBSTR: 'If position is 0, then it is treated as 1'";
const SUBSTR_NEG: &str = "Oracle SQL Reference, SUBSTR: 'If position is negative, then Oracle counts backward from the end of char'";
const SUBSTR_LEN: &str =
    "Oracle SQL Reference, SUBSTR: 'If substring_length is less than 1, then Oracle returns null'";
const EMPTY: &str = "Oracle SQL Reference, Nulls: a character value with a length of zero is null";
const INSTR: &str = "Oracle SQL Reference, INSTR: 'searches string for substring ... beginning at position ... for the occurrence-th occurrence'";
const INITCAP: &str = "Oracle SQL Reference, INITCAP: 'Words are delimited by white space or characters that are not alphanumeric'";

const CASES: &[Case] = &[
    (
        "SUBSTR('ABCDEFG', 3, 4)",
        Some("CDEF"),
        "Oracle SQL Reference, SUBSTR example: SUBSTR('ABCDEFG',3,4) is CDEF",
    ),
    (
        "SUBSTR('ABCDEFG', -5, 4)",
        Some("CDEF"),
        "Oracle SQL Reference, SUBSTR example: SUBSTR('ABCDEFG',-5,4) is CDEF",
    ),
    ("SUBSTR('ABCDEFG', 0, 3)", Some("ABC"), SUBSTR_ZERO),
    ("SUBSTR(txt, 0)", Some("Hello"), SUBSTR_ZERO),
    (
        "SUBSTR('ABCDEFG', 3)",
        Some("CDEFG"),
        "Oracle SQL Reference, SUBSTR: 'If substring_length is omitted, then Oracle returns all characters to the end of char'",
    ),
    ("SUBSTR('ABCDEFG', -3)", Some("EFG"), SUBSTR_NEG),
    ("SUBSTR(txt, pos)", Some("llo"), SUBSTR_NEG),
    ("SUBSTR(txt, pos, 2)", Some("ll"), SUBSTR_NEG),
    (
        "SUBSTR(txt, id, 2)",
        Some("He"),
        "Oracle SQL Reference, SUBSTR: position 1 is the first character",
    ),
    ("SUBSTR(txt, id - 1, 2)", Some("He"), SUBSTR_ZERO),
    ("SUBSTR(txt, 10)", None, EMPTY),
    (
        "SUBSTR(null_txt, 1, 2)",
        None,
        "Oracle SQL Reference, Nulls in SQL Functions: null argument, null result",
    ),
    (
        "SUBSTR(txt, null_int)",
        None,
        "Oracle SQL Reference, Nulls in SQL Functions: null argument, null result",
    ),
    ("SUBSTR('ABCDEFG', 2, 0)", None, SUBSTR_LEN),
    ("SUBSTR('ABCDEFG', 2, -1)", None, SUBSTR_LEN),
    ("SUBSTR(txt, 2, id - 1)", None, SUBSTR_LEN),
    ("SUBSTR(txt, -2, id + 5)", Some("lo"), SUBSTR_NEG),
    (
        "INSTR('CORPORATE FLOOR', 'OR', 3, 2)",
        Some("14"),
        "Oracle SQL Reference, INSTR example: INSTR('CORPORATE FLOOR','OR', 3, 2) is 14",
    ),
    ("INSTR('CORPORATE FLOOR', 'OR')", Some("2"), INSTR),
    ("INSTR('CORPORATE FLOOR', 'OR', 3)", Some("5"), INSTR),
    ("INSTR('CORPORATE FLOOR', 'O', 1, 3)", Some("13"), INSTR),
    (
        "INSTR('CORPORATE FLOOR', 'XY')",
        Some("0"),
        "Oracle SQL Reference, INSTR: 'If substring is not found in string, then the INSTR function returns 0'",
    ),
    (
        "INSTR('CORPORATE FLOOR', 'OR', 3, 5)",
        Some("0"),
        "Oracle SQL Reference, INSTR: 'If substring is not found in string, then the INSTR function returns 0'",
    ),
    ("INSTR(txt, 'l', 1, 2)", Some("4"), INSTR),
    ("INSTR('a.b.c', '.', 1, 2)", Some("4"), INSTR),
    ("INSTR('x(y)z(y)', '(y)', 2, 2)", Some("6"), INSTR),
    (
        "INSTR(null_txt, 'a')",
        None,
        "Oracle SQL Reference, Nulls in SQL Functions: null argument, null result",
    ),
    (
        "LENGTH('CANDIDE')",
        Some("7"),
        "Oracle SQL Reference, LENGTH example: LENGTH('CANDIDE') is 7",
    ),
    (
        "LENGTH(null_txt)",
        None,
        "Oracle SQL Reference, LENGTH: 'If char is null, then this function returns null'",
    ),
    (
        "LPAD('Page 1', 15, '*.')",
        Some("*.*.*.*.*Page 1"),
        "Oracle SQL Reference, LPAD example: LPAD('Page 1',15,'*.') is '*.*.*.*.*Page 1'",
    ),
    (
        "RPAD('MORRISON', 12, 'ab')",
        Some("MORRISONabab"),
        "Oracle SQL Reference, RPAD: 'returns expr1, right-padded to length n characters with expr2, replicated as many times as necessary'",
    ),
    (
        "LPAD('abc', 2)",
        Some("ab"),
        "Oracle SQL Reference, LPAD: 'If expr1 is longer than n, then this function returns the portion of expr1 that fits in n'",
    ),
    (
        "RPAD(txt, 7)",
        Some("Hello  "),
        "Oracle SQL Reference, RPAD: 'If you do not specify expr2, then the default is a single blank'",
    ),
    (
        "LPAD(txt, id + 6, '-')",
        Some("--Hello"),
        "Oracle SQL Reference, LPAD: left-padded to length n",
    ),
    ("LPAD(txt, id - 1, '-')", None, EMPTY),
    ("LPAD(txt, 0)", None, EMPTY),
    (
        "TRIM('  x  ')",
        Some("x"),
        "Oracle SQL Reference, TRIM: 'If you specify neither, then Oracle removes leading and trailing blank spaces'",
    ),
    (
        "TRIM(BOTH 'x' FROM 'xxHixx')",
        Some("Hi"),
        "Oracle SQL Reference, TRIM: 'If you specify BOTH or none of the three, then Oracle removes leading and trailing characters equal to trim_character'",
    ),
    (
        "TRIM(LEADING 'x' FROM 'xxHixx')",
        Some("Hixx"),
        "Oracle SQL Reference, TRIM: 'If you specify LEADING, then Oracle removes any leading characters equal to trim_character'",
    ),
    (
        "TRIM(TRAILING 'x' FROM 'xxHixx')",
        Some("xxHi"),
        "Oracle SQL Reference, TRIM: 'If you specify TRAILING, then Oracle removes any trailing characters equal to trim_character'",
    ),
    ("TRIM('   ')", None, EMPTY),
    (
        "LTRIM('<=====>BROWNING<=====>', '<>=')",
        Some("BROWNING<=====>"),
        "Oracle SQL Reference, LTRIM example",
    ),
    (
        "RTRIM('<=====>BROWNING<=====>', '<>=')",
        Some("<=====>BROWNING"),
        "Oracle SQL Reference, RTRIM example",
    ),
    ("LTRIM('xxx', 'x')", None, EMPTY),
    ("RTRIM('  ')", None, EMPTY),
    (
        "REPLACE('JACK and JUE', 'J', 'BL')",
        Some("BLACK and BLUE"),
        "Oracle SQL Reference, REPLACE example: 'BLACK and BLUE'",
    ),
    (
        "REPLACE('JACK and JUE', 'J')",
        Some("ACK and UE"),
        "Oracle SQL Reference, REPLACE: 'If replacement_string is omitted or null, then all occurrences of search_string are removed'",
    ),
    (
        "REPLACE(txt, 'l', NULL)",
        Some("Heo"),
        "Oracle SQL Reference, REPLACE: 'If replacement_string is omitted or null, then all occurrences of search_string are removed'",
    ),
    ("REPLACE('JJ', 'J')", None, EMPTY),
    (
        "INITCAP('the soap')",
        Some("The Soap"),
        "Oracle SQL Reference, INITCAP example: 'The Soap'",
    ),
    (
        "INITCAP('o''neil-smith_jr')",
        Some("O'Neil-Smith_Jr"),
        INITCAP,
    ),
    (
        "INITCAP('hELLO wORLD2day')",
        Some("Hello World2day"),
        INITCAP,
    ),
    (
        "UPPER('Large')",
        Some("LARGE"),
        "Oracle SQL Reference, UPPER: 'returns char, with all letters uppercase'",
    ),
    (
        "LOWER('MR. SCOTT MCMILLAN')",
        Some("mr. scott mcmillan"),
        "Oracle SQL Reference, LOWER example",
    ),
    (
        "CHR(67) || CHR(65) || CHR(84)",
        Some("CAT"),
        "Oracle SQL Reference, CHR example: CHR(67)||CHR(65)||CHR(84) is CAT",
    ),
    (
        "ASCII('A')",
        Some("65"),
        "Oracle SQL Reference, ASCII: 'returns the decimal representation in the database character set of the first character of char'",
    ),
];

const REFUSED: &[Refused] = &[
    (
        "INSTR('CORPORATE FLOOR', 'OR', -3, 2)",
        "a negative position searches backwards; Redshift has no such search",
    ),
    (
        "INSTR('AAAA', 'AA', 1, 2)",
        "Oracle counts overlapping occurrences, REGEXP_INSTR does not",
    ),
    (
        "INSTR(txt, null_txt, 1, 2)",
        "the search text must be a literal to be escaped as a pattern",
    ),
    (
        "SUBSTR(num, 1, 2)",
        "Oracle converts the number to text with its own rules",
    ),
    (
        "CHR(200)",
        "codes above 127 depend on the database character set",
    ),
    (
        "'C:\\temp'",
        "Redshift reads a backslash in a literal as an escape",
    ),
];

#[test]
fn text_functions() {
    let mut failures = run("strings", "t.one", CASES);
    failures.extend(refused(REFUSED));
    assert_none(failures);
}
