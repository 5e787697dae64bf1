//! Dates: TRUNC and ROUND of dates, ADD_MONTHS, MONTHS_BETWEEN, LAST_DAY,
//! NEXT_DAY, date arithmetic, EXTRACT. Citations: Oracle Database SQL
//! Language Reference (19c): the function's page, and "ROUND and TRUNC Date
//! Functions" (the format models). Dates print as ISO text (PostgreSQL's
//! CAST(date AS TEXT)); Oracle's examples show them in NLS_DATE_FORMAT.

use super::{Case, Refused, assert_none, refused, run};

const ADD_MONTHS: &str = "Oracle SQL Reference, ADD_MONTHS: 'If date is the last day of the month or if the resulting month has fewer days than the day component of date, then the result is the last day of the resulting month. Otherwise, the result has the same day component as date'";
const MONTHS_BETWEEN: &str = "Oracle SQL Reference, MONTHS_BETWEEN: 'If date1 and date2 are either the same days of the month or both last days of months, then the result is always an integer. Otherwise Oracle Database calculates the fractional portion of the result based on a 31-day month'";
const ROUND_MM: &str = "Oracle SQL Reference, ROUND and TRUNC Date Functions: MONTH, MON, MM, RM 'Month (rounds up on the sixteenth day)'";
const ROUND_Q: &str = "Oracle SQL Reference, ROUND and TRUNC Date Functions: Q 'Quarter (rounds up on the sixteenth day of the second month of the quarter)'";
const ROUND_YEAR: &str =
    "Oracle SQL Reference, ROUND and TRUNC Date Functions: YEAR, YYYY 'Year (rounds up on July 1)'";
const MONTHS_BETWEEN_TIME: &str = "Oracle SQL Reference, MONTHS_BETWEEN: the fraction is 'based on a 31-day month and considers the difference in time components': (day difference + time difference) / 31, whose sign is the day difference's when the days differ, so TRUNC keeps the whole months below the day difference";
const LAST_DAY_TIME: &str = "Oracle SQL Reference, LAST_DAY example: LAST_DAY(SYSDATE) - SYSDATE is a whole 29 days (the time of day is kept)";
const NEXT_DAY: &str = "Oracle SQL Reference, NEXT_DAY: 'returns the date of the first weekday named by char that is later than the date date'";

