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
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
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
        "a PL/SQL construct eltc does not translate faithfully",
        "The unit uses a PL/SQL construct that Redshift's PL/pgSQL lacks and that eltc cannot rewrite with the same behaviour (https://docs.aws.amazon.com/redshift/latest/dg/c_PLpgSQL-statements.html): GOTO, SAVEPOINT, a ROLLBACK that does not end in a re-raise, collections outside a BULK COLLECT / FORALL pair eltc can make set-based, SQLCODE, a function that cannot become an expression or a procedure, a record inserted as a whole, and so on. The message names the construct. It is reported rather than dropped, because the procedure would do something else.\n\n```sql\nGOTO retry;\n```\n\nRewrite that part of the unit with constructs `docs/translation.md` lists in its PL/SQL section.";
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
    /// An Oracle function with no faithful Redshift translation yet.
    UnsupportedFunction = "translate::unsupported-function", Error,
        "a function eltc does not translate faithfully",
        "eltc translates a function only where it knows a Redshift form that gives the same result as Oracle for every input. A function outside its tables is refused instead of being copied through, because a same-named Redshift function often differs (SUBSTR from 0, TO_NUMBER without a mask, INSTR with an occurrence).\n\nRewrite the expression with supported functions (`docs/translation.md`), or switch the transform to `dialect: redshift` and write it in Redshift SQL.";
    /// A construct with no faithful Redshift translation yet.
    UnsupportedConstruct = "translate::unsupported-construct", Error,
        "a SQL construct eltc does not translate faithfully",
        "The statement uses a construct (ROWNUM, CONNECT BY, a sequence, MERGE, an analytic frame, ...) that eltc cannot yet translate with the same results on Redshift. It is reported rather than copied through, because Redshift would either reject it or, worse, run it with another meaning.\n\nRewrite the statement with supported constructs (`docs/translation.md`), or write it in Redshift SQL with `dialect: redshift`.";
    /// A rewrite that depends on a type eltc cannot determine.
    UnknownExprType = "translate::unknown-type", Error,
        "a rewrite depends on the type of an expression eltc cannot determine",
        "Some Oracle functions mean different things by type: `TRUNC(x)` truncates a date to midnight but a number to an integer, and `a || b` converts numbers and dates to text with Oracle's rules. eltc takes types from the pipeline's tables and parameters; where it cannot, it refuses to guess.\n\nQualify the column with a table alias of a declared table, or cast the expression explicitly.";
    /// An Oracle type mapped to a Redshift type that holds other values.
    TypeMapped = "translate::type-mapped", Warning,
        "an Oracle column or CAST type became a Redshift type with different limits",
        "Some Oracle types have no exact Redshift counterpart (https://docs.aws.amazon.com/redshift/latest/dg/c_Supported_data_types.html): DATE carries a time of day and becomes TIMESTAMP; VARCHAR2(n CHAR) and NVARCHAR2(n) count characters and become VARCHAR(4n) bytes; CLOB becomes VARCHAR(65535) (longer values fail); RAW and BLOB become VARBYTE; NUMBER without precision becomes DECIMAL(38,10) (values with more than 10 decimals are rounded). The character types map the same way as CAST targets, with the same warning.\n\n```sql\nCREATE TABLE s.t (created DATE)\nSELECT CAST(name AS NVARCHAR2(10)) FROM s.t\n```\n\nCheck that the mapped type holds the data, or declare the column (or CAST to) the Redshift type you want.";
    /// SYSTIMESTAMP, which Redshift has no clock for.
    ServerClock = "translate::server-clock", Error,
        "SYSTIMESTAMP, the server's clock with its time zone",
        "Oracle's SYSTIMESTAMP is the database server's date and time with fractional seconds and the server's time zone, a TIMESTAMP WITH TIME ZONE (https://docs.oracle.com/en/database/oracle/oracle-database/19/sqlrf/SYSTIMESTAMP.html). Redshift's clocks differ: GETDATE() is the statement's start as a TIMESTAMP to the second in the session time zone (https://docs.aws.amazon.com/redshift/latest/dg/r_GETDATE.html), SYSDATE the transaction's start, and CURRENT_TIMESTAMP runs on the leader node only. None stores what SYSTIMESTAMP stores, so eltc refuses it rather than change the values.\n\n```sql\nINSERT INTO etl_log (step, started_at) VALUES ('load', SYSTIMESTAMP)\n```\n\nWrite SYSDATE where the zone and the fractional seconds do not matter (eltc writes GETDATE()), or pass the time from the caller.";
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
    /// A construct the target being built for cannot express.
    TargetRefuses = "target::refuses", Error,
        "the target being built for cannot express a construct of the step",
        "Each target prints the same plan (`--engine redshift` what `eltc build` writes, `--engine postgres` the form `eltc test` runs). When a target has no equivalent of a construct that another accepts, it refuses it at build time rather than leave it to fail when the SQL runs. The PostgreSQL form, for one, spells Redshift's NEXT_DAY as date arithmetic on a literal day name; a day name that is a column or an expression has no such spelling.\n\n```sql\nSELECT NEXT_DAY(trade_date, weekday_name) AS next_trade FROM staging.trades\n```\n\nWrite the construct in a form the target expresses (a literal day name), or compute the value in a staging step.";
    /// A function the Glue job's Spark SQL cannot run with Redshift's meaning.
    GlueSparkFunction = "glue::spark-function", Error,
        "a function whose Spark SQL meaning differs from Redshift's, or is not checked",
        "With `backend: glue` the transforms run as Spark SQL over the job's views (docs/glue.md). eltc prints a function only when its Spark 3.5 built-in gives Redshift's result for the types eltc emits: COALESCE, NVL, NULLIF, UPPER, LOWER, CONCAT, ABS, GREATEST, LEAST, COUNT, SUM, MIN, MAX, ROW_NUMBER, RANK, DENSE_RANK, ROUND, FLOOR, CEIL, MOD, REPLACE, LTRIM, RTRIM, LPAD, RPAD, LEFT, RIGHT, MD5, DATE_TRUNC, INITCAP (as `eltc_initcap`), GETDATE and SYSDATE (the batch's load time), SUBSTRING from a positive position. Others differ (TO_CHAR and TO_DATE take Java patterns in Spark, AVG of integers is a fraction, LEN counts trailing blanks of CHAR) or are not checked yet, and are refused rather than run with another meaning.\n\n```sql\nSELECT TO_CHAR(txn_ts, 'YYYY-MM') AS month FROM stg.sales_header\n```\n\nWrite the step without the function, or keep the pipeline on `backend: procedure`.";
    /// An operator whose Spark meaning differs.
    GlueSparkOperator = "glue::spark-operator", Error,
        "an operator whose Spark SQL meaning differs from Redshift's",
        "Redshift divides an integer by an integer to an integer and decimals to its own result scale (https://docs.aws.amazon.com/redshift/latest/dg/r_numeric_computations201.html); Spark's `/` always gives a fraction (a DOUBLE or a DECIMAL of another scale). The Glue job would store other values, so `/` is refused, as is any operator outside `+ - * % || AND OR NOT` and the comparisons.\n\n```sql\nSELECT quantity / 2 AS half FROM stg.sales_line\n```\n\nCompute the value in a staged column or keep the pipeline on `backend: procedure`.";
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
        "a comparison of a CHAR column, whose trailing blanks Spark does not ignore",
        "Redshift ignores trailing blanks when it compares CHAR values (https://docs.aws.amazon.com/redshift/latest/dg/r_Character_types.html); the Glue job holds CHAR(n) values padded to n as Spark strings, which compare with their blanks (`'NE '` is not `'NE'`). eltc refuses any comparison (`=`, `<>`, `<`, `IN`, `BETWEEN`) of a column named as a CHAR column of the pipeline.\n\n```sql\nSELECT * FROM stg.store WHERE region_code = 'NE'\n```\n\nCompare RTRIM(column), or declare the column VARCHAR.";
    /// Any other construct without a checked Spark form.
    GlueSparkSyntax = "glue::spark-syntax", Error,
        "a construct without a Spark SQL form eltc knows to mean the same",
        "eltc prints a transform's query as Spark SQL node by node; a node kind it has not checked against Spark's meaning (INTERVAL literals, AT TIME ZONE, array and JSON operators, SIMILAR TO, ...) is refused with this code rather than printed as it is.\n\n```sql\nSELECT txn_ts + INTERVAL '1 day' AS next_day FROM stg.sales_header\n```\n\nWrite the step with the constructs docs/glue.md lists, or keep the pipeline on `backend: procedure`.";
    /// A step the Glue job cannot run.
    GlueStepKind = "glue::step-kind", Error,
        "a transform step the Glue job cannot run",
        "A Glue job runs each transform as one Spark SQL query whose rows are written with the step's strategy. A `plsql:` step (a translated procedure, run by CALL) and an `sql:` step of statements (UPDATE, DELETE, INSERT, an expanded MERGE) change tables in place, which Spark views cannot, and they read staging tables that exist only in the job. eltc reports the step and writes no glue_job.py for the pipeline (no half job).\n\n```yaml\n- name: dim_product\n  sql: transforms/dim_product.sql   # UPDATE then INSERT\n```\n\nWrite the step as a query with a `target:` and a `strategy:` (merge, delete_insert), or keep the pipeline on `backend: procedure`.";
    /// A transform reading a table the Glue job holds no view of.
    GlueWarehouseRead = "glue::warehouse-read", Error,
        "a transform reads a table the Glue job holds no view of",
        "The Glue job's Spark SQL reads temporary views: each source's table, and the rows of each earlier step that replaces its target (then the whole table). A table only the warehouse holds (a dimension kept across batches, the target of a merge or delete_insert step, which holds more than the batch's rows) has no view in the job, and reading the step's rows instead would give other results.\n\n```sql\nSELECT f.*, d.store_key FROM stg.sales_line f JOIN dw.dim_store d ON d.store_id = f.store_id\n```\n\nKeep the pipeline on `backend: procedure` until the Glue job reads warehouse tables.";
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
