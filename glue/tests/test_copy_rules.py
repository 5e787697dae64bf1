"""Each COPY parsing rule the Glue reader follows, one test each, no Spark needed.

Expected values come from AWS's documentation of COPY, cited per test:
- data format: https://docs.aws.amazon.com/redshift/latest/dg/copy-parameters-data-format.html
- data conversion: https://docs.aws.amazon.com/redshift/latest/dg/copy-parameters-data-conversion.html
- formats: https://docs.aws.amazon.com/redshift/latest/dg/r_DATEFORMAT_and_TIMEFORMAT_strings.html
- error codes: https://docs.aws.amazon.com/redshift/latest/dg/r_Load_Error_Reference.html
- types: r_Numeric_types201.html, r_Character_types.html, r_Boolean_type.html
"""

import datetime as dt
from decimal import Decimal

import pytest

from eltc_spark import copy_load
from eltc_spark.source import Column, SourceRead


def source(columns="a varchar(10); b varchar(10)", **options):
    cols = []
    for part in columns.split(";"):
        name, ty = part.strip().split(" ", 1)
        not_null = ty.endswith(" not null")
        cols.append(Column(name, ty.removesuffix(" not null"), not_null))
    return SourceRead("s", "t", tuple(cols), **options)


def rows(src, text):
    data = text.encode() if isinstance(text, str) else text
    loaded, rejected = copy_load.load(src, data, "f.txt")
    return loaded, [(r.line, r.column, r.code) for r in rejected]


def test_csv_quotes_hold_delimiters_newlines_and_doubled_quotes():
    # Data format, CSV: "fields enclosed in quotation marks can contain the delimiter,
    # carriage returns and newlines"; a quotation mark inside is doubled.
    src = source(format="csv")
    assert rows(src, 'x,"a,b"\n"c\nd","e""f"\n') == ([("x", "a,b"), ("c\nd", 'e"f')], [])


def test_csv_quote_character_is_configurable():
    # Data format, CSV QUOTE AS 'quote_character'.
    src = source(format="csv", quote="%")
    assert rows(src, "%a,b%,c\n")[0] == [("a,b", "c")]


def test_csv_record_line_is_the_line_where_it_starts():
    # Load error reference, STL_LOAD_ERRORS.line_number: the line of the record in the file.
    src = source("a integer; b varchar(10)", format="csv", max_errors=5)
    assert rows(src, '1,"x\ny"\nbad,z\n') == ([(1, "x\ny")], [(3, "a", 1207)])


def test_delimiter_default_is_the_pipe_and_it_splits_plainly():
    # Data format, DELIMITER: "The default delimiter is a pipe character ( | ), unless
    # the CSV parameter is used, in which case the default delimiter is a comma".
    assert rows(source(), "a|b\n")[0] == [("a", "b")]
    assert rows(source(format="csv"), "a,b\n")[0] == [("a", "b")]


def test_escape_makes_the_delimiter_and_the_newline_data():
    # Data conversion, ESCAPE: "the backslash character (\) in input data is treated as
    # an escape character. The character that immediately follows ... is loaded into
    # the table as part of the current column value", delimiters and newlines included.
    src = source("a varchar(10); b varchar(10)", escape=True)
    assert rows(src, "a\\|b|c\\\nd\n")[0] == [("a|b", "c\nd")]


def test_without_escape_a_backslash_is_data():
    assert rows(source(), "a\\|b\n")[0] == [("a\\", "b")]


def test_ignoreheader_skips_physical_lines():
    # Data conversion, IGNOREHEADER: "Treats the specified number_rows as a file header and doesn't load them".
    src = source(format="csv", header_lines=2)
    loaded, rejected = copy_load.load(src, b"h1,h2\nh3,h4\na,b\n", "f")
    assert loaded == [("a", "b")]


def test_fixed_width_counts_characters():
    # Data format, FIXEDWIDTH 'label:width': widths in characters, not bytes (multibyte UTF-8).
    src = source("a varchar(10); b varchar(10)", format="fixed_width", widths=(2, 3))
    assert rows(src, "\u00e9axyz\n")[0] == [("\u00e9a", "xyz")]


def test_fixed_width_extra_characters_reject_the_record():
    # Load error reference 1202: "Input data had more columns than were defined in the DDL".
    src = source("a varchar(10); b varchar(10)", format="fixed_width", widths=(1, 1), max_errors=1)
    assert rows(src, "abc\n")[1] == [(1, None, 1202)]


