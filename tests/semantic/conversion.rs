//! Conversions: TO_CHAR of dates and numbers, TO_DATE, TO_TIMESTAMP,
//! TO_NUMBER and CAST with Oracle types. Citations: Oracle Database SQL
//! Language Reference (19c): the function's page and "Format Models"
//! (Datetime Format Elements; Table "Results of Number Conversions").
//! Timestamps print as ISO text.

use super::{Case, Refused, assert_none, refused, run};

const NUMBER_TABLE: &str =
    "Oracle SQL Reference, Format Models, Table 'Results of Number Conversions'";
const DATE_ELEMENTS: &str = "Oracle SQL Reference, Format Models, Datetime Format Elements";
const MONTH_PAD: &str = "Oracle SQL Reference, Format Models, Format Model Modifiers: 'MONTH, DAY ... are padded with blanks to the length of the widest' name (9)";
const FM: &str = "Oracle SQL Reference, Format Model Modifiers, FM: 'Fill mode ... suppresses blank padding ... leading zeros'";
const TO_NUMBER_TEXT: &str = "Oracle SQL Reference, TO_NUMBER: 'converts expr to a value of NUMBER data type', expr 'containing a number in the format specified by the optional format model fmt' (without fmt: the number as written)";
const NUMBER_SCALE: &str = "Oracle SQL Reference, Data Types, NUMBER Data Type: 'If a value exceeds the scale, then Oracle rounds it' (ROUND: NUMBER values are rounded away from 0)";
const YY: &str = "Oracle SQL Reference, Format Models, Datetime Format Elements: YY 'Last 2 ... digit(s) of year'";
const TM: &str = "Oracle SQL Reference, TO_CHAR (number): 'If you omit fmt, then n is converted to a VARCHAR2 value exactly long enough to hold its significant digits'";

