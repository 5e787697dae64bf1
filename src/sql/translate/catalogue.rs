//! The catalogue of the Oracle functions and Oracle-supplied package calls
//! eltc knows: for each, what it becomes on Redshift and its limits.
//!
//! The function dispatcher (`functions.rs`) finds a function's family
//! here, PL/SQL calls (`plsql::translate::calls`) and package-qualified
//! functions in SQL find a package's entry here, and docs/translation.md's
//! tables are generated from these lists (tests/translation_doc.rs), so the
//! documentation cannot drift from the code. Functions with the same meaning
//! in Oracle and Redshift are listed in the `SAME` table of `functions.rs`,
//! with the caveat that made each safe.

/// The family of rewrites that translates a function.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Family {
    /// NULL handling: `conditional.rs`.
    Conditional,
    /// Dates, rounding and the clock: `datetime.rs`, `months.rs`.
    Datetime,
    /// TO_CHAR / TO_DATE / TO_NUMBER / TO_TIMESTAMP: `conversion.rs`, `formats.rs`.
    Conversion,
    /// Text functions: `strings.rs`, `concat.rs`.
    Text,
    /// Regular expressions and LISTAGG: `regex.rs`.
    Regexp,
}

/// An Oracle function eltc rewrites.
#[derive(Debug)]
pub struct Rewritten {
    /// Oracle name, upper case.
    pub name: &'static str,
    /// The rewrite family.
    pub family: Family,
    /// What it becomes (Markdown).
    pub becomes: &'static str,
    /// What is refused or differs (Markdown).
    pub limits: &'static str,
}

const fn rewritten(
    name: &'static str,
    family: Family,
    becomes: &'static str,
    limits: &'static str,
) -> Rewritten {
    Rewritten {
        name,
        family,
        becomes,
        limits,
    }
}

use Family::{Conditional, Conversion, Datetime, Regexp, Text};

