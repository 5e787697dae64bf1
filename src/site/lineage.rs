//! The lineage of a pipeline's page ([`crate::lineage`]): a graph of its
//! sources and tables, laid out by eltc as SVG (a column per depth, sources
//! first; each node a link), then an entry per table: what it comes from
//! and flows into, and column by column what gives each its value, what
//! decides its rows, and where it goes.
//!
//! The layout is deterministic and simple: a table's depth is one more
//! than the deepest table or source it reads (cycles are cut after as many
//! rounds as there are nodes); within a depth, nodes are ordered by the
//! mean position of what they read, then by declaration order.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;

use super::html::{anchor, esc, local};
use crate::backend::plan::Plan;
use crate::diag::SourceMap;
use crate::lineage::{Edge, Flow, Graph, Node};
use crate::spec::model::Pipeline;

/// A node of the table graph.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Endpoint {
    /// A source's files.
    Source(String),
    /// A table.
    Table(String),
}

impl Endpoint {
    fn label(&self) -> String {
        match self {
            Endpoint::Source(name) => format!("source {name}"),
            Endpoint::Table(name) => name.clone(),
        }
    }

    fn id(&self) -> String {
        match self {
            Endpoint::Source(name) => anchor("s", name),
            Endpoint::Table(name) => anchor("l", name),
        }
    }
}

/// Table-level flows: (from, to table) -> the steps that make them.
type Flows = BTreeMap<(Endpoint, String), BTreeSet<String>>;

/// The lineage section of `pipeline`'s page.
pub(super) fn section(pipeline: &Pipeline, plan: &Plan, sources: &SourceMap) -> String {
    let graph = Graph::of(&[(pipeline, plan)], sources);
    let flows = table_flows(&graph);
    let order = endpoints(pipeline, &flows);
    let mut out = String::from(
        "<section id=\"lineage\">\n<h2>Lineage</h2>\n<p>Tables and the sources and tables \
         they are computed from. Click a table for what it comes from, column by column.</p>\n",
    );
    out.push_str(&svg(&order, &flows));
    for endpoint in &order {
        if let Endpoint::Table(table) = endpoint {
            out.push_str(&table_entry(table, &graph, &flows));
        }
    }
    if !graph.not_followed.is_empty() {
        out.push_str("<h3>Not followed</h3>\n<ul>\n");
        for gap in &graph.not_followed {
            let _ = writeln!(out, "<li>{}: {}</li>", step_link(&gap.step), esc(&gap.what));
        }
        out.push_str("</ul>\n");
    }
    out.push_str("</section>\n");
    out
}

/// The table a node belongs to, when it is a column or a step's rows.
fn node_table(node: &Node) -> Option<&str> {
    match node {
        Node::Column { table, .. } | Node::Rows { table, .. } => Some(table),
        _ => None,
    }
}

fn table_flows(graph: &Graph) -> Flows {
    let mut flows = Flows::new();
    for edge in &graph.edges {
        let Some(to) = node_table(&graph.nodes[edge.to]) else {
            continue;
        };
        let from = match &graph.nodes[edge.from] {
            Node::Field { source, .. } => Endpoint::Source(source.clone()),
            node => match node_table(node) {
                Some(table) if table != to => Endpoint::Table(table.to_string()),
                _ => continue,
            },
        };
        flows
            .entry((from, to.to_string()))
            .or_default()
            .insert(edge.step.clone());
    }
    flows
}

/// Every node of the table graph: sources and tables in declaration
/// order, then any other table a flow names, sorted (eltc's run log, which
/// no step of the pipeline reads, is left out).
fn endpoints(pipeline: &Pipeline, flows: &Flows) -> Vec<Endpoint> {
    let mut order: Vec<Endpoint> = (pipeline.sources.iter())
        .map(|s| Endpoint::Source(s.name.clone()))
        .collect();
    order.extend((pipeline.tables.iter()).map(|t| Endpoint::Table(t.name.to_string())));
    let mut others = BTreeSet::new();
    for (from, to) in flows.keys() {
        others.insert(from.clone());
        others.insert(Endpoint::Table(to.clone()));
    }
    for endpoint in others {
        if !order.contains(&endpoint) {
            order.push(endpoint);
        }
    }
    order
}

/// Each node's depth: sources 0, a table one more than what it reads.
fn depths(order: &[Endpoint], flows: &Flows) -> Vec<usize> {
    let position: BTreeMap<&Endpoint, usize> =
        order.iter().enumerate().map(|(i, e)| (e, i)).collect();
    let mut depth: Vec<usize> = order
        .iter()
        .map(|e| usize::from(matches!(e, Endpoint::Table(_))))
        .collect();
    for _ in 0..order.len() {
        let mut changed = false;
        for (from, to) in flows.keys() {
            let (f, t) = (position[from], position[&Endpoint::Table(to.clone())]);
            if depth[t] < depth[f] + 1 {
                depth[t] = depth[f] + 1;
                changed = true;
            }
        }
        if !changed {
            break;
        }
    }
    depth
}

