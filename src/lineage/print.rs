//! A trace as text (an indented tree), JSON (docs/plan.md#lineage) or
//! Graphviz DOT. Each edge carries its flow, its pipeline and step, and the
//! file and line that make it. The order is the trace's: stable for the
//! same input.

use std::collections::BTreeMap;
use std::fmt::Write;

use serde_json::{Value, json};

use super::{Branch, Edge, Graph, Node, Trace};
use crate::diag::SourceMap;

/// `path:line` of an edge.
fn place(edge: &Edge, sources: &SourceMap) -> (String, usize) {
    let path = sources.path(edge.span.file).display().to_string();
    let line = sources.line_col(edge.span.file, edge.span.range.start).line;
    (path, line)
}

/// The indented tree: upstream then downstream, then what the steps on
/// the way do that is not followed.
pub fn text(graph: &Graph, trace: &Trace, sources: &SourceMap) -> String {
    let mut out = format!("{}\n", trace.column);
    for (title, arrow, branches) in [
        ("upstream", "<-", &trace.upstream),
        ("downstream", "->", &trace.downstream),
    ] {
        let _ = writeln!(out, "{title}");
        if branches.is_empty() {
            out.push_str("  (none)\n");
        }
        tree(&mut out, graph, branches, arrow, 1, sources);
    }
    let gaps = graph.not_followed_in(trace);
    if !gaps.is_empty() {
        out.push_str("not followed\n");
        for gap in gaps {
            let file = sources.path(gap.span.file).display();
            let line = sources.line_col(gap.span.file, gap.span.range.start).line;
            let _ = writeln!(
                out,
                "  {}: {}: {} ({file}:{line})",
                gap.pipeline, gap.step, gap.what
            );
        }
    }
    out
}

fn tree(
    out: &mut String,
    graph: &Graph,
    branches: &[Branch],
    arrow: &str,
    depth: usize,
    sources: &SourceMap,
) {
    for branch in branches {
        let edge = &graph.edges[branch.edge];
        let (path, line) = place(edge, sources);
        let repeated = if branch.repeated { " (repeated)" } else { "" };
        let _ = writeln!(
            out,
            "{:indent$}{arrow} {:<5}  {}{repeated}  [{}: {}, {path}:{line}]",
            "",
            edge.flow.to_string(),
            graph.nodes[branch.node],
            edge.pipeline,
            edge.step,
            indent = depth * 2
        );
        tree(out, graph, &branch.children, arrow, depth + 1, sources);
    }
}

/// The trace as one JSON object: `column`, `nodes` (id, kind, name),
/// `edges` (from, to, flow, pipeline, step, file, line), the ids
/// `upstream` and `downstream` reach, and `not_followed`.
pub fn json(graph: &Graph, trace: &Trace, sources: &SourceMap) -> String {
    let (nodes, edges) = reached(graph, trace);
    let ids: BTreeMap<usize, usize> = nodes.iter().enumerate().map(|(i, &n)| (n, i)).collect();
    // A column no step reads or writes is in no edge: it is still node 0.
    let mut listed: Vec<Value> = nodes
        .iter()
        .map(|&n| node_json(ids[&n], &graph.nodes[n]))
        .collect();
    if nodes.is_empty() {
        listed.push(node_json(0, &trace.column));
    }
    let reach = |branches: &[Branch]| -> Vec<usize> {
        let mut found = Vec::new();
        walk(branches, &mut |b| found.push(ids[&b.node]));
        found.sort_unstable();
        found.dedup();
        found
    };
    let value = json!({
        "column": trace.column.to_string(),
        "nodes": listed,
        "edges": edges.iter().map(|&e| {
            let edge = &graph.edges[e];
            let (file, line) = place(edge, sources);
            json!({
                "from": ids[&edge.from],
                "to": ids[&edge.to],
                "flow": edge.flow.to_string(),
                "pipeline": edge.pipeline,
                "step": edge.step,
                "file": file,
                "line": line,
            })
        }).collect::<Vec<_>>(),
        "upstream": reach(&trace.upstream),
        "downstream": reach(&trace.downstream),
        "not_followed": graph.not_followed_in(trace).iter().map(|gap| {
            let line = sources.line_col(gap.span.file, gap.span.range.start).line;
            json!({
                "pipeline": gap.pipeline,
                "step": gap.step,
                "what": gap.what,
                "file": sources.path(gap.span.file).display().to_string(),
                "line": line,
            })
        }).collect::<Vec<_>>(),
    });
    format!("{value:#}\n")
}

fn node_json(id: usize, node: &Node) -> Value {
    let mut value = json!({ "id": id, "kind": node.kind(), "name": node.to_string() });
    if let Node::Column { table, column } = node {
        value["table"] = json!(table);
        value["column"] = json!(column);
    }
    value
}

/// The graph of the trace in DOT: value edges solid, rows dashed, checks
/// dotted; the traced column in bold.
pub fn dot(graph: &Graph, trace: &Trace) -> String {
    let (nodes, edges) = reached(graph, trace);
    let mut out = String::from("digraph lineage {\n  rankdir=LR;\n  node [shape=box];\n");
    if nodes.is_empty() {
        let label = quoted(&trace.column.to_string());
        let _ = writeln!(out, "  root [label={label}, style=bold];");
    }
    for &n in &nodes {
        let node = &graph.nodes[n];
        let style = if *node == trace.column {
            ", style=bold"
        } else {
            match node {
                Node::Rows { .. } => ", shape=ellipse",
                Node::Assertion { .. } => ", shape=diamond",
                _ => "",
            }
        };
        let _ = writeln!(out, "  n{n} [label={}{style}];", quoted(&node.to_string()));
    }
    for &e in &edges {
        let edge = &graph.edges[e];
        let style = match edge.flow {
            super::Flow::Value => "solid",
            super::Flow::Rows => "dashed",
            super::Flow::Check => "dotted",
        };
        let label = format!("{} ({}: {})", edge.flow, edge.pipeline, edge.step);
        let _ = writeln!(
            out,
            "  n{} -> n{} [label={}, style={style}];",
            edge.from,
            edge.to,
            quoted(&label)
        );
    }
    out.push_str("}\n");
    out
}

fn quoted(text: &str) -> String {
    format!("\"{}\"", text.replace('\\', "\\\\").replace('"', "\\\""))
}

/// The nodes and edges a trace reaches, the traced column first, in the
/// graph's order.
fn reached(graph: &Graph, trace: &Trace) -> (Vec<usize>, Vec<usize>) {
    let mut nodes = Vec::new();
    let mut edges = Vec::new();
    if let Some(root) = graph.nodes.iter().position(|n| *n == trace.column) {
        nodes.push(root);
    }
    let mut add = |branch: &Branch| {
        nodes.push(branch.node);
        edges.push(branch.edge);
    };
    walk(&trace.upstream, &mut add);
    walk(&trace.downstream, &mut add);
    let root = nodes.first().copied();
    nodes.sort_unstable();
    nodes.dedup();
    if let Some(root) = root {
        nodes.retain(|&n| n != root);
        nodes.insert(0, root);
    }
    edges.sort_unstable();
    edges.dedup();
    (nodes, edges)
}

fn walk(branches: &[Branch], visit: &mut dyn FnMut(&Branch)) {
    for branch in branches {
        visit(branch);
        walk(&branch.children, visit);
    }
}