/// The functions translated by a rewrite, by name.
pub const REWRITTEN: &[Rewritten] = &[
    rewritten("NVL", Conditional, "`COALESCE(a, b)`", "none"),
    rewritten(
        "NVL2",
        Conditional,
        "`CASE WHEN a IS NOT NULL THEN b ELSE c END`",
        "none",
    ),
    rewritten(
        "DECODE",
        Conditional,
        "a searched `CASE`; a NULL search value matches NULL, as in Oracle",
        "none",
    ),
    rewritten("COALESCE", Conditional, "the same call", "none"),
    rewritten("NULLIF", Conditional, "the same call", "none"),
    rewritten(
        "GREATEST",
        Conditional,
        "the same call, with a `CASE` guard for nullable arguments (Oracle returns NULL when any argument is NULL, Redshift ignores NULLs)",
        "none",
    ),
    rewritten("LEAST", Conditional, "as GREATEST", "none"),
    rewritten(
        "TRUNC",
        Datetime,
        "a DATE: itself; a TIMESTAMP: `CAST(d AS DATE)`; with a format (`MM`, `YYYY`, `Q`, `IW`, `DD`, `HH24`, `MI`): `DATE_TRUNC`; a number: the same call",
        "other formats and floating-point numbers are refused",
    ),
    rewritten(
        "ROUND",
        Datetime,
        "exact numbers: the same call (half away from zero in both); a DATE or TIMESTAMP: `DATE_TRUNC` to the format's unit, plus one unit past its midpoint, as Oracle rounds",
        "floating-point numbers, a TIMESTAMPTZ and other formats are refused",
    ),
    rewritten(
        "CURRENT_DATE",
        Datetime,
        "`GETDATE()` (Oracle's CURRENT_DATE holds the time of day)",
        "none",
    ),
    rewritten(
        "CURRENT_TIMESTAMP",
        Datetime,
        "refused",
        "leader-node only in Redshift",
    ),
    rewritten(
        "LOCALTIMESTAMP",
        Datetime,
        "refused",
        "leader-node only in Redshift",
    ),
    rewritten("NOW", Datetime, "refused", "leader-node only in Redshift"),
    rewritten(
        "SYSTIMESTAMP",
        Datetime,
        "refused (`translate::server-clock`)",
        "the server's time zone has no Redshift equivalent",
    ),
    rewritten("GETDATE", Datetime, "the same call", "none"),
    rewritten(
        "ADD_MONTHS",
        Datetime,
        "Redshift's `ADD_MONTHS` (month ends kept, as Oracle), cast back to DATE for a DATE",
        "a decimal month count is refused",
    ),
    rewritten(
        "LAST_DAY",
        Datetime,
        "Redshift's `LAST_DAY` of a DATE; of a TIMESTAMP (an Oracle DATE) `DATEADD(day, DATEDIFF(day, d, LAST_DAY(d)), d)`, which keeps the time of day as Oracle does",
        "none",
    ),
    rewritten(
        "MONTHS_BETWEEN",
        Datetime,
        "Redshift's `MONTHS_BETWEEN` (FLOAT8, 15 significant digits); `TRUNC(MONTHS_BETWEEN(a, b))` of timestamps: the dates' whole months, `CAST(TRUNC(MONTHS_BETWEEN(CAST(a AS DATE), CAST(b AS DATE))) AS INTEGER)`",
        "timestamps only inside TRUNC (the time of day changes Oracle's fraction, never its whole months)",
    ),
    rewritten(
        "NEXT_DAY",
        Datetime,
        "Redshift's `NEXT_DAY` with the full English day name",
        "a literal English day name only (Oracle reads NLS_DATE_LANGUAGE)",
    ),
    rewritten(
        "TO_CHAR",
        Conversion,
        "`TO_CHAR` with the format model rewritten (FM toggle, TM for numbers)",
        "RR, D, AM/PM, FF, currency and NLS-dependent defaults are refused (YY is printed alike)",
    ),
    rewritten(
        "TO_DATE",
        Conversion,
        "`TO_DATE(s, 'fmt', TRUE)` (strict) or `TO_TIMESTAMP` when the model reads a time of day",
        "a missing or non-literal model is refused; so are RR and YY (Oracle reads a two-digit year in the current century, Redshift nearest 2020)",
    ),
    rewritten(
        "TO_TIMESTAMP",
        Conversion,
        "`TO_TIMESTAMP` with the model rewritten",
        "as TO_DATE",
    ),
    rewritten(
        "TO_NUMBER",
        Conversion,
        "with a format model: `TO_NUMBER(s, 'fmt')`; of `TO_CHAR(d, 'YYYYMMDD')`: a CAST to an integer; of a text literal in plain decimal notation (`'123.45'`): the number; without a model, written whole into a column of an exact type (a value of INSERT ... SELECT or VALUES, also passed on by a subquery; `UPDATE ... SET c =`; a column of a MERGE's source subquery that the MERGE only sets or inserts): as `CAST(s AS` the column's type`)`, rounded to its scale",
        "other calls without a model are refused (the NUMBER's scale is unknown, Redshift needs one); so is a DISTINCT, GROUP BY or UNION (not ALL) source, which compares the values before the column rounds them",
    ),
    rewritten(
        "CONCAT",
        Text,
        "`a || b`, as `||` is translated (NULL as '')",
        "as `||`: decimals, dates and CHAR(n) operands are refused",
    ),
    rewritten(
        "SUBSTR",
        Text,
        "`SUBSTRING` with Oracle's positions (0 is 1, negative from the end), NULL for '' results",
        "none",
    ),
    rewritten(
        "INSTR",
        Text,
        "`STRPOS`; a start or an occurrence: `REGEXP_INSTR` with the literal as a pattern",
        "a negative start, a self-overlapping search text and a non-literal search with an occurrence are refused",
    ),
    rewritten(
        "LENGTH",
        Text,
        "`LENGTH`",
        "CHAR(n) columns are refused where Oracle counts their padding",
    ),
    rewritten(
        "LPAD",
        Text,
        "`LPAD`, NULL for a length below 1",
        "CHAR(n) columns are refused",
    ),
    rewritten(
        "RPAD",
        Text,
        "`RPAD`, NULL for a length below 1",
        "CHAR(n) columns are refused",
    ),
    rewritten(
        "TRIM",
        Text,
        "`TRIM`, NULL for ''",
        "trimming more than one character is refused",
    ),
    rewritten("LTRIM", Text, "`LTRIM`, NULL for ''", "none"),
    rewritten("RTRIM", Text, "`RTRIM`, NULL for ''", "none"),
    rewritten(
        "REPLACE",
        Text,
        "`REPLACE`; an omitted or NULL replacement removes the text, as in Oracle",
        "none",
    ),
    rewritten(
        "CHR",
        Text,
        "`CHR` of a literal ASCII code",
        "codes above 127 depend on the character set and are refused",
    ),
    rewritten(
        "REGEXP_LIKE",
        Regexp,
        "`REGEXP_COUNT(s, p, 1, 'i'|'c') > 0` with the pattern rewritten for POSIX",
        "back-references, `\\A`/`\\Z`, non-greedy quantifiers, match parameters `m` and `x` are refused",
    ),
    rewritten(
        "REGEXP_SUBSTR",
        Regexp,
        "`REGEXP_SUBSTR`, NULL for no match (Redshift returns '')",
        "a subexpression above 1 is refused",
    ),
    rewritten(
        "REGEXP_REPLACE",
        Regexp,
        "`REGEXP_REPLACE`; an omitted replacement is ''",
        "an occurrence other than 0 (all) is refused",
    ),
    rewritten(
        "REGEXP_INSTR",
        Regexp,
        "`REGEXP_INSTR` with the pattern rewritten",
        "positions and occurrences must be positive literals",
    ),
    rewritten(
        "REGEXP_COUNT",
        Regexp,
        "`REGEXP_COUNT` with the pattern rewritten",
        "as REGEXP_INSTR",
    ),
    rewritten(
        "LISTAGG",
        Regexp,
        "`LISTAGG(x, sep) WITHIN GROUP (ORDER BY ...)`",
        "DISTINCT, ON OVERFLOW, OVER and numbers (Oracle's TO_CHAR) are refused",
    ),
];