const CHAR_WIDTH: usize = 8;
const NODE_HEIGHT: usize = 28;
const ROW: usize = 44;
const GAP: usize = 70;
const MARGIN: usize = 16;

/// The graph as SVG: each node a link to its entry (a table's lineage, a
/// source's card), each flow a curve with the steps as its tooltip.
fn svg(order: &[Endpoint], flows: &Flows) -> String {
    let depth = depths(order, flows);
    let layers = depth.iter().max().map_or(0, |d| d + 1);
    let position: BTreeMap<&Endpoint, usize> =
        order.iter().enumerate().map(|(i, e)| (e, i)).collect();
    let (row, layer_rows) = rows(order, &depth, layers, flows);
    let width_of = |e: &Endpoint| e.label().chars().count() * CHAR_WIDTH + 20;
    let mut layer_width = vec![0usize; layers];
    for (i, endpoint) in order.iter().enumerate() {
        layer_width[depth[i]] = layer_width[depth[i]].max(width_of(endpoint));
    }
    let mut layer_x = vec![MARGIN; layers];
    for layer in 1..layers {
        layer_x[layer] = layer_x[layer - 1] + layer_width[layer - 1] + GAP;
    }
    let width = layer_x.last().copied().unwrap_or(MARGIN)
        + layer_width.last().copied().unwrap_or(0)
        + MARGIN;
    let height = layer_rows.iter().max().copied().unwrap_or(0) * ROW + 2 * MARGIN;
    let x = |i: usize| layer_x[depth[i]];
    let y = |i: usize| MARGIN + row[i] * ROW;
    let mut out = format!(
        "<svg class=\"graph\" xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"{height}\" \
         viewBox=\"0 0 {width} {height}\" role=\"img\" aria-label=\"lineage of the tables\">\n\
         <defs><marker id=\"arrow\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" markerWidth=\"8\" \
         markerHeight=\"8\" orient=\"auto\"><path d=\"M0,0 L10,5 L0,10 z\"/></marker></defs>\n"
    );
    for ((from, to), steps) in flows {
        let (f, t) = (position[from], position[&Endpoint::Table(to.clone())]);
        let (x1, y1) = (x(f) + width_of(from), y(f) + NODE_HEIGHT / 2);
        let (x2, y2) = (x(t), y(t) + NODE_HEIGHT / 2);
        let bend = (x1 + x2) / 2;
        let steps: Vec<&str> = steps.iter().map(String::as_str).collect();
        let _ = writeln!(
            out,
            "<path class=\"flow\" d=\"M{x1},{y1} C{bend},{y1} {bend},{y2} {x2},{y2}\" marker-end=\"url(#arrow)\">\
             <title>{} to {}: {}</title></path>",
            esc(&from.label()),
            esc(to),
            esc(&steps.join(", "))
        );
    }
    for (i, endpoint) in order.iter().enumerate() {
        let class = match endpoint {
            Endpoint::Source(_) => "source",
            Endpoint::Table(_) => "table",
        };
        let _ = writeln!(
            out,
            "<a href=\"#{}\" class=\"node {class}\" data-name=\"{}\"><rect x=\"{}\" y=\"{}\" width=\"{}\" \
             height=\"{NODE_HEIGHT}\" rx=\"4\"/><text x=\"{}\" y=\"{}\">{}</text></a>",
            esc(&endpoint.id()),
            esc(&endpoint.label()),
            x(i),
            y(i),
            width_of(endpoint),
            x(i) + 10,
            y(i) + 18,
            esc(&endpoint.label())
        );
    }
    out.push_str("</svg>\n");
    out
}

/// Each node's row within its layer, and how many rows each layer has:
/// layer by layer, ordered by the mean row of what a node reads (in
/// hundredths), a node that reads nothing by its declaration order.
fn rows(
    order: &[Endpoint],
    depth: &[usize],
    layers: usize,
    flows: &Flows,
) -> (Vec<usize>, Vec<usize>) {
    let position: BTreeMap<&Endpoint, usize> =
        order.iter().enumerate().map(|(i, e)| (e, i)).collect();
    let mut row = vec![0usize; order.len()];
    let mut layer_rows = Vec::with_capacity(layers);
    for layer in 0..layers {
        let mut members: Vec<(usize, usize)> = Vec::new();
        for (i, endpoint) in order.iter().enumerate().filter(|(i, _)| depth[*i] == layer) {
            let read: Vec<usize> = flows
                .keys()
                .filter(|(_, to)| matches!(endpoint, Endpoint::Table(t) if t == to))
                .map(|(from, _)| row[position[from]])
                .collect();
            let key = if read.is_empty() {
                i * 100
            } else {
                read.iter().sum::<usize>() * 100 / read.len()
            };
            members.push((key, i));
        }
        members.sort_unstable();
        for (r, (_, i)) in members.iter().enumerate() {
            row[*i] = r;
        }
        layer_rows.push(members.len());
    }
    (row, layer_rows)
}