const CASES: &[Case] = &[
    (
        "TRUNC(DATE '1992-10-27', 'YEAR')",
        Some("1992-01-01"),
        "Oracle SQL Reference, TRUNC (date) example: TRUNC(27-OCT-92, 'YEAR') is 01-JAN-92",
    ),
    (
        "ROUND(DATE '1992-10-27', 'YEAR')",
        Some("1993-01-01"),
        "Oracle SQL Reference, ROUND (date) example: ROUND(27-OCT-92, 'YEAR') is 01-JAN-93",
    ),
    (
        "ROUND(DATE '2008-06-30', 'YYYY')",
        Some("2008-01-01"),
        ROUND_YEAR,
    ),
    (
        "ROUND(DATE '2008-07-01', 'YYYY')",
        Some("2009-01-01"),
        ROUND_YEAR,
    ),
    (
        "TRUNC(DATE '2008-04-30', 'MM')",
        Some("2008-04-01"),
        "Oracle SQL Reference, ROUND and TRUNC Date Functions: MM, Month",
    ),
    (
        "ROUND(DATE '2008-04-15', 'MM')",
        Some("2008-04-01"),
        ROUND_MM,
    ),
    (
        "ROUND(DATE '2008-04-16', 'MM')",
        Some("2008-05-01"),
        ROUND_MM,
    ),
    ("ROUND(day, 'MONTH')", Some("2008-05-01"), ROUND_MM),
    (
        "TRUNC(DATE '2008-05-20', 'Q')",
        Some("2008-04-01"),
        "Oracle SQL Reference, ROUND and TRUNC Date Functions: Q, Quarter",
    ),
    ("ROUND(DATE '2008-05-15', 'Q')", Some("2008-04-01"), ROUND_Q),
    ("ROUND(DATE '2008-05-16', 'Q')", Some("2008-07-01"), ROUND_Q),
    (
        "TRUNC(DATE '2020-01-01', 'IW')",
        Some("2019-12-30"),
        "Oracle SQL Reference, ROUND and TRUNC Date Functions: IW 'Same day of the week as the first day of the calendar week as defined by the ISO 8601 standard, which is Monday'",
    ),
    (
        "TRUNC(day)",
        Some("2008-04-30"),
        "Oracle SQL Reference, TRUNC (date): 'If you omit fmt, then date is truncated to the nearest day'",
    ),
    (
        "TRUNC(day, 'DD')",
        Some("2008-04-30"),
        "Oracle SQL Reference, ROUND and TRUNC Date Functions: DD, Day",
    ),
    (
        "ROUND(day)",
        Some("2008-04-30"),
        "Oracle SQL Reference, ROUND (date): 'If you omit fmt, then date is rounded to the nearest day'; midnight stays",
    ),
    (
        "TRUNC(TIMESTAMP '2008-04-30 15:30:00')",
        Some("2008-04-30"),
        "Oracle SQL Reference, TRUNC (date): 'returns date with the time portion of the day truncated'",
    ),
    (
        "ROUND(TIMESTAMP '2008-04-30 12:00:00')",
        Some("2008-05-01"),
        "Oracle SQL Reference, ROUND and TRUNC Date Functions: DD 'Day' (rounds at noon)",
    ),
    (
        "ROUND(TIMESTAMP '2008-04-30 11:59:59')",
        Some("2008-04-30"),
        "Oracle SQL Reference, ROUND and TRUNC Date Functions: DD 'Day' (rounds at noon)",
    ),
    (
        "TRUNC(TIMESTAMP '2008-04-30 15:30:00', 'HH24')",
        Some("2008-04-30 15:00:00"),
        "Oracle SQL Reference, ROUND and TRUNC Date Functions: HH, HH12, HH24 'Hour'",
    ),
    (
        "TRUNC(null_date, 'MM')",
        None,
        "Oracle SQL Reference, Nulls in SQL Functions: null argument, null result",
    ),
    (
        "ADD_MONTHS(DATE '2008-03-31', 1)",
        Some("2008-04-30"),
        ADD_MONTHS,
    ),
    (
        "ADD_MONTHS(DATE '2008-04-30', 1)",
        Some("2008-05-31"),
        ADD_MONTHS,
    ),
    (
        "ADD_MONTHS(DATE '2008-01-15', 1)",
        Some("2008-02-15"),
        ADD_MONTHS,
    ),
    (
        "ADD_MONTHS(DATE '2008-02-29', 12)",
        Some("2009-02-28"),
        ADD_MONTHS,
    ),
    (
        "ADD_MONTHS(DATE '2008-02-29', -1)",
        Some("2008-01-31"),
        ADD_MONTHS,
    ),
    ("ADD_MONTHS(day, 10)", Some("2009-02-28"), ADD_MONTHS),
    (
        "ADD_MONTHS(null_date, 1)",
        None,
        "Oracle SQL Reference, Nulls in SQL Functions: null argument, null result",
    ),
    (
        "MONTHS_BETWEEN(DATE '1995-02-02', DATE '1995-01-01')",
        Some("1.032258064516129"),
        "Oracle SQL Reference, MONTHS_BETWEEN example: 1.03225806",
    ),
    (
        "MONTHS_BETWEEN(DATE '2008-03-31', DATE '2008-02-29')",
        Some("1"),
        MONTHS_BETWEEN,
    ),
    (
        "MONTHS_BETWEEN(DATE '2008-01-15', DATE '2008-03-15')",
        Some("-2"),
        MONTHS_BETWEEN,
    ),
    (
        "MONTHS_BETWEEN(DATE '2008-03-01', DATE '2008-02-29')",
        Some("0.0967741935483871"),
        MONTHS_BETWEEN,
    ),
    (
        "MONTHS_BETWEEN(day, null_date)",
        None,
        "Oracle SQL Reference, Nulls in SQL Functions: null argument, null result",
    ),
    (
        "LAST_DAY(DATE '2008-02-10')",
        Some("2008-02-29"),
        "Oracle SQL Reference, LAST_DAY: 'returns the date of the last day of the month that contains date'",
    ),
    (
        "LAST_DAY(DATE '2009-02-01')",
        Some("2009-02-28"),
        "Oracle SQL Reference, LAST_DAY: 'returns the date of the last day of the month that contains date'",
    ),
    (
        "LAST_DAY(day)",
        Some("2008-04-30"),
        "Oracle SQL Reference, LAST_DAY: 'returns the date of the last day of the month that contains date'",
    ),
    (
        "LAST_DAY(TIMESTAMP '2008-02-10 15:30:00')",
        Some("2008-02-29 15:30:00"),
        LAST_DAY_TIME,
    ),
    (
        "LAST_DAY(TIMESTAMP '2008-12-31 23:59:59')",
        Some("2008-12-31 23:59:59"),
        LAST_DAY_TIME,
    ),
    (
        "TRUNC(MONTHS_BETWEEN(TIMESTAMP '2008-03-15 01:00:00', TIMESTAMP '2008-01-15 23:00:00'))",
        Some("2"),
        MONTHS_BETWEEN,
    ),
    (
        "TRUNC(MONTHS_BETWEEN(TIMESTAMP '2008-03-14 23:00:00', TIMESTAMP '2008-01-15 01:00:00'))",
        Some("1"),
        MONTHS_BETWEEN_TIME,
    ),
    (
        "TRUNC(MONTHS_BETWEEN(TIMESTAMP '2008-01-15 01:00:00', TIMESTAMP '2008-03-14 23:00:00'))",
        Some("-1"),
        MONTHS_BETWEEN_TIME,
    ),
    (
        "TRUNC(MONTHS_BETWEEN(TIMESTAMP '2008-01-16 00:00:00', TIMESTAMP '2008-01-15 23:59:59'))",
        Some("0"),
        MONTHS_BETWEEN_TIME,
    ),
    (
        "TRUNC(MONTHS_BETWEEN(TIMESTAMP '2008-02-29 01:00:00', TIMESTAMP '2008-01-31 23:00:00'))",
        Some("1"),
        MONTHS_BETWEEN,
    ),
    (
        "TRUNC(MONTHS_BETWEEN(day, TIMESTAMP '2007-04-30 18:00:00'))",
        Some("12"),
        MONTHS_BETWEEN,
    ),
    (
        "TRUNC(MONTHS_BETWEEN(DATE '1995-02-02', DATE '1995-01-01'))",
        Some("1"),
        "Oracle SQL Reference, MONTHS_BETWEEN example: 1.03225806, truncated",
    ),
    (
        "TRUNC(MONTHS_BETWEEN(null_date, TIMESTAMP '2008-01-15 01:00:00'))",
        None,
        "Oracle SQL Reference, Nulls in SQL Functions: null argument, null result",
    ),
    (
        "NEXT_DAY(DATE '2009-10-15', 'TUESDAY')",
        Some("2009-10-20"),
        "Oracle SQL Reference, NEXT_DAY example: NEXT_DAY('15-OCT-2009','TUESDAY') is 20-OCT-09",
    ),
    (
        "NEXT_DAY(DATE '2009-10-20', 'TUESDAY')",
        Some("2009-10-27"),
        NEXT_DAY,
    ),
    (
        "NEXT_DAY(DATE '2009-10-15', 'Mon')",
        Some("2009-10-19"),
        "Oracle SQL Reference, NEXT_DAY: 'The argument char must be a day of the week ... either the full name or the abbreviation'",
    ),
    (
        "DATE '2008-04-30' + 1",
        Some("2008-05-01"),
        "Oracle SQL Reference, Datetime/Interval Arithmetic: 'You can add or subtract a numeric value to or from a DATE value' (days)",
    ),
    (
        "day - 30",
        Some("2008-03-31"),
        "Oracle SQL Reference, Datetime/Interval Arithmetic: a number is a number of days",
    ),
    (
        "DATE '2008-03-01' - DATE '2008-02-01'",
        Some("29"),
        "Oracle SQL Reference, Datetime/Interval Arithmetic: 'You can subtract one date from another date ... result is a number of days'",
    ),
    (
        "EXTRACT(YEAR FROM DATE '1998-03-07')",
        Some("1998"),
        "Oracle SQL Reference, EXTRACT example: EXTRACT(YEAR FROM DATE '1998-03-07') is 1998",
    ),
    (
        "EXTRACT(MONTH FROM day)",
        Some("4"),
        "Oracle SQL Reference, EXTRACT (datetime)",
    ),
    (
        "EXTRACT(DAY FROM day)",
        Some("30"),
        "Oracle SQL Reference, EXTRACT (datetime)",
    ),
    (
        "CASE WHEN TRUNC(SYSDATE) <= SYSDATE THEN 'ok' END",
        Some("ok"),
        "Oracle SQL Reference, SYSDATE: 'returns the current date and time'",
    ),
];

