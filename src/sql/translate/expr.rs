//! The expression walk: column references, binds, literals, operators,
//! predicates, CASE, CAST and subqueries; functions and `||` are handed to
//! their own files.
//!
//! Oracle semantics kept here: `''` is NULL (the literal becomes NULL);
//! `date +/- integer` and `date - date` keep their meaning in Redshift and
//! PostgreSQL, timestamp arithmetic in days does not and is refused; integer
//! division truncates in Redshift (refused, cast one side); comparing text
//! with numbers or dates relies on Oracle's implicit conversions (refused).
//! Every expression form not listed is refused in the Oracle dialect
//! (`translate::expression-form`, naming the form).

use std::borrow::Cow;

use sqlparser::ast::{BinaryOperator, Expr, Ident, UnaryOperator, Value};

use super::{Translator, idents};
use crate::diag::{Code, Diagnostic, closest};
use crate::sql::typing::{Info, Lookup, Ty};

impl Translator<'_> {
    /// Translates an expression in place; returns what is known about it.
    pub fn expr(&mut self, e: &mut Expr) -> Info {
        match e {
            Expr::Identifier(_) | Expr::CompoundIdentifier(_) => self.column(e),
            Expr::Value(_) => self.value(e),
            Expr::TypedString(typed) => {
                let ty = match typed.data_type {
                    sqlparser::ast::DataType::Date => Ty::Date,
                    sqlparser::ast::DataType::Timestamp(..) => Ty::Timestamp,
                    _ => Ty::Unknown,
                };
                if ty == Ty::Unknown && self.oracle {
                    let node = e.clone();
                    self.unsupported(
                        Code::LiteralForm,
                        &node,
                        "this typed literal is not translated",
                        "use DATE 'YYYY-MM-DD' or TIMESTAMP 'YYYY-MM-DD HH24:MI:SS'",
                    );
                }
                Info::literal(ty)
            }
            Expr::BinaryOp { .. } => self.binary(e),
            Expr::UnaryOp { op, expr } => {
                let op = *op;
                let info = self.expr(expr);
                match op {
                    UnaryOperator::Not => Info::new(Ty::Boolean, info.nullable),
                    UnaryOperator::Minus | UnaryOperator::Plus => info,
                    _ => self.other(e),
                }
            }
            Expr::Nested(inner) => self.expr(inner),
            // CEIL(n) and FLOOR(n) parse as their own nodes: same meaning on exact numbers.
            Expr::Ceil { expr, field } | Expr::Floor { expr, field }
                if matches!(
                    field,
                    sqlparser::ast::CeilFloorKind::DateTimeField(
                        sqlparser::ast::DateTimeField::NoDateTime
                    )
                ) =>
            {
                let info = self.expr(expr);
                if self.oracle && !matches!(info.ty, Ty::Integer | Ty::Exact | Ty::Null) {
                    let name = if matches!(e, Expr::Ceil { .. }) {
                        "CEIL"
                    } else {
                        "FLOOR"
                    };
                    let node = e.clone();
                    self.refuse_rounding_operand(&node, name, info.ty);
                    return Info::unknown();
                }
                info
            }
            Expr::IsNull(inner) | Expr::IsNotNull(inner) => {
                self.expr(inner);
                Info::new(Ty::Boolean, false)
            }
            Expr::In {
                expr,
                target: sqlparser::ast::InTarget::List(list),
                global: false,
                ..
            } => {
                let subject = self.expr(expr);
                let mut nullable = subject.nullable;
                for item in list.iter_mut() {
                    let info = self.expr(item);
                    nullable |= info.nullable;
                    self.note_bind_comparison(&[(&**expr, subject), (&*item, info)]);
                }
                Info::new(Ty::Boolean, nullable)
            }
            Expr::In {
                expr,
                target: sqlparser::ast::InTarget::Subquery(subquery),
                global: false,
                ..
            } => {
                self.expr(expr);
                self.subquery(subquery);
                Info::new(Ty::Boolean, true)
            }
            Expr::Between {
                expr, low, high, ..
            } => {
                let infos = [self.expr(expr), self.expr(low), self.expr(high)];
                self.note_bind_comparison(&[(&**expr, infos[0]), (&**low, infos[1])]);
                self.note_bind_comparison(&[(&**expr, infos[0]), (&**high, infos[2])]);
                Info::new(Ty::Boolean, infos.iter().any(|i| i.nullable))
            }
            Expr::Like {
                any: false,
                expr,
                pattern,
                escape_char: _,
                ..
            } => {
                let nullable = self.expr(expr).nullable | self.expr(pattern).nullable;
                Info::new(Ty::Boolean, nullable)
            }
            Expr::Exists { subquery, .. } => {
                self.subquery(subquery);
                Info::new(Ty::Boolean, false)
            }
            Expr::Subquery(query) => {
                let outputs = self.subquery(query);
                if outputs.len() != 1 && self.oracle {
                    let node = e.clone();
                    self.unsupported(
                        Code::QueryForm,
                        &node,
                        "a scalar subquery must return one column",
                        "select one column",
                    );
                }
                outputs
                    .first()
                    .map_or(Info::unknown(), |o| o.info.nullable())
            }
            Expr::Case { .. } => self.case(e),
            Expr::Cast { .. } => self.cast(e),
            Expr::Function(_) => self.function(e),
            Expr::Trim { .. } => self.trim(e),
            Expr::Substring { .. } => self.substring(e),
            Expr::Extract { expr, .. } => {
                let info = self.expr(expr);
                if self.oracle && !info.ty.is_datetime() {
                    let node = e.clone();
                    self.unknown_type(
                        &node,
                        "EXTRACT needs a date or timestamp",
                        "qualify the column or cast it",
                    );
                }
                Info::new(Ty::Integer, info.nullable)
            }
            Expr::OuterJoin(_) if self.oracle => {
                let node = e.clone();
                self.unsupported(
                    Code::OuterJoinPlus,
                    &node,
                    "`(+)` outside an AND-ed WHERE condition of a SELECT",
                    "write the join with LEFT JOIN ... ON",
                );
                Info::unknown()
            }
            _ => self.other(e),
        }
    }

    /// Expressions eltc does not translate: refused in Oracle, binds replaced in Redshift.
    fn other(&mut self, e: &mut Expr) -> Info {
        if self.oracle {
            let node = e.clone();
            if collection_root(e).is_some_and(|n| n.eq_ignore_ascii_case("bulk_exceptions")) {
                self.collection_diagnostic(
                    &node,
                    "SQL%BULK_EXCEPTIONS (FORALL ... SAVE EXCEPTIONS)",
                );
                return Info::unknown();
            }
            if let Some(collection) = collection_root(e).and_then(|n| self.collection_element(n)) {
                self.collection_refused(&node, &collection);
                return Info::unknown();
            }
            if let Expr::Tuple(_) = e {
                self.unsupported(Code::RowComparison,
                    &node,
                    "a row value `(a, b, ...)` compared as a whole is not translated",
                    "compare column by column: `EXISTS (SELECT 1 FROM t WHERE t.x = a AND t.y = b)` (NOT EXISTS for NOT IN, minding NULLs)",
                );
                return Info::unknown();
            }
            if let Expr::Prefixed { prefix, .. } = e
                && prefix.value.eq_ignore_ascii_case("connect_by_root")
            {
                self.unsupported(
                    Code::ConnectBy,
                    &node,
                    "CONNECT_BY_ROOT is not translated",
                    "carry the root's column down the recursion of a WITH RECURSIVE query in Redshift SQL, or join the hierarchy's rows with their roots in an outer query",
                );
                return Info::unknown();
            }
            self.unsupported(
                Code::ExpressionForm,
                &node,
                format!("{} is not translated", super::refusals::expression_kind(e)),
                "rewrite it with supported constructs, or use `dialect: redshift`",
            );
            return Info::unknown();
        }
        let mut binds = Vec::new();
        let _ = sqlparser::ast::visit_expressions_mut(e, |inner| {
            if matches!(inner, Expr::Value(v) if matches!(v.value, Value::Placeholder(_))) {
                binds.push(inner.clone());
            }
            std::ops::ControlFlow::<()>::Continue(())
        });
        if !binds.is_empty() {
            let _ = sqlparser::ast::visit_expressions_mut(e, |inner| {
                if matches!(inner, Expr::Value(v) if matches!(v.value, Value::Placeholder(_))) {
                    self.value(inner);
                }
                std::ops::ControlFlow::<()>::Continue(())
            });
        }
        Info::unknown()
    }

    /// A column reference, an Oracle pseudo-column, or a `p_<param>` argument.
    fn column(&mut self, e: &mut Expr) -> Info {
        if !matches!(e, Expr::Identifier(_) | Expr::CompoundIdentifier(_)) {
            return Info::unknown();
        }
        // `v.COUNT`, `v.FIRST`, `v.LAST` of a collection variable `v`.
        if let Expr::CompoundIdentifier(parts) = &*e
            && let [first, method] = parts.as_slice()
            && let Some(collection) = self.collection_element(&first.value)
        {
            let method = method.value.to_uppercase();
            let node = e.clone();
            self.collection_method_refused(&node, &collection, &method);
            return Info::unknown();
        }
        if may_be_pseudo_column(e) {
            let parts: Vec<String> = names(e).iter().map(|p| p.to_lowercase()).collect();
            if let Some(info) = self.pseudo_column(e, &parts) {
                return info;
            }
        }
        match &mut *e {
            Expr::Identifier(ident) => idents::fold(ident),
            Expr::CompoundIdentifier(parts) => parts.iter_mut().for_each(idents::fold),
            _ => {}
        }
        let (info, replacement) = self.named_column(e);
        if let Some(replacement) = replacement {
            *e = replacement;
        }
        info
    }

    /// The type of the column `e` names (folded to lower case), and what
    /// replaces `e` when a PL/SQL variable or a qualified name stands for
    /// it. The names are borrowed from `e`: this runs for every column of
    /// every statement.
    fn named_column(&mut self, e: &Expr) -> (Info, Option<Expr>) {
        let parts = names(e);
        let (name, qualifier) = match parts.split_last() {
            Some((name, [])) => (*name, None),
            Some((name, [qualifier])) => (*name, Some(Cow::Borrowed(*qualifier))),
            Some((name, qualifier)) => (*name, Some(Cow::Owned(qualifier.join(".")))),
            None => return (Info::unknown(), None),
        };
        match self.env.lookup(qualifier.as_deref(), name) {
            Lookup::Found(info) => {
                self.check_correlation(e, qualifier.as_deref(), name);
                let replacement = if qualifier.is_none() {
                    self.unshadowed(e, name)
                } else {
                    None
                };
                (info, replacement)
            }
            Lookup::Opaque => {
                if qualifier.is_none() {
                    self.opaque_or_variable(e, &parts);
                }
                (Info::unknown(), None)
            }
            lookup => {
                if let Some((replacement, info)) = self.variables.and_then(|v| v.resolve(&parts)) {
                    return (info, Some(replacement));
                }
                if qualifier.is_none()
                    && let Some(param) = name.strip_prefix("p_").and_then(|p| self.catalog.param(p))
                {
                    return (Info::of(param.ty, true), None);
                }
                self.unknown_column(e, qualifier.as_deref(), name, lookup);
                (Info::unknown(), None)
            }
        }
    }

    /// A column named like a PL/SQL variable: Oracle reads the column, and
    /// so must PL/pgSQL, which would call the bare name ambiguous: the
    /// column qualified, or a diagnostic when it cannot be.
    fn unshadowed(&mut self, e: &Expr, name: &str) -> Option<Expr> {
        if !self.variables.is_some_and(|v| v.shadows(name)) {
            return None;
        }
        match self.env.qualifier_of(name) {
            Some(qualifier) => {
                let mut parts: Vec<Ident> = qualifier.split('.').map(Ident::new).collect();
                parts.iter_mut().for_each(idents::fold);
                parts.push(Ident::new(name));
                idents::fold(parts.last_mut().expect("pushed"));
                Some(Expr::CompoundIdentifier(parts))
            }
            None => {
                let span = self.span_of(e);
                self.report(
                    Diagnostic::new(Code::PlsqlNameConflict, span, format!("column `{name}` has the name of a PL/SQL variable"))
                        .label("column and variable")
                        .help("qualify the column with its table alias (PL/pgSQL would read the bare name as ambiguous)"),
                );
                None
            }
        }
    }

    /// A bare name in a query reading a table whose columns are unknown:
    /// Oracle reads a column if the table has one, else the variable.
    fn opaque_or_variable(&mut self, e: &Expr, parts: &[&str]) {
        if self.variables.and_then(|v| v.resolve(parts)).is_none() {
            return;
        }
        let span = self.span_of(e);
        self.report(
            Diagnostic::new(
                Code::PlsqlNameConflict,
                span,
                format!("`{}` may be a column of a table whose columns are unknown, or the PL/SQL variable", parts.join(".")),
            )
            .label("column or variable?")
            .help("create the table in the inputs (its columns decide, as in Oracle), qualify the column, or rename the variable"),
        );
    }

    /// A subquery inside an expression: its scopes start a new floor.
    fn subquery(&mut self, query: &mut sqlparser::ast::Query) -> Vec<super::Output> {
        self.subquery_floors.push(self.env.depth());
        let outputs = self.query(query);
        self.subquery_floors.pop();
        outputs
    }

    /// Refuses skip-level correlation: a column of a block further out than
    /// the one immediately enclosing the current subquery.
    fn check_correlation(&mut self, e: &Expr, qualifier: Option<&str>, name: &str) {
        let [.., outer_floor, _] = self.subquery_floors.as_slice() else {
            return;
        };
        let outer_floor = *outer_floor;
        if self
            .env
            .scope_of(qualifier, name)
            .is_some_and(|scope| scope < outer_floor)
        {
            let node = e.clone();
            self.unsupported(Code::QueryForm,
                &node,
                "a correlated reference that skips a query block",
                "Redshift cannot decorrelate references to a block more than one level out: join the tables in the intermediate subquery",
            );
        }
    }

    fn unknown_column(&mut self, e: &Expr, qualifier: Option<&str>, name: &str, lookup: Lookup) {
        let span = self.span_of(e);
        let diagnostic = match lookup {
            Lookup::NoRelation => Diagnostic::new(
                Code::UnknownColumn,
                span,
                format!(
                    "`{}` names no table of the FROM clause",
                    qualifier.unwrap_or_default()
                ),
            )
            .label("unknown qualifier")
            .help("qualify the column with an alias or table name of the FROM clause"),
            Lookup::Ambiguous => Diagnostic::new(
                Code::UnknownColumn,
                span,
                format!("column `{name}` is ambiguous"),
            )
            .label("in several tables")
            .help("qualify the column with its table alias"),
            Lookup::NoColumn(candidates) => {
                let help = match closest(name, candidates.iter().map(String::as_str)) {
                    Some(candidate) => format!("did you mean `{candidate}`?"),
                    None => "use a column of the tables in the FROM clause".to_string(),
                };
                Diagnostic::new(
                    Code::UnknownColumn,
                    span,
                    format!("no column `{name}` in the tables read here"),
                )
                .label("unknown column")
                .help(help)
            }
            Lookup::Found(_) | Lookup::Opaque => return,
        };
        self.report(diagnostic);
    }

    /// SYSDATE, the pseudo-columns Redshift lacks, sequences and Oracle
    /// package routines read like columns.
    fn pseudo_column(&mut self, e: &mut Expr, parts: &[String]) -> Option<Info> {
        if let [name] = parts {
            match name.as_str() {
                "sysdate" => {
                    // Oracle's SYSDATE is read when the statement runs (one
                    // value for all its rows); Redshift's SYSDATE is the start
                    // of the transaction, so a procedure or a batch would see
                    // one time throughout. GETDATE() is the start of the
                    // current statement, to the second as Oracle's DATE
                    // (docs/redshift.md#sysdate-getdate).
                    *e = super::functions::call("GETDATE", Vec::new());
                    return Some(Info::new(Ty::Timestamp, false));
                }
                "systimestamp" if self.oracle => {
                    // The server's clock with fractional seconds and its time
                    // zone: Redshift's clocks have neither in one value, so a
                    // rewrite would change what is stored.
                    let span = self.span_of(&*e);
                    self.report(
                        Diagnostic::new(
                            Code::ServerClock,
                            span,
                            "`SYSTIMESTAMP` has no Redshift equivalent here",
                        )
                        .label("a TIMESTAMP WITH TIME ZONE of the server's clock")
                        .help("use SYSDATE where the zone and fractional seconds do not matter (it becomes GETDATE(), the statement's start to the second in the session time zone)"),
                    );
                    return Some(Info::unknown());
                }
                "rownum" | "rowid" | "user" | "uid" if self.oracle => {
                    let node = e.clone();
                    let help = match name.as_str() {
                        "rownum" => {
                            "number rows with ROW_NUMBER() OVER (ORDER BY ...) in a subquery"
                        }
                        "rowid" => "identify rows by their key columns",
                        _ => "pass the value as a parameter",
                    };
                    let code = if name == "rownum" {
                        Code::Rownum
                    } else {
                        Code::PseudoColumn
                    };
                    self.unsupported(
                        code,
                        &node,
                        format!("`{}` has no Redshift equivalent here", name.to_uppercase()),
                        help,
                    );
                    return Some(Info::unknown());
                }
                _ => {}
            }
        }
        // A parameterless routine of an Oracle package, called without
        // parentheses (`DBMS_UTILITY.FORMAT_ERROR_BACKTRACE`), unless it
        // names a column.
        if self.oracle
            && let [.., package, routine] = parts
            && let Some(call) = super::catalogue::package_call(package, routine)
            && matches!(self.env.lookup(Some(package), routine), Lookup::NoRelation)
        {
            let span = self.span_of(e);
            self.report(super::package_diagnostic(
                &format!("{package}.{routine}"),
                call,
                span,
            ));
            return Some(Info::unknown());
        }
        if self.oracle
            && parts.len() >= 2
            && matches!(parts[parts.len() - 1].as_str(), "nextval" | "currval")
        {
            let qualifier = parts[..parts.len() - 1].join(".");
            if matches!(
                self.env.lookup(Some(&qualifier), &parts[parts.len() - 1]),
                Lookup::NoRelation
            ) {
                let node = e.clone();
                // A sequence the inputs created gets the replacements for it
                // (docs/redshift.md#no-plpgsql-functions-no-sequences), in a
                // script, across files and in a pipeline alike.
                let help = if self.sequences.contains(&qualifier) {
                    format!(
                        "`{qualifier}` (created above) cannot be kept: declare the key column `BIGINT IDENTITY(1,1)` in its CREATE TABLE and leave it out of the INSERT, or number new rows with `(SELECT MAX(key) FROM t) + ROW_NUMBER() OVER (ORDER BY ...)` in a batch that is the table's only writer"
                    )
                } else {
                    "declare the key column an identity (`identity: [1, 1]` in pipeline.yaml, `BIGINT IDENTITY(1,1)` in a CREATE TABLE) and leave it out of the INSERT".to_string()
                };
                self.unsupported(
                    Code::Sequence,
                    &node,
                    "sequences do not exist in Redshift",
                    help,
                );
                return Some(Info::unknown());
            }
        }
        None
    }

    /// Literals and binds.
    fn value(&mut self, e: &mut Expr) -> Info {
        let Expr::Value(value) = &*e else {
            return Info::unknown();
        };
        match &value.value {
            Value::Number(text, _) => {
                if text.contains(['e', 'E']) {
                    Info::literal(Ty::Float)
                } else if text.contains('.') {
                    Info::literal(Ty::Exact)
                } else {
                    Info::literal(Ty::Integer)
                }
            }
            Value::SingleQuotedString(text) if text.is_empty() && self.oracle => {
                // Oracle's '' is NULL.
                *e = Expr::value(Value::Null);
                Info {
                    nullable: true,
                    ..Info::literal(Ty::Null)
                }
            }
            Value::SingleQuotedString(text)
                if self.oracle && substitution_variable(text).is_some() =>
            {
                let node = e.clone();
                let name = substitution_variable(text).unwrap_or_default().to_string();
                let span = self.span_of(&node);
                self.report(
                    Diagnostic::new(
                        Code::SubstitutionVariable,
                        span,
                        format!("`{name}` in a string is a SQL*Plus substitution variable"),
                    )
                    .label("replaced by SQL*Plus before Oracle runs the statement")
                    .help("make the value a parameter (`:name`); with SET DEFINE OFF write `&` as CHR(38)"),
                );
                Info::unknown()
            }
            Value::SingleQuotedString(text) if text.contains('\\') && self.oracle => {
                // Redshift reads a backslash in a literal as an escape; Oracle does not.
                let node = e.clone();
                self.unsupported(Code::LiteralForm,
                    &node,
                    "a backslash in a string literal",
                    "Redshift reads `\\` in a literal as an escape character: write the backslash as CHR(92)",
                );
                Info::unknown()
            }
            Value::SingleQuotedString(_) => Info::literal(Ty::Text),
            Value::Boolean(_) => Info::literal(Ty::Boolean),
            Value::Null => Info {
                nullable: true,
                ..Info::literal(Ty::Null)
            },
            Value::Placeholder(text) => {
                let text = text.clone();
                self.bind(e, &text)
            }
            other => {
                if self.oracle {
                    let kind = super::refusals::literal_kind(other);
                    let node = e.clone();
                    self.unsupported(
                        Code::LiteralForm,
                        &node,
                        format!("{kind} is not translated"),
                        "write a plain 'string' or number",
                    );
                }
                Info::unknown()
            }
        }
    }

    fn binary(&mut self, e: &mut Expr) -> Info {
        // `SQL%BULK_EXCEPTIONS(i).f` reads as `SQL % BULK_EXCEPTIONS(i).f`.
        if self.oracle
            && let Expr::BinaryOp {
                left,
                op: BinaryOperator::Modulo,
                right,
            } = &*e
            && matches!(left.as_ref(), Expr::Identifier(i) if i.value.eq_ignore_ascii_case("sql"))
            && collection_root(right).is_some_and(|n| n.eq_ignore_ascii_case("bulk_exceptions"))
        {
            let node = e.clone();
            self.collection_diagnostic(&node, "SQL%BULK_EXCEPTIONS (FORALL ... SAVE EXCEPTIONS)");
            return Info::unknown();
        }
        if self.oracle
            && matches!(
                e,
                Expr::BinaryOp {
                    op: BinaryOperator::StringConcat,
                    ..
                }
            )
        {
            return self.concat(e);
        }
        let Expr::BinaryOp { left, op, right } = e else {
            return Info::unknown();
        };
        let op = op.clone();
        let l = self.expr(left);
        let r = self.expr(right);
        let nullable = l.nullable || r.nullable;
        match op {
            BinaryOperator::And | BinaryOperator::Or => Info::new(Ty::Boolean, nullable),
            BinaryOperator::Eq
            | BinaryOperator::NotEq
            | BinaryOperator::Lt
            | BinaryOperator::LtEq
            | BinaryOperator::Gt
            | BinaryOperator::GtEq => {
                if let Expr::BinaryOp { left, right, .. } = &*e {
                    self.note_bind_comparison(&[(&**left, l), (&**right, r)]);
                }
                self.comparison(e, l, r);
                Info::new(Ty::Boolean, nullable)
            }
            BinaryOperator::Plus
            | BinaryOperator::Minus
            | BinaryOperator::Multiply
            | BinaryOperator::Divide => {
                if self.oracle {
                    self.arithmetic(e, &op, l, r)
                } else {
                    Info::new(Ty::Unknown, nullable)
                }
            }
            BinaryOperator::StringConcat if !self.oracle => Info::new(Ty::Text, nullable),
            _ if self.oracle => {
                let node = e.clone();
                self.unsupported(
                    Code::ExpressionForm,
                    &node,
                    format!("the operator `{op}` is not translated"),
                    "rewrite with supported operators",
                );
                Info::unknown()
            }
            _ => Info::new(Ty::Unknown, nullable),
        }
    }

    /// Refuses comparisons that rely on Oracle's implicit conversions.
    fn comparison(&mut self, e: &Expr, l: Info, r: Info) {
        if !self.oracle {
            return;
        }
        let mixed =
            |a: Info, b: Info| a.ty == Ty::Text && (b.ty.is_numeric() || b.ty.is_datetime());
        if mixed(l, r) || mixed(r, l) {
            let node = e.clone();
            self.unsupported(Code::ImplicitConversion,
                &node,
                "comparison of text with a number or a date",
                "Oracle converts the text implicitly (dates with NLS_DATE_FORMAT); convert explicitly: CAST(... AS DECIMAL(p,s)), TO_DATE(text, 'format') or a DATE 'YYYY-MM-DD' literal",
            );
        }
    }
}

