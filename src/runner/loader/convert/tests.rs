//! Unit tests of field conversion. Expected values come from the AWS COPY
//! pages cited on each test, never from the loader's own output.

use super::*;
use crate::runner::loader::spec::CopySpec;
use crate::target::SourceRead;

fn spec(read: SourceRead) -> CopySpec {
    CopySpec::new(&read).expect("compiles")
}

/// A COPY without options.
fn plain() -> CopySpec {
    spec(SourceRead::default())
}

fn column(ty: DataType, not_null: bool) -> ReadColumn {
    ReadColumn {
        name: "c".into(),
        ty,
        not_null,
    }
}

fn convert(copy: &CopySpec, ty: DataType, value: Option<&str>) -> Result<String, u32> {
    let mut out = Vec::new();
    let field = FieldText {
        value: value.map(str::as_bytes),
        raw: value.unwrap_or("").as_bytes(),
    };
    Converter::default()
        .field(copy, &column(ty, false), field, false, &mut out)
        .map_err(|e| e.code)?;
    Ok(String::from_utf8(out).expect("utf-8"))
}

const DEC: DataType = DataType::Decimal {
    precision: 8,
    scale: 2,
};

#[test]
fn roundec_rounds_where_copy_truncates() {
    // copy-parameters-data-conversion.html, ROUNDEC: "if the value 20.259 is
    // loaded into a DECIMAL(8,2) column, ... without ROUNDEC 20.25, with ROUNDEC 20.26".
    assert_eq!(
        convert(
            &spec(SourceRead {
                round_decimals: true,
                ..SourceRead::default()
            }),
            DEC,
            Some("20.259")
        ),
        Ok("20.26".into())
    );
    assert_eq!(convert(&plain(), DEC, Some("20.259")), Ok("20.25".into()));
    // Half away from zero, and a carry into a new integer digit.
    assert_eq!(
        convert(
            &spec(SourceRead {
                round_decimals: true,
                ..SourceRead::default()
            }),
            DEC,
            Some("-0.125")
        ),
        Ok("-0.13".into())
    );
    assert_eq!(
        convert(
            &spec(SourceRead {
                round_decimals: true,
                ..SourceRead::default()
            }),
            DEC,
            Some("999.995")
        ),
        Ok("1000.00".into())
    );
}

#[test]
fn decimal_precision_and_digits_are_checked() {
    // DECIMAL(8,2) holds 6 integer digits (r_Numeric_types201.html).
    assert_eq!(
        convert(&plain(), DEC, Some("123456.7")),
        Ok("123456.70".into())
    );
    assert_eq!(convert(&plain(), DEC, Some("1234567")), Err(1209));
    assert_eq!(
        convert(
            &spec(SourceRead {
                round_decimals: true,
                ..SourceRead::default()
            }),
            DEC,
            Some("999999.995")
        ),
        Err(1209)
    );
    assert_eq!(convert(&plain(), DEC, Some("12a")), Err(1207));
    assert_eq!(convert(&plain(), DEC, Some("-")), Err(1207));
}

#[test]
fn integers_are_range_checked_per_type() {
    // r_Numeric_types201.html: SMALLINT -32768..32767, INTEGER -2147483648..2147483647.
    assert_eq!(
        convert(&plain(), DataType::SmallInt, Some("32767")),
        Ok("32767".into())
    );
    assert_eq!(
        convert(&plain(), DataType::SmallInt, Some("32768")),
        Err(1204)
    );
    assert_eq!(
        convert(&plain(), DataType::Integer, Some("-2147483648")),
        Ok("-2147483648".into())
    );
    assert_eq!(
        convert(&plain(), DataType::Integer, Some("2147483648")),
        Err(1204)
    );
    assert_eq!(
        convert(&plain(), DataType::BigInt, Some("9223372036854775808")),
        Err(1204)
    );
    // r_Load_Error_Reference.html 1207: a value outside the range 0-9.
    assert_eq!(
        convert(&plain(), DataType::Integer, Some("12.5")),
        Err(1207)
    );
}