const REFUSED: &[Refused] = &[
    (
        "ROUND(DATE '2008-04-30', 'IW')",
        "the rounding point of an ISO week is not documented",
    ),
    (
        "TRUNC(day, 'W')",
        "week starting on the first of the month has no Redshift unit",
    ),
    ("day + 0.5", "Redshift DATE has no time of day"),
    (
        "MONTHS_BETWEEN(TIMESTAMP '2008-01-01 10:00:00', day)",
        "the time component changes the fraction",
    ),
    (
        "ROUND(MONTHS_BETWEEN(TIMESTAMP '2008-01-01 10:00:00', day))",
        "the time component can carry the fraction past a half",
    ),
    (
        "TRUNC(MONTHS_BETWEEN(TIMESTAMP '2008-01-01 10:00:00', null_txt))",
        "text converted with NLS_DATE_FORMAT",
    ),
    (
        "NEXT_DAY(day, null_txt)",
        "the day name must be a literal (English names only in Redshift)",
    ),
    ("SYSTIMESTAMP", "a timestamp with the server's time zone"),
    ("CURRENT_TIMESTAMP", "leader-node-only in Redshift"),
];

#[test]
fn dates() {
    let mut failures = run("datetime", "t.one", CASES);
    failures.extend(refused(REFUSED));
    assert_none(failures);
}
