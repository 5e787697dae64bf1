//! Redshift data types as the spec writes them, and their parsing.
//!
//! The spec names Redshift types (`varchar(20)`, `numeric(8,2)`, `date`). A type
//! Redshift lacks is refused with a suggestion, notably Oracle's types and a bare
//! `numeric`, which Redshift reads as DECIMAL(18,0) and so silently drops
//! decimals (docs/redshift.md #data-types, #oracle-type-mapping).

use std::fmt;

/// A Redshift column or parameter type.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum DataType {
    /// `SMALLINT`, 2 bytes.
    SmallInt,
    /// `INTEGER`, 4 bytes.
    Integer,
    /// `BIGINT`, 8 bytes.
    BigInt,
    /// `DECIMAL(p,s)`, p <= 38, s <= p.
    Decimal {
        /// Precision.
        precision: u8,
        /// Scale.
        scale: u8,
    },
    /// `REAL`.
    Real,
    /// `DOUBLE PRECISION`.
    Double,
    /// `BOOLEAN`.
    Boolean,
    /// `CHAR(n)`, n in bytes, max 4096, single-byte characters only.
    Char(u16),
    /// `VARCHAR(n)`, n in bytes, max 65535.
    Varchar(u32),
    /// `DATE`.
    Date,
    /// `TIMESTAMP` (without time zone).
    Timestamp,
    /// `TIMESTAMPTZ`.
    TimestampTz,
}

impl DataType {
    /// True for the numeric types.
    pub fn is_numeric(self) -> bool {
        matches!(
            self,
            Self::SmallInt
                | Self::Integer
                | Self::BigInt
                | Self::Decimal { .. }
                | Self::Real
                | Self::Double
        )
    }

    /// True for CHAR and VARCHAR.
    pub fn is_text(self) -> bool {
        matches!(self, Self::Char(_) | Self::Varchar(_))
    }

    /// True for DATE, TIMESTAMP and TIMESTAMPTZ.
    pub fn is_datetime(self) -> bool {
        matches!(self, Self::Date | Self::Timestamp | Self::TimestampTz)
    }
}

impl fmt::Display for DataType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::SmallInt => f.write_str("SMALLINT"),
            Self::Integer => f.write_str("INTEGER"),
            Self::BigInt => f.write_str("BIGINT"),
            Self::Decimal { precision, scale } => write!(f, "DECIMAL({precision},{scale})"),
            Self::Real => f.write_str("REAL"),
            Self::Double => f.write_str("DOUBLE PRECISION"),
            Self::Boolean => f.write_str("BOOLEAN"),
            Self::Char(n) => write!(f, "CHAR({n})"),
            Self::Varchar(n) => write!(f, "VARCHAR({n})"),
            Self::Date => f.write_str("DATE"),
            Self::Timestamp => f.write_str("TIMESTAMP"),
            Self::TimestampTz => f.write_str("TIMESTAMPTZ"),
        }
    }
}

/// Why a type string was refused, with the suggestion for the help line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TypeError {
    /// What is wrong, for the message.
    pub message: String,
    /// What to write instead, for the help line.
    pub help: String,
}

/// Parses a type as the spec writes it, case-insensitively: `integer`, `numeric(8,2)`,
/// `varchar(20)`, `timestamp`, ...
pub fn parse_type(text: &str) -> Result<DataType, TypeError> {
    let normalized = text.trim().to_ascii_lowercase();
    let (base, args) = split_args(&normalized).ok_or_else(|| TypeError {
        message: format!("`{text}` is not a type"),
        help: "write a type such as `integer`, `numeric(8,2)`, `varchar(20)` or `date`".into(),
    })?;
    let base = base.split_whitespace().collect::<Vec<_>>().join(" ");
    let no_args = |ty: DataType| {
        if args.is_empty() {
            Ok(ty)
        } else {
            Err(TypeError {
                message: format!("`{base}` takes no length or precision"),
                help: format!("write `{base}`"),
            })
        }
    };
    match base.as_str() {
        "smallint" | "int2" => no_args(DataType::SmallInt),
        "integer" | "int" | "int4" => no_args(DataType::Integer),
        "bigint" | "int8" => no_args(DataType::BigInt),
        "real" | "float4" => no_args(DataType::Real),
        "double precision" | "float8" | "float" => no_args(DataType::Double),
        "boolean" | "bool" => no_args(DataType::Boolean),
        "date" => no_args(DataType::Date),
        "timestamp" | "timestamp without time zone" => no_args(DataType::Timestamp),
        "timestamptz" | "timestamp with time zone" => no_args(DataType::TimestampTz),
        "numeric" | "decimal" => decimal(&args, text),
        "char" | "character" | "nchar" | "bpchar" => char_type(&args),
        "varchar" | "character varying" | "nvarchar" => varchar_type(&args),
        _ => Err(foreign_type(&base, &args, text)),
    }
}

