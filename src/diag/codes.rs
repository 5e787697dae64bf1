//! The catalogue of diagnostic codes.
//!
//! Codes are stable: tools and CI annotations match on them, so a code is never
//! renamed or reused for another problem. Each entry carries the text that
//! `eltc explain CODE` prints and that `docs/diagnostics.md` is generated from
//! (a test fails when that file is stale). Codes are grouped by the stage that
//! raises them: `spec` (the YAML), `sql` (parsing), `translate` (Oracle to
//! Redshift), `build` (emission), `import` (legacy files), `plan` (change
//! plans), `lineage` (column lineage), `project` (pipelines checked
//! together), `io` (reading files), `test` (what `eltc test` needs to run).

use super::Severity;

/// What `eltc explain` knows about a code.
#[derive(Debug)]
pub struct CodeInfo {
    /// The code as printed, e.g. `spec::unknown-key`.
    pub name: &'static str,
    /// Default severity.
    pub severity: Severity,
    /// One line: what the code means.
    pub summary: &'static str,
    /// Markdown: what triggers it, why it matters, an example, how to fix it.
    pub explanation: &'static str,
}

macro_rules! catalogue {
    ($( $(#[$doc:meta])* $variant:ident = $name:literal, $severity:ident, $summary:literal, $explanation:literal; )*) => {
        /// A stable diagnostic code.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize)]
        pub enum Code {
            $( $(#[$doc])* $variant, )*
        }

        impl Code {
            /// Every code, in catalogue order.
            pub const ALL: &'static [Code] = &[ $( Code::$variant, )* ];

            /// The code's catalogue entry.
            pub fn info(self) -> &'static CodeInfo {
                match self {
                    $( Code::$variant => &CodeInfo {
                        name: $name,
                        severity: Severity::$severity,
                        summary: $summary,
                        explanation: $explanation,
                    }, )*
                }
            }
        }
    };
}

impl Code {
    /// The code as printed, e.g. `spec::unknown-key`.
    pub fn name(self) -> &'static str {
        self.info().name
    }

    /// Looks a code up by its printed name, with or without the `eltc::` prefix.
    pub fn from_name(name: &str) -> Option<Code> {
        let name = name.strip_prefix("eltc::").unwrap_or(name);
        Code::ALL.iter().copied().find(|code| code.name() == name)
    }
}

catalogue! {
    /// The YAML is not well formed.
    YamlSyntax = "spec::yaml-syntax", Error,
        "the pipeline file is not valid YAML",
        "The YAML reader could not parse the file: an indentation error, an unclosed bracket or quote, a tab used for indentation, or a duplicate key in one mapping.\n\n```yaml\nsources:\n  eod_price:\n    file: [eod_price.csv\n```\n\nFix the syntax at the position shown. Nothing else in the file is checked until it parses.";
    /// A key the spec does not know.
    UnknownKey = "spec::unknown-key", Error,
        "a key that the spec language does not define",
        "Every mapping of a pipeline spec has a fixed set of keys (see `docs/spec.md` and `schema/pipeline.schema.json`). An unknown key is an error rather than ignored, because a misspelt option (`delimeter`) would otherwise be silently dropped and the load would run with the default.\n\n```yaml\nformat: { type: csv, delimeter: \";\" }\n```\n\nUse the key the help line suggests, or remove it.";
    /// A value of the wrong YAML type.
    WrongType = "spec::wrong-type", Error,
        "a value of the wrong kind (mapping, list, string, number, boolean)",
        "The key expects another kind of value, e.g. a list of column names where a single string was given, or a number where a word was given.\n\n```yaml\nsortkey: { eod_date: 1 }   # expects a list: [eod_date]\n```\n\nWrite the value in the shape `docs/spec.md` gives for the key.";
    /// A required key is absent.
    MissingKey = "spec::missing-key", Error,
        "a required key is missing",
        "The mapping lacks a key that has no default, such as `name` at the top of the pipeline or `file` in a source.\n\nAdd the key; `docs/spec.md` lists the required keys of each mapping.";
    /// A value outside the allowed set or form.
    InvalidValue = "spec::invalid-value", Error,
        "a value outside the allowed set or form",
        "The key takes one of a fixed set of words (`mode: truncate | append`), or a value of a given form (an identifier, a positive number, a single-character delimiter).\n\n```yaml\nmode: merge   # a source is loaded in mode truncate or append\n```\n\nUse one of the values the help line lists.";
    /// Two definitions with the same name.
    DuplicateName = "spec::duplicate-name", Error,
        "two things of the same kind share a name",
        "Names of sources, tables, columns, transforms, parameters and test cases must be unique (tables and columns case-insensitively, since Redshift folds identifiers to lower case). A duplicate would make a reference ambiguous or one definition silently win.\n\nRename or remove one of them; the second label points at the first definition.";
    /// A reference to a table that is not declared.
    UnknownTable = "spec::unknown-table", Error,
        "a reference to a table the pipeline does not declare",
        "Sources load into, and transforms write to, tables declared under `tables:`. eltc must know every table's columns to emit its DDL, the COPY column list and the strategies.\n\n```yaml\nsources:\n  eod_price: { file: eod_price.csv, table: staging.eod_prices }\n```\n\nDeclare the table under `tables:` or fix the name.";
    /// A reference to a column that the table does not have.
    UnknownColumn = "spec::unknown-column", Error,
        "a reference to a column the table does not have",
        "A key, a sort or distribution key, a strategy's key columns, a source field or an assertion names a column that the table does not declare.\n\n```yaml\nstrategy: { delete_insert: [eod_dt] }\n```\n\nUse one of the table's columns; the help line suggests the closest.";
    /// A parameter that is not declared.
    UnknownParam = "spec::unknown-param", Error,
        "a reference to a parameter the pipeline does not declare",
        "A notification or landing pattern (`{eod_date}`), a file name pattern or a bind variable in SQL (`:eod_date`) names a parameter that `params:` does not declare. The runtime could not fill it in.\n\nDeclare the parameter under `params:` with its type, or fix the name.";
    /// A parameter that nothing uses.
    UnusedParam = "spec::unused-param", Warning,
        "a declared parameter that no pattern or SQL uses",
        "The parameter is passed to the procedures but nothing reads it. It is harmless, but usually a sign of a misspelt bind variable.\n\nUse it, or remove it from `params:`.";
    /// An `allow` entry that acknowledged no warning.
    UnusedAllow = "spec::unused-allow", Warning,
        "an `allow` entry of a source or step that acknowledged no warning",
        "A source or transform step acknowledges a warning with `allow: [{ code, reason }]`: the warning is then not printed, only counted as allowed. An entry that acknowledged nothing in this run is reported, because a stale acknowledgement would silently hide the same warning if it came back somewhere else in the step, for another reason. Usually the SQL was fixed, or the entry names another code than the warning's, or it sits on another source or step than the one the warning points into.\n\n```yaml\ntransforms:\n  - name: load_day\n    plsql: transforms/load_day.prc\n    allow:\n      - code: plsql::transaction-changed   # no COMMIT or TRUNCATE left in load_day.prc\n        reason: the legacy COMMIT per day is replaced by one batch\n```\n\nRemove the entry, or move it to the source or step whose block or SQL the warning points into (`eltc check --explain-allowed` lists what each entry acknowledges). `spec::unused-allow` itself cannot be allowed.";
    /// A type Redshift does not have.
    UnsupportedType = "spec::unsupported-type", Error,
        "a column or parameter type that Redshift does not have",
        "Column and parameter types are Redshift types. Oracle types (`VARCHAR2`, `NUMBER`), types Redshift lacks (`TEXT` is VARCHAR(256), `SERIAL`, arrays), and a bare `NUMERIC`/`DECIMAL` (Redshift reads it as DECIMAL(18,0) and silently drops the decimals) are refused.\n\n```yaml\ncolumns: { price: number(8,2) }   # write numeric(8,2)\n```\n\nUse the Redshift type the help line suggests (see https://docs.aws.amazon.com/redshift/latest/dg/c_Supported_data_types.html for the Oracle mapping).";
    /// A file the spec names does not exist.
    MissingFile = "spec::missing-file", Error,
        "a SQL, PL/SQL or fixture file named by the spec does not exist",
        "Paths in the spec are relative to the pipeline's directory. The file could not be read.\n\nCreate the file or fix the path.";
    /// A file encoding COPY cannot read.
    UnsupportedEncoding = "spec::unsupported-encoding", Error,
        "a source encoding that Redshift COPY cannot read",
        "COPY reads UTF-8 (and UTF-16 with `ENCODING`). Legacy extracts are often Latin-1 (`WE8ISO8859P1`) or Windows-1252; COPY fails on their non-ASCII bytes, or with ACCEPTINVCHARS replaces them with `?`, silently changing the data.\n\nConvert the file to UTF-8 before it lands, e.g. `iconv -f ISO-8859-1 -t UTF-8 stores.dat > stores.utf8.dat`, and declare `encoding: utf8`.";
    /// A source option COPY cannot express.
    UnsupportedCopyOption = "spec::copy-unsupported-option", Error,
        "a source option that Redshift COPY cannot express",
        "COPY has one DATEFORMAT and one TIMEFORMAT per command, single-character delimiters only, no gaps in fixed-width layouts, and QUOTE only with CSV. A source needing more than that cannot be loaded faithfully by one COPY.\n\nChange the source (e.g. load the field as varchar and convert it in an `expr`), or pre-process the file before it lands.";
    /// A notification, landing or file pattern that is malformed.
    InvalidPattern = "spec::invalid-pattern", Error,
        "a notification, landing or file name pattern that is malformed",
        "Patterns are literal text with `{param}` or `{param:FORMAT}` captures. A capture must be closed, name a declared parameter, and two captures may not touch (the runtime could not tell where one ends).\n\n```yaml\nnotification: notification/{eod_date.done\n```\n\nClose the brace, or separate the captures by literal text.";
    /// Keys that cannot be used together.
    ConflictingKeys = "spec::conflicting-keys", Error,
        "keys that cannot be used together",
        "Some keys exclude each other: a source loads into one `table` or is split by `into`; a transform is `sql`, `query` with a `target`, or `plsql`, never two of them; a strategy needs a target.\n\nKeep one of the keys.";
    /// The spec version is not supported.
    UnsupportedVersion = "spec::unsupported-version", Error,
        "a spec version this eltc does not read",
        "`version:` selects the spec language. This eltc reads version 1.\n\nSet `version: 1` or upgrade eltc.";
    /// A SELECT whose columns do not fit its target.
    ColumnMismatch = "spec::column-mismatch", Error,
        "a query's output columns do not fit its target table",
        "A transform with a `target` inserts its query's columns by name. Every output column must be named (an alias for expressions) and exist in the target; key columns of the strategy must be among them.\n\n```sql\nSELECT symbol, eod_price - open_price FROM ...   -- second column has no name\n```\n\nAlias the expression with the target column's name.";
    /// A strategy query that reads its own target.
    TargetReadByQuery = "spec::target-read-by-query", Error,
        "a transform's query reads the table it writes with a strategy (no longer raised)",
        "No longer raised: a strategy's query may read its own target. It sees the target as it was before the step: `delete_insert`, `merge` and a `replace` whose query reads its target stage the query's rows in a temporary table before changing the target.\n\nEarlier versions refused such a query, because `delete_insert` and `merge` evaluated it twice.";
    /// No pipeline found where one was expected.
    NoPipeline = "spec::no-pipeline", Error,
        "a directory without a pipeline.yaml",
        "`eltc build`, `check` and `test` take pipeline directories, each holding a `pipeline.yaml`; without arguments they use every directory under `pipelines/`.\n\nPass a directory that holds a `pipeline.yaml`.";
    /// SQL that does not parse.
    SqlParse = "sql::parse", Error,
        "a SQL statement that does not parse",
        "The statement could not be parsed in the transform's dialect (`dialect: oracle` or `redshift`). The caret points at the token the parser stopped at.\n\nFix the statement; when it is valid Oracle SQL that eltc does not parse yet, rewrite it or report it.";
    /// A PL/SQL unit whose block structure does not parse.
    PlsqlSyntax = "plsql::syntax", Error,
        "a PL/SQL unit whose block structure does not parse",
        "eltc reads the block structure of PL/SQL units (CREATE PROCEDURE, FUNCTION, PACKAGE, PACKAGE BODY, anonymous blocks, `/` terminators) with its own parser and hands each embedded SQL statement to sqlparser. The caret points at the token the parser did not expect.\n\n```sql\nBEGIN\n  IF v_rows = 0 THEN NULL;\nEND;\n```\n\nhere `END IF;` is missing. Fix the unit; when it is valid PL/SQL that eltc does not read yet, report it.";
    /// A statement kept with its meaning in a standalone script.
    ScriptSemantics = "translate::script-semantics", Warning,
        "TRUNCATE, COMMIT or ROLLBACK kept as a statement of a script run on its own",
        "`eltc translate` on a script keeps the statements that end a transaction when they stand at the script's top level: Oracle's TRUNCATE is DDL and commits (https://docs.oracle.com/en/database/oracle/oracle-database/19/sqlrf/TRUNCATE-TABLE.html), as Redshift's does (https://docs.aws.amazon.com/redshift/latest/dg/r_TRUNCATE.html), and a script's COMMIT or ROLLBACK ends its own transaction. Run such a script statement by statement, as SQL*Plus did. Inside a procedure or a pipeline's batch, where one transaction holds the whole run, the same statements are refused or changed (`plsql::transaction-changed`).\n\nTo move the script into a pipeline, write DELETE FROM for TRUNCATE and drop the COMMITs.";
    /// SQL*Plus display settings in a script.
    SqlplusSetting = "sqlplus::setting", Warning,
        "a SQL*Plus display or session setting, which has no Redshift meaning",
        "SQL*Plus commands such as `SET`, `SHOW`, `COLUMN`, `BREAK`, `COMPUTE`, `TTITLE`, `CLEAR`, `TIMING` and `DESCRIBE` shape what the SQL*Plus client prints; they are not SQL and change no data (https://docs.oracle.com/en/database/oracle/oracle-database/19/sqpug/SQL-Plus-command-reference.html). eltc reads past the line and says so.\n\nNothing to fix unless the script's output file mattered: then see `sqlplus::spool`.";
    /// A SQL*Plus message or remark in a script.
    SqlplusPrompt = "sqlplus::prompt", Warning,
        "a SQL*Plus message (PROMPT) or remark (REMARK), read past",
        "`PROMPT text` prints a line in SQL*Plus and `REMARK` is a comment; the text after them is not a statement, even when it contains `;` or a quote (https://docs.oracle.com/en/database/oracle/oracle-database/19/sqpug/PROMPT.html). eltc reads past the line alone, so the statement after it is translated as usual.\n\nTo keep the message, log it from the procedure (RAISE INFO).";
    /// SQL*Plus SPOOL in a script.
    SqlplusSpool = "sqlplus::spool", Warning,
        "SQL*Plus SPOOL: the client's output file is not produced",
        "`SPOOL file` copies what SQL*Plus prints into a file (https://docs.oracle.com/en/database/oracle/oracle-database/19/sqpug/SPOOL.html). A Redshift procedure prints nothing to a file. When the file was a log, nothing is lost; when it was an unload (a data file for another system), write it with UNLOAD, or let `eltc import` read the script as an unload.";
    /// SQL*Plus WHENEVER in a script.
    SqlplusWhenever = "sqlplus::whenever", Warning,
        "SQL*Plus WHENEVER: error handling of the client script",
        "`WHENEVER SQLERROR EXIT` stops the script at the first failing statement (https://docs.oracle.com/en/database/oracle/oracle-database/19/sqpug/WHENEVER-SQLERROR.html). A Redshift procedure stops at the first error too, and the whole batch rolls back. `WHENEVER SQLERROR CONTINUE` (go on after a failed statement) has no equivalent: eltc reports it as an error.\n\nWhen the script relied on going on, catch the error in the procedure with an EXCEPTION handler.";
    /// SQL*Plus substitution and bind variable commands.
    SqlplusVariable = "sqlplus::variable", Warning,
        "a SQL*Plus variable command (DEFINE, ACCEPT, VARIABLE, PRINT)",
        "`DEFINE`, `ACCEPT` and `UNDEFINE` set substitution variables that SQL*Plus pastes into the text of later statements (`&name`); `VARIABLE` and `PRINT` declare and show bind variables (https://docs.oracle.com/en/database/oracle/oracle-database/19/sqpug/DEFINE.html). Redshift has neither. eltc reports each `&name` where it is used (`translate::substitution-variable`).\n\nPass the value as a parameter of the pipeline or of the procedure.";
    /// SQL*Plus CONNECT, DISCONNECT, EXIT, QUIT.
    SqlplusSession = "sqlplus::session", Warning,
        "a SQL*Plus session command (CONNECT, DISCONNECT, EXIT, QUIT)",
        "These open or close the client's connection (https://docs.oracle.com/en/database/oracle/oracle-database/19/sqpug/EXIT.html). On Redshift the Data API call opens the session. `EXIT` with a code tells the calling shell how the script ended: the batch's status takes that role.\n\nWhen a CONNECT switched to another user, check that the statements after it name that user's schema.";
    /// SQL*Plus commands that run other work: another script or a shell command.
    SqlplusRun = "sqlplus::runs-other-work", Error,
        "a SQL*Plus command that runs another script or a shell command (@, @@, START, RUN, HOST)",
        "`@file` and `START file` run another script where they stand, `RUN` runs the buffer again and `HOST` runs an operating-system command (https://docs.oracle.com/en/database/oracle/oracle-database/19/sqpug/START.html). That work is not in the file eltc translates, so leaving the line out would drop it: eltc refuses it.\n\nTranslate the other script on its own and call what it creates, or move the shell command to the pipeline's driver.";
    /// SQL*Plus EXECUTE.
    SqlplusExecute = "sqlplus::execute", Error,
        "a SQL*Plus EXECUTE line that eltc cannot read as one PL/SQL statement",
        "`EXEC p(args)` runs one PL/SQL statement as an anonymous block (`BEGIN p(args); END;`); the `;` is optional (https://docs.oracle.com/en/database/oracle/oracle-database/19/sqpug/EXECUTE.html). eltc translates it as that block. This code is raised when the rest of the line is not one statement eltc reads.\n\nWrite it as `BEGIN ... END;` followed by a `/` line.";
    /// Transaction control inside a unit that Redshift's procedures run differently.
    PlsqlTransaction = "plsql::transaction-changed", Warning,
        "transaction control translated to keep the batch atomic",
        "A Redshift procedure called by the batch runs in one transaction, and COMMIT, ROLLBACK and TRUNCATE inside it would end that transaction midway (https://docs.aws.amazon.com/redshift/latest/dg/stored-procedure-transaction-management.html): a later failure could no longer undo the earlier steps. eltc keeps the whole batch atomic: COMMIT is dropped, `TRUNCATE` becomes `DELETE FROM`, a ROLLBACK before a re-raise is left to the failure itself, and PRAGMA AUTONOMOUS_TRANSACTION has no equivalent (a row logged in the normal flow rolls back with a failed batch; one logged inside a WHEN OTHERS handler survives, because Redshift commits the handler's work).\n\nThe warning says what changed at each place. Review it: when a step must survive a later failure, move it to its own batch or log from the handler.";
    /// A PL/SQL construct eltc does not translate.
    PlsqlUnsupported = "plsql::unsupported-construct", Error,
        "a PL/SQL construct eltc does not translate (no longer raised: each construct has its own code)",
        "No longer raised. Earlier versions reported every PL/SQL construct eltc does not translate with this one code; each now has a code that names it, so that an assessment counts them: `plsql::sqlcode`, `plsql::rollback`, `plsql::savepoint`, `plsql::nested-routine`, `plsql::ddl-in-routine`, `plsql::returning-into`, `plsql::goto`, `plsql::cursor-form`, `plsql::cursor-attribute`, `plsql::exception-init`, `plsql::raise-form`, `plsql::pragma`, `plsql::statement-form`, `plsql::function-in-expression`, `plsql::routine-type`, `plsql::dynamic-sql`, `plsql::collection`, and `translate::implicit-conversion` for values PL/SQL converts implicitly.";
    /// A collection (index-by table, nested table, VARRAY) used in a way eltc cannot make set-based.
    PlsqlCollection = "plsql::collection", Error,
        "a PL/SQL collection used element by element, which Redshift procedures cannot do",
        "Redshift's PL/pgSQL has no collections (<https://docs.aws.amazon.com/redshift/latest/dg/c_PLpgSQL-statements.html>). eltc makes the common set-based pair work: `SELECT ... BULK COLLECT INTO v` becomes a temporary table and a `FORALL` over every element becomes one INSERT, UPDATE or DELETE over it (docs/translation.md). Anything else that reads or writes elements one by one (`v(i)`, `v(i).field`, `v.COUNT` outside a FORALL, an element assigned, EXTEND, FETCH ... BULK COLLECT, a FORALL over part of the collection, SQL%BULK_EXCEPTIONS) has no Redshift form and is refused at the place it is used.\n\n```sql\nFETCH c_src BULK COLLECT INTO l_rows LIMIT 1000;\nFOR i IN 1 .. l_rows.COUNT LOOP\n  l_rows(i).status := 'DONE';\nEND LOOP;\n```\n\nWrite the loop's work as one set-based statement: `INSERT ... SELECT` or `UPDATE ... FROM` over the cursor's query, staging rows in a temporary table where a later statement needs them.";
    /// A name that is both a column and a variable, or that collides after mapping.
    PlsqlNameConflict = "plsql::name-conflict", Error,
        "a name the translation cannot resolve as Oracle does",
        "Inside SQL, Oracle reads a name as a column when a table of the FROM clause has that column, and as a PL/SQL variable otherwise; PL/pgSQL reports a name that is both as ambiguous. eltc qualifies such columns; it cannot when the columns of the table are unknown (a table the inputs do not create), or when the column has no qualifier to use. Two procedures whose names collide once a package is flattened into `schema.package_procedure` are reported too.\n\n```sql\nDELETE FROM ext.t WHERE region = region;   -- ext.t not created by the inputs\n```\n\nAdd the table's CREATE TABLE to the inputs, qualify the column, or rename the variable.";
    /// Two cursors open at once.
    PlsqlNestedCursor = "plsql::nested-cursor", Error,
        "two cursors open at the same time",
        "A Redshift session allows one open cursor, explicit or implicit, and a `FOR r IN (SELECT ...) LOOP` is a cursor (https://docs.aws.amazon.com/redshift/latest/dg/stored-procedure-constraints.html): a cursor loop inside another, an OPEN inside a cursor loop, or a call inside a cursor loop to a procedure that opens one fails at run time.\n\n```sql\nFOR s IN (SELECT store_id FROM stg.store) LOOP\n  FOR l IN (SELECT * FROM stg.sales WHERE store_id = s.store_id) LOOP ...\n```\n\nJoin the two queries into one loop, or rewrite the inner loop as set-based SQL.";
    /// Package state that lives across calls.
    PlsqlPackageState = "plsql::package-state", Error,
        "a package variable that keeps state across calls",
        "Redshift has no packages (https://docs.aws.amazon.com/redshift/latest/dg/c_PLpgSQL-statements.html): a package becomes schema-qualified procedures and its constants are inlined. A package variable that a procedure assigns, or an initialisation section, carries state from one call to the next, which separate procedures cannot share.\n\n```sql\ng_run_id NUMBER;   -- set by start_run, read by log_step\n```\n\nPass the value as a parameter, or keep it in a table.";
    /// A WHEN OTHERS handler whose effect differs on Redshift but is kept.
    PlsqlHandlerChanged = "plsql::handler-changed", Warning,
        "an exception handler that behaves differently on Redshift",
        "Redshift accepts only `EXCEPTION WHEN OTHERS`, and in a default (atomic) procedure entering it rolls back the whole transaction, runs the handler in a new transaction, commits the handler's work and re-throws the error (https://docs.aws.amazon.com/redshift/latest/dg/stored-procedure-transaction-management.html, https://docs.aws.amazon.com/redshift/latest/dg/stored-procedure-trapping-errors.html). A handler that ends in `RAISE` keeps Oracle's outcome for the tables the failed work wrote, but the handler's own writes survive on Redshift where Oracle rolls them back (unless they were autonomous).\n\n```sql\nEXCEPTION WHEN OTHERS THEN\n  INSERT INTO dw.errors VALUES (SQLERRM);\n  RAISE;\n```\n\nReview the warning: it is right for error logging, which is what such handlers usually do.";
    /// A handler Redshift cannot run with Oracle's meaning.
    PlsqlHandlerNotKept = "plsql::handler-not-kept", Error,
        "an exception handler that cannot keep its Oracle meaning on Redshift",
        "A Redshift procedure cannot recover from an error: a WHEN OTHERS handler runs after the whole transaction was rolled back and the error is re-thrown after it (https://docs.aws.amazon.com/redshift/latest/dg/stored-procedure-trapping-errors.html). eltc turns NO_DATA_FOUND, TOO_MANY_ROWS, DUP_VAL_ON_INDEX and user-defined exceptions into explicit checks where it sees the statement that raises them; a handler that lets the block continue after any other error (a WHEN OTHERS without RAISE, a handler for an error raised by SQL or by a called procedure) cannot be kept.\n\n```sql\nEXCEPTION WHEN OTHERS THEN NULL;   -- Oracle continues, Redshift fails the call\n```\n\nCheck the condition before the statement instead of catching its error, or let the error fail the batch.";
    /// A procedure whose calling convention differs from Oracle's.
    PlsqlSignature = "plsql::signature-changed", Warning,
        "a procedure that callers outside the translated units must call differently",
        "Redshift procedure parameters have no DEFAULT, OUT parameters cannot be used on nested calls (eltc makes them INOUT), and eltc gives overloaded procedures distinct names (https://docs.aws.amazon.com/redshift/latest/dg/r_CREATE_PROCEDURE.html, https://docs.aws.amazon.com/redshift/latest/dg/c_PLpgSQL-statements.html). Calls inside the translated units are rewritten accordingly; a caller outside them (a scheduler, another pipeline) must pass every argument, and a variable or NULL for INOUT ones.\n\n```sql\nPROCEDURE log_step (p_msg VARCHAR2 DEFAULT NULL);\n```\n\nUpdate the external calls as the message says.";
    /// A sequence replaced by an IDENTITY column.
    PlsqlSequence = "plsql::sequence-identity", Warning,
        "a sequence became an IDENTITY column",
        "Redshift has no sequences (https://docs.aws.amazon.com/redshift/latest/dg/c_unsupported-postgresql-features.html). A sequence whose NEXTVAL feeds one column of an INSERT becomes that column's IDENTITY(start, step), and the column leaves the INSERT. Redshift generates IDENTITY values unique but not consecutive, and not in insert order: keys differ from Oracle's, so nothing may depend on their values or gaps.\n\n```sql\nINSERT INTO dw.dim_product (product_key, ...) SELECT dw.product_key_seq.NEXTVAL, ...\n```\n\nJoin on natural keys rather than on the generated values.";
    /// A pipelined table function.
    PlsqlPipelined = "plsql::pipelined-function", Error,
        "a pipelined table function (PIPE ROW)",
        "A PIPELINED function returns its rows one by one with `PIPE ROW`, and a query reads them as a table (`SELECT ... FROM TABLE(f(...))`) (https://docs.oracle.com/en/database/oracle/oracle-database/19/lnpls/PIPE-ROW-statement.html). Redshift has neither table functions nor set-returning PL/pgSQL functions: its functions return one value, and a procedure returns rows only through a refcursor argument or a table it fills (https://docs.aws.amazon.com/redshift/latest/dg/stored-procedure-result-set.html). Each PIPE ROW is reported; the rest of the unit is still translated.\n\n```sql\nPIPE ROW (t_row(r.id, r.name));\n```\n\nHave a procedure insert the rows into a table (a staging or temporary table) and read that table where the query called TABLE(f(...)).";
    /// EXECUTE IMMEDIATE of text built at run time.
    PlsqlDynamicSql = "plsql::dynamic-sql", Error,
        "dynamic SQL whose text is only known at run time",
        "eltc translates `EXECUTE IMMEDIATE 'literal'` (with USING and INTO) like the same statement written in place. Text built at run time would reach Redshift as Oracle SQL, untranslated, so it is refused.\n\n```sql\nEXECUTE IMMEDIATE 'DELETE FROM ' || v_table;\n```\n\nWrite one static statement per case (an IF over the table names), or build Redshift SQL explicitly in Redshift form.";
    /// A name that is not declared.
    PlsqlUnknownName = "plsql::unknown-name", Error,
        "a procedure, function, type or variable that is not declared",
        "The unit calls a procedure, uses a type or assigns a variable that neither the unit, its package nor the other inputs declare. eltc must know a procedure's parameters (defaults, OUT modes) to translate a call, and a variable's type to declare it.\n\n```sql\naudit_pkg.log('start');   -- audit_pkg is not among the inputs\n```\n\nTranslate the called unit together with this one, or fix the name.";
    /// SQLCODE and SQLERRM.
    PlsqlSqlcode = "plsql::sqlcode", Error,
        "SQLCODE or SQLERRM, Oracle's error number and message",
        "SQLCODE is Oracle's error number (`-1` for DUP_VAL_ON_INDEX, `100` for NO_DATA_FOUND) and SQLERRM its message with the ORA- prefix (<https://docs.oracle.com/en/database/oracle/oracle-database/19/lnpls/SQLCODE-function.html>). A Redshift handler sees PostgreSQL's SQLSTATE and SQLERRM (<https://docs.aws.amazon.com/redshift/latest/dg/stored-procedure-trapping-errors.html>), with other numbers and texts, so code that logs or tests them would store other values.\n\n```sql\nEXCEPTION WHEN OTHERS THEN\n  INSERT INTO etl_log VALUES (SQLCODE, SQLERRM);\n  RAISE;\n```\n\nLog SQLSTATE and SQLERRM in Redshift form (write the handler in Redshift PL/pgSQL), or drop the values; tests of specific numbers need the PostgreSQL SQLSTATE codes.";
    /// ROLLBACK that does not end in a re-raise.
    PlsqlRollback = "plsql::rollback", Error,
        "a ROLLBACK outside a WHEN OTHERS handler that re-raises",
        "A batch is one transaction. A ROLLBACK that ends a failed run (in a WHEN OTHERS handler followed by RAISE) is left to the failure itself (`plsql::transaction-changed`). Any other ROLLBACK undoes part of the work and carries on, which a Redshift procedure cannot do without ending the batch's transaction midway (<https://docs.aws.amazon.com/redshift/latest/dg/stored-procedure-transaction-management.html>).\n\n```sql\nIF v_errors > 0 THEN ROLLBACK; END IF;\n```\n\nFail the batch instead (`RAISE_APPLICATION_ERROR`, or RAISE after the ROLLBACK in a handler), so that nothing of it is kept.";
    /// SAVEPOINT and ROLLBACK TO SAVEPOINT.
    PlsqlSavepoint = "plsql::savepoint", Error,
        "SAVEPOINT or ROLLBACK TO SAVEPOINT, which Redshift does not have",
        "Redshift has no savepoints (<https://docs.aws.amazon.com/redshift/latest/dg/c_unsupported-postgresql-features.html>): a procedure cannot undo part of its transaction and go on.\n\n```sql\nSAVEPOINT before_load;\n...\nROLLBACK TO before_load;\n```\n\nSplit the work into separate batches, or check the condition before the statements instead of undoing them.";
    /// A procedure or function declared inside a routine.
    PlsqlNestedRoutine = "plsql::nested-routine", Error,
        "a procedure or function declared inside another routine",
        "PL/SQL lets a routine declare local procedures and functions that see its variables (<https://docs.oracle.com/en/database/oracle/oracle-database/19/lnpls/plsql-subprograms.html>). Redshift procedures cannot nest, and a local routine that reads the outer routine's variables cannot simply move out.\n\n```sql\nPROCEDURE load IS\n  PROCEDURE log(p VARCHAR2) IS BEGIN INSERT INTO etl_log VALUES (p); END;\nBEGIN ...\n```\n\nMove the routine to the package body or make it a standalone procedure, passing what it reads as parameters.";
    /// DDL inside a routine.
    PlsqlDdl = "plsql::ddl-in-routine", Error,
        "DDL (CREATE, ALTER, DROP, GRANT, ...) or another statement eltc does not translate, inside a routine",
        "Oracle commits before and after each DDL statement, also inside PL/SQL (where it runs through EXECUTE IMMEDIATE): <https://docs.oracle.com/en/database/oracle/oracle-database/19/cncpt/transactions.html>. A batch is one transaction on Redshift (<https://docs.aws.amazon.com/redshift/latest/dg/stored-procedure-transaction-management.html>): a procedure that changes the database's objects midway would change them in a transaction the batch may roll back, and some statements (VACUUM, CREATE EXTERNAL TABLE, ...) cannot run inside a transaction block at all. eltc translates a routine's DML and its TRUNCATE (as DELETE, `plsql::transaction-changed`); other statements in a routine are refused (a CREATE TABLE belongs to the inputs' DDL, outside the routines).\n\n```sql\nEXECUTE IMMEDIATE 'DROP INDEX dw.t_ix';\n... load ...\nEXECUTE IMMEDIATE 'CREATE INDEX dw.t_ix ON dw.t (id)';\n```\n\nRun the DDL outside the batch: as the pipeline's DDL (`tables:`) or a deployment step. Redshift has no indexes (sort keys instead), so dropping and rebuilding one around a load has nothing to do; a work table the routine rebuilds each run can be a TEMP table.";
    /// RETURNING ... INTO.
    PlsqlReturningInto = "plsql::returning-into", Error,
        "INSERT, UPDATE or DELETE ... RETURNING INTO",
        "`RETURNING ... INTO` gives the unit the values of the rows a statement changed (<https://docs.oracle.com/en/database/oracle/oracle-database/19/lnpls/RETURNING-INTO-clause.html>). Redshift has no RETURNING clause (<https://docs.aws.amazon.com/redshift/latest/dg/r_INSERT_30.html>).\n\n```sql\nINSERT INTO dw.batch (started) VALUES (SYSDATE) RETURNING batch_id INTO v_batch;\n```\n\nSelect the values in a separate statement (by the row's natural key, or MAX of an IDENTITY column in a batch that is the table's only writer).";
    /// GOTO.
    PlsqlGoto = "plsql::goto", Error,
        "GOTO, which PL/pgSQL does not have",
        "PL/pgSQL has no GOTO or labels to jump to (<https://docs.aws.amazon.com/redshift/latest/dg/c_PLpgSQL-statements.html>).\n\n```sql\nIF v_rows = 0 THEN GOTO finish; END IF;\n```\n\nRestructure the block with IF, loops and EXIT, or RETURN from the procedure.";
    /// A cursor form eltc does not translate.
    PlsqlCursorForm = "plsql::cursor-form", Error,
        "a cursor declaration or loop eltc does not translate",
        "eltc translates cursors declared with their query, with scalar parameters, OPEN / FETCH / CLOSE and cursor FOR loops (<https://docs.aws.amazon.com/redshift/latest/dg/c_PLpgSQL-statements.html>). A cursor declared without its query, over a statement that is not a query, with a parameter of a record or collection type, or a loop over a REF CURSOR variable is refused.\n\n```sql\nTYPE t_cur IS REF CURSOR;\nc t_cur;\n...\nLOOP FETCH c INTO r; ... END LOOP;\n```\n\nDeclare the cursor with its query (CURSOR c IS SELECT ...) and loop over it.";
    /// A cursor attribute eltc cannot translate.
    PlsqlCursorAttribute = "plsql::cursor-attribute", Error,
        "a cursor attribute (%ROWCOUNT, %FOUND, %NOTFOUND, %ISOPEN) eltc cannot translate",
        "eltc reads `SQL%ROWCOUNT` and the attributes of a statement's implicit cursor from GET DIAGNOSTICS after the statement, and `c%NOTFOUND` of an explicit cursor after its FETCH (<https://docs.aws.amazon.com/redshift/latest/dg/c_PLpgSQL-statements.html>). Right after a procedure call, SQL% attributes describe the last statement of the called procedure, which the caller cannot see on Redshift; other attributes of explicit cursors are refused too.\n\n```sql\nload_day(p_day);\nv_rows := SQL%ROWCOUNT;\n```\n\nHave the called procedure return the count in an OUT parameter.";
    /// PRAGMA EXCEPTION_INIT eltc cannot keep.
    PlsqlExceptionInit = "plsql::exception-init", Error,
        "PRAGMA EXCEPTION_INIT of an Oracle error, which Redshift cannot catch",
        "`PRAGMA EXCEPTION_INIT(e, -n)` names an Oracle error so that a handler can catch it (<https://docs.oracle.com/en/database/oracle/oracle-database/19/lnpls/EXCEPTION_INIT-pragma.html>). eltc keeps user errors (-20999 to -20000, raised by RAISE_APPLICATION_ERROR in the units) as explicit checks. An Oracle error raised by SQL (ORA-00001, ORA-01403, ...) cannot be caught on Redshift, where only WHEN OTHERS exists and the transaction is already rolled back (<https://docs.aws.amazon.com/redshift/latest/dg/stored-procedure-trapping-errors.html>).\n\n```sql\ne_locked EXCEPTION;\nPRAGMA EXCEPTION_INIT(e_locked, -54);\n```\n\nCheck the condition before the statement instead of catching its error, or let the error fail the batch.";
    /// RAISE and RAISE_APPLICATION_ERROR forms eltc does not translate.
    PlsqlRaiseForm = "plsql::raise-form", Error,
        "a RAISE or RAISE_APPLICATION_ERROR form eltc does not translate",
        "eltc translates `RAISE_APPLICATION_ERROR(-20nnn, message)` with a literal number and a text message into RAISE EXCEPTION with Oracle's `ORA-20nnn: ` prefix, and a re-raise that ends a WHEN OTHERS handler (<https://docs.aws.amazon.com/redshift/latest/dg/c_PLpgSQL-statements.html>). A number that is not a literal, a missing argument, a message that is not text, or a re-raise before the end of the handler is refused: Redshift re-throws after WHEN OTHERS by itself.\n\n```sql\nRAISE_APPLICATION_ERROR(v_code, 'failed');\n```\n\nWrite the number as a literal from -20999 to -20000, convert the message with TO_CHAR, and end the handler with RAISE.";
    /// A PRAGMA eltc does not translate.
    PlsqlPragma = "plsql::pragma", Error,
        "a PRAGMA eltc does not translate",
        "Pragmas are compiler directives (<https://docs.oracle.com/en/database/oracle/oracle-database/19/lnpls/plsql-language-elements.html>). eltc handles AUTONOMOUS_TRANSACTION (`plsql::transaction-changed`), EXCEPTION_INIT and the ones that change nothing at run time; any other (RESTRICT_REFERENCES, SERIALLY_REUSABLE, UDF, INLINE, ...) is refused so that its effect is reviewed.\n\n```sql\nPRAGMA SERIALLY_REUSABLE;\n```\n\nRemove the pragma when its effect does not matter on Redshift.";
    /// A PL/SQL statement form eltc does not translate.
    PlsqlStatementForm = "plsql::statement-form", Error,
        "a PL/SQL statement form eltc does not translate (a SELECT without INTO, a RETURN, an assignment target, a bind variable, ...)",
        "The statement has a form eltc has no checked translation for: a SELECT without INTO, a RETURN with a value in a procedure, an assignment to something that is not a variable or a record field, an assignment to a constant or an IN parameter, a SELECT INTO with more targets than columns, a bind variable (`:name`) inside a unit, a statement outside a unit in a `plsql:` step, a DBMS_OUTPUT.PUT_LINE with other than one argument. The message names it.\n\n```sql\nSELECT COUNT(*) FROM st.t;   -- no INTO\n```\n\nFix the statement as the help line says (PL/SQL itself requires most of these).";
    /// A function called inside an expression.
    PlsqlFunctionCall = "plsql::function-in-expression", Error,
        "a PL/SQL function of the units called inside an expression",
        "Redshift runs no PL/pgSQL functions (<https://docs.aws.amazon.com/redshift/latest/dg/stored-procedure-overview.html>): eltc makes a PL/SQL function a procedure with a last INOUT parameter, and `v := f(args)` a CALL. A call inside a larger expression or a SQL statement has no such form.\n\n```sql\nv_total := f_net(v_amount) * 1.2;\n```\n\nAssign the function's result to a variable first (`v_net := f_net(v_amount); v_total := v_net * 1.2;`), or inline the function in SQL.";
    /// A routine parameter or return type eltc cannot declare.
    PlsqlRoutineType = "plsql::routine-type", Error,
        "a routine parameter or return type eltc cannot declare on Redshift (a record, a collection, an object type)",
        "Redshift procedure parameters take SQL types only (<https://docs.aws.amazon.com/redshift/latest/dg/r_CREATE_PROCEDURE.html>): a %ROWTYPE record parameter, a function returning a record, a collection or a REF CURSOR has no Redshift declaration.\n\n```sql\nPROCEDURE save (p_row IN dw.t%ROWTYPE);\n```\n\nPass the fields as parameters, or a key the procedure reads the row by.";
    /// An Oracle function with no faithful Redshift translation yet.
    UnsupportedFunction = "translate::unsupported-function", Error,
        "a function eltc does not translate faithfully (no longer raised: see the codes it names)",
        "No longer raised. Earlier versions reported every function call eltc does not translate with this one code; the code now says why: `translate::unknown-function` (not an Oracle built-in: a user function not among the inputs), `translate::builtin-not-translated`, `translate::function-arguments` (their number or types), `translate::operand-type-unknown`, `translate::format-model`, `translate::trim-form`, `translate::listagg-form`, `translate::regexp-form`, `translate::window-form`, `translate::numeric-semantics`, `translate::date-arithmetic`, `translate::server-clock`.";
    /// A construct with no faithful Redshift translation yet.
    UnsupportedConstruct = "translate::unsupported-construct", Error,
        "a SQL construct eltc does not translate faithfully (no longer raised: each construct has its own code)",
        "No longer raised. Earlier versions reported every SQL construct eltc does not translate with this one code; each family now has its own: `translate::sequence`, `translate::rownum`, `translate::pseudo-column`, `translate::row-comparison`, `translate::row-limit`, `translate::for-update`, `translate::implicit-conversion`, `translate::numeric-semantics`, `translate::date-arithmetic`, `translate::char-padding`, `translate::outer-join-plus`, `translate::connect-by`, `translate::merge-form`, `translate::query-form`, `translate::expression-form`, `translate::literal-form`, `translate::cast-form`, `translate::statement-form`, `translate::ddl-form`, `translate::internal-rewrite`.";
    /// A rewrite that depends on a type eltc cannot determine.
    UnknownExprType = "translate::unknown-type", Error,
        "a rewrite depends on the type of an expression eltc cannot determine (no longer raised: `translate::operand-type-unknown`)",
        "No longer raised: the same refusal is `translate::operand-type-unknown`, whose message names the operator or function and the operand.";
    /// An Oracle type mapped to a Redshift type that holds other values.
    TypeMapped = "translate::type-mapped", Warning,
        "an Oracle column or CAST type became a Redshift type with different limits",
        "Some Oracle types have no exact Redshift counterpart (https://docs.aws.amazon.com/redshift/latest/dg/c_Supported_data_types.html): DATE carries a time of day and becomes TIMESTAMP; VARCHAR2(n CHAR) and NVARCHAR2(n) count characters and become VARCHAR(4n) bytes; CLOB becomes VARCHAR(65535) (longer values fail); RAW and BLOB become VARBYTE; NUMBER without precision becomes DECIMAL(38,10) (values with more than 10 decimals are rounded). The character types map the same way as CAST targets, with the same warning.\n\n```sql\nCREATE TABLE s.t (created DATE)\nSELECT CAST(name AS NVARCHAR2(10)) FROM s.t\n```\n\nCheck that the mapped type holds the data, or declare the column (or CAST to) the Redshift type you want.";
    /// SYSTIMESTAMP, which Redshift has no clock for.
    ServerClock = "translate::server-clock", Error,
        "SYSTIMESTAMP, CURRENT_TIMESTAMP, LOCALTIMESTAMP: clocks Redshift has no equivalent for",
        "Oracle's SYSTIMESTAMP is the database server's date and time with fractional seconds and the server's time zone, a TIMESTAMP WITH TIME ZONE (https://docs.oracle.com/en/database/oracle/oracle-database/19/sqlrf/SYSTIMESTAMP.html). Redshift's clocks differ: GETDATE() is the statement's start as a TIMESTAMP to the second in the session time zone (https://docs.aws.amazon.com/redshift/latest/dg/r_GETDATE.html), SYSDATE the transaction's start, and CURRENT_TIMESTAMP runs on the leader node only. None stores what SYSTIMESTAMP stores, so eltc refuses it rather than change the values. CURRENT_TIMESTAMP and LOCALTIMESTAMP (the session's clock; NOW() in Redshift SQL) are refused for the same reason: Redshift runs them on the leader node only.\n\n```sql\nINSERT INTO etl_log (step, started_at) VALUES ('load', SYSTIMESTAMP)\n```\n\nWrite SYSDATE where the zone and the fractional seconds do not matter (eltc writes GETDATE()), or pass the time from the caller.";
    /// A table read or written through an Oracle database link.
    DatabaseLink = "translate::database-link", Error,
        "a table named through an Oracle database link (`table@link`)",
        "Oracle reads a remote database's table as `schema.table@link`. Redshift has no database links: a quoted name `\"table@link\"` would name a local table that does not exist, so eltc refuses the statement.\n\n```sql\nINSERT INTO dw.t SELECT * FROM src.orders@erp_link\n```\n\nLoad the remote rows into a staging table first (a pipeline source), or read them through a Redshift external schema: federated queries read Amazon RDS and Aurora PostgreSQL or MySQL (<https://docs.aws.amazon.com/redshift/latest/dg/federated-overview.html>), Redshift Spectrum reads files in Amazon S3 (<https://docs.aws.amazon.com/redshift/latest/dg/c-using-spectrum.html>).";
    /// A SQL*Plus substitution variable (`&name`, `&&name`).
    SubstitutionVariable = "translate::substitution-variable", Error,
        "a SQL*Plus substitution variable (`&name`), inside a string or not",
        "SQL*Plus replaces `&name` and `&&name` (and `&1`, the first script argument) with text before Oracle sees the statement, inside quoted strings too (<https://docs.oracle.com/en/database/oracle/oracle-database/19/sqpug/using-substitution-variables.html>). eltc runs no SQL*Plus: copied through, `'&1'` would be the literal text `&1`.\n\n```sql\nDELETE FROM dw.sales WHERE sale_day = TO_DATE('&1', 'YYYYMMDD')\n```\n\nMake the value a parameter (`:run_date` in `eltc translate`, a pipeline param in a transform). If the script ran with `SET DEFINE OFF`, `&` is plain text: write it as `CHR(38)` or `'R' || '&' || 'D'` to say so.";
    /// `*` over a relation whose columns eltc does not know.
    StarUnknownColumns = "translate::star-unknown-columns", Error,
        "`*` over a table or view whose columns eltc does not know",
        "eltc expands `*` into the columns it knows, so that the rewrites that depend on them (types, `(+)` joins, the columns of an INSERT) see each one. A table neither declared under `tables:` nor created by the inputs' DDL has no known columns, so its `*` cannot be expanded.\n\n```sql\nSELECT * FROM stg_orders\n```\n\nList the columns, or give `eltc translate` the table's CREATE TABLE first (`eltc translate ddl.sql script.sql`).";
    /// A call to a schema-qualified (user-defined) function.
    SchemaQualifiedFunction = "translate::schema-qualified-function", Error,
        "a call to a schema-qualified function (`owner.f(x)`, `pkg.f(x)`)",
        "A schema- or package-qualified call is a user-defined function or an Oracle package that eltc does not know (<https://docs.oracle.com/en/database/oracle/oracle-database/19/sqlrf/Functions.html>); eltc translates Oracle's built-in functions only, and Redshift runs no PL/SQL functions.\n\n```sql\nSELECT util.clean_name(name) FROM stg.customer\n```\n\nInline the function's expression, or write it as a Redshift SQL UDF and call it in Redshift SQL.";
    /// A call of an Oracle-supplied package with no Redshift equivalent.
    OraclePackage = "translate::oracle-package", Error,
        "a call of an Oracle-supplied package (UTL_FILE, DBMS_SCHEDULER, DBMS_LOCK, ...) that Redshift cannot do",
        "Oracle ships PL/SQL packages (<https://docs.oracle.com/en/database/oracle/oracle-database/19/arpls/index.html>) that have no Redshift counterpart: server files (UTL_FILE), jobs (DBMS_SCHEDULER, DBMS_JOB), waits and user locks (DBMS_LOCK), cursor-number dynamic SQL (DBMS_SQL), LOB locators (DBMS_LOB), error backtraces (DBMS_UTILITY). eltc knows each one it lists in docs/translation.md and says what to do instead; a call of one is refused, never dropped.\n\n```sql\nUTL_FILE.PUT_LINE(v_file, v_line);\n```\n\nMove the work out of the procedure as the help line says (files to S3 with COPY and UNLOAD, scheduling to the pipeline's trigger).";
    /// A call of an Oracle-supplied package left out because it changes no data.
    OraclePackageDropped = "translate::oracle-package-dropped", Warning,
        "a call of an Oracle-supplied package that changes no data, left out",
        "Some Oracle package calls only instrument or tune the session (DBMS_APPLICATION_INFO labels it for V$SESSION, DBMS_STATS gathers optimizer statistics). They change no row, and Redshift has nothing to call (it gathers statistics itself: <https://docs.aws.amazon.com/redshift/latest/dg/t_Analyzing_tables.html>), so eltc leaves them out and says so.\n\n```sql\nDBMS_STATS.GATHER_TABLE_STATS('DW', 'FACT_SALES');\n```\n\nNothing to do; acknowledge the warning with `allow:` if the step is in a pipeline, or run `ANALYZE` after a large load.";
    /// A MERGE whose ON condition does not let eltc raise ORA-30926.
    MergeSourceKeys = "translate::merge-source-keys", Error,
        "a MERGE that updates, whose ON condition is not key equalities eltc can check",
        "Oracle raises ORA-30926 (\"unable to get a stable set of rows in the source tables\") when one target row matches several source rows of a MERGE that updates (<https://docs.oracle.com/en/database/oracle/oracle-database/19/sqlrf/MERGE.html>). Redshift's `UPDATE ... FROM`, which the MERGE becomes, would update from one of them and carry on. eltc checks the staged source's keys before the UPDATE and fails the statement with Oracle's message, which needs an ON condition made of `target.column = source.expression` equalities, any other condition reading one side only.\n\n```sql\nMERGE INTO dw.t t USING st.s s ON (s.day BETWEEN t.valid_from AND t.valid_to) ...\n```\n\nRewrite ON as key equalities (qualify every column with its table's alias), or make the source unique and write the statement in Redshift SQL.";
    /// An operand whose type eltc cannot tell, where the rewrite depends on it.
    OperandTypeUnknown = "translate::operand-type-unknown", Error,
        "an operator or function whose operand's type eltc cannot tell",
        "Some Oracle operators and functions mean different things by type: `TRUNC(x)` truncates a date to midnight but a number to an integer, `a || b` converts numbers and dates to text with Oracle's rules, `a / b` divides exactly where Redshift truncates integers, `TRIM(x)` and `TO_CHAR(x)` convert a number or a date first. eltc takes types from the pipeline's tables and parameters, the CREATE TABLE statements among the inputs and the unit's declarations. A column of a table none of these creates, or the result of a function that is not among the inputs, has no known type, and eltc refuses to guess.\n\n```sql\nSELECT TRIM(c.cust_name) || '-' || c.region FROM crm.customer c   -- crm.customer not among the inputs\n```\n\nGive `eltc translate` the table's CREATE TABLE first (`eltc translate ddl.sql unit.sql`), declare the table under `tables:` in a pipeline, or CAST the operand to the type it has.";
    /// A Data API bind given the type one of its uses fixes.
    BindTypeInferred = "translate::bind-type-inferred", Warning,
        "a bind of `eltc translate` given the type Oracle's documentation fixes for one of its uses",
        "In Oracle a bind has the type the client binds, converted where it is used; a script does not say which, and some rewrites depend on it. Where Oracle's documentation fixes the type a value has at a use, and every such use of the bind in the statement agrees, eltc takes that type instead of refusing the statement (`translate::operand-type-unknown`): the first argument of ADD_MONTHS, LAST_DAY, NEXT_DAY, of TRUNC or ROUND with a format, and both of MONTHS_BETWEEN are DATEs (\"The return type is always DATE, regardless of the data type of date\": <https://docs.oracle.com/en/database/oracle/oracle-database/19/sqlrf/ADD_MONTHS.html>); a comparison with a date converts character data to a DATE (<https://docs.oracle.com/en/database/oracle/oracle-database/19/sqlrf/Data-Type-Comparison-Rules.html>); the first argument of TO_DATE (and of TO_NUMBER with a format) is character data (<https://docs.oracle.com/en/database/oracle/oracle-database/19/sqlrf/TO_DATE.html>). A DATE bind becomes `CAST(:name AS TIMESTAMP)`, which reads the Data API's text in Redshift's form, not with Oracle's NLS_DATE_FORMAT; a character bind stays `:name`. The warning says which use gave the type and how to pass the value.\n\n```sql\nSELECT ADD_MONTHS(:p_eod_date, -1) FROM dual   -- :p_eod_date is a DATE: CAST(:p_eod_date AS TIMESTAMP)\n```\n\nPass the value as the help line says (`2024-01-31` or `2024-01-31 17:30:00` for a DATE), or write `CAST(:name AS DATE)` in the script to state the type.";
    /// A function called with arguments eltc has no rewrite for.
    FunctionArguments = "translate::function-arguments", Error,
        "an Oracle function called with a number or types of arguments eltc does not translate",
        "eltc translates a function for the argument types and counts whose Redshift form it knows gives Oracle's result (docs/translation.md lists them per function). The message says which argument is the problem: their number, or the type of one (SUBSTR of a CHAR(n) column keeps Oracle's padding, ADD_MONTHS of a decimal month count, which Oracle converts to an integer first, TO_NUMBER without a format has no Redshift form unless it is written whole into a column, whose scale it takes).\n\n```sql\nSELECT ADD_MONTHS(hire_date, 1.5) FROM hr.emp\n```\n\nPass the argument types the help line gives (CAST an argument, or TRUNC a timestamp to a date), or write the expression in Redshift SQL with `dialect: redshift`.";
    /// A date or number format model eltc cannot check.
    FormatModel = "translate::format-model", Error,
        "a TO_CHAR, TO_DATE, TO_NUMBER, TRUNC or ROUND format that is not a literal or has an element eltc does not translate",
        "Oracle's format models (<https://docs.oracle.com/en/database/oracle/oracle-database/19/sqlrf/Format-Models.html>) and Redshift's datetime and numeric format strings (<https://docs.aws.amazon.com/redshift/latest/dg/r_FORMAT_strings.html>) share most elements but not all, and some elements mean different things (RR, FM, the NLS-dependent ones). eltc translates a format element by element, so the format must be a literal and each element one it checked.\n\n```sql\nSELECT TO_CHAR(order_date, v_format) FROM st.orders\nSELECT TO_DATE(s, 'DD-MON-RR') FROM st.raw\n```\n\nWrite the format as a literal with the elements the help line lists (YYYY for RR: normalise the years first).";
    /// A function that is neither an Oracle built-in nor among the inputs.
    UnknownFunction = "translate::unknown-function", Error,
        "a call of a function that is not an Oracle built-in and not among the inputs",
        "The name is not one of Oracle's built-in SQL functions, so it is a user-defined function, created in a unit that is not among the inputs of this run. Redshift runs no PL/SQL functions; eltc translates a PL/SQL function it reads into a procedure, which an expression cannot call.\n\n```sql\nSELECT fix_country_name(country) FROM st.customer\n```\n\nInline the function's expression in the query, or write it as a Redshift SQL UDF (<https://docs.aws.amazon.com/redshift/latest/dg/udf-creating-a-scalar-sql-udf.html>) and write the statement in Redshift SQL.";
    /// An Oracle built-in function eltc does not translate.
    BuiltinNotTranslated = "translate::builtin-not-translated", Error,
        "an Oracle built-in function eltc does not translate",
        "An Oracle SQL built-in (<https://docs.oracle.com/en/database/oracle/oracle-database/19/sqlrf/Functions.html>) with no Redshift function known to give the same result: a session context (SYS_CONTEXT, USERENV), a hash or GUID (ORA_HASH, SYS_GUID), XML and LOB functions, and so on. eltc does not copy it through, because a same-named Redshift function, where there is one, differs.\n\n```sql\nSELECT SYS_CONTEXT('USERENV', 'SESSION_USER') FROM dual\n```\n\nPass the value as a parameter, compute it in the caller, or write the expression in Redshift SQL (`dialect: redshift`) with the Redshift function that fits (docs/translation.md lists what eltc translates).";
    /// A TRIM form eltc does not translate.
    TrimForm = "translate::trim-form", Error,
        "a TRIM whose trim character is not one literal character",
        "Oracle's `TRIM([LEADING | TRAILING | BOTH] c FROM s)` removes one character `c` (<https://docs.oracle.com/en/database/oracle/oracle-database/19/sqlrf/TRIM.html>); Redshift's TRIM removes any of a set of characters (<https://docs.aws.amazon.com/redshift/latest/dg/r_TRIM.html>). With one literal character they agree and eltc translates the call; Oracle refuses a longer trim character, and a trim character that is a column or an expression could be longer at run time.\n\n```sql\nSELECT TRIM(LEADING v_pad FROM code) FROM st.items\n```\n\nWrite the character as a literal, or use LTRIM(s, set) / RTRIM(s, set), which take a set in both databases.";
    /// A sequence's NEXTVAL or CURRVAL.
    Sequence = "translate::sequence", Error,
        "a sequence's NEXTVAL or CURRVAL, which Redshift does not have",
        "Redshift has no sequences (<https://docs.aws.amazon.com/redshift/latest/dg/c_unsupported-postgresql-features.html>). In a PL/SQL unit eltc turns a sequence whose NEXTVAL feeds one column of an INSERT into that column's IDENTITY (`plsql::sequence-identity`); any other NEXTVAL or CURRVAL is refused.\n\n```sql\nSELECT dw.batch_seq.NEXTVAL INTO v_batch FROM dual;\n```\n\nDeclare the key column `BIGINT IDENTITY(1,1)` and leave it out of the INSERT, or number new rows with `(SELECT MAX(key) FROM t) + ROW_NUMBER() OVER (ORDER BY ...)` in a batch that is the table's only writer.";
    /// ROWID, USER and UID.
    PseudoColumn = "translate::pseudo-column", Error,
        "an Oracle pseudo-column (ROWID, USER, UID) with no Redshift equivalent",
        "ROWID is the physical address of a row, and USER and UID name the session's user (<https://docs.oracle.com/en/database/oracle/oracle-database/19/sqlrf/Pseudocolumns.html>). Redshift rows have no address, and its session user is the Data API's, not the legacy job's.\n\n```sql\nDELETE FROM st.t a WHERE a.ROWID > (SELECT MIN(b.ROWID) FROM st.t b WHERE b.id = a.id)\n```\n\nIdentify rows by their key columns (ROW_NUMBER() OVER (PARTITION BY key ...) to find duplicates), and pass the user as a parameter.";
    /// A ROWNUM use eltc cannot rewrite.
    Rownum = "translate::rownum", Error,
        "a ROWNUM use that has no rewrite with Oracle's result",
        "eltc rewrites `WHERE ROWNUM <= n` into a LIMIT or a ROW_NUMBER() filter where it gives Oracle's rows (<https://docs.oracle.com/en/database/oracle/oracle-database/19/sqlrf/ROWNUM-Pseudocolumn.html>). ROWNUM numbers rows before the ORDER BY, GROUP BY and DISTINCT of its block, and `ROWNUM > n` keeps no row: such uses, and ROWNUM as a value, are refused.\n\n```sql\nSELECT id FROM st.t WHERE ROWNUM <= 10 ORDER BY id\n```\n\nNumber the rows with ROW_NUMBER() OVER (ORDER BY ...) in a subquery and filter on it.";
    /// A row value compared as a whole.
    RowComparison = "translate::row-comparison", Error,
        "a row value `(a, b)` compared or tested with IN as a whole",
        "Oracle compares row values (`(a, b) IN (SELECT x, y ...)`, `(a, b) = (c, d)`); Redshift does not accept every such form (<https://docs.aws.amazon.com/redshift/latest/dg/r_in_condition.html>), and NULLs inside the rows make NOT IN subtle.\n\n```sql\nDELETE FROM dw.t WHERE (id, day) IN (SELECT id, day FROM st.t)\n```\n\nCompare column by column: `EXISTS (SELECT 1 FROM st.t s WHERE s.id = t.id AND s.day = t.day)` (NOT EXISTS for NOT IN, minding NULLs).";
    /// FETCH FIRST, LIMIT, OFFSET.
    RowLimit = "translate::row-limit", Error,
        "a FETCH FIRST, LIMIT or OFFSET clause eltc does not translate",
        "Oracle's row-limiting clause (`OFFSET n ROWS FETCH FIRST m ROWS ONLY | WITH TIES`, `FETCH ... PERCENT`: <https://docs.oracle.com/en/database/oracle/oracle-database/19/sqlrf/SELECT.html>) has forms Redshift's LIMIT and OFFSET do not (<https://docs.aws.amazon.com/redshift/latest/dg/r_ORDER_BY_clause.html>).\n\n```sql\nSELECT * FROM st.t ORDER BY amount DESC FETCH FIRST 10 PERCENT ROWS ONLY\n```\n\nFilter on ROW_NUMBER() (or RANK() for WITH TIES) in a subquery.";
    /// SELECT ... FOR UPDATE.
    ForUpdate = "translate::for-update", Error,
        "SELECT ... FOR UPDATE, a row lock Redshift does not take",
        "`FOR UPDATE` locks the selected rows until the transaction ends, so that no other session changes them (<https://docs.oracle.com/en/database/oracle/oracle-database/19/sqlrf/SELECT.html>). Redshift has no row locks: its transactions are serializable and a conflicting write fails one of them (<https://docs.aws.amazon.com/redshift/latest/dg/c_serial_isolation.html>). Dropping the clause would change what concurrent sessions see, so eltc refuses it.\n\n```sql\nCURSOR c IS SELECT id FROM st.queue WHERE status = 'NEW' FOR UPDATE;\n```\n\nDrop the clause when the batch is the table's only writer (eltc runs a batch in one transaction), or lock the table with `LOCK table` at the start of the procedure.";
    /// An Oracle implicit conversion eltc does not reproduce.
    ImplicitConversion = "translate::implicit-conversion", Error,
        "a value Oracle converts implicitly (text, numbers, dates), which Redshift converts differently",
        "Oracle converts between text, numbers and dates wherever a statement mixes them (<https://docs.oracle.com/en/database/oracle/oracle-database/19/sqlrf/Data-Type-Comparison-Rules.html>): `'10' > 9` compares numbers, `d || ''` formats a date with NLS_DATE_FORMAT, `0.5 || ''` is `.5`, a text variable assigned a date is formatted. Redshift converts by other rules or refuses (<https://docs.aws.amazon.com/redshift/latest/dg/r_Type_conversion.html>), so eltc refuses the implicit conversion rather than change the value.\n\n```sql\nWHERE load_day = '2019-06-28'      -- a DATE column compared with text\nv_text := v_amount;                -- a decimal into a VARCHAR2 variable\n```\n\nConvert explicitly: TO_CHAR(x, 'format'), TO_DATE(text, 'format'), CAST(text AS DECIMAL(p,s)), or a DATE 'YYYY-MM-DD' literal.";
    /// Numeric results that differ: integer division, AVG of integers, floats.
    NumericSemantics = "translate::numeric-semantics", Error,
        "arithmetic Redshift computes differently: integer division, AVG of integers, rounding of floats",
        "Oracle's NUMBER arithmetic is exact: `7 / 2` is 3.5 and the AVG of integers keeps its decimals. Redshift divides integers as integers (`7 / 2` is 3) and its AVG of an integer column is an integer (<https://docs.aws.amazon.com/redshift/latest/dg/r_AVG.html>); ROUND, TRUNC, CEIL and FLOOR of REAL or DOUBLE PRECISION values round binary fractions.\n\n```sql\nSELECT SUM(qty) / COUNT(*) FROM st.sales\n```\n\nCAST one operand to DECIMAL(p,s): `CAST(SUM(qty) AS DECIMAL(18,4)) / COUNT(*)`, `AVG(CAST(qty AS DECIMAL(18,4)))`.";
    /// Date arithmetic Redshift computes differently.
    DateArithmetic = "translate::date-arithmetic", Error,
        "date arithmetic or rounding Redshift computes differently (days on a timestamp, fractional days, time zones)",
        "Oracle adds days to a DATE, fractions of a day included (`d + 1/24` is an hour later: <https://docs.oracle.com/en/database/oracle/oracle-database/19/sqlrf/Datetime-Arithmetic.html>). Redshift adds integers to a DATE only and intervals to a TIMESTAMP (<https://docs.aws.amazon.com/redshift/latest/dg/r_DATEADD_function.html>); TRUNC and ROUND of a TIMESTAMPTZ work in the session time zone. eltc rewrites what gives Oracle's result (integer days on a DATE, on a TIMESTAMP where the inputs hold no Oracle TIMESTAMP) and refuses the rest.\n\n```sql\nSELECT created + 0.5 FROM st.events     -- created is a Redshift DATE\n```\n\nWrite the arithmetic in Redshift SQL with DATEADD and DATEDIFF (`dialect: redshift`), or TRUNC the timestamp to a date first.";
    /// `||` of a CHAR(n) column.
    CharPadding = "translate::char-padding", Error,
        "a CHAR(n) value whose blank padding Oracle keeps and Redshift drops",
        "Oracle keeps the trailing blanks of a CHAR(n) value in `||` and LENGTH; Redshift and PostgreSQL drop them (<https://docs.aws.amazon.com/redshift/latest/dg/r_Character_types.html>), so `code || '|'` differs.\n\n```sql\nSELECT region_code || '|' || name FROM st.store   -- region_code CHAR(4)\n```\n\nDeclare the column VARCHAR, or pad it explicitly with RPAD(column, n).";
    /// An Oracle `(+)` outer join eltc cannot rewrite.
    OuterJoinPlus = "translate::outer-join-plus", Error,
        "an Oracle `(+)` outer join that eltc cannot rewrite into ANSI joins",
        "eltc rewrites `(+)` conditions into LEFT JOIN ... ON (<https://docs.oracle.com/en/database/oracle/oracle-database/19/sqlrf/Joins.html>). It refuses what Oracle itself restricts or what has no single ANSI form: `(+)` mixed with ANSI joins in one FROM clause, in an OR or with a subquery, on both sides of a condition, joins that depend on each other in a cycle, every table marked optional.\n\n```sql\nSELECT * FROM a, b WHERE a.id = b.id(+) OR a.code = b.code(+)\n```\n\nWrite the joins with ANSI JOIN syntax.";
    /// A CONNECT BY form eltc cannot rewrite.
    ConnectBy = "translate::connect-by", Error,
        "a hierarchical query (CONNECT BY) eltc cannot rewrite",
        "eltc rewrites `START WITH ... CONNECT BY PRIOR` over one table into a recursive CTE (<https://docs.aws.amazon.com/redshift/latest/dg/r_WITH_clause.html>), with LEVEL and SYS_CONNECT_BY_PATH. It refuses NOCYCLE, CONNECT_BY_ROOT and CONNECT_BY_ISLEAF, PRIOR on an expression, CONNECT BY over joins, in a query with a WITH clause, or over a table whose columns it does not know.\n\n```sql\nSELECT id FROM dw.org START WITH parent_id IS NULL CONNECT BY NOCYCLE PRIOR id = parent_id\n```\n\nBuild the hierarchy over one table in a subquery, or write WITH RECURSIVE in Redshift SQL.";
    /// A MERGE form eltc cannot expand.
    MergeForm = "translate::merge-form", Error,
        "a MERGE form eltc does not expand into UPDATE and INSERT",
        "eltc expands Oracle's MERGE (<https://docs.oracle.com/en/database/oracle/oracle-database/19/sqlrf/MERGE.html>) into UPDATE ... FROM and INSERT ... WHERE NOT EXISTS. It refuses forms outside Oracle's `WHEN MATCHED THEN UPDATE SET ... [WHERE] [DELETE WHERE]` / `WHEN NOT MATCHED THEN INSERT (...) VALUES (...)`: a MERGE into a subquery, a source that is neither a table nor a subquery, UPDATE *, INSERT ROW, several VALUES rows.\n\n```sql\nMERGE INTO (SELECT * FROM dw.t) t USING st.s s ON (t.id = s.id) ...\n```\n\nMerge into the table, list the columns to set and the values to insert.";
    /// An analytic function's window eltc cannot translate.
    WindowForm = "translate::window-form", Error,
        "an analytic function or window eltc does not translate",
        "Redshift requires a frame clause for ordered aggregate windows and has no named windows, FILTER or IGNORE NULLS on every function (<https://docs.aws.amazon.com/redshift/latest/dg/r_Window_function_synopsis.html>); Oracle's default frame for an ordered window is RANGE UNBOUNDED PRECEDING, which counts ties together.\n\n```sql\nSELECT SUM(amount) OVER (ORDER BY day) FROM st.sales\n```\n\nWrite the frame explicitly with a unique ORDER BY (`ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW`), write windows inline, and add OVER (ORDER BY ...) where the function needs it.";
    /// A LISTAGG form eltc does not translate.
    ListaggForm = "translate::listagg-form", Error,
        "a LISTAGG form eltc does not translate",
        "eltc translates `LISTAGG(text, 'delimiter') WITHIN GROUP (ORDER BY ...)` (<https://docs.aws.amazon.com/redshift/latest/dg/r_LISTAGG.html>). DISTINCT, ON OVERFLOW, LISTAGG as an analytic function and a number argument (which Oracle formats with its own rules) are refused.\n\n```sql\nSELECT LISTAGG(DISTINCT code, ',') WITHIN GROUP (ORDER BY code) FROM st.t\n```\n\nDeduplicate in a subquery, and convert numbers with TO_CHAR first.";
    /// A regular expression eltc cannot translate.
    RegexpForm = "translate::regexp-form", Error,
        "a REGEXP_ function whose pattern or arguments eltc cannot translate",
        "Oracle's regular expressions (<https://docs.oracle.com/en/database/oracle/oracle-database/19/sqlrf/Oracle-Regular-Expression-Support.html>) and Redshift's POSIX ones (<https://docs.aws.amazon.com/redshift/latest/dg/pattern-matching-conditions-posix.html>) differ in back-references, anchors like \\A and \\Z, non-greedy quantifiers and match options. eltc translates a literal pattern it checked, with literal positions and occurrences.\n\n```sql\nSELECT REGEXP_SUBSTR(s, v_pattern) FROM st.t\n```\n\nWrite the pattern as a literal without the features the message names, or write the expression in Redshift SQL.";
    /// A query clause or form eltc does not translate.
    QueryForm = "translate::query-form", Error,
        "a query clause or form eltc does not translate (ROLLUP, USING joins, INTERSECT ALL, ...)",
        "The query uses a clause eltc has no checked rewrite for: GROUP BY ROLLUP, CUBE or GROUPING SETS, a USING or NATURAL join, INTERSECT ALL or EXCEPT ALL (Redshift has neither: <https://docs.aws.amazon.com/redshift/latest/dg/r_UNION.html>), a FROM item that is neither a table nor a subquery, a correlated reference that skips a query block (<https://docs.aws.amazon.com/redshift/latest/dg/r_correlated_subqueries.html>), a scalar subquery of several columns. The message names it.\n\n```sql\nSELECT region, SUM(amount) FROM st.sales GROUP BY ROLLUP (region)\n```\n\nRewrite as the help line says (ROLLUP as a UNION ALL of plain GROUP BYs, USING as ON), or write the query in Redshift SQL.";
    /// An expression form or operator eltc does not translate.
    ExpressionForm = "translate::expression-form", Error,
        "an operator or expression form eltc does not translate",
        "The expression uses an operator or a form that eltc has no checked Redshift rewrite for (an Oracle-specific operator, a collection or object expression, a method call). The message names it.\n\n```sql\nSELECT t.obj.attribute FROM st.t t\n```\n\nRewrite the expression with the constructs docs/translation.md lists, or write it in Redshift SQL.";
    /// A literal eltc does not translate.
    LiteralForm = "translate::literal-form", Error,
        "a literal Redshift reads differently (a backslash, a typed literal, a positional bind)",
        "Redshift reads `\\` inside a string literal as an escape character (<https://docs.aws.amazon.com/redshift/latest/dg/r_Literals.html>), so `'C:\\dir'` changes; typed literals other than DATE and TIMESTAMP, national and binary literals, and positional binds (`:1`) have no checked translation.\n\n```sql\nSELECT REPLACE(path, '\\', '/') FROM st.files\n```\n\nWrite a backslash as CHR(92), use DATE 'YYYY-MM-DD' or TIMESTAMP literals, and name binds (`:run_date`).";
    /// A CAST eltc does not translate.
    CastForm = "translate::cast-form", Error,
        "a CAST to a type or in a form eltc does not translate",
        "eltc maps Oracle types to Redshift types in CAST as in DDL (<https://docs.aws.amazon.com/redshift/latest/dg/c_Supported_data_types.html>). A type with no Redshift counterpart (an object type, a collection, NUMBER without precision where decimals would be lost) or a CAST form other than `CAST(x AS type)` is refused.\n\n```sql\nSELECT CAST(x AS NUMBER) FROM st.t\n```\n\nCAST to a Redshift type with its precision: DECIMAL(p,s), VARCHAR(n), DATE, TIMESTAMP.";
    /// A DML statement form eltc does not translate.
    StatementForm = "translate::statement-form", Error,
        "a statement kind or DML form eltc does not translate",
        "eltc translates SELECT, INSERT, UPDATE, DELETE, MERGE, INSERT ALL and the DDL of tables. Other statements (GRANT, ALTER SESSION, CREATE VIEW or INDEX in a transform, ...) and some DML forms have no checked translation: an INSERT into a table function, DELETE from several tables, UPDATE or DELETE of a subquery or a join, `SET (a, b) = (subquery)` (<https://docs.aws.amazon.com/redshift/latest/dg/r_UPDATE.html>), DEFAULT in the VALUES of INSERT ALL. The message names it.\n\n```sql\nUPDATE dw.t SET (a, b) = (SELECT x, y FROM st.s WHERE s.id = t.id)\n```\n\nRewrite the statement (`UPDATE ... SET a = s.x, b = s.y FROM st.s s WHERE ...`), or run the other statement outside the pipeline (a grant, an index) as the help line says.";
    /// An ALTER SESSION that only tunes the session, left out.
    SessionTuning = "translate::session-tuning", Warning,
        "an ALTER SESSION that only tunes how Oracle runs the session (parallel DML, sort areas, the PL/SQL compiler), left out",
        "ALTER SESSION changes settings of the current session (<https://docs.oracle.com/en/database/oracle/oracle-database/19/sqlrf/ALTER-SESSION.html>). Some only tune how Oracle runs later statements: `ENABLE`, `DISABLE` or `FORCE PARALLEL DML|DDL|QUERY`, `ENABLE RESUMABLE`, and `SET` of optimizer, memory, tracing and PL/SQL compiler parameters (the list is in docs/translation.md). They change no row, and Redshift plans and parallelises statements itself, so eltc leaves the statement out and says so.\n\n```sql\nEXECUTE IMMEDIATE 'ALTER SESSION ENABLE PARALLEL DML';\n```\n\nNothing to do; acknowledge the warning with `allow:` if the step is in a pipeline.";
    /// An ALTER SESSION that changes what later statements do.
    SessionSetting = "translate::session-setting", Error,
        "an ALTER SESSION that changes what later statements do (NLS settings, CURRENT_SCHEMA, the time zone)",
        "Some session settings change the results of the statements after them (<https://docs.oracle.com/en/database/oracle/oracle-database/19/sqlrf/ALTER-SESSION.html>): NLS_DATE_FORMAT and NLS_NUMERIC_CHARACTERS decide how dates and numbers convert to and from text, NLS_SORT and NLS_COMP how text compares, CURRENT_SCHEMA which tables unqualified names mean, TIME_ZONE the session's clock. A Redshift session has none of these, and the translation of the later statements assumed Oracle's defaults, so eltc refuses the statement rather than drop it. A parameter eltc does not know to be tuning only is refused too.\n\n```sql\nALTER SESSION SET NLS_DATE_FORMAT = 'DD.MM.YYYY';\n```\n\nWrite what the setting implied into each statement (a format in every TO_CHAR and TO_DATE, a schema before each table name), then remove the ALTER SESSION.";
    /// DML error logging (`LOG ERRORS INTO`).
    DmlErrorLogging = "translate::dml-error-logging", Error,
        "DML error logging: an INSERT, UPDATE, MERGE or DELETE with `LOG ERRORS INTO`",
        "With `LOG ERRORS INTO err_table`, Oracle writes the rows that fail (a conversion, a constraint, a value too large) to the error table and goes on with the others, up to the REJECT LIMIT (<https://docs.oracle.com/en/database/oracle/oracle-database/19/sqlrf/INSERT.html>, error_logging_clause). A Redshift statement fails whole on the first bad row, so dropping the clause would turn a load that succeeds into one that fails.\n\n```sql\nINSERT INTO dw.t SELECT * FROM st.t LOG ERRORS INTO err$_t ('daily') REJECT LIMIT UNLIMITED;\n```\n\nSelect only the rows that convert (or fix them) in the statement, and keep the others aside with a query of their own; for files, COPY's MAXERROR keeps going past bad lines.";
    /// A partition-extended table name (`t PARTITION (p)`).
    PartitionExtendedName = "translate::partition-extended-name", Error,
        "a table named with a partition (`t PARTITION (p)`, `SUBPARTITION`, `PARTITION FOR (...)`) in a query or DML statement",
        "Oracle's partition extension restricts a statement to the rows of one partition or subpartition of the table (<https://docs.oracle.com/en/database/oracle/oracle-database/19/sqlrf/SELECT.html>, partition_extension_clause; the same in INSERT, UPDATE and DELETE). Redshift tables have no partitions, and the partition's bounds are in Oracle's DDL, not in the statement: dropping the clause would read, change or delete every row of the table.\n\n```sql\nDELETE FROM dw.fact_sales PARTITION (p_2024_01);\n```\n\nSay which rows with a WHERE on the partitioning column, as the partition's definition bounds it (`WHERE sale_date >= DATE '2024-01-01' AND sale_date < DATE '2024-02-01'`).";
    /// Table DDL eltc does not translate.
    DdlForm = "translate::ddl-form", Error,
        "a CREATE TABLE clause eltc does not translate (CHECK, a DEFAULT, CREATE TABLE AS SELECT forms, no schema)",
        "eltc translates CREATE TABLE with its columns, types and keys (<https://docs.aws.amazon.com/redshift/latest/dg/r_CREATE_TABLE_NEW.html>). Redshift has no CHECK constraints; a DEFAULT other than a literal or SYSDATE, a table without a column list or schema, and CREATE TABLE AS SELECT from a table whose columns eltc does not know are refused too.\n\n```sql\nCREATE TABLE dw.t (qty NUMBER(5) CHECK (qty > 0))\n```\n\nCheck the condition in an assertion of the pipeline or in the load, and qualify tables with their schema (or pass `--schema`).";
    /// TRUNCATE in a transform.
    TruncateInBatch = "translate::truncate-in-batch", Error,
        "TRUNCATE in a transform's SQL, which would commit the batch half-done",
        "Inside a Redshift procedure TRUNCATE commits the transaction (<https://docs.aws.amazon.com/redshift/latest/dg/r_TRUNCATE.html>): the batch's earlier steps could no longer be undone by a later failure. A PL/SQL unit's TRUNCATE becomes DELETE FROM with a warning (`plsql::transaction-changed`); in a transform's SQL it is refused.\n\n```sql\nTRUNCATE TABLE st.orders;\n```\n\nWrite DELETE FROM the table, or make the step a `query` transform with `strategy: replace`.";
    /// SQL eltc built and could not read back.
    InternalRewrite = "translate::internal-rewrite", Error,
        "eltc built SQL for a rewrite that it cannot read back (an eltc bug)",
        "Some rewrites (CONNECT BY, DDL built for a unit, the row count added to a SELECT INTO) compose SQL text and parse it again; when that fails, eltc refuses the statement rather than print SQL it has not checked. This is a bug in eltc, not in the input.\n\nReport it with the statement; meanwhile write the statement in Redshift SQL.";
    /// A construct the target being built for cannot express.
    TargetRefuses = "target::refuses", Error,
        "the target being built for cannot express a construct of the step",
        "Each target prints the same plan (`--engine redshift` what `eltc build` writes, `--engine postgres` the form `eltc test` runs). When a target has no equivalent of a construct that another accepts, it refuses it at build time rather than leave it to fail when the SQL runs. The PostgreSQL form, for one, spells Redshift's NEXT_DAY as date arithmetic on a literal day name; a day name that is a column or an expression has no such spelling.\n\n```sql\nSELECT NEXT_DAY(trade_date, weekday_name) AS next_trade FROM staging.trades\n```\n\nWrite the construct in a form the target expresses (a literal day name), or compute the value in a staging step.";
    /// A function the Glue job's Spark SQL cannot run with Redshift's meaning.
    GlueSparkFunction = "glue::spark-function", Error,
        "a function whose Spark SQL meaning differs from Redshift's, or is not checked",
        "With `backend: glue` the transforms run as Spark SQL over the job's views (docs/glue.md). eltc prints a function only when its Spark 3.5 built-in gives Redshift's result for the types eltc emits: COALESCE, NVL, NULLIF, UPPER, LOWER, CONCAT, ABS, GREATEST, LEAST, COUNT, SUM, MIN, MAX, ROW_NUMBER, RANK, DENSE_RANK, ROUND, FLOOR, CEIL, MOD, REPLACE, LTRIM, RTRIM, LPAD, RPAD, LEFT, RIGHT, MD5, DATE_TRUNC, INITCAP (as `eltc_initcap`), GETDATE and SYSDATE (the batch's load time), SUBSTRING from a positive position, TO_CHAR of a date or timestamp with a model of YYYY, MM, DD, HH24, MI, SS and `- / : .` or space (as `date_format`). Others differ (other TO_CHAR models: HH is 12-hour, MON a month name; TO_DATE takes Java patterns in Spark, AVG of integers is a fraction, LEN counts trailing blanks of CHAR) or are not checked yet, and are refused rather than run with another meaning.\n\n```sql\nSELECT TO_CHAR(txn_ts, 'Mon YYYY') AS month FROM stg.sales_header\n```\n\nWrite the step without the function, or keep the pipeline on `backend: procedure`.";
    /// An operator whose Spark meaning differs.
    GlueSparkOperator = "glue::spark-operator", Error,
        "an operator whose Spark SQL meaning differs from Redshift's",
        "Redshift divides an integer by an integer to an integer and decimals to its own result scale (https://docs.aws.amazon.com/redshift/latest/dg/r_numeric_computations201.html); Spark's `/` always gives a fraction (a DOUBLE or a DECIMAL of another scale). The Glue job would store other values, so `/` is refused — except a DECIMAL(p,s) column (p <= 18, or COALESCE of one with numbers) divided by the integer 10, 100, ... 10^9, whose quotient both engines give exactly — as is any operator outside `+ - * % || AND OR NOT` and the comparisons.\n\n```sql\nSELECT quantity / 2 AS half FROM stg.sales_line\n```\n\nCompute the value in a staged column or keep the pipeline on `backend: procedure`.";
    /// A CAST whose Spark meaning differs.
    GlueSparkCast = "glue::spark-cast", Error,
        "a CAST whose Spark SQL result differs from Redshift's",
        "Redshift's CAST to VARCHAR(n) or CHAR(n) cuts the value to n (and CHAR pads it); Spark 3.5 casts to an unbounded STRING, so the job would carry longer values. Types Spark has no equal of (DOUBLE PRECISION's spelling, TIMESTAMPTZ, intervals) are refused too.\n\n```sql\nSELECT CAST(name AS VARCHAR(10)) AS short_name FROM stg.customer\n```\n\nUse LEFT(name, 10), which both engines read alike, or keep the pipeline on `backend: procedure`.";
    /// A literal Spark reads differently.
    GlueSparkLiteral = "glue::spark-literal", Error,
        "a literal Spark SQL reads differently",
        "Spark SQL reads a backslash in a string literal as an escape and two adjacent quoted strings as one string, so Redshift's `'it''s'` would be `its` in the job. Such literals, and literal kinds eltc has not checked, are refused.\n\n```sql\nSELECT 'O''Brien' AS name\n```\n\nAvoid quotes and backslashes in literals of a Glue pipeline's transforms, or keep the pipeline on `backend: procedure`.";
    /// A comparison of a CHAR column.
    GlueCharComparison = "glue::char-comparison", Error,
        "an ordering comparison of a CHAR column, whose trailing blanks Spark does not ignore",
        "Redshift ignores trailing blanks when it compares CHAR values (https://docs.aws.amazon.com/redshift/latest/dg/r_Character_types.html); the Glue job holds CHAR(n) values padded to n as Spark strings, which compare with their blanks (`'NE '` is not `'NE'`). eltc prints `=`, `<>`, a simple CASE and `IN (list)` with both sides through `rtrim`, which gives Redshift's result, and refuses an ordering comparison (`<`, `>`, `BETWEEN`, `IN (subquery)`) of a column named as a CHAR column of the pipeline.\n\n```sql\nSELECT * FROM stg.store WHERE region_code < 'NE'\n```\n\nCompare RTRIM(column), or declare the column VARCHAR.";
    /// Any other construct without a checked Spark form.
    GlueSparkSyntax = "glue::spark-syntax", Error,
        "a construct without a Spark SQL form eltc knows to mean the same",
        "eltc prints a transform's query as Spark SQL node by node; a node kind it has not checked against Spark's meaning (INTERVAL literals, AT TIME ZONE, array and JSON operators, SIMILAR TO, ...) is refused with this code rather than printed as it is.\n\n```sql\nSELECT txn_ts + INTERVAL '1 day' AS next_day FROM stg.sales_header\n```\n\nWrite the step with the constructs docs/glue.md lists, or keep the pipeline on `backend: procedure`.";
    /// A step the Glue job cannot run.
    GlueStepKind = "glue::step-kind", Error,
        "a transform step the Glue job cannot run",
        "A Glue job runs each transform as one Spark SQL query whose rows are written with the step's strategy, and an `sql:` step's INSERT, UPDATE and DELETE statements in the warehouse, in the transaction of the writes around them (docs/glue.md). It cannot run a `plsql:` step (a translated procedure, run by CALL), an `sql:` statement that reads a run parameter or is not an INSERT, UPDATE or DELETE of a pipeline table, a statement whose Redshift form differs from its PostgreSQL test form (the local test could not run what Glue runs), or a `unique` assertion after a write where the job holds only the batch's rows. eltc reports the step and writes no glue_job.py for the pipeline (no half job).\n\n```yaml\n- name: retail_etl\n  plsql: plsql/retail_etl.pkb\n```\n\nWrite the step as a query with a `target:` and a `strategy:` (merge, delete_insert) or as plain statements, or keep the pipeline on `backend: procedure`.";
    /// A transform reading a table the Glue job holds no view of.
    GlueWarehouseRead = "glue::warehouse-read", Error,
        "a transform reads a table the Glue job cannot read back",
        "The Glue job's Spark SQL reads temporary views: each source's table, the rows of each earlier step that replaces its target, and the pipeline's tables it reads back from the warehouse (after committing the writes that change them, docs/glue.md). A table that is not one of the pipeline's `tables:` has no declared columns and types to read it back with, so a query or `no_rows` assertion naming one is refused.\n\n```sql\nSELECT f.*, r.rate FROM stg.sales_line f JOIN ref.fx_rate r ON r.ccy = f.ccy\n```\n\nDeclare the table under `tables:` (as a table the pipeline reads), or keep the pipeline on `backend: procedure`.";
    /// A Glue job that commits more than once per batch.
    GlueCommitsPerBatch = "glue::commits-per-batch", Warning,
        "the Glue job commits before the end of the batch",
        "The transform procedure runs a batch as one transaction: if any step fails, nothing of the batch stays. A Glue job reads a table back from the warehouse when a step needs what an earlier step wrote there (a dimension a `merge` step changed, then a fact step joining it), and a read only sees committed rows, so the job commits before it (docs/glue.md). If the job then fails, the rows committed before stay. A rerun of the batch gives the same rows when the steps before the commit are idempotent (`merge`, `delete_insert`, `replace`); an `append` step would add its rows twice.\n\n```yaml\n- name: dim_store\n  strategy: { merge: [store_id] }\n- name: fact_sales        # reads dw.dim_store: the job commits first\n```\n\nKeep the steps before each commit idempotent and rerun a failed batch, acknowledge the warning with `allow:` and the reason, or keep `backend: procedure` where the batch must be one transaction.";
    /// A staged source's value the Glue job would compute differently.
    GlueStagedValue = "glue::staged-value", Error,
        "a staged source's value the Glue job cannot compute as the load procedure does",
        "A source loaded through a raw table becomes, in the Glue job, a `Staged` read (glue/eltc_spark/source.py): raw fields converted by the job with the load procedure's rules, text expressions, text constants, the load time and the record filter in Spark SQL. A value whose Spark form could give other rows is refused: an `expr:` or a `constant:` into a number, date, timestamp or boolean column (the procedure CASTs the text: Redshift fails the batch on text that does not convert, where Spark without ANSI mode gives NULL, and Redshift's CAST to a date reads more layouts than one format, https://docs.aws.amazon.com/redshift/latest/dg/r_CAST_function.html), the load time into a text column, a raw field into TIMESTAMPTZ without a `timestamp_format`, and anything in an expression the Spark printer refuses.\n\n```yaml\ncolumns:\n  quantity: { expr: \"TRIM(:qty)\" }   # quantity is INTEGER\n```\n\nLoad the value as a field of the column (the job converts a field as COPY would, failing the batch on a bad value), convert it in a transform, or keep the pipeline on `backend: procedure`.";
    /// `eltc test --backend glue` cannot find what runs a Glue job locally.
    TestGlueRuntimeMissing = "test::glue-runtime-missing", Error,
        "`eltc test --backend glue` cannot find Python with pyspark, Java or the PostgreSQL JDBC driver",
        "`eltc test --backend glue` runs each pipeline's generated Glue job under local PySpark (Glue 5.0's Spark, 3.5.4) writing PostgreSQL over JDBC (docs/glue.md). It needs a Python with pyspark (`$ELTC_PYTHON`, else the project's `target/python-venv/bin/python`), Java 17 (`java` on PATH or `$JAVA_HOME`) and the PostgreSQL JDBC driver (`$ELTC_JDBC_JAR`, else `/usr/share/java/postgresql.jar`). The first one missing is named, with what installs it, before any case runs.\n\n```sh\neltc test --backend glue pipelines/market_data\n# error[eltc::test::glue-runtime-missing]: no Python with pyspark: $ELTC_PYTHON is not set and `target/python-venv/bin/python` does not exist; run `python3 -m venv target/python-venv && target/python-venv/bin/pip install pyspark==3.5.4` ...\n```\n\nInstall what the line names (scripts/prerequisites and scripts/test do it all), or set the environment variable it names; `eltc test` without `--backend glue` needs none of it.";
    /// A statement Redshift rejects, found in eltc's own output.
    LintRejected = "lint::redshift-rejects", Error,
        "emitted SQL uses a construct Redshift rejects",
        "After translation and generation, eltc checks every statement it emits against the documented Redshift restrictions (https://docs.aws.amazon.com/redshift/latest/dg/c_PLpgSQL-statements.html, https://docs.aws.amazon.com/redshift/latest/dg/c_unsupported-postgresql-features.html, https://docs.aws.amazon.com/redshift/latest/dg/r_MERGE.html, https://docs.aws.amazon.com/redshift/latest/dg/r_UPDATE.html, https://docs.aws.amazon.com/redshift/latest/dg/r_WHERE_oracle_outer.html): an alias on the target of MERGE, UPDATE or DELETE; sequences; GENERATE_SERIES, STRING_AGG, ARRAY_AGG, IS DISTINCT FROM, VALUES used as a table; a LEFT, RIGHT or FULL join in the FROM of UPDATE; a MERGE without both WHEN clauses, with a condition on a clause or with a subquery source; RANGE window frames and aggregates over an ordered window without a ROWS frame; identifiers over 127 bytes; unsupported column types.\n\n```sql\nUPDATE dw.t x SET a = 1\n```\n\nThis is an eltc bug when the SQL came from a translation (please report it); in `dialect: redshift` SQL, rewrite the statement as the help line says.";
    /// A leader-node-only function reading tables.
    LintLeaderNode = "lint::leader-node-only", Error,
        "a leader-node-only function in a statement that reads tables",
        "Some Redshift functions run only on the leader node (CURRENT_TIMESTAMP, NOW(), TIMEOFDAY(), CURRENT_SCHEMA(), ...) and fail with `function ... must be run on the leader node` (or are not supported) in a statement that reads user tables.\n\n```sql\nINSERT INTO dw.t SELECT id, NOW() FROM stg.s\n```\n\nUse GETDATE() or SYSDATE, which work on compute nodes.";
    /// Something in a procedure that commits or swallows the batch.
    LintCommits = "lint::commits-midway", Error,
        "a generated procedure commits, rolls back or catches exceptions",
        "A batch is one CALL and must be atomic (ARCHITECTURE.md). Inside a Redshift procedure TRUNCATE commits the transaction, COMMIT and ROLLBACK end it, and an EXCEPTION handler swallows the failure (and in non-atomic mode commits what came before) (https://docs.aws.amazon.com/redshift/latest/dg/c_PLpgSQL-statements.html, https://docs.aws.amazon.com/redshift/latest/dg/stored-procedure-transaction-management.html, https://docs.aws.amazon.com/redshift/latest/dg/stored-procedure-trapping-errors.html).\n\n```sql\nTRUNCATE stg.sales;\n```\n\nUse DELETE FROM instead of TRUNCATE; let errors propagate.";
    /// A control file that does not follow the control-file syntax.
    ImportCtlSyntax = "import::ctl-syntax", Error,
        "a SQL*Loader control file eltc cannot parse",
        "`eltc import` reads SQL*Loader control files with a parser of the control-file language (Oracle's \"SQL*Loader Control File Reference\"). A token where the grammar expects another (a missing `)`, a condition without `=`, a quote never closed) is reported at its place; the parser goes on at the next field or clause, so one run lists every problem.\n\n```text\nINTO TABLE stg.customer\n( customer_id INTEGER EXTERNAL,\n  birth_date DATE \"DD/MM/YYYY\" NULLIF birth_date BLANKS )   -- `=` missing\n```\n\nFix the control file (SQL*Loader would reject it too), or import the file it was generated from.";
    /// A control-file clause eltc does not know.
    ImportCtlUnknownClause = "import::ctl-unknown-clause", Error,
        "a control-file clause `eltc import` does not know",
        "The word is not a clause of the SQL*Loader control-file language as eltc reads it (Oracle's \"SQL*Loader Control File Reference\"), or a valid clause eltc does not carry into a spec. It is reported with its span and skipped up to the next clause or field: nothing after it is silently lost.\n\nCheck the spelling against Oracle's reference; if the clause is valid, carry its effect into the pipeline by hand and say so in the import report.";
    /// Several LOAD DATA statements in one control file.
    ImportCtlSeveralLoads = "import::ctl-several-loads", Error,
        "a control file with more than one `LOAD DATA`",
        "SQL*Loader runs the first LOAD DATA of a control file; a second one is usually a concatenation mistake or a file meant to be split. eltc imports the first and reports the others.\n\nSplit the file: one LOAD DATA per control file, each becomes a source.";
    /// Records assembled from several physical lines, or a record format COPY does not read.
    ImportCtlRecordAssembly = "import::ctl-record-assembly", Error,
        "records assembled from several lines (`CONTINUEIF`, `CONCATENATE`, `\"str ...\"`, `\"fix n\"`, `\"var n\"`)",
        "SQL*Loader can build one logical record from several physical lines (CONTINUEIF, CONCATENATE) or read records of a fixed size or with a custom terminator (the INFILE processing string). Redshift's COPY reads one record per line, so such a file cannot be loaded as it is.\n\n```text\nINFILE 'orders.dat' \"str '|\\n'\"\nCONTINUEIF THIS (1:1) = '*'\n```\n\nJoin the lines into one record per line before the file lands, or load each line raw and assemble the records in a transform.";
    /// A field layout COPY cannot read.
    ImportCtlFieldLayout = "import::ctl-field-layout", Error,
        "a field layout COPY cannot read (WHITESPACE or multi-character terminators, overlapping positions, PRESERVE BLANKS)",
        "COPY reads a delimited file with one single-character delimiter, a CSV file with one quote character, or a fixed-width file whose fields follow each other. SQL*Loader also reads fields terminated by WHITESPACE (any run of blanks), by strings of several characters, per-field terminators, overlapping or out-of-order positions, and keeps blanks with PRESERVE BLANKS.\n\nConvert the file to a delimiter COPY reads before it lands, or load each record as one raw field and split it in a transform (`REGEXP_SUBSTR`).";
    /// A binary, packed or LOB field.
    ImportCtlBinaryField = "import::ctl-binary-field", Error,
        "a binary, packed-decimal, LOB or object field",
        "Fields in binary or packed form (INTEGER, SMALLINT, DECIMAL or ZONED without EXTERNAL, RAW, GRAPHIC, VARCHAR, VARRAW), LOBs read from secondary files (LOBFILE, SDF, BFILE) and column objects have no COPY equivalent: COPY reads text.\n\nHave the unload write the value as text (`INTEGER EXTERNAL`, `DECIMAL EXTERNAL`), or load the LOB's file separately.";
    /// RECNUM or SEQUENCE.
    ImportCtlRecordNumber = "import::ctl-record-number", Error,
        "a column numbered by SQL*Loader (`RECNUM`, `SEQUENCE`)",
        "RECNUM is the record's number in the file and SEQUENCE(MAX, n) continues from the column's highest value. COPY loads the rows of a file in parallel, without a record number, so neither can be computed after the load.\n\nUse an IDENTITY column for a surrogate key (`identity: [seed, step]` under `tables:`), or add the record number to the file before it lands.";
    /// A WHEN, NULLIF or DEFAULTIF condition the spec cannot carry.
    ImportCtlCondition = "import::ctl-condition", Error,
        "a WHEN, NULLIF or DEFAULTIF condition the spec cannot carry",
        "A source's `when` is one test `field = text` or `(start:end) = text`; NULLIF becomes the source's `nulls` (BLANKS, one null string) or a column expression. Conditions joined by AND, `<>` tests, and NULLIF values that differ per field need a column expression or a transform.\n\n```text\nWHEN (1:1) = 'H' AND (2:3) <> '00'\n```\n\nLoad the records into a raw table and filter or null them in a transform.";
    /// A DATE or TIMESTAMP field without a mask.
    ImportCtlDateMask = "import::ctl-date-mask", Error,
        "a date field whose format eltc cannot carry into COPY",
        "A DATE field without a mask is read by SQL*Loader with the session's NLS_DATE_FORMAT, which the control file does not say; a mask with elements COPY lacks (RR, FF, DY, J, ...) is converted in a column expression with TO_DATE instead, which eltc does by itself. This diagnostic is for masks neither COPY nor the translator reads.\n\nWrite the mask the file uses: `DATE \"YYYY-MM-DD\"`.";
    /// Inline data after BEGINDATA.
    ImportCtlInlineData = "import::ctl-inline-data", Warning,
        "records written inside the control file after `BEGINDATA`",
        "With `INFILE *` the records follow `BEGINDATA` in the control file itself. A Redshift pipeline loads files that land in S3: eltc writes the records to a file beside the imported pipeline (a test fixture) and the source expects that file to land.\n\nDeliver the data as a file.";
    /// A character set other than UTF-8.
    ImportCtlEncoding = "import::ctl-encoding", Warning,
        "a data file declared in a character set COPY does not read",
        "COPY reads UTF-8 (and UTF-16). A control file's CHARACTERSET (WE8ISO8859P1, WE8MSWIN1252, ...) says the data file is in another encoding: the imported source says `utf8`, and the file must be converted before it lands (`iconv -f ISO-8859-1 -t UTF-8`).\n\nConvert the files on landing; a pure-ASCII file needs nothing.";
    /// Several data files in one control file.
    ImportCtlSeveralInfiles = "import::ctl-several-infiles", Error,
        "a control file reading more than one data file",
        "A source is one landed file. A control file with several INFILE clauses loads them all into the same tables; eltc imports the first.\n\nConcatenate the files before they land, or declare one source per file (the second with `mode: append`).";
    /// A load mode whose meaning changes.
    ImportCtlMode = "import::ctl-mode", Warning,
        "a load mode with another meaning in the imported pipeline",
        "SQL*Loader's INSERT (the default mode) fails when the table is not empty. The imported source empties the staging table first (`mode: truncate`), as REPLACE and TRUNCATE do: a rerun loads the file again instead of failing.\n\nCheck that nothing else writes the staging table between loads.";
    /// A templating placeholder in a legacy file.
    ImportPlaceholder = "import::placeholder", Error,
        "a templating placeholder (`${VAR}`, `&1`, `$1`, `%VAR%`) where a name or value is expected",
        "The file is a template: a shell or SQL*Plus variable stands where a table, file or field name is expected. eltc does not guess its value.\n\nImport the file the template renders to, or replace the placeholder with its value.";
    /// A table the legacy DDL does not define.
    ImportUnknownTable = "import::unknown-table", Error,
        "a table loaded or used that the legacy DDL does not create",
        "The imported spec declares every table with its columns and types, taken from the legacy DDL (CREATE TABLE, CREATE TABLE ... AS SELECT). A control file loading a table the DDL files do not create gives a source without a table.\n\nAdd the DDL file to the import's inputs.";
    /// A driver line eltc does not understand.
    ImportDriverUnparsed = "import::driver-unparsed", Warning,
        "a line of a shell or batch driver `eltc import` does not understand",
        "eltc reads the drivers (sh, bash, ksh, .bat, .cmd) for what they run: sqlldr calls, sqlplus calls and what they execute, variables, loops and functions around them. A command it cannot follow (a variable computed by a program, a call through eval) is reported with its line, so the import report lists it.\n\nCheck by hand what the line contributes to the load.";
    /// sqlldr's exit code handling.
    ImportDriverExitCode = "import::driver-exit-code", Warning,
        "a sqlldr exit code the driver does not check",
        "sqlldr exits 0 (success), 1 (failure), 2 (warning: rows rejected or discarded within ERRORS) or 3 (fatal). A driver that never tests `$?` goes on after a failed load; the imported pipeline fails the batch instead (one transaction), which is usually what was meant.\n\nCheck that no step relied on running after a failed load.";
    /// A script a driver runs whose SQL is not imported.
    ImportScriptSql = "import::script-sql", Error,
        "a script a driver runs holds SQL or SQL*Plus commands the import does not carry over as written",
        "A driver's `sqlplus ... @script.sql` (or `sqlplus ... < script.sql`) runs every statement of the script (https://docs.oracle.com/en/database/oracle/oracle-database/19/sqpug/AT-sign.html). Calls of PL/SQL units in it (`EXEC`, `CALL`, `BEGIN ... END`) become `plsql:` steps; a script of plain statements (INSERT, UPDATE, DELETE, MERGE) becomes an `sql:` step, its SQL*Plus settings dropped. Raised as an error for what is not carried over: a script mixing statements with a PL/SQL block, a SQL*Plus command whose effect a batch cannot reproduce (CONNECT, HOST, ACCEPT, VARIABLE, a nested `@script`); as a warning where the step may differ from the legacy run: the script runs before a load (every transform runs after the loads), `WHENEVER SQLERROR CONTINUE`, ROLLBACK, a `/` that runs a statement a second time, a statement left without its terminator.\n\nCarry over by hand what the message names, or check that the step gives the legacy rows.";
    /// No procedure called by the drivers.
    ImportNoEntry = "import::no-entry", Error,
        "the drivers call no PL/SQL unit the import's inputs define",
        "The imported pipeline's transform is the procedure the driver calls (sqlplus `exec`, `CALL`, or a BEGIN ... END block). When no driver call names a procedure defined by the PL/SQL inputs, the pipeline has no transform.\n\nAdd the driver or the unit's source to the inputs.";
    /// A PL/SQL unit nothing calls.
    ImportUnusedUnit = "import::unused-unit", Warning,
        "a PL/SQL unit that no driver calls",
        "A procedure, function or package among the inputs that the drivers never call (directly, or through the called unit) is not part of the imported pipeline.\n\nCheck whether another scheduler runs it; import it as its own pipeline if so.";
    /// A hazard of an unload script.
    ImportUnloadHazard = "import::unload-hazard", Warning,
        "an unload script writes values the load may read differently",
        "SQL*Plus unload scripts build each line with `||` or COLSEP: a text column may contain the delimiter or the quote unescaped, numbers are written without a leading zero (`.75`), and dates in the session's NLS_DATE_FORMAT unless TO_CHAR gives a mask.\n\nQuote and escape text columns in the unload, and give every date a TO_CHAR mask.";
    /// Expected rows with columns the table does not have.
    ImportExpectedColumns = "import::expected-columns", Warning,
        "a legacy expected-output file whose columns are not the table's",
        "A legacy run's expected output becomes a test expectation on the table of the file's name. Columns the table does not have are looked up in a table whose key the table holds (a surrogate key replaced by a natural key); when none fits, the file is not compared.\n\nWrite the query that produced the file as the expectation's `query`.";
    /// A legacy file that is not UTF-8.
    ImportFileEncoding = "import::file-encoding", Warning,
        "a legacy file that is not UTF-8 and not in the `--encoding` given",
        "Legacy trees hold files in Latin-1, Windows-1252 or GBK. `eltc import --encoding LABEL` decodes every legacy file that is not UTF-8 (and has no byte order mark) in that encoding (WHATWG labels: `gbk`, `shift_jis`, `windows-1252`, ...). Without it, or when a file does not decode in it, the file is read as Windows-1252, which decodes every byte, and this warning names the encoding assumed; spans point into the decoded text.\n\nPass the files' encoding with `--encoding`, or convert the file to UTF-8.";
    /// A legacy file eltc does not recognise.
    ImportUnknownFile = "import::unknown-file", Warning,
        "a legacy file that is no control file, driver, PL/SQL, DDL or unload script",
        "`eltc import` recognises control files (LOAD DATA), drivers (shell and batch scripts), PL/SQL units, DDL and SQL*Plus unload scripts (SPOOL) by their content. Other files are listed and not imported.\n\nCheck that nothing in it matters to the load.";
    /// A change plan adds a NOT NULL column without DEFAULT.
    PlanNotNullWithoutDefault = "plan::not-null-without-default", Error,
        "a change plan adds a NOT NULL column that has no DEFAULT",
        "`eltc plan` found a column that the old state of the table lacks and that is declared NOT NULL without a DEFAULT. The table already has rows: neither `ALTER TABLE ... ADD COLUMN` nor a rebuild can give them a value, so Redshift would refuse the change (or the first load after it).\n\n```yaml\ncolumns:\n  region: { type: varchar(10), not_null: true }   # add default: \"'N/A'\"\n```\n\nGive the column a DEFAULT (existing rows take it), or declare it nullable. See docs/plan.md.";
    /// A destructive change left out of the script.
    PlanDestructive = "plan::destructive-change", Warning,
        "a change plan holds a destructive change that is listed but not applied",
        "The change loses data: a dropped table or column, a type narrowed or changed to one that may refuse or truncate values, an IDENTITY column rebuilt. `eltc plan` writes it as a comment in the change script unless `--allow-destructive` is given, so a review never applies it by accident.\n\nCheck that the data may go (or unload it first), then run `eltc plan --allow-destructive`. See docs/plan.md.";
    /// The old state of a change plan could not be read or compiled.
    PlanOldState = "plan::old-state", Error,
        "the old state of a change plan cannot be read or does not compile",
        "`eltc plan` compiles the project as it was at `--from REF` (by default the last commit that changed `generated/`) or in `--from-dir DIR`. The revision is unknown, git failed, or a pipeline of that state has errors, so no plan can be made against it.\n\nName a revision or directory whose pipelines compile (`eltc plan --from main`).";
    /// `eltc lineage` names a column no pipeline has.
    LineageUnknownColumn = "lineage::unknown-column", Error,
        "`eltc lineage` names a column that no pipeline it reads declares or creates",
        "`eltc lineage TABLE.COLUMN` traces a column of a table the pipelines declare or create (`schema.table.column`, or `table.column` when one schema has that table). The name given matches none of them: a typo, a table of another pipeline than the one named, or a column the spec does not declare.\n\n```text\neltc lineage olap.market_data.symbl   # symbol\n```\n\nThe help line lists the nearest known names; `eltc lineage` without a pipeline reads every pipeline of the project.";
    /// Two pipelines own the same table.
    ProjectSharedTable = "project::shared-table", Error,
        "two pipelines of the project declare (and so create and write) the same table",
        "Each pipeline's ddl.sql creates the tables it declares and its procedures write them: two pipelines owning one table overwrite each other's rows, and a change plan of one would alter the other's table. Copying a pipeline to start another is the usual cause.\n\nGive the table to one pipeline; rename the other's or move it to another schema. A pipeline that replaces another (the same load written another way, deployed instead of it) declares `alternative_to: <name>` and is not compared with it.";
    /// A step or source writes a table the pipeline only reads.
    ReadOnlyTableWritten = "spec::read-only-written", Error,
        "a source or step writes a table the pipeline declares `read_only`",
        "A table declared `read_only: true` belongs to another pipeline of the project or to something outside eltc: this pipeline's ddl.sql does not create it and its procedures must not change it, or two writers would overwrite each other's rows.\n\n```yaml\ntables:\n  dim.customer: { read_only: true, columns: { customer_id: integer } }\ntransforms:\n  - name: customers\n    query: SELECT ...\n    target: dim.customer      # refused: only read\n```\n\nWrite the table in the pipeline that owns it, or drop `read_only` if this pipeline is its owner.";
    /// A reader's declaration of a table differs from its owner's.
    ProjectReadTableMismatch = "project::read-table-mismatch", Error,
        "a pipeline declares a table it reads with other columns or types than the pipeline that owns it",
        "A pipeline that only reads a table (`read_only: true`) declares the columns it expects; when another pipeline of the project owns the table (declares it without `read_only`), each column the reader declares must exist in the owner's declaration with the same type. Otherwise the reader's SQL is typed against columns the database does not have, and fails (or converts) at run time.\n\nDeclare the reader's columns as the owner declares them (a subset is fine), or change both.";
    /// Two pipelines share the runtime's lock object.
    ProjectSharedLock = "project::shared-lock", Error,
        "two pipelines have the same notification prefix, so the same lock object",
        "The runtime keeps one lock per pipeline at `<notification prefix>_eltc/state.json` (the notification pattern's text before its first `{param}`) and its EventBridge rule matches that prefix. Two pipelines with the same prefix take each other's lock, run each other's notifications, and skip each other's batches as already done.\n\n```yaml\ntrigger:\n  notification: notification/orders/{run_date}.done   # one folder per pipeline\n```\n\nGive each pipeline its own notification prefix.";
    /// A notification prefix is a prefix of another's.
    ProjectOverlappingNotification = "project::overlapping-notification", Error,
        "one pipeline's notification prefix is a prefix of another's",
        "The deploy template's EventBridge rule and policy match `<notification prefix>*`: when one pipeline's prefix (`notification/sales`) is a prefix of another's (`notification/sales_eu/`), the first pipeline's function is invoked for the second's notifications too.\n\nEnd each prefix with a folder of its own (`notification/sales/`, `notification/sales_eu/`).";
    /// Two pipelines write the same manifest.
    ProjectSharedManifest = "project::shared-manifest", Error,
        "two pipelines with the same landing pattern and a source of the same name write the same manifest",
        "Before the CALL the runtime writes each source's manifest to `<landing>_manifests/<source>.json`. Two pipelines with the same landing pattern and a source of the same name overwrite each other's manifest, so one COPY may load the other's files.\n\nGive each pipeline its own landing prefix.";
    /// Two landing prefixes overlap.
    ProjectOverlappingLanding = "project::overlapping-landing", Warning,
        "one pipeline's landing prefix overlaps another's",
        "The literal part of one pipeline's landing pattern is a prefix of another's: the batches of both land in one folder tree, where an upload for one pipeline can be read or cleaned up as the other's.\n\nGive each pipeline its own landing prefix (`<pipeline>/in/{param}/`).";
    /// A file that cannot be read at all.
    ReadFile = "io::read", Error,
        "a file could not be read",
        "eltc could not read a file it needs (permissions, a directory where a file was expected, or text that is not UTF-8).\n\nCheck the path and the file; convert non-UTF-8 text to UTF-8.";
    /// Input bytes that are not text in the file's encoding.
    NotText = "io::encoding", Error,
        "a file that is not text in its encoding",
        "eltc reads `pipeline.yaml`, SQL and PL/SQL files and the scripts given to `eltc translate` as UTF-8, or as UTF-16 or UTF-8 when they start with a byte order mark. A file in another encoding (a legacy Oracle script in windows-1252 or ISO-8859-1, say) is read only when the command names its encoding: `--encoding windows-1252` decodes the files that are not UTF-8 (WHATWG Encoding Standard labels: `latin1` and `iso-8859-1` read as windows-1252). The diagnostic gives the offset of the first byte that does not decode.\n\n```text\nselect 'caf\\xE9' from dual;   -- 0xE9 is é in windows-1252, not UTF-8\n```\n\nSave the file as UTF-8 (`iconv -f WINDOWS-1252 -t UTF-8 in.sql > out.sql`), or pass `--encoding` with the file's encoding.";
}

/// One code's documentation as Markdown (what `eltc explain` prints).
pub fn explanation(info: &CodeInfo) -> String {
    let severity = match info.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
    };
    format!(
        "## eltc::{}\n\n{} ({severity})\n\n{}\n",
        info.name, info.summary, info.explanation
    )
}

/// The whole of `docs/diagnostics.md`.
pub fn diagnostics_reference() -> String {
    let mut doc = String::from(
        "# Diagnostics\n\n<!-- Generated from src/diag/codes.rs by `UPDATE_DOCS=1 cargo test`; do not edit. -->\n\n\
         Every problem eltc reports has a stable code. `eltc explain CODE` prints the same text as this page.\n\n\
         | code | severity | meaning |\n|---|---|---|\n",
    );
    for code in Code::ALL {
        let info = code.info();
        let severity = match info.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        doc.push_str(&format!(
            "| [`{}`](#eltc{}) | {severity} | {} |\n",
            info.name,
            anchor(info.name),
            info.summary
        ));
    }
    for code in Code::ALL {
        doc.push('\n');
        doc.push_str(&explanation(code.info()));
    }
    doc
}

/// GitHub's heading anchor for `## eltc::<name>`: punctuation dropped.
fn anchor(name: &str) -> String {
    name.chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '-')
        .collect()
}

#[cfg(test)]
mod tests {
    use super::Code;

    #[test]
    fn names_are_unique_and_round_trip() {
        for code in Code::ALL {
            assert_eq!(Code::from_name(code.name()), Some(*code));
            assert_eq!(
                Code::from_name(&format!("eltc::{}", code.name())),
                Some(*code)
            );
        }
        let mut names: Vec<_> = Code::ALL.iter().map(|c| c.name()).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), Code::ALL.len());
    }
}