const CASES: &[Case] = &[
    ("TO_CHAR(DATE '1998-01-06', 'MON-YY')", Some("JAN-98"), YY),
    (
        "TO_CHAR(DATE '2005-11-30', 'DD.MM.YY')",
        Some("30.11.05"),
        YY,
    ),
    (
        "TO_CHAR(DATE '1998-01-06', 'DD-MON-YYYY')",
        Some("06-JAN-1998"),
        DATE_ELEMENTS,
    ),
    (
        "TO_CHAR(DATE '1998-01-06', 'YYYYMMDD')",
        Some("19980106"),
        DATE_ELEMENTS,
    ),
    (
        "TO_CHAR(TIMESTAMP '1998-01-06 13:05:09', 'HH24:MI:SS')",
        Some("13:05:09"),
        DATE_ELEMENTS,
    ),
    (
        "TO_CHAR(TIMESTAMP '1998-01-06 13:05:09', 'YYYY-MM-DD HH:MI:SS')",
        Some("1998-01-06 01:05:09"),
        "Oracle SQL Reference, Datetime Format Elements: HH 'Hour of day (1-12)'",
    ),
    (
        "TO_CHAR(DATE '1998-01-06', 'FMMonth DD, YYYY')",
        Some("January 6, 1998"),
        FM,
    ),
    (
        "TO_CHAR(DATE '1998-01-06', 'Month')",
        Some("January  "),
        MONTH_PAD,
    ),
    (
        "TO_CHAR(DATE '1998-01-06', 'DAY')",
        Some("TUESDAY  "),
        MONTH_PAD,
    ),
    (
        "TO_CHAR(DATE '1998-01-06', 'DY')",
        Some("TUE"),
        "Oracle SQL Reference, Datetime Format Elements: DY 'Abbreviated name of day'",
    ),
    (
        "TO_CHAR(DATE '1998-01-06', 'Mon')",
        Some("Jan"),
        "Oracle SQL Reference, Datetime Format Elements: capitalization of a spelled-out word follows the element ('Mon' gives 'Jan')",
    ),
    (
        "TO_CHAR(DATE '1998-05-06', 'Q')",
        Some("2"),
        "Oracle SQL Reference, Datetime Format Elements: Q 'Quarter of year (1, 2, 3, 4; January - March = 1)'",
    ),
    (
        "TO_CHAR(DATE '2020-01-01', 'IW')",
        Some("01"),
        "Oracle SQL Reference, Datetime Format Elements: IW 'Calendar week of year (1-52 or 1-53), as defined by the ISO 8601 standard'",
    ),
    (
        "TO_CHAR(DATE '1998-02-06', 'DDD')",
        Some("037"),
        "Oracle SQL Reference, Datetime Format Elements: DDD 'Day of year (1-366)'",
    ),
    (
        "TO_CHAR(null_date, 'YYYY')",
        None,
        "Oracle SQL Reference, Nulls in SQL Functions: null argument, null result",
    ),
    ("TO_CHAR(id)", Some("1"), TM),
    ("TO_CHAR(0.5)", Some(".5"), TM),
    ("TO_CHAR(-0.5)", Some("-.5"), TM),
    ("TO_CHAR(num)", Some("2.5"), TM),
    ("TO_CHAR(100.00)", Some("100"), TM),
    ("TO_CHAR(null_num)", None, TM),
    ("TO_CHAR(0, '99.99')", Some("   .00"), NUMBER_TABLE),
    ("TO_CHAR(0.1, '99.99')", Some("   .10"), NUMBER_TABLE),
    ("TO_CHAR(-0.2, '99.99')", Some("  -.20"), NUMBER_TABLE),
    ("TO_CHAR(0, '90.99')", Some("  0.00"), NUMBER_TABLE),
    ("TO_CHAR(-0.2, '90.99')", Some(" -0.20"), NUMBER_TABLE),
    ("TO_CHAR(0, '9999')", Some("    0"), NUMBER_TABLE),
    ("TO_CHAR(1, '9999')", Some("    1"), NUMBER_TABLE),
    (
        "TO_CHAR(123.456, '999.999')",
        Some(" 123.456"),
        NUMBER_TABLE,
    ),
    (
        "TO_CHAR(-123.456, '999.999')",
        Some("-123.456"),
        NUMBER_TABLE,
    ),
    (
        "TO_CHAR(123.456, 'FM999.009')",
        Some("123.456"),
        NUMBER_TABLE,
    ),
    ("TO_CHAR(123.0, 'FM999.009')", Some("123.00"), NUMBER_TABLE),
    (
        "TO_CHAR(1234567, '9,999,999')",
        Some(" 1,234,567"),
        "Oracle SQL Reference, Number Format Elements: ', (comma) Returns a comma in the specified position'",
    ),
    (
        "TO_DATE('06-JAN-1998', 'DD-MON-YYYY')",
        Some("1998-01-06"),
        DATE_ELEMENTS,
    ),
    (
        "TO_DATE('19980106', 'YYYYMMDD')",
        Some("1998-01-06"),
        DATE_ELEMENTS,
    ),
    (
        "TO_DATE('January 15, 1989', 'Month dd, YYYY')",
        Some("1989-01-15"),
        "Oracle SQL Reference, TO_DATE example: TO_DATE('January 15, 1989, 11:00 A.M.', 'Month dd, YYYY, HH:MI A.M.')",
    ),
    (
        "TO_DATE('1998-01-06 13:05:09', 'YYYY-MM-DD HH24:MI:SS')",
        Some("1998-01-06 13:05:09"),
        "Oracle SQL Reference, TO_DATE: an Oracle DATE keeps the time of day the format reads",
    ),
    (
        "TO_TIMESTAMP('1999-12-01 11:00:00', 'YYYY-MM-DD HH24:MI:SS')",
        Some("1999-12-01 11:00:00"),
        "Oracle SQL Reference, TO_TIMESTAMP: 'converts char ... to a value of TIMESTAMP data type'",
    ),
    (
        "TO_DATE(null_txt, 'YYYYMMDD')",
        None,
        "Oracle SQL Reference, Nulls in SQL Functions: null argument, null result",
    ),
    (
        "TO_DATE('', 'YYYYMMDD')",
        None,
        "Oracle SQL Reference, Nulls: a zero-length character value is null",
    ),
    (
        "TO_NUMBER(TO_CHAR(DATE '1998-01-06', 'YYYYMMDD'))",
        Some("19980106"),
        "Oracle SQL Reference, TO_NUMBER: 'converts expr to a value of NUMBER data type'",
    ),
    (
        "TO_NUMBER('1,234.50', '9,999.99')",
        Some("1234.5"),
        "Oracle SQL Reference, TO_NUMBER: fmt is a number format model",
    ),
    (
        "TO_NUMBER('-12.5', '99.9')",
        Some("-12.5"),
        "Oracle SQL Reference, TO_NUMBER: fmt is a number format model",
    ),
    (
        "TO_NUMBER(null_txt, '999')",
        None,
        "Oracle SQL Reference, Nulls in SQL Functions: null argument, null result",
    ),
    (
        "CAST('12.50' AS NUMBER(5,2))",
        Some("12.5"),
        "Oracle SQL Reference, CAST: character to NUMBER",
    ),
    (
        "CAST(' 42 ' AS NUMBER(5))",
        Some("42"),
        "Oracle SQL Reference, Data Type Comparison Rules / implicit conversion: leading and trailing blanks are ignored converting character to NUMBER",
    ),
    (
        "CAST('' AS NUMBER(5))",
        None,
        "Oracle SQL Reference, Nulls: a zero-length character value is null",
    ),
    (
        "CAST(id AS VARCHAR2(10))",
        Some("1"),
        "Oracle SQL Reference, CAST: NUMBER to VARCHAR2",
    ),
    (
        "CAST(num AS NUMBER(6,1))",
        Some("2.5"),
        "Oracle SQL Reference, CAST: NUMBER to NUMBER",
    ),
    ("CAST(num AS NUMBER(1))", Some("3"), NUMBER_SCALE),
    ("CAST(-num AS NUMBER(1))", Some("-3"), NUMBER_SCALE),
    ("CAST('1.555' AS NUMBER(5,2))", Some("1.56"), NUMBER_SCALE),
    ("CAST('-1.555' AS NUMBER(5,2))", Some("-1.56"), NUMBER_SCALE),
    ("CAST('0.0449' AS NUMBER(5,2))", Some("0.04"), NUMBER_SCALE),
    ("CAST(' 12.5 ' AS NUMBER(3))", Some("13"), NUMBER_SCALE),
    (
        "CAST('123.89' AS NUMBER(6,1))",
        Some("123.9"),
        "Oracle SQL Reference, Data Types, NUMBER: table 'Storage of Scale and Precision', 123.89 in NUMBER(6,1) is 123.9",
    ),
    (
        "CAST(day AS TIMESTAMP)",
        Some("2008-04-30 00:00:00"),
        "Oracle SQL Reference, CAST: DATE to TIMESTAMP, time of day midnight",
    ),
    (
        "CAST(txt AS NVARCHAR2(10))",
        Some("Hello"),
        "Oracle SQL Reference, CAST: VARCHAR2 to NVARCHAR2",
    ),
    (
        "CAST(txt AS CLOB)",
        Some("Hello"),
        "Oracle SQL Reference, CAST: VARCHAR2 to CLOB",
    ),
    // A literal: the number the text holds (TO_NUMBER without fmt reads
    // plain decimal notation; Oracle drops leading and trailing zeros).
    ("TO_NUMBER('12.5')", Some("12.5"), TO_NUMBER_TEXT),
    ("TO_NUMBER('-0.50')", Some("-0.5"), TO_NUMBER_TEXT),
    ("TO_NUMBER('007')", Some("7"), TO_NUMBER_TEXT),
    ("TO_NUMBER('.5') * 2", Some("1"), TO_NUMBER_TEXT),
    ("TO_NUMBER('+3') + id", Some("4"), TO_NUMBER_TEXT),
];