fn split_args(text: &str) -> Option<(&str, Vec<&str>)> {
    match text.find('(') {
        None => Some((text, Vec::new())),
        Some(open) => {
            let close = text.rfind(')')?;
            if close < open || !text[close + 1..].trim().is_empty() {
                return None;
            }
            let args = text[open + 1..close].split(',').map(str::trim).collect();
            Some((text[..open].trim(), args))
        }
    }
}

fn number<T: std::str::FromStr>(arg: &str, what: &str) -> Result<T, TypeError> {
    arg.parse().map_err(|_| TypeError {
        message: format!("`{arg}` is not a valid {what}"),
        help: format!("give the {what} as a whole number"),
    })
}

fn decimal(args: &[&str], text: &str) -> Result<DataType, TypeError> {
    match args {
        [] => Err(TypeError {
            message: format!(
                "`{text}` without precision is DECIMAL(18,0) in Redshift and drops decimals"
            ),
            help: "give precision and scale, e.g. `numeric(18,2)`".into(),
        }),
        [precision] => decimal_checked(number(precision, "precision")?, 0),
        [precision, scale] => {
            decimal_checked(number(precision, "precision")?, number(scale, "scale")?)
        }
        _ => Err(TypeError {
            message: format!("`{text}` has too many arguments"),
            help: "write `numeric(precision,scale)`".into(),
        }),
    }
}

/// `DECIMAL(precision, scale)` when Redshift allows it.
pub fn decimal_checked(precision: u8, scale: u8) -> Result<DataType, TypeError> {
    if precision == 0 || precision > 38 || scale > precision {
        return Err(TypeError {
            message: format!("DECIMAL({precision},{scale}) is out of range"),
            help: "Redshift allows precision 1 to 38 and a scale from 0 to the precision".into(),
        });
    }
    Ok(DataType::Decimal { precision, scale })
}

fn char_type(args: &[&str]) -> Result<DataType, TypeError> {
    match args {
        [] => Ok(DataType::Char(1)),
        [n] => char_checked(number(n, "length")?),
        _ => Err(TypeError {
            message: "char takes one length".into(),
            help: "write `char(n)`".into(),
        }),
    }
}

/// `CHAR(n)` when Redshift allows it.
pub fn char_checked(n: u16) -> Result<DataType, TypeError> {
    match n {
        1..=4096 => Ok(DataType::Char(n)),
        n => Err(TypeError {
            message: format!("CHAR({n}) is out of range"),
            help: "Redshift CHAR holds 1 to 4096 bytes; use varchar for longer text".into(),
        }),
    }
}

/// `VARCHAR(n)` when Redshift allows it.
pub fn varchar_checked(n: u32) -> Result<DataType, TypeError> {
    match n {
        1..=65535 => Ok(DataType::Varchar(n)),
        n => Err(TypeError {
            message: format!("VARCHAR({n}) is out of range"),
            help: "Redshift VARCHAR holds 1 to 65535 bytes".into(),
        }),
    }
}

fn varchar_type(args: &[&str]) -> Result<DataType, TypeError> {
    match args {
        [] => Err(TypeError {
            message: "varchar without a length is VARCHAR(256) in Redshift".into(),
            help: "give the length in bytes, e.g. `varchar(100)`, or `varchar(max)`".into(),
        }),
        ["max"] => Ok(DataType::Varchar(65535)),
        [n] => varchar_checked(number(n, "length")?),
        _ => Err(TypeError {
            message: "varchar takes one length".into(),
            help: "write `varchar(n)`".into(),
        }),
    }
}

