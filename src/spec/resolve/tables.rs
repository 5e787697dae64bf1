//! Resolution of `tables:`: names, columns and their types, keys and physical
//! options; `backup` and `is_staging` defaults from which tables sources load.

use std::collections::BTreeSet;

use super::{Ctx, Tables};
use crate::diag::{Code, Diagnostic, Span};
use crate::spec::model::{Column, DataType, DistStyle, Grantee, QualifiedName, Table};
use crate::spec::raw::{Entries, RawColumn, RawDistStyle, RawSource, RawTable, Spanned};
use crate::spec::types::parse_type;

impl Ctx<'_> {
    /// The tables some source loads (lower case), from the raw sources.
    pub(super) fn staging_tables(&self, sources: Option<&Entries<RawSource>>) -> BTreeSet<String> {
        let mut names = BTreeSet::new();
        for source in sources
            .iter()
            .flat_map(|s| s.entries.iter())
            .filter_map(|(_, s)| s.as_ref())
        {
            names.extend(source.table.iter().map(|t| t.value.to_ascii_lowercase()));
            for target in source.into.iter().flat_map(|into| into.value.iter()) {
                names.insert(target.table.value.to_ascii_lowercase());
            }
        }
        names
    }

    /// `tables:`; a table whose declaration failed keeps its name with no table.
    pub(super) fn tables(
        &mut self,
        raw: Option<&Entries<RawTable>>,
        staging: &BTreeSet<String>,
    ) -> Tables {
        let mut tables = Tables::default();
        let mut seen = Vec::new();
        for (name, table) in raw.map(|r| r.entries.as_slice()).unwrap_or_default() {
            let Some(qualified) = self.qualified(name) else {
                continue;
            };
            if !self.unique_name(&mut seen, &qualified.to_string(), &name.span, "table") {
                continue;
            }
            let is_staging = staging.contains(&qualified.to_string());
            let resolved = table
                .as_ref()
                .and_then(|t| self.table_body(qualified.clone(), t, is_staging));
            tables.entries.push((qualified, resolved));
        }
        tables
    }

    fn table_body(
        &mut self,
        name: QualifiedName,
        raw: &RawTable,
        is_staging: bool,
    ) -> Option<Table> {
        let mut columns = Vec::new();
        // Every validly named column, with a stand-in type where the type failed:
        // keys are still checked by name against it.
        let mut shape = Vec::new();
        let mut seen = Vec::new();
        for (column_name, column) in &raw.columns.entries {
            let Some(lower) = self.identifier(column_name, "column name") else {
                continue;
            };
            if !self.unique_name(&mut seen, &lower, &column_name.span, "column") {
                continue;
            }
            match column
                .as_ref()
                .and_then(|c| self.column_def(lower.clone(), &column_name.span, c))
            {
                Some(column) => {
                    shape.push(column.clone());
                    columns.push(column);
                }
                None => shape.push(stand_in(lower, &column_name.span)),
            }
        }
        let ok = columns.len() == raw.columns.entries.len();
        if raw.columns.entries.is_empty() {
            self.error(
                Diagnostic::new(
                    Code::MissingKey,
                    raw.columns.span.clone(),
                    format!("table `{name}` has no columns"),
                )
                .label("no columns")
                .help("declare at least one column: `name: type`"),
            );
            return None;
        }
        let mut table = Table::plain(name, shape, raw.span.clone());
        table.backup = raw.backup.as_ref().map_or(!is_staging, |b| b.value);
        table.is_staging = is_staging;
        table.read_only = raw.read_only.as_ref().is_some_and(|r| r.value);
        table.select_grants = self.grants(raw);
        let (primary_key, unique, sortkey, distkey) = self.table_keys(Some(&table), raw)?;
        table.columns = columns;
        table.primary_key = primary_key;
        table.unique = unique;
        table.sortkey = sortkey;
        table.distkey = distkey;
        table.diststyle = self.diststyle(raw, table.distkey.is_some());
        ok.then_some(table)
    }

    /// `grants: { select: [group analysts, user bi, role reporting] }`.
    fn grants(&mut self, raw: &RawTable) -> Vec<Grantee> {
        let mut grantees = Vec::new();
        for written in raw.grants.iter().flat_map(|g| g.select.value.iter()) {
            match grantee(&written.value) {
                Some(grantee) if !grantees.contains(&grantee) => grantees.push(grantee),
                Some(_) => {}
                None => self.error(
                    Diagnostic::new(
                        Code::InvalidValue,
                        written.span.clone(),
                        format!("`{}` is not a grantee", written.value),
                    )
                    .label("not `user NAME`, `group NAME` or `role NAME`")
                    .help("name who may read the table as `user NAME`, `group NAME` or `role NAME`, e.g. `group analysts`"),
                ),
            }
        }
        grantees
    }

    #[allow(clippy::type_complexity)]
    fn table_keys(
        &mut self,
        table: Option<&Table>,
        raw: &RawTable,
    ) -> Option<(Vec<String>, Vec<Vec<String>>, Vec<String>, Option<String>)> {
        let empty = Vec::new();
        let primary_key =
            self.columns(table, raw.primary_key.as_ref().map_or(&empty, |k| &k.value));
        let mut unique = Some(Vec::new());
        for key in raw.unique.iter().flat_map(|u| u.value.iter()) {
            let columns = self.columns(table, &key.value);
            unique = unique.zip(columns).map(|(mut all, key)| {
                all.push(key);
                all
            });
        }
        let sortkey = self.columns(table, raw.sortkey.as_ref().map_or(&empty, |k| &k.value));
        let distkey = match &raw.distkey {
            Some(distkey) => Some(self.column(table, distkey)?),
            None => None,
        };
        Some((primary_key?, unique?, sortkey?, distkey))
    }

    fn diststyle(&mut self, raw: &RawTable, has_distkey: bool) -> Option<DistStyle> {
        let style = raw.diststyle.as_ref().map(|s| match s.value {
            RawDistStyle::Auto => DistStyle::Auto,
            RawDistStyle::Even => DistStyle::Even,
            RawDistStyle::Key => DistStyle::Key,
            RawDistStyle::All => DistStyle::All,
        });
        match (style, &raw.diststyle, &raw.distkey) {
            (Some(DistStyle::Key), Some(written), None) => {
                self.error(
                    Diagnostic::new(
                        Code::MissingKey,
                        written.span.clone(),
                        "`diststyle: key` without a `distkey`",
                    )
                    .label("needs a distribution key")
                    .help("add `distkey: <column>`"),
                );
                style
            }
            (Some(other), Some(written), Some(distkey)) if other != DistStyle::Key => {
                self.error(
                    Diagnostic::new(
                        Code::ConflictingKeys,
                        distkey.span.clone(),
                        "`distkey` with a diststyle other than key",
                    )
                    .label("a distribution key")
                    .also(written.span.clone(), "diststyle set here")
                    .help("remove `diststyle` (a distkey implies `diststyle: key`) or the distkey"),
                );
                style
            }
            (None, _, _) if has_distkey => Some(DistStyle::Key),
            _ => style,
        }
    }

    fn column_def(&mut self, name: String, span: &Span, raw: &RawColumn) -> Option<Column> {
        match raw {
            RawColumn::Short(text) => {
                let (ty_text, not_null) = split_not_null(&text.value);
                let ty = self.column_type(ty_text, text)?;
                Some(Column {
                    name,
                    ty,
                    not_null,
                    default: None,
                    encode: None,
                    identity: None,
                    span: span.clone(),
                })
            }
            RawColumn::Spec(spec) => {
                let ty = self.column_type(&spec.ty.value, &spec.ty)?;
                let identity = spec.identity.as_ref().map(|i| (i.value[0], i.value[1]));
                if let Some(written) = &spec.identity
                    && !matches!(ty, DataType::Integer | DataType::BigInt)
                {
                    self.error(
                        Diagnostic::new(
                            Code::InvalidValue,
                            written.span.clone(),
                            format!("`identity` on a {ty} column"),
                        )
                        .label("identity needs integer or bigint")
                        .help("declare the column `integer` or `bigint`"),
                    );
                    return None;
                }
                Some(Column {
                    name,
                    ty,
                    not_null: spec.not_null.as_ref().is_some_and(|n| n.value),
                    default: spec.default.as_ref().map(|d| d.value.clone()),
                    encode: spec
                        .encode
                        .as_ref()
                        .map(|e| encode_name(e.value).to_string()),
                    identity,
                    span: span.clone(),
                })
            }
        }
    }

    fn column_type(&mut self, text: &str, written: &Spanned<String>) -> Option<DataType> {
        match parse_type(text) {
            Ok(ty) => Some(ty),
            Err(error) => {
                self.error(
                    Diagnostic::new(Code::UnsupportedType, written.span.clone(), error.message)
                        .label("unsupported type")
                        .help(error.help),
                );
                None
            }
        }
    }
}