def test_null_as_string_is_null_in_every_column():
    # Data conversion, NULL AS: "Loads fields that match null_string as NULL"; default '\N'.
    src = source("a varchar(10); b integer")
    assert rows(src, "\\N|\\N\n")[0] == [(None, None)]
    assert rows(source("a varchar(10); b integer", null_as="NULL"), "NULL|NULL\n")[0] == [(None, None)]


def test_empty_text_is_an_empty_string_unless_emptyasnull():
    # Data conversion, EMPTYASNULL: "Indicates that Amazon Redshift should load empty CHAR
    # and VARCHAR fields as NULL"; without it they load as empty strings.
    assert rows(source(), "|x\n")[0] == [("", "x")]
    assert rows(source(empty_as_null=True), "|x\n")[0] == [(None, "x")]


def test_blank_text_keeps_its_blanks_unless_blanksasnull():
    # Data conversion, BLANKSASNULL: "Loads blank fields, which consist of only white
    # space characters, as NULL. This option applies only to CHAR and VARCHAR columns."
    assert rows(source(), "  |x\n")[0] == [("  ", "x")]
    assert rows(source(blanks_as_null=True), "  |x\n")[0] == [(None, "x")]


def test_empty_or_blank_non_text_fields_are_null():
    # Data conversion, EMPTYASNULL/BLANKSASNULL apply to text only; "Empty fields for other
    # data types, such as INT, are always loaded with NULL".
    assert rows(source("a integer; b date"), "|  \n")[0] == [(None, None)]


def test_fillrecord_loads_missing_trailing_columns():
    # Data conversion, FILLRECORD: "Allows data files to be loaded when contiguous columns
    # are missing at the end of some of the records ... VARCHAR columns get zero-length
    # strings" (NULL with EMPTYASNULL), other types NULL.
    src = source("a varchar(10); b varchar(10); c integer", fill_record=True)
    assert rows(src, "x\n")[0] == [("x", "", None)]
    src = source("a varchar(10); b varchar(10); c integer", fill_record=True, empty_as_null=True)
    assert rows(src, "x\n")[0] == [("x", None, None)]


def test_missing_columns_without_fillrecord_reject_the_record():
    # Load error reference 1203: "Input data had fewer columns than were defined in the DDL".
    src = source("a varchar(10); b varchar(10)", max_errors=1)
    assert rows(src, "x\n") == ([], [(1, "b", 1203)])


def test_not_null_column_rejects_a_null():
    # Load error reference 1213: "A field specified as NOT NULL contained no data".
    src = source("a integer not null; b varchar(1)", max_errors=1)
    assert rows(src, "|x\n") == ([], [(1, "a", 1213)])


def test_dateformat_month_names_and_24_hour_hh():
    # DATEFORMAT and TIMEFORMAT strings: MON is the month name (abbreviated or full),
    # HH / HH24 the 24-hour hour, SS with fractions up to microseconds.
    src = source("d date; t timestamp", date_format="DD-MON-YYYY", time_format="YYYY-MM-DD HH:MI:SS")
    assert rows(src, "03-jan-2024|2024-01-03 17:05:09.5\n")[0] == [
        (dt.date(2024, 1, 3), dt.datetime(2024, 1, 3, 17, 5, 9, 500000))]
    assert rows(source("d date", date_format="DD-MON-YYYY"), "03-JANUARY-2024\n")[0] == [(dt.date(2024, 1, 3),)]


def test_invalid_dates_and_timestamps_are_rejected():
    # Load error reference 1205 / 1206: invalid date / timestamp format; no 31 June.
    src = source("d date", date_format="YYYYMMDD", max_errors=5)
    assert rows(src, "20010631\n20000229\n19000229\n") == ([(dt.date(2000, 2, 29),)], [(1, "d", 1205), (3, "d", 1205)])
    src = source("t timestamp", time_format="YYYY-MM-DD HH:MI:SS", max_errors=1)
    assert rows(src, "2024-01-03 25:00:00\n")[1] == [(1, "t", 1206)]


def test_timestamp_without_time_part_is_midnight_and_12_hour_clock():
    # TIMEFORMAT: a date-only value loads as midnight; HH12 with AM/PM is the 12-hour clock.
    src = source("t timestamp", time_format="MM/DD/YYYY HH12:MI:SS AM")
    assert rows(src, "01/03/2024 12:05:09 AM\n")[0] == [(dt.datetime(2024, 1, 3, 0, 5, 9),)]
    assert rows(source("t timestamp"), "2024-01-03\n")[0] == [(dt.datetime(2024, 1, 3),)]


def test_decimal_truncates_extra_digits_unless_roundec():
    # Data conversion, ROUNDEC: "if the value 20.259 is loaded into a DECIMAL(8,2)
    # column ... without ROUNDEC the stored value is 20.25, with ROUNDEC 20.26".
    assert rows(source("n numeric(8,2)"), "20.259\n")[0] == [(Decimal("20.25"),)]
    assert rows(source("n numeric(8,2)", round_decimals=True), "20.259\n")[0] == [(Decimal("20.26"),)]


