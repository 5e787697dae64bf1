//! What a legacy file is, by its content first and its extension second:
//! legacy trees name files inconsistently (`.sql` holds DDL, PL/SQL or an
//! unload; `.txt` holds a control file).

/// The kind of a legacy file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Kind {
    /// A SQL*Loader control file.
    Control,
    /// A shell or batch driver.
    Driver,
    /// PL/SQL units (procedures, functions, packages).
    Plsql,
    /// DDL (CREATE TABLE, CREATE SEQUENCE, ...).
    Ddl,
    /// A SQL*Plus unload script (SPOOL).
    Unload,
    /// Documentation or data: not imported, not reported.
    Ignored,
    /// Anything else.
    Other,
}

/// A Windows batch file.
pub fn is_batch(path: &str) -> bool {
    let lower = path.to_ascii_lowercase();
    lower.ends_with(".bat") || lower.ends_with(".cmd")
}

/// The kind of the file at `path` holding `text`.
pub fn classify(path: &str, text: &str) -> Kind {
    let lower_path = path.to_ascii_lowercase();
    let ext = lower_path.rsplit_once('.').map_or("", |(_, e)| e);
    let lower = text.to_ascii_lowercase();
    let words: Vec<&str> = lower.split_whitespace().collect();
    let has_pair = |a: &str, b: &str| words.windows(2).any(|w| w[0] == a && w[1].starts_with(b));
    if matches!(
        ext,
        "md" | "csv" | "dat" | "log" | "bad" | "dsc" | "gitignore" | "json" | "yaml" | "yml"
    ) {
        return Kind::Ignored;
    }
    if ext == "ctl" || has_pair("load", "data") && has_pair("into", "table") {
        return Kind::Control;
    }
    if matches!(ext, "sh" | "ksh" | "bash" | "bat" | "cmd" | "csh" | "zsh")
        || text.starts_with("#!")
    {
        return Kind::Driver;
    }
    if ext == "txt" {
        return Kind::Ignored;
    }
    let creates = |what: &str| {
        words.windows(4).any(|w| {
            w[0] == "create"
                && (w[1] == what
                    || (w[1] == "or"
                        && w[2] == "replace"
                        && (w[3] == what || w[3] == "editionable")))
        })
    };
    if creates("procedure")
        || creates("package")
        || creates("function")
        || creates("trigger")
        || creates("type")
    {
        return Kind::Plsql;
    }
    if words.windows(2).any(|w| {
        w[0] == "create"
            && matches!(
                w[1],
                "table" | "sequence" | "index" | "unique" | "view" | "global"
            )
    }) || words.windows(2).any(|w| w[0] == "alter" && w[1] == "table")
    {
        return Kind::Ddl;
    }
    if lower
        .lines()
        .any(|l| l.trim_start().starts_with("spool ") || l.trim_start().starts_with("spo "))
    {
        return Kind::Unload;
    }
    if matches!(
        ext,
        "sql" | "pls" | "plsql" | "prc" | "pkb" | "pks" | "fnc" | "trg"
    ) {
        // SQL without units, DDL or SPOOL: a script the drivers may run.
        return Kind::Other;
    }
    Kind::Other
}

#[cfg(test)]
mod tests {
    use super::{Kind, classify};

    #[test]
    fn content_decides() {
        assert_eq!(
            classify(
                "a.txt",
                "OPTIONS (SKIP=1)\nLOAD DATA\nINFILE 'x'\nINTO TABLE t (a)"
            ),
            Kind::Control
        );
        assert_eq!(classify("notes.txt", "hello"), Kind::Ignored);
        assert_eq!(classify("run", "#!/bin/ksh\nsqlldr x"), Kind::Driver);
        assert_eq!(
            classify("p.sql", "create or replace procedure p as begin null; end;"),
            Kind::Plsql
        );
        assert_eq!(classify("d.sql", "CREATE TABLE s.t (a NUMBER);"), Kind::Ddl);
        assert_eq!(
            classify(
                "u.sql",
                "set heading off\nspool /x/a.csv\nselect 1 from dual;\nspool off"
            ),
            Kind::Unload
        );
        assert_eq!(classify("README.md", "LOAD DATA INTO TABLE"), Kind::Ignored);
        assert_eq!(classify("notes.md", "hello"), Kind::Ignored);
    }
}