/// `group analysts` -> `Grantee::Group("analysts")`; names are identifiers,
/// folded to lower case as Redshift folds them.
pub(super) fn grantee(text: &str) -> Option<Grantee> {
    let mut words = text.split_whitespace();
    let (kind, name) = (words.next()?, words.next()?);
    if words.next().is_some() {
        return None;
    }
    let name = name.to_ascii_lowercase();
    let valid = name.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_')
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '$');
    if !valid {
        return None;
    }
    match kind.to_ascii_lowercase().as_str() {
        "user" => Some(Grantee::User(name)),
        "group" => Some(Grantee::Group(name)),
        "role" => Some(Grantee::Role(name)),
        _ => None,
    }
}

/// A column whose declaration failed (reported), kept by name for key checks.
fn stand_in(name: String, span: &Span) -> Column {
    Column {
        name,
        ty: DataType::Varchar(1),
        not_null: false,
        default: None,
        encode: None,
        identity: None,
        span: span.clone(),
    }
}

/// `varchar(20) not null` -> (`varchar(20)`, true).
fn split_not_null(text: &str) -> (&str, bool) {
    let trimmed = text.trim_end();
    let lower = trimmed.to_ascii_lowercase();
    if let Some(ty) = lower.strip_suffix("not null")
        && ty.ends_with(char::is_whitespace)
    {
        return (trimmed[..ty.len()].trim_end(), true);
    }
    (trimmed, false)
}