/// A table's entry: the sources and tables it comes from, what it flows
/// into, and each column's lineage.
fn table_entry(table: &str, graph: &Graph, flows: &Flows) -> String {
    let mut out = format!(
        "<article class=\"card lineage\" id=\"{}\">\n<h3>lineage of {}</h3>\n",
        anchor("l", table),
        local(&anchor("t", table), table)
    );
    let from: Vec<String> = flows
        .iter()
        .filter(|((_, to), _)| to == table)
        .map(|((from, _), steps)| {
            format!(
                "<li>{} by {}</li>",
                local(&from.id(), &from.label()),
                steps_links(steps)
            )
        })
        .collect();
    let into: Vec<String> = flows
        .iter()
        .filter(|((from, _), _)| *from == Endpoint::Table(table.to_string()))
        .map(|((_, to), steps)| {
            format!(
                "<li>{} by {}</li>",
                local(&anchor("l", to), to),
                steps_links(steps)
            )
        })
        .collect();
    for (title, class, items) in [("comes from", "from", from), ("flows into", "into", into)] {
        if items.is_empty() {
            let _ = writeln!(
                out,
                "<p class=\"{class}\">{title}: nothing in this pipeline</p>"
            );
        } else {
            let _ = writeln!(
                out,
                "<p>{title}:</p>\n<ul class=\"{class}\">\n{}\n</ul>",
                items.join("\n")
            );
        }
    }
    let columns = graph.tables.get(table).cloned().unwrap_or_default();
    if !columns.is_empty() {
        out.push_str("<table class=\"list\"><thead><tr><th>column</th><th>value from</th><th>rows decided by</th><th>flows into</th></tr></thead><tbody>\n");
        for column in &columns {
            out.push_str(&column_row(table, column, graph));
        }
        out.push_str("</tbody></table>\n");
    }
    out.push_str("</article>\n");
    out
}

fn column_row(table: &str, column: &str, graph: &Graph) -> String {
    let node = Node::Column {
        table: table.to_string(),
        column: column.to_string(),
    };
    let at = graph.nodes.iter().position(|n| *n == node);
    let edges_to = |at: usize| graph.edges.iter().filter(move |e| e.to == at);
    let mut values = BTreeSet::new();
    let mut rows = BTreeSet::new();
    let mut into = BTreeSet::new();
    if let Some(at) = at {
        for edge in edges_to(at) {
            match edge.flow {
                Flow::Value => {
                    values.insert(described(graph, edge.from, edge, false));
                }
                // A step's rows node: what decides those rows is one step up.
                _ => {
                    for upstream in edges_to(edge.from) {
                        rows.insert(described(graph, upstream.from, upstream, false));
                    }
                }
            }
        }
        for edge in graph.edges.iter().filter(|e| e.from == at) {
            into.insert(described(graph, edge.to, edge, true));
        }
    }
    let list = |items: BTreeSet<String>| items.into_iter().collect::<Vec<_>>().join("<br>");
    format!(
        "<tr id=\"{}\"><td><code>{}</code></td><td>{}</td><td>{}</td><td>{}</td></tr>\n",
        anchor("lc", &format!("{table}.{column}")),
        esc(column),
        list(values),
        list(rows),
        list(into)
    )
}

/// A node as a link to where it is described, with the step of `edge`
/// (and its flow, when the column does not say it).
fn described(graph: &Graph, node: usize, edge: &Edge, with_flow: bool) -> String {
    let name = match &graph.nodes[node] {
        Node::Column { table, column } => {
            let full = format!("{table}.{column}");
            local(&anchor("lc", &full), &full)
        }
        Node::Field { source, field, .. } => local(
            &anchor("s", source),
            &format!("field {field} of source {source}"),
        ),
        Node::Param { name, .. } => local("params", &format!("param {name}")),
        Node::Constant { text } => esc(text),
        Node::Rows { table, .. } => local(&anchor("l", table), &format!("rows of {table}")),
        Node::Assertion { step, what, .. } => {
            format!(
                "{} ({})",
                esc(&format!("assertion {what}")),
                step_link(step)
            )
        }
    };
    let flow = match edge.flow {
        _ if !with_flow => "",
        Flow::Value => "",
        Flow::Rows => " (rows)",
        Flow::Check => " (check)",
    };
    format!(
        "{name}{flow} <span class=\"step\">[{}]</span>",
        step_link(&edge.step)
    )
}

/// A step name (`transform x` or `load s`) as a link to its card.
fn step_link(step: &str) -> String {
    if let Some(name) = step.strip_prefix("transform ") {
        local(&anchor("step", name), step)
    } else if let Some(source) = step.strip_prefix("load ") {
        local(&anchor("s", source), step)
    } else {
        esc(step)
    }
}

fn steps_links(steps: &BTreeSet<String>) -> String {
    steps
        .iter()
        .map(|s| step_link(s))
        .collect::<Vec<_>>()
        .join(", ")
}
