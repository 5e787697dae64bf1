//! The PL/SQL block structure, as eltc's own parser reads it.
//!
//! sqlparser parses neither PL/SQL nor PL/pgSQL blocks, so the block
//! structure (units, declarations, control flow, handlers) is ours, and every
//! piece of SQL inside it is kept as a byte range of the file ([`SqlText`],
//! [`ExprText`]) for sqlparser's Oracle dialect to parse when it is
//! translated: spans of diagnostics then point into the original file.
//!
//! Every range is a byte range of the whole file the unit was read from.
//! Names keep their spelling; case folding is the translator's business.

use std::ops::Range;

/// A byte range of the source file.
pub type ByteRange = Range<usize>;

/// One identifier: `name` or `"Quoted Name"` (quotes removed, `quoted` set).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Name {
    /// The identifier as written, without quotes.
    pub text: String,
    /// True for a double-quoted identifier (case-sensitive in Oracle).
    pub quoted: bool,
    /// Where it is.
    pub range: ByteRange,
}

/// A dotted name: `proc`, `pkg.proc`, `schema.pkg.proc`, `r.column`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct QualifiedIdent {
    /// The parts, left to right; never empty.
    pub parts: Vec<Name>,
    /// From the first part to the last. A database link (`proc@remote`) is
    /// not a part but lies inside the range, after the last part: the parser
    /// reads it, the translator reports it.
    pub range: ByteRange,
}

/// SQL text inside a unit: an embedded statement or a cursor's query.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SqlText {
    /// The statement, without its `;`.
    pub range: ByteRange,
    /// Parts of `range` to replace with spaces before sqlparser reads it
    /// (a SELECT's `INTO a, b` clause, which is PL/SQL, not SQL). Blanking
    /// rather than cutting keeps every offset, so spans stay right. For DML,
    /// the `INTO targets` of `RETURNING exprs INTO targets` is blanked and
    /// `RETURNING exprs` stays. Comments inside the statement stay in `range`.
    pub blanked: Vec<ByteRange>,
}

/// A PL/SQL expression (a condition, a value, an assignment target), kept as
/// text for sqlparser's Oracle dialect. `SQL%ROWCOUNT` and `cur%NOTFOUND`
/// read there as a modulo of two identifiers: Oracle has no `%` operator, so
/// the translator takes that shape for a cursor attribute.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ExprText {
    /// Where it is.
    pub range: ByteRange,
}

/// The query of `OPEN c FOR text [USING binds]`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DynamicQuery {
    /// The query text (an expression).
    pub text: ExprText,
    /// The USING values, by position.
    pub using: Vec<ExprText>,
}

/// A comment of the unit, kept where it stands (`-- text` or `/* text */`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Comment {
    /// The comment's text without its markers, trimmed.
    pub text: String,
    /// Where it is, markers included.
    pub range: ByteRange,
}

/// One compilation unit of a file: what `CREATE ... ;` and `/` delimit.
#[derive(Clone, Debug, PartialEq)]
pub struct Unit {
    /// What it is.
    pub kind: UnitKind,
    /// `CREATE OR REPLACE`.
    pub or_replace: bool,
    /// Comments before the unit's CREATE.
    pub comments: Vec<Comment>,
    /// From CREATE (or DECLARE / BEGIN / its label) to the end of its last
    /// token before `/`: the `;` after END for a PL/SQL unit and a plain SQL
    /// statement alike (the `;` is outside [`SqlText::range`]).
    pub range: ByteRange,
}

/// The kinds of unit.
#[derive(Clone, Debug, PartialEq)]
pub enum UnitKind {
    /// `CREATE PROCEDURE`.
    Procedure(Routine),
    /// `CREATE FUNCTION`.
    Function(Routine),
    /// `CREATE PACKAGE` (the specification): the public interface.
    PackageSpec(Package),
    /// `CREATE PACKAGE BODY`.
    PackageBody(Package),
    /// A `[DECLARE ...] BEGIN ... END;` block outside any CREATE.
    Anonymous(Block),
    /// A plain SQL statement between units, up to its `;` (or a `/` line):
    /// the DDL of a script (CREATE TABLE, CREATE SEQUENCE), or DML.
    Sql {
        /// Which statement.
        kind: SqlKind,
        /// Its text.
        sql: SqlText,
    },
}

/// A package specification or body.
#[derive(Clone, Debug, PartialEq)]
pub struct Package {
    /// `schema.package` or `package`.
    pub name: QualifiedIdent,
    /// Its items in order: variables, constants, cursors, exceptions,
    /// types, pragmas, routine specifications (spec) and routines (body).
    pub items: Vec<Decl>,
    /// The initialisation section (`BEGIN ...` before the body's END), if any.
    /// Exception handlers in it are refused by the parser (`plsql::syntax`).
    pub init: Option<Vec<Stmt>>,
    /// The name after END, when written.
    pub end_name: Option<Name>,
}