fn encode_name(encode: crate::spec::raw::RawEncode) -> &'static str {
    use crate::spec::raw::Choice;
    crate::spec::raw::RawEncode::CHOICES
        .iter()
        .find(|(_, e)| *e == encode)
        .map_or("raw", |(word, _)| word)
}

#[cfg(test)]
mod tests {
    use super::split_not_null;

    #[test]
    fn grantees() {
        use crate::spec::model::Grantee;
        assert_eq!(
            super::grantee("group Analysts"),
            Some(Grantee::Group("analysts".into()))
        );
        assert_eq!(
            super::grantee(" user  bi "),
            Some(Grantee::User("bi".into()))
        );
        assert_eq!(
            super::grantee("ROLE reporting"),
            Some(Grantee::Role("reporting".into()))
        );
        assert_eq!(super::grantee("analysts"), None);
        assert_eq!(super::grantee("group a b"), None);
        assert_eq!(super::grantee("group a;drop"), None);
        assert_eq!(super::grantee("team analysts"), None);
    }

    #[test]
    fn not_null_suffix() {
        assert_eq!(
            split_not_null("varchar(20) not null"),
            ("varchar(20)", true)
        );
        assert_eq!(split_not_null("INTEGER  NOT NULL "), ("INTEGER", true));
        assert_eq!(split_not_null("date"), ("date", false));
    }
}