def test_decimal_precision_overflow_and_bad_digits_reject():
    # r_Numeric_types201.html: DECIMAL(8,2) holds 6 integer digits; 1209 numeric overflow,
    # 1207 invalid digit.
    src = source("n numeric(8,2)", max_errors=5)
    assert rows(src, "123456.7\n1234567\n12a\n") == ([(Decimal("123456.70"),)], [(2, "n", 1209), (3, "n", 1207)])
    assert rows(source("n numeric(38,0)"), "12345678901234567890123456789012345678\n")[0] == [
        (Decimal("12345678901234567890123456789012345678"),)]


def test_integers_are_range_checked_per_type():
    # r_Numeric_types201.html: SMALLINT -32768..32767, INTEGER -2147483648..2147483647.
    src = source("s smallint; i integer", max_errors=5)
    assert rows(src, "32767|-2147483648\n32768|1\n1|12.5\n") == (
        [(32767, -2147483648)], [(2, "s", 1204), (3, "i", 1207)])


def test_varchar_length_is_in_bytes_and_excess_blanks_are_cut():
    # r_Character_types.html: VARCHAR(n) holds n bytes; trailing blanks past n are truncated.
    src = source("a varchar(3)", max_errors=5)
    assert rows(src, "ab\u00e9\nabc   \nab\n") == ([("abc",), ("ab",)], [(1, "a", 1204)])


def test_char_values_are_padded_with_blanks():
    # r_Character_types.html: CHAR is fixed length; a shorter value is padded with blanks.
    assert rows(source("a char(3); b varchar(3)"), "W|W\n")[0] == [("W  ", "W")]


def test_boolean_literals():
    # r_Boolean_type.html: true as t, true, y, yes, 1; false as f, false, n, no, 0.
    src = source("b boolean")
    assert rows(src, "t\nYES\n0\nno\n")[0] == [(True,), (True,), (False,), (False,)]


def test_empty_line_is_rejected():
    # Load error reference 1211: "Input line contained no data".
    src = source("a varchar(1)", max_errors=1)
    assert rows(src, "x\n\n")[1] == [(2, None, 1211)]


def test_maxerror_budget_then_the_load_fails_listing_the_rejects():
    # Data conversion / error handling, MAXERROR: "If the load returns the error_count
    # number of errors or greater, the load fails"; the default 0 fails on the first.
    src = source("a integer", max_errors=1)
    assert rows(src, "1\nx\n2\n") == ([(1,), (2,)], [(2, "a", 1207)])
    with pytest.raises(copy_load.TooManyErrors) as failed:
        copy_load.load(src, b"x\ny\n1\n", "f.txt")
    assert [r.line for r in failed.value.rejected] == [1, 2]
    assert "f.txt:2 column `a`" in str(failed.value) and "MAXERROR is 1" in str(failed.value)


def test_invalid_utf8_is_rejected():
    # Load error reference 1220: "String contains invalid or unsupported UTF8 codepoints".
    src = source("a varchar(10)", max_errors=1)
    assert rows(src, b"\xff\xfe\n")[1] == [(1, "a", 1220)]


def test_utf16_byte_order_mark_decides():
    # Data conversion, ENCODING UTF16: with a byte order mark; big endian without one.
    text = "a|\u00e9\n"
    src = source(encoding="utf16")
    assert rows(src, b"\xff\xfe" + text.encode("utf-16-le"))[0] == [("a", "\u00e9")]
    assert rows(src, text.encode("utf-16-be"))[0] == [("a", "\u00e9")]
    assert rows(source(encoding="utf16le"), text.encode("utf-16-le"))[0] == [("a", "\u00e9")]


def test_crlf_ends_csv_records_but_is_data_in_delimited_text():
    # Data format, CSV: quoted fields may hold carriage returns; a record's line ends at
    # the newline. Delimited text has no CSV quoting: the carriage return is data.
    assert rows(source(format="csv"), "a,b\r\n")[0] == [("a", "b")]
    assert rows(source(), "a|b\r\n")[0] == [("a", "b\r")]


def test_initcap_capitalizes_after_any_non_alphanumeric_character():
    # r_INITCAP.html: words are delimited by white space and by any character that
    # isn't alphanumeric; the other letters are lower-cased.
    from eltc_spark.functions import initcap

    assert initcap("o'NEIL smith-jones 3rd") == "O'Neil Smith-Jones 3rd"
    assert initcap(None) is None