/// The names of a column reference, as written (`a.b` -> `["a", "b"]`);
/// none for another expression.
fn names(e: &Expr) -> Vec<&str> {
    match e {
        Expr::Identifier(ident) => vec![ident.value.as_str()],
        Expr::CompoundIdentifier(parts) => parts.iter().map(|p| p.value.as_str()).collect(),
        _ => Vec::new(),
    }
}

/// Oracle's pseudo-columns ([`Translator::pseudo_column`]), in lower case.
const PSEUDO_COLUMNS: &[&str] = &["sysdate", "systimestamp", "rownum", "rowid", "user", "uid"];

/// True when `e` may name a pseudo-column or a sequence's NEXTVAL or
/// CURRVAL: only then are its names lowered into new strings for
/// [`Translator::pseudo_column`]. The names are ASCII, so an ASCII
/// case-insensitive match finds what lowering and comparing finds.
/// The name called in `name(i).field` (an element's field), if `e` is one.
fn collection_root(e: &Expr) -> Option<&str> {
    let Expr::CompoundFieldAccess { root, .. } = e else {
        return None;
    };
    let Expr::Function(function) = root.as_ref() else {
        return None;
    };
    match function.name.0.as_slice() {
        [part] => part.as_ident().map(|i| i.value.as_str()),
        _ => None,
    }
}