#[test]
fn varchar_length_is_in_bytes() {
    // r_Character_types.html: VARCHAR(n) is n bytes; "é" takes two.
    let ty = DataType::Varchar(3);
    assert_eq!(convert(&plain(), ty, Some("abé")), Err(1204));
    assert_eq!(convert(&plain(), ty, Some("ab")), Ok("ab".into()));
    // Trailing blanks beyond the length are not an error (r_Character_types.html).
    assert_eq!(convert(&plain(), ty, Some("abc   ")), Ok("abc".into()));
}

#[test]
fn null_matrix_for_text_and_other_types() {
    // docs/redshift.md#copy-empty-and-null-fields / copy-parameters-data-conversion.html (EMPTYASNULL, BLANKSASNULL, NULL AS).
    let text = DataType::Varchar(10);
    assert_eq!(convert(&plain(), text, Some("")), Ok("".into()));
    assert_eq!(
        convert(
            &spec(SourceRead {
                empty_as_null: true,
                ..SourceRead::default()
            }),
            text,
            Some("")
        ),
        Ok("\\N".into())
    );
    assert_eq!(
        convert(
            &spec(SourceRead {
                empty_as_null: true,
                ..SourceRead::default()
            }),
            text,
            Some("  ")
        ),
        Ok("  ".into())
    );
    assert_eq!(
        convert(
            &spec(SourceRead {
                blanks_as_null: true,
                ..SourceRead::default()
            }),
            text,
            Some("  ")
        ),
        Ok("\\N".into())
    );
    assert_eq!(convert(&plain(), text, Some("\\N")), Ok("\\N".into()));
    assert_eq!(
        convert(
            &spec(SourceRead {
                null_as: Some("nil".into()),
                ..SourceRead::default()
            }),
            text,
            Some("nil")
        ),
        Ok("\\N".into())
    );
    assert_eq!(convert(&plain(), text, None), Ok("".into()));
    assert_eq!(
        convert(
            &spec(SourceRead {
                empty_as_null: true,
                ..SourceRead::default()
            }),
            text,
            None
        ),
        Ok("\\N".into())
    );
    // "Empty fields for other data types, such as INT, are always loaded with NULL."
    assert_eq!(
        convert(&plain(), DataType::Integer, Some(" ")),
        Ok("\\N".into())
    );
    assert_eq!(convert(&plain(), DataType::Date, None), Ok("\\N".into()));
}

#[test]
fn not_null_and_utf8_errors() {
    let copy = spec(SourceRead {
        empty_as_null: true,
        ..SourceRead::default()
    });
    let mut out = Vec::new();
    let field = FieldText {
        value: Some(b""),
        raw: b"",
    };
    let e = Converter::default()
        .field(
            &copy,
            &column(DataType::Varchar(5), true),
            field,
            false,
            &mut out,
        )
        .expect_err("NULL into NOT NULL");
    assert_eq!(e.code, 1213);
    let field = FieldText {
        value: Some(b"a\xffb"),
        raw: b"a\xffb",
    };
    let e = Converter::default()
        .field(
            &copy,
            &column(DataType::Varchar(5), false),
            field,
            false,
            &mut out,
        )
        .expect_err("invalid UTF-8");
    assert_eq!((e.code, e.position), (1220, 1));
}

#[test]
fn copy_text_escapes() {
    let mut out = Vec::new();
    write_text("a\tb\\c\nd\re", &mut out);
    assert_eq!(out, b"a\\tb\\\\c\\nd\\re");
}

#[test]
fn booleans_and_floats() {
    // r_Boolean_type.html: valid literal values for input.
    assert_eq!(
        convert(&plain(), DataType::Boolean, Some("Yes")),
        Ok("t".into())
    );
    assert_eq!(
        convert(&plain(), DataType::Boolean, Some("0")),
        Ok("f".into())
    );
    assert_eq!(
        convert(&plain(), DataType::Boolean, Some("maybe")),
        Err(1210)
    );
    assert_eq!(
        convert(&plain(), DataType::Double, Some("1.5e3")),
        Ok("1.5e3".into())
    );
    assert_eq!(convert(&plain(), DataType::Double, Some("x")), Err(1208));
}
