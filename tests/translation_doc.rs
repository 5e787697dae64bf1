//! docs/translation.md's coverage matrix is generated here from the
//! fixtures directory and the semantic cases, so it cannot drift: every
//! construct of the translation issue, the fixture cases that exercise it
//! (file names containing one of its markers) and the number of semantic
//! cases (tests/semantic/*.rs case expressions containing one of its
//! keywords). A construct without a semantic case says so. Fixtures no
//! construct claims are listed last. `UPDATE_DOCS=1 cargo test translation_doc`
//! rewrites the section.

use std::path::Path;

/// (construct, fixture-name markers, semantic-case keywords).
const CONSTRUCTS: &[(&str, &[&str], &[&str])] = &[
    (
        "ROWNUM filters (LIMIT, top-n over an ordered subquery)",
        &["rownum"],
        &["rownum"],
    ),
    ("ROWID", &["rowid"], &["rowid"]),
    (
        "CONNECT BY / START WITH / LEVEL / SYS_CONNECT_BY_PATH",
        &["connect_by"],
        &["connect by"],
    ),
    (
        "sequences (NEXTVAL, CREATE SEQUENCE)",
        &["sequence"],
        &["nextval"],
    ),
    (
        "MERGE (UPDATE WHERE, DELETE WHERE, subquery source)",
        &["merge"],
        &["merge"],
    ),
    (
        "INSERT ALL / INSERT FIRST",
        &["insert_all", "insert_first"],
        &["insert all", "insert first"],
    ),
    (
        "UPDATE: target alias, qualified SET, correlated SET",
        &["update", "correlated_set"],
        &["update "],
    ),
    ("UPDATE SET (a, b) = (subquery)", &["set_tuple"], &["set ("]),
    ("DELETE: target alias", &["delete"], &[]),
    ("TRUNCATE", &["truncate"], &[]),
    ("(+) outer joins", &["outer_join"], &["(+)"]),
    (
        "MINUS, DUAL, hints, `*`",
        &["minus", "dual", "hints", "wildcard"],
        &["dual", " minus "],
    ),
    (
        "NVL, NVL2, DECODE, GREATEST/LEAST, COALESCE",
        &["nvl", "decode", "greatest"],
        &["nvl", "decode", "greatest", "least"],
    ),
    (
        "'' is NULL, || concatenation",
        &["concat", "empty_string"],
        &["||", "concat"],
    ),
    (
        "dates: SYSDATE, TRUNC, ROUND, ADD_MONTHS, arithmetic",
        &[
            "date_arithmetic",
            "trunc_",
            "sysdate",
            "timestamp",
            "add_months",
        ],
        &[
            "sysdate",
            "trunc(",
            "add_months",
            "months_between",
            "last_day",
        ],
    ),
    (
        "conversion: TO_CHAR, TO_DATE, TO_NUMBER, CAST",
        &["to_char", "to_date", "to_number", "cast"],
        &["to_char", "to_date", "to_number", "cast("],
    ),
    (
        "Oracle types in DDL (`eltc translate`) and CAST, `type-mapped` warnings",
        &["ddl_", "cast_"],
        &["nvarchar2", "clob"],
    ),
    (
        "text functions: SUBSTR, INSTR, LPAD, TRIM, INITCAP, ...",
        &["text_functions", "substr", "initcap"],
        &[
            "substr", "instr", "lpad", "rpad", "trim", "initcap", "upper", "lower", "replace",
        ],
    ),
    ("regular expressions", &["regexp"], &["regexp_"]),
    (
        "numbers: ROUND, integer division, AVG",
        &["round", "division", "avg", "number"],
        &["round(", "mod(", "avg("],
    ),
    ("window functions and frames", &["window"], &["over ("]),
];

fn fixture_names() -> Vec<String> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/translate");
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .expect("fixtures")
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".sql"))
        .map(|n| n.trim_end_matches(".sql").to_string())
        .collect();
    names.sort();
    names
}

/// The case expressions of the semantic tests (first string of each case line).
fn semantic_cases() -> Vec<String> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/semantic");
    let mut cases = Vec::new();
    for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let text = std::fs::read_to_string(entry.path()).unwrap_or_default();
        cases.extend(statement_cases(&text));
        for line in text.lines() {
            if let Some(rest) = line.trim_start().strip_prefix("(\"")
                && let Some(end) = rest.find("\",")
            {
                cases.push(rest[..end].to_lowercase());
            }
        }
    }
    cases
}

/// The Oracle statements of statement cases (tests/semantic/statements*.rs):
/// `oracle: "...",` fields, which may span lines.
fn statement_cases(text: &str) -> Vec<String> {
    text.split("oracle: \"")
        .skip(1)
        .filter_map(|rest| rest.find("\",").map(|end| rest[..end].to_lowercase()))
        .collect()
}

