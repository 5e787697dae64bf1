//! Which type changes keep every value: a type change Redshift cannot make
//! in place is a rebuild, and a rebuild that may lose or refuse values is
//! destructive.

use crate::spec::model::DataType;

/// Encodings with which Redshift refuses `ALTER COLUMN ... TYPE` (ALTER
/// TABLE, `ALTER COLUMN column_name TYPE`).
const NO_ALTER_TYPE_ENCODINGS: &[&str] = &["bytedict", "runlength", "text255", "text32k"];

/// True when `ALTER TABLE ... ALTER COLUMN ... TYPE` is Redshift's way from
/// `from` to `to`: only a VARCHAR made longer.
pub fn varchar_widening(from: DataType, to: DataType) -> bool {
    matches!((from, to), (DataType::Varchar(a), DataType::Varchar(b)) if b > a)
}

/// True when the column's encoding lets Redshift alter its type.
pub fn encoding_allows_alter(encode: Option<&str>) -> bool {
    encode.is_none_or(|e| !NO_ALTER_TYPE_ENCODINGS.contains(&e))
}

/// True when every value of `from` converts to `to` exactly (a cast that
/// neither fails, rounds nor truncates).
pub fn keeps_every_value(from: DataType, to: DataType) -> bool {
    use DataType::*;
    if from == to {
        return true;
    }
    match (from, to) {
        (SmallInt | Integer | BigInt, SmallInt | Integer | BigInt) => {
            integer_digits(from) <= integer_digits(to)
        }
        (SmallInt | Integer | BigInt, Decimal { precision, scale }) => {
            integer_digits(from) <= u32::from(precision - scale)
        }
        (
            Decimal {
                precision: p1,
                scale: s1,
            },
            Decimal {
                precision: p2,
                scale: s2,
            },
        ) => s2 >= s1 && p2 - s2 >= p1 - s1,
        (Real, Double) => true,
        (Varchar(a), Varchar(b)) => b >= a,
        (Char(a), Char(b)) => b >= a,
        (Date, Timestamp) => true,
        _ => false,
    }
}

/// Decimal digits of the largest value of an integer type.
fn integer_digits(ty: DataType) -> u32 {
    match ty {
        DataType::SmallInt => 5,
        DataType::Integer => 10,
        _ => 19,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use DataType::*;

    #[test]
    fn only_a_longer_varchar_is_altered_in_place() {
        assert!(varchar_widening(Varchar(10), Varchar(20)));
        assert!(!varchar_widening(Varchar(20), Varchar(10)));
        assert!(!varchar_widening(Char(10), Varchar(20)));
        assert!(!varchar_widening(Integer, BigInt));
        assert!(!encoding_allows_alter(Some("bytedict")));
        assert!(encoding_allows_alter(Some("zstd")));
        assert!(encoding_allows_alter(None));
    }

    #[test]
    fn widenings_keep_values_and_narrowings_do_not() {
        assert!(keeps_every_value(Integer, BigInt));
        assert!(!keeps_every_value(BigInt, Integer));
        assert!(keeps_every_value(
            Integer,
            Decimal {
                precision: 12,
                scale: 2
            }
        ));
        assert!(!keeps_every_value(
            Integer,
            Decimal {
                precision: 10,
                scale: 2
            }
        ));
        let d = |precision, scale| Decimal { precision, scale };
        assert!(keeps_every_value(d(10, 2), d(12, 2)));
        assert!(keeps_every_value(d(10, 2), d(12, 4)));
        assert!(!keeps_every_value(d(10, 2), d(10, 1)));
        assert!(!keeps_every_value(d(10, 2), d(11, 4)));
        assert!(keeps_every_value(Date, Timestamp));
        assert!(!keeps_every_value(Timestamp, Date));
        assert!(!keeps_every_value(Varchar(10), Date));
        assert!(!keeps_every_value(Varchar(20), Varchar(10)));
    }
}
