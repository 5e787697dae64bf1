//! Redshift's reserved words and the rule for when an identifier needs quotes.
//!
//! Shared by the translation (identifiers folded from Oracle SQL) and the
//! backend (names eltc writes itself), so both quote exactly the same names.

/// Redshift's reserved words, sorted, lower case
/// (<https://docs.aws.amazon.com/redshift/latest/dg/r_pg_keywords.html>).
const RESERVED: &[&str] = &[
    "aes128",
    "aes256",
    "all",
    "allowoverwrite",
    "analyse",
    "analyze",
    "and",
    "any",
    "array",
    "as",
    "asc",
    "authorization",
    "az64",
    "backup",
    "between",
    "binary",
    "blanksasnull",
    "both",
    "bytedict",
    "bzip2",
    "case",
    "cast",
    "check",
    "collate",
    "column",
    "constraint",
    "create",
    "credentials",
    "cross",
    "current_date",
    "current_time",
    "current_timestamp",
    "current_user",
    "current_user_id",
    "default",
    "deferrable",
    "deflate",
    "defrag",
    "delta",
    "delta32k",
    "desc",
    "disable",
    "distinct",
    "do",
    "else",
    "emptyasnull",
    "enable",
    "encode",
    "encrypt",
    "encryption",
    "end",
    "except",
    "explicit",
    "false",
    "for",
    "foreign",
    "freeze",
    "from",
    "full",
    "globaldict256",
    "globaldict64k",
    "grant",
    "group",
    "gzip",
    "having",
    "identity",
    "ignore",
    "ilike",
    "in",
    "initially",
    "inner",
    "intersect",
    "interval",
    "into",
    "is",
    "isnull",
    "join",
    "language",
    "leading",
    "left",
    "like",
    "limit",
    "localtime",
    "localtimestamp",
    "lun",
    "luns",
    "lzo",
    "lzop",
    "minus",
    "mostly16",
    "mostly32",
    "mostly8",
    "natural",
    "new",
    "not",
    "notnull",
    "null",
    "nulls",
    "off",
    "offline",
    "offset",
    "oid",
    "old",
    "on",
    "only",
    "open",
    "or",
    "order",
    "outer",
    "overlaps",
    "parallel",
    "partition",
    "percent",
    "permissions",
    "pivot",
    "placing",
    "primary",
    "raw",
    "readratio",
    "recover",
    "references",
    "rejectlog",
    "resort",
    "respect",
    "restore",
    "right",
    "select",
    "session_user",
    "similar",
    "snapshot",
    "some",
    "sysdate",
    "system",
    "table",
    "tag",
    "tdes",
    "text255",
    "text32k",
    "then",
    "timestamp",
    "to",
    "top",
    "trailing",
    "true",
    "truncatecolumns",
    "union",
    "unique",
    "unnest",
    "unpivot",
    "user",
    "using",
    "verbose",
    "wallet",
    "when",
    "where",
    "with",
    "without",
];

/// For each first letter `a`..=`z`, bit `n` is set when a reserved word of
/// `n` bytes starts with it. Nearly every identifier is told apart from the
/// reserved words by this one lookup, without a search (the check runs for
/// every identifier translated). A reserved word that does not start with a
/// lower-case letter, or of 32 bytes or more, fails the build here.
const LENGTHS_BY_FIRST_LETTER: [u32; 26] = lengths_by_first_letter();

const fn lengths_by_first_letter() -> [u32; 26] {
    let mut masks = [0u32; 26];
    let mut i = 0;
    while i < RESERVED.len() {
        let word = RESERVED[i].as_bytes();
        masks[(word[0] - b'a') as usize] |= 1 << word.len();
        i += 1;
    }
    masks
}

/// True when `name` can be written bare: a lower-case name of `[a-z0-9_$]`,
/// not starting with a digit or `$`, that is not a reserved word.
pub fn is_plain_identifier(name: &str) -> bool {
    let bytes = name.as_bytes();
    let Some(&first) = bytes.first() else {
        return false;
    };
    let simple = (first.is_ascii_lowercase() || first == b'_')
        && bytes.iter().all(|&b| PLAIN_BYTE[usize::from(b)]);
    simple && !is_reserved(first, name)
}

/// The bytes of a bare identifier: `[a-z0-9_$]`, one lookup a byte.
const PLAIN_BYTE: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 256 {
        let byte = b as u8;
        table[b] =
            byte.is_ascii_lowercase() || byte.is_ascii_digit() || byte == b'_' || byte == b'$';
        b += 1;
    }
    table
};

/// `name` (simple, starting with `first`) is a reserved word.
fn is_reserved(first: u8, name: &str) -> bool {
    let might_be = first.is_ascii_lowercase()
        && name.len() < 32
        && LENGTHS_BY_FIRST_LETTER[usize::from(first - b'a')] & (1 << name.len()) != 0;
    might_be && RESERVED.binary_search(&name).is_ok()
}

#[cfg(test)]
mod tests {
    use super::{RESERVED, is_plain_identifier};

    #[test]
    fn the_list_is_sorted_for_binary_search() {
        assert!(RESERVED.windows(2).all(|pair| pair[0] < pair[1]));
    }

    #[test]
    fn reserved_and_odd_names_are_not_plain() {
        assert!(is_plain_identifier("eod_date"));
        assert!(!is_plain_identifier("select"));
        assert!(!is_plain_identifier("Mixed"));
        assert!(!is_plain_identifier("1st"));
        assert!(!is_plain_identifier(""));
        assert!(is_plain_identifier("_x$1"));
    }

    #[test]
    fn every_reserved_word_is_found_and_near_misses_are_not() {
        for word in RESERVED {
            assert!(!is_plain_identifier(word), "{word}");
            assert!(is_plain_identifier(&format!("{word}_")), "{word}_");
            assert!(
                is_plain_identifier(&word[..word.len() - 1])
                    || RESERVED.contains(&&word[..word.len() - 1])
            );
        }
    }
}
