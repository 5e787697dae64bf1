//! Numbers: ROUND and TRUNC (NUMBER rounds half away from zero), MOD, SIGN,
//! CEIL, FLOOR, ABS. Citations: Oracle Database SQL Language Reference (19c).

use super::{Case, Refused, assert_none, refused, run};

const ROUND_HALF: &str = "Oracle SQL Reference, ROUND (number): 'For NUMBER values, the value n is rounded away from 0 (for example, to x+1 when x.5 is positive and to x-1 when x.5 is negative)'";
const MOD: &str = "Oracle SQL Reference, MOD: example table of MOD and REMAINDER (MOD(11,4)=3, MOD(-11,4)=-3, MOD(11,-4)=3, MOD(-11,-4)=-3)";

const CASES: &[Case] = &[
    (
        "ROUND(15.193, 1)",
        Some("15.2"),
        "Oracle SQL Reference, ROUND (number) example: ROUND(15.193,1) is 15.2",
    ),
    (
        "ROUND(15.193, -1)",
        Some("20"),
        "Oracle SQL Reference, ROUND (number) example: ROUND(15.193,-1) is 20",
    ),
    ("ROUND(1.5)", Some("2"), ROUND_HALF),
    ("ROUND(2.5)", Some("3"), ROUND_HALF),
    ("ROUND(-1.5)", Some("-2"), ROUND_HALF),
    ("ROUND(-2.5)", Some("-3"), ROUND_HALF),
    ("ROUND(num)", Some("3"), ROUND_HALF),
    ("ROUND(0.125, 2)", Some("0.13"), ROUND_HALF),
    (
        "ROUND(null_num, 1)",
        None,
        "Oracle SQL Reference, Nulls in SQL Functions: null argument, null result",
    ),
    (
        "TRUNC(15.79, 1)",
        Some("15.7"),
        "Oracle SQL Reference, TRUNC (number) example: TRUNC(15.79,1) is 15.7",
    ),
    (
        "TRUNC(15.79, -1)",
        Some("10"),
        "Oracle SQL Reference, TRUNC (number) example: TRUNC(15.79,-1) is 10",
    ),
    (
        "TRUNC(-15.79)",
        Some("-15"),
        "Oracle SQL Reference, TRUNC (number): 'If n2 is omitted, then n1 is truncated to 0 places'",
    ),
    (
        "TRUNC(id)",
        Some("1"),
        "Oracle SQL Reference, TRUNC (number): an integer has no decimal places to truncate",
    ),
    ("MOD(11, 4)", Some("3"), MOD),
    ("MOD(-11, 4)", Some("-3"), MOD),
    ("MOD(11, -4)", Some("3"), MOD),
    ("MOD(-11, -4)", Some("-3"), MOD),
    (
        "SIGN(-15)",
        Some("-1"),
        "Oracle SQL Reference, SIGN example: SIGN(-15) is -1",
    ),
    (
        "SIGN(0)",
        Some("0"),
        "Oracle SQL Reference, SIGN: 'n = 0, then 0'",
    ),
    (
        "CEIL(15.7)",
        Some("16"),
        "Oracle SQL Reference, CEIL example: CEIL(15.7) is 16",
    ),
    (
        "CEIL(-15.7)",
        Some("-15"),
        "Oracle SQL Reference, CEIL: 'returns the smallest integer that is greater than or equal to n'",
    ),
    (
        "FLOOR(15.7)",
        Some("15"),
        "Oracle SQL Reference, FLOOR example: FLOOR(15.7) is 15",
    ),
    (
        "FLOOR(-15.7)",
        Some("-16"),
        "Oracle SQL Reference, FLOOR: 'returns the largest integer equal to or less than n'",
    ),
    (
        "ABS(-15)",
        Some("15"),
        "Oracle SQL Reference, ABS example: ABS(-15) is 15",
    ),
];

const REFUSED: &[Refused] = &[
    (
        "7 / 2",
        "Oracle divides exactly (3.5), Redshift integer division truncates",
    ),
    (
        "ROUND(CAST(2.5 AS BINARY_DOUBLE))",
        "BINARY_DOUBLE rounds half to even in Oracle",
    ),
];

#[test]
fn numbers() {
    let mut failures = run("numbers", "t.one", CASES);
    failures.extend(refused(REFUSED));
    assert_none(failures);
}