fn may_be_pseudo_column(e: &Expr) -> bool {
    match e {
        Expr::Identifier(ident) => PSEUDO_COLUMNS
            .iter()
            .any(|p| ident.value.eq_ignore_ascii_case(p)),
        Expr::CompoundIdentifier(parts) => {
            parts.len() >= 2
                && (parts.last().is_some_and(|last| {
                    last.value.eq_ignore_ascii_case("nextval")
                        || last.value.eq_ignore_ascii_case("currval")
                }) || {
                    let [.., package, routine] = parts.as_slice() else {
                        return false;
                    };
                    super::catalogue::package_call(&package.value, &routine.value).is_some()
                })
        }
        _ => false,
    }
}

/// The first SQL*Plus substitution variable in a string literal (`&1`,
/// `&&run_date`): SQL*Plus substitutes inside quotes too.
pub(super) fn substitution_variable(text: &str) -> Option<&str> {
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'&' {
            let start = i;
            while i < bytes.len() && bytes[i] == b'&' {
                i += 1;
            }
            let name_start = i;
            while i < bytes.len() && (bytes[i].is_ascii_alphanumeric() || bytes[i] == b'_') {
                i += 1;
            }
            if i > name_start {
                return Some(&text[start..i]);
            }
        } else {
            i += 1;
        }
    }
    None
}
