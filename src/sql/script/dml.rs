//! A script's statements other than DDL: translated with the script's
//! tables, temps and sequences, and translated once more with the types of
//! its binds when a bind's unknown type refused it (`translate::binds`).

use std::collections::{BTreeMap, BTreeSet};
use std::ops::Range;

use sqlparser::ast::Statement;

use super::{ScriptEnv, Translated};
use crate::diag::{Code, Diagnostic};
use crate::sql::span::SqlSource;
use crate::sql::translate::{BindUse, Binds, Translator, bind_diagnostic, infer_bind_types};
use crate::sql::typing::Info;

/// One translation of a statement, and the script state it leaves.
struct Attempt {
    statements: Vec<Statement>,
    diagnostics: Vec<Diagnostic>,
    bind_uses: Vec<BindUse>,
    temps: BTreeMap<String, Vec<(String, Info)>>,
    sequences: BTreeSet<String>,
}

impl Attempt {
    fn errors(&self) -> usize {
        self.diagnostics.iter().filter(|d| d.is_error()).count()
    }

    /// True when an operand of unknown type refused the statement while
    /// some bind had a use that fixes its type: typing the binds may help.
    fn wants_bind_types(&self) -> bool {
        !self.bind_uses.is_empty()
            && self
                .diagnostics
                .iter()
                .any(|d| d.is_error() && d.code == Code::OperandTypeUnknown)
    }
}

impl ScriptEnv {
    /// Translates `statement` (at `range` of `source`) into `out`; a failed
    /// statement emits its diagnostics only.
    pub(super) fn dml(
        &mut self,
        source: &SqlSource<'_>,
        range: Range<usize>,
        statement: Statement,
        out: &mut Translated,
    ) {
        let has_binds = source.text[range.clone()].contains(':');
        let again = has_binds.then(|| {
            (
                statement.clone(),
                self.temps.clone(),
                self.sequences.clone(),
            )
        });
        let first = self.attempt(source, range.clone(), statement, BTreeMap::new());
        let chosen = match again {
            Some((statement, temps, sequences)) if first.wants_bind_types() => {
                let inferred = infer_bind_types(&first.bind_uses);
                if inferred.types.is_empty() {
                    first
                } else {
                    let (kept_temps, kept_sequences) = (
                        std::mem::replace(&mut self.temps, temps),
                        std::mem::replace(&mut self.sequences, sequences),
                    );
                    let mut second = self.attempt(source, range, statement, inferred.types.clone());
                    if second.errors() < first.errors() {
                        let mut diagnostics: Vec<Diagnostic> =
                            inferred.types.values().map(bind_diagnostic).collect();
                        diagnostics.append(&mut second.diagnostics);
                        second.diagnostics = diagnostics;
                        second
                    } else {
                        Attempt {
                            temps: kept_temps,
                            sequences: kept_sequences,
                            ..first
                        }
                    }
                }
            }
            _ => first,
        };
        self.temps = chosen.temps;
        self.sequences = chosen.sequences;
        let failed = chosen.diagnostics.iter().any(Diagnostic::is_error);
        out.diagnostics.extend(chosen.diagnostics);
        if !failed {
            out.statements.extend(chosen.statements);
        }
    }