pub fn matrix() -> String {
    let fixtures = fixture_names();
    let cases = semantic_cases();
    let mut claimed = vec![false; fixtures.len()];
    let mut out = String::from("| construct | fixture cases | semantic cases |\n|---|---|---|\n");
    for (construct, markers, keywords) in CONSTRUCTS {
        let mut mine = Vec::new();
        for (i, name) in fixtures.iter().enumerate() {
            if markers.iter().any(|m| name.contains(m)) {
                claimed[i] = true;
                mine.push(format!("`{name}`"));
            }
        }
        let semantic = cases
            .iter()
            .filter(|c| keywords.iter().any(|k| c.contains(k)))
            .count();
        let semantic = if semantic == 0 {
            "**none**: no semantic case".to_string()
        } else {
            semantic.to_string()
        };
        let listed = if mine.is_empty() {
            "**none**".to_string()
        } else {
            mine.join(", ")
        };
        out.push_str(&format!("| {construct} | {listed} | {semantic} |\n"));
    }
    let rest: Vec<String> = fixtures
        .iter()
        .zip(&claimed)
        .filter(|(_, c)| !**c)
        .map(|(n, _)| format!("`{n}`"))
        .collect();
    out.push_str(&format!(
        "\nFixture cases: {} ({} refused `err_*`). Not claimed by a construct above: {}.\n",
        fixtures.len(),
        fixtures.iter().filter(|n| n.starts_with("err_")).count(),
        if rest.is_empty() {
            "none".to_string()
        } else {
            rest.join(", ")
        }
    ));
    out
}

#[test]
fn translation_matrix_is_current() {
    const START: &str = "<!-- matrix:start (generated by tests/translation_doc.rs) -->\n";
    const END: &str = "<!-- matrix:end -->";
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/translation.md");
    let doc = std::fs::read_to_string(&path).expect("docs/translation.md");
    let (Some(start), Some(end)) = (doc.find(START), doc.find(END)) else {
        panic!("docs/translation.md lacks the matrix markers");
    };
    let expected = format!("{}{START}{}{}", &doc[..start], matrix(), &doc[end..]);
    crate::docs::assert_file_current(
        "docs/translation.md",
        &expected,
        "run `UPDATE_DOCS=1 cargo test translation_doc` and commit it",
    );
}

/// The catalogue section: every Oracle function eltc translates (copied as is
/// or rewritten) and every Oracle-supplied package call it knows, from the
/// tables the translator itself dispatches on.
pub fn catalogue() -> String {
    use eltc::sql::translate::catalogue::{Becomes, PACKAGES, REWRITTEN};
    let cell = |text: &str| text.replace('|', "\\|");
    let mut functions: Vec<(String, String, String)> = eltc::sql::translate::same_functions()
        .map(|(name, caveat, doc)| {
            (
                name.to_string(),
                format!("the same call ([Redshift]({doc}))"),
                cell(caveat),
            )
        })
        .chain(
            REWRITTEN
                .iter()
                .map(|f| (f.name.to_string(), cell(f.becomes), cell(f.limits))),
        )
        .collect();
    functions.sort();
    let mut out =
        String::from("| Oracle function | becomes | limits and caveats |\n|---|---|---|\n");
    for (name, becomes, limits) in &functions {
        out.push_str(&format!("| `{name}` | {becomes} | {limits} |\n"));
    }
    out.push_str(&format!(
        "\n{} functions. Any other function is refused: another Oracle built-in as `translate::builtin-not-translated`, SQLCODE and SQLERRM as `plsql::sqlcode`, any other name (a user function not among the inputs) as `translate::unknown-function`, a schema- or package-qualified one as `translate::schema-qualified-function`; arguments a rewrite does not take are `translate::function-arguments` (or `translate::operand-type-unknown` when an argument's type is unknown).\n\n",
        functions.len()
    ));
    out.push_str("| Oracle package call | becomes | why | instead |\n|---|---|---|---|\n");
    for call in PACKAGES {
        let (becomes, help) = match call.becomes {
            Becomes::Translated => ("translated", "".to_string()),
            Becomes::Dropped => (
                "left out, `translate::oracle-package-dropped` (warning)",
                cell(call.help),
            ),
            Becomes::Refused => ("`translate::oracle-package` (error)", cell(call.help)),
        };
        out.push_str(&format!(
            "| `{}` | {becomes} | {} | {help} |\n",
            call.name.to_uppercase(),
            cell(call.note)
        ));
    }
    out.push_str("\nA `*` stands for every routine of the package not listed above it. A call of another package that no input declares is `plsql::unknown-name`.\n");
    out
}

#[test]
fn function_and_package_catalogue_is_current() {
    const START: &str = "<!-- catalogue:start (generated by tests/translation_doc.rs) -->\n";
    const END: &str = "<!-- catalogue:end -->";
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/translation.md");
    let doc = std::fs::read_to_string(&path).expect("docs/translation.md");
    let (Some(start), Some(end)) = (doc.find(START), doc.find(END)) else {
        panic!("docs/translation.md lacks the catalogue markers");
    };
    let expected = format!("{}{START}{}{}", &doc[..start], catalogue(), &doc[end..]);
    crate::docs::assert_file_current(
        "docs/translation.md",
        &expected,
        "run `UPDATE_DOCS=1 cargo test translation_doc` and commit it",
    );
}