const REFUSED: &[Refused] = &[
    (
        "TO_DATE('06-JAN-98', 'DD-MON-RR')",
        "RR picks the century from the current date",
    ),
    (
        "TO_DATE('06-JAN-98', 'DD-MON-YY')",
        "Oracle reads YY in the current century, PostgreSQL and Redshift nearest 2020",
    ),
    (
        "TO_NUMBER(txt)",
        "Oracle reads any number without a format; Redshift needs a precision",
    ),
    (
        "TO_NUMBER('1.5E3')",
        "an exponent: eltc reads plain decimal notation only",
    ),
    ("TO_CHAR(day)", "Oracle formats with NLS_DATE_FORMAT"),
    (
        "TO_CHAR(DATE '1998-01-06', 'D')",
        "D depends on NLS_TERRITORY",
    ),
    (
        "CAST(txt AS NUMBER)",
        "NUMBER without precision has no Redshift DECIMAL equivalent",
    ),
    (
        "CAST(txt AS RAW(10))",
        "RAW is binary; Redshift VARBYTE compares and prints differently",
    ),
    (
        "CAST(day AS VARCHAR2(20))",
        "Oracle formats with NLS_DATE_FORMAT",
    ),
];

#[test]
fn conversions() {
    let mut failures = run("conversion", "t.one", CASES);
    failures.extend(refused(REFUSED));
    assert_none(failures);
}