/// The family of the rewrite that translates `name` (upper case), if any.
pub fn family(name: &str) -> Option<Family> {
    REWRITTEN.iter().find(|f| f.name == name).map(|f| f.family)
}

/// What a call of an Oracle-supplied package becomes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Becomes {
    /// Translated by the PL/SQL translator (how is in [`PackageCall::note`]).
    Translated,
    /// Left out with a `translate::oracle-package-dropped` warning: the call
    /// changes no data, and Redshift has nothing to call.
    Dropped,
    /// Refused with `translate::oracle-package`.
    Refused,
}

/// An Oracle-supplied package procedure or function (`package.name`, or
/// `package.*` for every routine of the package).
#[derive(Debug)]
pub struct PackageCall {
    /// Lower case, `dbms_stats.gather_table_stats` or `utl_file.*`.
    pub name: &'static str,
    /// What it becomes.
    pub becomes: Becomes,
    /// Why (the diagnostic's message ends with it).
    pub note: &'static str,
    /// The help line: what to write instead.
    pub help: &'static str,
}

const fn package(
    name: &'static str,
    becomes: Becomes,
    note: &'static str,
    help: &'static str,
) -> PackageCall {
    PackageCall {
        name,
        becomes,
        note,
        help,
    }
}

use Becomes::{Dropped, Refused, Translated};