    /// One translation of `statement` with the binds typed as `bind_types`
    /// says; the script's temps and sequences move into the attempt.
    fn attempt(
        &mut self,
        source: &SqlSource<'_>,
        range: Range<usize>,
        statement: Statement,
        bind_types: BTreeMap<String, BindUse>,
    ) -> Attempt {
        let mut translator = Translator::new(&self.catalog, source.clone(), true, Binds::DataApi);
        translator.statement = range;
        translator.open_world = true;
        translator.script_statement = true;
        translator.default_schema.clone_from(&self.default_schema);
        translator.temps = std::mem::take(&mut self.temps);
        translator.sequences = std::mem::take(&mut self.sequences);
        translator.bind_types = bind_types;
        let statements = match statement {
            // A script may hold queries (a transform's SELECT).
            Statement::Query(mut query) => {
                translator.query(&mut query);
                vec![Statement::Query(query)]
            }
            other => translator.statements(other),
        };
        Attempt {
            statements,
            diagnostics: translator.diagnostics,
            bind_uses: translator.bind_uses,
            temps: translator.temps,
            sequences: translator.sequences,
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::diag::{Code, SourceMap};
    use crate::sql::script::translate_script;

    const DDL: &str = "CREATE TABLE st.txn (id NUMBER(9) NOT NULL, business_dt DATE, amt NUMBER(12,2), code VARCHAR2(8));\n";

    /// The statements of `sql` (after the DDL) and the diagnostics' codes and messages.
    fn script(sql: &str) -> (Vec<String>, Vec<(Code, String)>) {
        let text = format!("{DDL}{sql}");
        let file = SourceMap::new().add("s.sql", text.clone());
        let script = translate_script(file, &text);
        (
            script.statements[1..]
                .iter()
                .map(ToString::to_string)
                .collect(),
            script
                .diagnostics
                .into_iter()
                .filter(|d| d.code != Code::TypeMapped)
                .map(|d| (d.code, d.message))
                .collect(),
        )
    }

    #[test]
    fn a_date_use_types_the_bind_everywhere_in_the_statement() {
        let (statements, diagnostics) = script(
            "SELECT t.id FROM st.txn t WHERE t.business_dt = :p_eod_date - 1 AND t.business_dt >= ADD_MONTHS(:P_EOD_DATE, -1);\n",
        );
        assert_eq!(
            statements,
            [
                "SELECT t.id FROM st.txn t WHERE t.business_dt = CAST(:p_eod_date AS TIMESTAMP) - INTERVAL '1 day' AND t.business_dt >= ADD_MONTHS(CAST(:p_eod_date AS TIMESTAMP), -1)"
            ]
        );
        assert_eq!(diagnostics.len(), 1, "{diagnostics:?}");
        assert_eq!(diagnostics[0].0, Code::BindTypeInferred);
        assert!(
            diagnostics[0]
                .1
                .contains("`:p_eod_date` is taken to be a DATE")
        );
    }

    #[test]
    fn a_comparison_with_a_date_column_types_the_bind() {
        let (statements, diagnostics) = script(
            "DELETE FROM st.txn WHERE business_dt = :p_day AND business_dt > TRUNC(:p_day, 'MM') - 1;\n",
        );
        assert_eq!(
            statements,
            [
                "DELETE FROM st.txn WHERE business_dt = CAST(:p_day AS TIMESTAMP) AND business_dt > CAST(DATE_TRUNC('month', CAST(:p_day AS TIMESTAMP)) AS DATE) - 1"
            ]
        );
        assert!(
            diagnostics[0].1.contains("its comparison with the date"),
            "{diagnostics:?}"
        );
    }

    #[test]
    fn a_bind_truncated_for_add_months_is_a_date() {
        let (statements, diagnostics) =
            script("DELETE FROM st.txn WHERE business_dt < ADD_MONTHS(TRUNC(:p_day), -12);\n");
        assert_eq!(
            statements,
            [
                "DELETE FROM st.txn WHERE business_dt < CAST(ADD_MONTHS(CAST(CAST(:p_day AS TIMESTAMP) AS DATE), -12) AS DATE)"
            ]
        );
        assert!(
            diagnostics[0]
                .1
                .ends_with("from TRUNC inside the first argument of `ADD_MONTHS`"),
            "{diagnostics:?}"
        );
    }

    #[test]
    fn to_date_makes_the_bind_text() {
        let (statements, diagnostics) = script(
            "SELECT t.id FROM st.txn t WHERE t.business_dt = ADD_MONTHS(TO_DATE(:p_eod, 'YYYYMMDD'), -1);\n",
        );
        assert_eq!(
            statements,
            [
                "SELECT t.id FROM st.txn t WHERE t.business_dt = CAST(ADD_MONTHS(TO_DATE(:p_eod, 'YYYYMMDD', true), -1) AS DATE)"
            ]
        );
        assert_eq!(diagnostics.len(), 1, "{diagnostics:?}");
        assert_eq!(diagnostics[0].0, Code::BindTypeInferred);
        assert!(diagnostics[0].1.contains(
            "`:p_eod` is taken to be character data, from the first argument of `TO_DATE`"
        ));
    }

    #[test]
    fn uses_that_disagree_or_fix_nothing_stay_refused() {
        // A DATE for ADD_MONTHS, text for TO_DATE: no one type.
        let (statements, diagnostics) =
            script("SELECT ADD_MONTHS(:p, 1) AS a, TO_DATE(:p, 'YYYYMMDD') AS b FROM dual;\n");
        assert!(statements.is_empty());
        assert!(
            diagnostics
                .iter()
                .all(|(code, _)| *code != Code::BindTypeInferred)
                && diagnostics
                    .iter()
                    .any(|(code, _)| *code == Code::OperandTypeUnknown),
            "{diagnostics:?}"
        );
        // TRUNC(x) truncates a date or a number.
        let (statements, diagnostics) = script("SELECT TRUNC(:p) AS c FROM dual;\n");
        assert!(statements.is_empty());
        assert_eq!(diagnostics.len(), 1, "{diagnostics:?}");
        assert_eq!(diagnostics[0].0, Code::OperandTypeUnknown);
        // Compared with text: Oracle compares numbers if a number is bound.
        let (statements, diagnostics) =
            script("SELECT t.id FROM st.txn t WHERE t.code = :p AND TRUNC(:p) > 0;\n");
        assert!(statements.is_empty());
        assert!(
            diagnostics
                .iter()
                .all(|(code, _)| *code == Code::OperandTypeUnknown)
        );
    }
}