/// A type Redshift does not have, with the Redshift type to use (docs/redshift.md#oracle-type-mapping).
/// The type names [`parse_type`] reads, for "did you mean" on a misspelt one.
const TYPE_NAMES: &[&str] = &[
    "smallint",
    "integer",
    "bigint",
    "real",
    "double precision",
    "boolean",
    "date",
    "timestamp",
    "timestamptz",
    "numeric",
    "decimal",
    "char",
    "varchar",
];

fn foreign_type(base: &str, args: &[&str], text: &str) -> TypeError {
    let with_args = |name: &str| {
        if args.is_empty() {
            name.to_string()
        } else {
            format!("{name}({})", args.join(","))
        }
    };
    let help = match base {
        "varchar2" | "nvarchar2" => format!(
            "Oracle's {base} is `{}` in Redshift (lengths in bytes: allow 4 per character for non-ASCII text)",
            with_args("varchar")
        ),
        "number" => match args {
            [] => "Oracle's NUMBER without precision has no safe default: choose `numeric(38,s)` with the scale the data needs, or `double precision`".into(),
            [p] | [p, "0"] => format!("Oracle's NUMBER({p}) is `numeric({p},0)`, or `integer`/`bigint` when it fits"),
            _ => format!("Oracle's NUMBER is `{}`", with_args("numeric")),
        },
        "text" | "string" => "Redshift's TEXT is VARCHAR(256): write `varchar(n)` with the length you need".into(),
        "clob" | "nclob" | "long" => "use `varchar(65535)` (values over 64 KB cannot be stored)".into(),
        "blob" | "raw" | "long raw" | "bytea" => "binary data is VARBYTE in Redshift, which eltc does not load yet; load it as hex text in a varchar".into(),
        "serial" | "bigserial" => "Redshift has no serial: declare `bigint` with `identity: [1, 1]`".into(),
        "datetime" => "write `timestamp`".into(),
        "binary_double" | "binary_float" => "write `double precision`".into(),
        _ => match crate::diag::closest(base, TYPE_NAMES.iter().copied()) {
            Some(near) => format!("did you mean `{}`?", with_args(near)),
            None => "write a Redshift type such as `integer`, `numeric(8,2)`, `varchar(20)`, `date` or `timestamp`".into(),
        },
    };
    TypeError {
        message: format!("`{text}` is not a Redshift type"),
        help,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_the_redshift_types() {
        assert_eq!(parse_type("INTEGER"), Ok(DataType::Integer));
        assert_eq!(
            parse_type("numeric(8, 2)"),
            Ok(DataType::Decimal {
                precision: 8,
                scale: 2
            })
        );
        assert_eq!(parse_type("varchar(max)"), Ok(DataType::Varchar(65535)));
        assert_eq!(parse_type("char"), Ok(DataType::Char(1)));
        assert_eq!(parse_type("double precision"), Ok(DataType::Double));
        assert_eq!(parse_type("timestamp"), Ok(DataType::Timestamp));
    }

    #[test]
    fn refuses_bare_numeric_and_oracle_types() {
        assert!(
            parse_type("numeric")
                .unwrap_err()
                .message
                .contains("drops decimals")
        );
        assert!(
            parse_type("varchar2(20)")
                .unwrap_err()
                .help
                .contains("`varchar(20)`")
        );
        assert!(
            parse_type("number(5)")
                .unwrap_err()
                .help
                .contains("numeric(5,0)")
        );
        assert!(parse_type("numeric(39,2)").is_err());
        assert!(parse_type("varchar").is_err());
        assert!(parse_type("integer(4)").is_err());
    }

    #[test]
    fn a_misspelt_type_gets_the_nearest_name() {
        let help = |text: &str| parse_type(text).unwrap_err().help;
        assert_eq!(help("integr"), "did you mean `integer`?");
        assert_eq!(help("varchr(20)"), "did you mean `varchar(20)`?");
        assert_eq!(help("numric(8, 2)"), "did you mean `numeric(8,2)`?");
        assert_eq!(help("timestmp"), "did you mean `timestamp`?");
        assert!(help("geometry").starts_with("write a Redshift type"));
    }

    #[test]
    fn prints_redshift_spelling() {
        assert_eq!(
            DataType::Decimal {
                precision: 8,
                scale: 2
            }
            .to_string(),
            "DECIMAL(8,2)"
        );
        assert_eq!(DataType::Varchar(20).to_string(), "VARCHAR(20)");
    }
}