/// Oracle's packages eltc knows, most specific first.
pub const PACKAGES: &[PackageCall] = &[
    package(
        "dbms_output.put_line",
        Translated,
        "`RAISE INFO '%', v` with `v := x`: the message lands in SVL_STORED_PROC_MESSAGES",
        "",
    ),
    package(
        "dbms_output.enable",
        Translated,
        "a comment: RAISE INFO needs no buffer",
        "",
    ),
    package(
        "dbms_output.disable",
        Translated,
        "a comment: RAISE INFO needs no buffer",
        "",
    ),
    package(
        "dbms_output.*",
        Refused,
        "PUT and NEW_LINE build a line across calls, which RAISE INFO cannot",
        "build the whole line in a variable and call DBMS_OUTPUT.PUT_LINE once",
    ),
    package(
        "dbms_application_info.*",
        Dropped,
        "it labels the session for V$SESSION; Redshift has no such label and the call changes no data",
        "label queries with `SET query_group TO 'name'` in Redshift SQL if monitoring needs it",
    ),
    package(
        "dbms_stats.*",
        Dropped,
        "Redshift keeps statistics itself (automatic analyze, https://docs.aws.amazon.com/redshift/latest/dg/t_Analyzing_tables.html); statistics change no result",
        "run `ANALYZE table` after the batch if a large load needs fresh statistics at once",
    ),
    package(
        "dbms_lock.sleep",
        Refused,
        "Redshift procedures cannot wait",
        "wait outside the database, in the orchestration that starts the batch",
    ),
    package(
        "dbms_session.sleep",
        Refused,
        "Redshift procedures cannot wait",
        "wait outside the database, in the orchestration that starts the batch",
    ),
    package(
        "dbms_lock.*",
        Refused,
        "user locks do not exist in Redshift",
        "serialise batches outside the database (the eltc runtime runs one batch of a pipeline at a time)",
    ),
    package(
        "dbms_scheduler.*",
        Refused,
        "jobs are scheduled outside Redshift",
        "start the pipeline from its notification file or an EventBridge schedule, or use Redshift's scheduled queries",
    ),
    package(
        "dbms_job.*",
        Refused,
        "jobs are scheduled outside Redshift",
        "start the pipeline from its notification file or an EventBridge schedule, or use Redshift's scheduled queries",
    ),
    package(
        "utl_file.*",
        Refused,
        "it reads or writes files on the database server, which Redshift does not have",
        "land input files in S3 and load them as a source; write output with UNLOAD to S3",
    ),
    package(
        "dbms_utility.*",
        Refused,
        "Redshift has no call stack or error backtrace to format",
        "log SQLERRM (the error message) in the handler instead",
    ),
    package(
        "dbms_sql.*",
        Refused,
        "cursor-number dynamic SQL does not exist in Redshift",
        "build the statement text and run it with EXECUTE in Redshift form",
    ),
    package(
        "dbms_session.*",
        Refused,
        "session contexts and settings do not exist in Redshift",
        "pass the value as a procedure parameter",
    ),
    package(
        "dbms_lob.*",
        Refused,
        "LOB locators do not exist in Redshift (CLOB columns become VARCHAR(65535))",
        "use SUBSTRING, LENGTH and POSITION on the VARCHAR value",
    ),
    package(
        "dbms_random.*",
        Refused,
        "Redshift's RANDOM() is another generator with other ranges",
        "write `RANDOM()` in Redshift SQL where a different sequence is acceptable",
    ),
    package(
        "dbms_mview.*",
        Refused,
        "Oracle's refresh methods and groups do not exist in Redshift",
        "run `REFRESH MATERIALIZED VIEW name` in Redshift SQL",
    ),
    package(
        "dbms_cloud.*",
        Refused,
        "it calls Oracle's object store",
        "read S3 with COPY (a source) or an external schema (Redshift Spectrum)",
    ),
    package(
        "dbms_crypto.*",
        Refused,
        "Oracle's cryptographic routines have no Redshift equivalent with the same output",
        "hash with Redshift's `MD5`, `SHA1` or `SHA2` in Redshift SQL if the values need not match Oracle's",
    ),
    package(
        "dbms_alert.*",
        Refused,
        "alerts between sessions do not exist in Redshift",
        "signal through the pipeline's status objects or an SNS topic",
    ),
    package(
        "dbms_pipe.*",
        Refused,
        "pipes between sessions do not exist in Redshift",
        "signal through the pipeline's status objects or an SNS topic",
    ),
];

/// The entry for `package.name` (in any case), the exact one before the
/// package's `*`. Every qualified column reference (`t.col`) asks, so it
/// compares in place rather than building the lower-case name.
pub fn package_call(package: &str, name: &str) -> Option<&'static PackageCall> {
    let split = |p: &&PackageCall| p.name.split_once('.').unwrap_or((p.name, ""));
    let in_package = |p: &&PackageCall| split(p).0.eq_ignore_ascii_case(package);
    PACKAGES
        .iter()
        .filter(in_package)
        .find(|p| split(p).1.eq_ignore_ascii_case(name))
        .or_else(|| {
            PACKAGES
                .iter()
                .filter(in_package)
                .find(|p| split(p).1 == "*")
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exact_entries_come_before_the_package_wildcard() {
        assert_eq!(
            package_call("dbms_output", "put_line").map(|p| p.becomes),
            Some(Translated)
        );
        assert_eq!(
            package_call("dbms_output", "new_line").map(|p| p.becomes),
            Some(Refused)
        );
        assert_eq!(
            package_call("dbms_lock", "sleep").map(|p| p.note),
            Some("Redshift procedures cannot wait")
        );
        assert_eq!(
            package_call("dbms_stats", "gather_table_stats").map(|p| p.becomes),
            Some(Dropped)
        );
        assert!(package_call("audit_pkg", "log").is_none());
        assert_eq!(
            package_call("DBMS_Output", "PUT_LINE").map(|p| p.name),
            Some("dbms_output.put_line")
        );
    }

    #[test]
    fn names_are_unique() {
        let mut functions: Vec<&str> = REWRITTEN.iter().map(|f| f.name).collect();
        functions.sort_unstable();
        functions.dedup();
        assert_eq!(functions.len(), REWRITTEN.len());
        let mut packages: Vec<&str> = PACKAGES.iter().map(|p| p.name).collect();
        packages.sort_unstable();
        packages.dedup();
        assert_eq!(packages.len(), PACKAGES.len());
    }
}
