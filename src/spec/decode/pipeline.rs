//! Decoding of the top-level mapping, `trigger:`, `redshift:` and `tests:`.

use super::{Decoder, Fields};
use crate::diag::Span;
use crate::spec::raw::{
    RawBatch, RawExpect, RawPipeline, RawRedshift, RawTest, RawTrigger, Spanned,
};
use crate::spec::yaml::{Kind, Node};

/// Decodes the whole document; `None` when a required top-level key is missing
/// or the document is not a mapping (everything found is reported).
pub fn decode_pipeline(d: &mut Decoder<'_>, root: &Node) -> Option<RawPipeline> {
    if root.kind == Kind::Null {
        d.wrong_type(
            root,
            "the pipeline file",
            "a mapping with `version`, `name`, `trigger`, ...",
        );
        return None;
    }
    let f = d.fields::<RawPipeline>(root, None, "the pipeline")?;
    let version = d.required(&f, "version", |d, n, w| d.integer(n, w, i64::MIN, i64::MAX));
    let name = d.required(&f, "name", Decoder::string);
    let description = d.optional(&f, "description", Decoder::string);
    let alternative_to = d.optional(&f, "alternative_to", Decoder::string);
    let dialect = d.optional(&f, "dialect", Decoder::choice);
    let backend = d.optional(&f, "backend", Decoder::choice);
    let params = d.optional(&f, "params", |d, n, w| {
        let owner = key_span(&f, "params");
        d.entries(n, &owner, w, |d, key, node| {
            d.string(node, &format!("the type of param `{}`", key.name))
        })
    });
    let trigger = d.required(&f, "trigger", |d, n, w| {
        trigger(d, n, &key_span(&f, "trigger"), w)
    });
    let redshift = d.optional(&f, "redshift", |d, n, w| {
        redshift(d, n, &key_span(&f, "redshift"), w)
    });
    let sources = d.optional(&f, "sources", |d, n, w| {
        d.sources(n, &key_span(&f, "sources"), w)
    });
    let tables = d.optional(&f, "tables", |d, n, w| {
        d.tables(n, &key_span(&f, "tables"), w)
    });
    let transforms = d.optional(&f, "transforms", |d, n, w| {
        d.list(n, w, Decoder::transform).map(|l| l.value)
    });
    let tests = d.optional(&f, "tests", |d, n, w| d.list(n, w, test).map(|l| l.value));
    Some(RawPipeline {
        version: version?,
        name: name?,
        description,
        alternative_to,
        dialect,
        backend,
        params,
        trigger: trigger?,
        redshift,
        sources,
        tables,
        transforms,
        tests,
        span: root.span.clone(),
    })
}

/// The span of `key` in `f` (for "missing key" inside its value), else the mapping's.
pub(super) fn key_span(f: &Fields<'_>, key: &str) -> Span {
    f.key(key)
        .map_or_else(|| f.span().clone(), |k| k.span.clone())
}

fn trigger(d: &mut Decoder<'_>, node: &Node, owner: &Span, what: &str) -> Option<RawTrigger> {
    let f = d.fields::<RawTrigger>(node, Some(owner), what)?;
    let bucket = d.optional(&f, "bucket", Decoder::string);
    let notification = d.required(&f, "notification", Decoder::string);
    let landing = d.required(&f, "landing", Decoder::string);
    Some(RawTrigger {
        bucket,
        notification: notification?,
        landing: landing?,
        span: owner.clone(),
    })
}

fn redshift(d: &mut Decoder<'_>, node: &Node, owner: &Span, what: &str) -> Option<RawRedshift> {
    let f = d.fields::<RawRedshift>(node, Some(owner), what)?;
    Some(RawRedshift {
        schema: d.optional(&f, "schema", Decoder::string),
        copy_role: d.optional(&f, "copy_role", Decoder::string),
        copy_region: d.optional(&f, "copy_region", Decoder::string),
        load_procedure: d.optional(&f, "load_procedure", Decoder::string),
        transform_procedure: d.optional(&f, "transform_procedure", Decoder::string),
        run_as: d.optional(&f, "run_as", Decoder::string),
        span: owner.clone(),
    })
}

fn test(d: &mut Decoder<'_>, node: &Node) -> Option<RawTest> {
    let f = d.fields::<RawTest>(node, None, "a test")?;
    let name = d.required(&f, "name", Decoder::string);
    let what = name
        .as_ref()
        .map_or("a test".to_string(), |n| format!("test `{}`", n.value));
    let batches = d.required(&f, "batches", |d, n, w| {
        d.list(n, w, |d, n| batch(d, n, &what))
    });
    Some(RawTest {
        name: name?,
        batches: batches?,
        span: f.span().clone(),
    })
}

fn batch(d: &mut Decoder<'_>, node: &Node, test: &str) -> Option<RawBatch> {
    let f = d.fields::<RawBatch>(node, None, &format!("a batch of {test}"))?;
    let params = d.required(&f, "params", |d, n, w| {
        d.entries(n, &key_span(&f, "params"), w, |d, key, node| {
            d.param_value(node, &key.name)
        })
    });
    let given = d.required(&f, "given", Decoder::string);
    let expect = d.optional(&f, "expect", |d, n, w| d.list(n, w, expect));
    Some(RawBatch {
        params: params?,
        given: given?,
        expect,
        span: f.span().clone(),
    })
}

fn expect(d: &mut Decoder<'_>, node: &Node) -> Option<RawExpect> {
    let f = d.fields::<RawExpect>(node, None, "an expectation")?;
    let table = d.optional(&f, "table", Decoder::string);
    let query = d.optional(&f, "query", Decoder::string);
    let rows = d.required(&f, "rows", Decoder::string);
    let ordered = d.optional(&f, "ordered", Decoder::boolean);
    Some(RawExpect {
        table,
        query,
        rows: rows?,
        ordered,
        span: f.span().clone(),
    })
}

impl Decoder<'_> {
    /// A test parameter value: any scalar, as written.
    fn param_value(&mut self, node: &Node, name: &str) -> Option<Spanned<String>> {
        match &node.kind {
            Kind::Bool(value) => Some(Spanned::new(value.to_string(), node.span.clone())),
            _ => self.string(node, &format!("the value of param `{name}`")),
        }
    }
}