/// A procedure or function: heading and, unless it is a declaration only
/// (package spec, forward declaration), its body.
#[derive(Clone, Debug, PartialEq)]
pub struct Routine {
    /// The heading.
    pub spec: RoutineSpec,
    /// The declarations between IS/AS and BEGIN, then BEGIN ... END.
    pub body: Block,
    /// The name after END, when written.
    pub end_name: Option<Name>,
}

/// The heading of a procedure or function.
#[derive(Clone, Debug, PartialEq)]
pub struct RoutineSpec {
    /// Its name as written.
    pub name: QualifiedIdent,
    /// True for FUNCTION.
    pub is_function: bool,
    /// The parameters, in order.
    pub params: Vec<Param>,
    /// A function's RETURN type.
    pub returns: Option<TypeRef>,
    /// Heading clauses eltc reads but does not translate (DETERMINISTIC,
    /// PIPELINED, RESULT_CACHE, PARALLEL_ENABLE, AUTHID ...), as written:
    /// one per clause with its words (`AUTHID CURRENT_USER`,
    /// `RESULT_CACHE RELIES_ON (t)`), whitespace collapsed.
    pub clauses: Vec<Name>,
    /// From PROCEDURE/FUNCTION to the end of the heading.
    pub range: ByteRange,
}

/// Parameter modes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ParamMode {
    /// IN (also when no mode is written).
    In,
    /// OUT.
    Out,
    /// IN OUT.
    InOut,
}

/// A routine's or a cursor's parameter.
#[derive(Clone, Debug, PartialEq)]
pub struct Param {
    /// Its name.
    pub name: Name,
    /// IN, OUT or IN OUT.
    pub mode: ParamMode,
    /// NOCOPY was written.
    pub nocopy: bool,
    /// Its type.
    pub ty: TypeRef,
    /// `DEFAULT expr` or `:= expr`.
    pub default: Option<ExprText>,
    /// The whole parameter.
    pub range: ByteRange,
}

/// A type as written in a declaration.
#[derive(Clone, Debug, PartialEq)]
pub enum TypeRef {
    /// A type name with its arguments, as written: `NUMBER(8)`,
    /// `VARCHAR2(30 CHAR)`, `PLS_INTEGER`, `DATE`, `BOOLEAN`, or a name
    /// declared by a TYPE declaration.
    Named {
        /// The text, whitespace collapsed to single spaces.
        text: String,
        /// Where it is.
        range: ByteRange,
    },
    /// `table.column%TYPE` or `variable%TYPE`.
    PercentType {
        /// What the type is taken from.
        of: QualifiedIdent,
        /// Where it is.
        range: ByteRange,
    },
    /// `table%ROWTYPE` or `cursor%ROWTYPE`.
    PercentRowType {
        /// What the row type is taken from.
        of: QualifiedIdent,
        /// Where it is.
        range: ByteRange,
    },
}

/// A declaration, in a DECLARE section, a routine's IS/AS section, or a package.
#[derive(Clone, Debug, PartialEq)]
pub struct Decl {
    /// What is declared.
    pub kind: DeclKind,
    /// Comments just before it (for the first declaration of a section,
    /// also those before its DECLARE, IS or AS).
    pub comments: Vec<Comment>,
    /// The whole declaration, up to its `;`.
    pub range: ByteRange,
}

/// The kinds of declaration.
#[derive(Clone, Debug, PartialEq)]
pub enum DeclKind {
    /// `name [CONSTANT] type [NOT NULL] [:= | DEFAULT expr]`.
    Variable {
        /// Its name.
        name: Name,
        /// Its type.
        ty: TypeRef,
        /// CONSTANT.
        constant: bool,
        /// NOT NULL.
        not_null: bool,
        /// The initial value.
        default: Option<ExprText>,
    },
    /// `CURSOR name [(params)] [RETURN type] IS query`. The RETURN type is
    /// read, not kept: the query gives the row.
    Cursor {
        /// Its name.
        name: Name,
        /// Its parameters.
        params: Vec<Param>,
        /// Its query (absent for a cursor declared in a package spec).
        query: Option<SqlText>,
    },
    /// `name EXCEPTION`.
    Exception {
        /// Its name.
        name: Name,
    },
    /// `PRAGMA name [(args)]`: AUTONOMOUS_TRANSACTION, EXCEPTION_INIT, ...
    Pragma {
        /// The pragma's name.
        name: Name,
        /// Its arguments.
        args: Vec<ExprText>,
    },
    /// `TYPE name IS ...` / `SUBTYPE name IS ...`: collections, records, ref
    /// cursors. Kept as text; the translator decides what it can do (the
    /// declaration's first word, TYPE or SUBTYPE, is at `Decl::range.start`).
    Type {
        /// Its name.
        name: Name,
        /// What follows IS, as written.
        definition: ExprText,
    },
    /// A procedure or function with its body (package body, nested routine).
    Routine(Routine),
    /// A heading only: a package spec entry or a forward declaration.
    RoutineSpec(RoutineSpec),
}

/// `[<<label>>] [DECLARE decls] BEGIN stmts [EXCEPTION handlers] END [label];`
#[derive(Clone, Debug, PartialEq)]
pub struct Block {
    /// `<<label>>` before it.
    pub label: Option<Name>,
    /// Its declarations.
    pub decls: Vec<Decl>,
    /// Its statements.
    pub body: Vec<Stmt>,
    /// Its exception handlers.
    pub handlers: Vec<Handler>,
    /// From DECLARE (or BEGIN; IS / AS for a routine's body) to END and the
    /// label or name after it, without the `;`.
    pub range: ByteRange,
}

/// `WHEN a [OR b] THEN stmts`.
#[derive(Clone, Debug, PartialEq)]
pub struct Handler {
    /// The exceptions it handles: OTHERS, NO_DATA_FOUND, a declared name ...
    pub exceptions: Vec<QualifiedIdent>,
    /// Its statements.
    pub body: Vec<Stmt>,
    /// From WHEN to its last statement.
    pub range: ByteRange,
}

/// A statement of a block, with the comments just before it.
#[derive(Clone, Debug, PartialEq)]
pub struct Stmt {
    /// What it is.
    pub kind: StmtKind,
    /// `<<label>>` before it (loops, blocks, GOTO targets); the last one when
    /// several are written. A labelled block has it here and in [`Block::label`].
    pub label: Option<Name>,
    /// Comments just before it, including a comment at the end of the
    /// previous statement's line, and, for the first statement of a list,
    /// those before the keyword opening it (BEGIN, THEN, ELSE, ELSIF, LOOP,
    /// EXCEPTION, WHEN). Comments just before an END or a `;` belong to no
    /// statement and are not kept.
    pub comments: Vec<Comment>,
    /// The statement, from its first label, up to and including its `;`.
    pub range: ByteRange,
}

/// `IF cond THEN stmts` / `ELSIF cond THEN stmts` / `WHEN value THEN stmts`.
#[derive(Clone, Debug, PartialEq)]
pub struct Branch {
    /// The condition (IF, ELSIF, searched CASE) or the value (simple CASE).
    pub condition: ExprText,
    /// The statements.
    pub body: Vec<Stmt>,
}

/// A named argument (`p => value`) or a positional one.
#[derive(Clone, Debug, PartialEq)]
pub struct Arg {
    /// `name =>`, when written.
    pub name: Option<Name>,
    /// The value.
    pub value: ExprText,
}

/// What a cursor FOR loop iterates over.
#[derive(Clone, Debug, PartialEq)]
pub enum ForSource {
    /// `FOR r IN (SELECT ...)`.
    Query(SqlText),
    /// `FOR r IN cursor_name [(args)]`.
    Cursor {
        /// The declared cursor.
        name: Name,
        /// Its arguments.
        args: Vec<Arg>,
    },
}

/// `SELECT ... INTO targets` / `FETCH ... INTO targets` / `RETURNING ... INTO`.
#[derive(Clone, Debug, PartialEq)]
pub struct Into {
    /// The variables (or record fields) assigned.
    pub targets: Vec<ExprText>,
    /// BULK COLLECT INTO.
    pub bulk: bool,
    /// The whole clause: from BULK (or INTO) to the last target.
    pub range: ByteRange,
}

/// The kinds of embedded SQL statement.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SqlKind {
    /// SELECT (or WITH): must have INTO in PL/SQL.
    Select,
    /// INSERT.
    Insert,
    /// UPDATE.
    Update,
    /// DELETE.
    Delete,
    /// MERGE.
    Merge,
    /// TRUNCATE.
    Truncate,
    /// CREATE TABLE.
    CreateTable,
    /// CREATE SEQUENCE.
    CreateSequence,
    /// LOCK TABLE, CREATE INDEX, ALTER, ... : anything else.
    Other,
}

/// The kinds of statement.
#[derive(Clone, Debug, PartialEq)]
pub enum StmtKind {
    /// `NULL;`
    Null,
    /// `target := value;`
    Assign {
        /// A variable, `record.field`, or `pkg.variable`.
        target: ExprText,
        /// The value.
        value: ExprText,
    },
    /// `IF ... ELSIF ... ELSE ... END IF;`
    If {
        /// IF and each ELSIF, in order.
        branches: Vec<Branch>,
        /// ELSE.
        otherwise: Option<Vec<Stmt>>,
    },
    /// `CASE [selector] WHEN ... THEN ... [ELSE ...] END CASE;`
    Case {
        /// The selector of a simple CASE.
        selector: Option<ExprText>,
        /// The WHEN branches.
        whens: Vec<Branch>,
        /// ELSE.
        otherwise: Option<Vec<Stmt>>,
    },
    /// `LOOP ... END LOOP [label];`
    Loop {
        /// Its statements.
        body: Vec<Stmt>,
    },
    /// `WHILE cond LOOP ... END LOOP;`
    While {
        /// The condition.
        condition: ExprText,
        /// Its statements.
        body: Vec<Stmt>,
    },
    /// `FOR i IN [REVERSE] low .. high LOOP ... END LOOP;`
    ForRange {
        /// The loop index (implicitly declared, an integer).
        index: Name,
        /// REVERSE.
        reverse: bool,
        /// Lower bound.
        low: ExprText,
        /// Upper bound.
        high: ExprText,
        /// Its statements.
        body: Vec<Stmt>,
    },
    /// `FOR r IN (query) | cursor LOOP ... END LOOP;`
    ForQuery {
        /// The record (implicitly declared).
        record: Name,
        /// What it iterates over.
        source: ForSource,
        /// Its statements.
        body: Vec<Stmt>,
    },
    /// `FORALL i IN low .. high statement;` (also INDICES OF / VALUES OF, kept as text).
    ForAll {
        /// The index.
        index: Name,
        /// The bounds clause after IN, as written (`1 .. n`,
        /// `INDICES OF t`); `SAVE EXCEPTIONS`, when written, ends it.
        bounds: ExprText,
        /// The one DML statement.
        statement: Box<Stmt>,
    },
    /// `EXIT [label] [WHEN cond];`
    Exit {
        /// The loop to leave.
        label: Option<Name>,
        /// WHEN.
        when: Option<ExprText>,
    },
    /// `CONTINUE [label] [WHEN cond];`
    Continue {
        /// The loop to continue.
        label: Option<Name>,
        /// WHEN.
        when: Option<ExprText>,
    },
    /// `RETURN [expr];`
    Return {
        /// A function's value.
        value: Option<ExprText>,
    },
    /// `GOTO label;`
    Goto {
        /// The target label.
        label: Name,
    },
    /// `RAISE [exception];` (bare RAISE re-raises, in a handler).
    Raise {
        /// The exception raised.
        exception: Option<QualifiedIdent>,
    },
    /// `name [(args)];`: a procedure call, DBMS_OUTPUT.PUT_LINE and
    /// RAISE_APPLICATION_ERROR included.
    Call {
        /// The procedure.
        name: QualifiedIdent,
        /// Its arguments.
        args: Vec<Arg>,
    },
    /// An embedded SQL statement.
    Sql {
        /// Which statement.
        kind: SqlKind,
        /// Its text (with `into.range` blanked for a SELECT).
        sql: SqlText,
        /// `[BULK COLLECT] INTO targets` of a SELECT, or RETURNING ... INTO.
        into: Option<Into>,
    },
    /// `EXECUTE IMMEDIATE expr [INTO ...] [USING ...];`
    ExecuteImmediate {
        /// The statement text (an expression).
        sql: ExprText,
        /// INTO.
        into: Option<Into>,
        /// USING arguments (IN / OUT / IN OUT modes are read, not kept: the
        /// parser reports an OUT or IN OUT bind as
        /// `plsql::dynamic-sql`, and its value is still here).
        using: Vec<ExprText>,
    },
    /// `OPEN cursor [(args)] [FOR query | FOR expr];`
    Open {
        /// The cursor (declared, or a REF CURSOR variable).
        cursor: Name,
        /// Arguments of a declared cursor.
        args: Vec<Arg>,
        /// `FOR query` (static) of a REF CURSOR.
        query: Option<SqlText>,
        /// `FOR text [USING binds]`: a REF CURSOR opened for a query given as
        /// a string.
        dynamic: Option<DynamicQuery>,
    },
    /// `FETCH cursor [BULK COLLECT] INTO targets [LIMIT n];`
    Fetch {
        /// The cursor.
        cursor: Name,
        /// INTO.
        into: Into,
        /// LIMIT.
        limit: Option<ExprText>,
    },
    /// `CLOSE cursor;`
    Close {
        /// The cursor.
        cursor: Name,
    },
    /// `COMMIT [WORK];`
    Commit,
    /// `ROLLBACK [WORK] [TO [SAVEPOINT] name];`
    Rollback {
        /// TO SAVEPOINT.
        to_savepoint: Option<Name>,
    },
    /// `SAVEPOINT name;`
    Savepoint {
        /// Its name.
        name: Name,
    },
    /// `PIPE ROW (value);` of a pipelined function.
    PipeRow {
        /// The row.
        row: ExprText,
    },
    /// A nested `[DECLARE] BEGIN ... END;`.
    Block(Block),
}
