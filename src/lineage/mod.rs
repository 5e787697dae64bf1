//! Column-level lineage (`eltc lineage`, and the impact lines of `eltc
//! plan`): where each column's value comes from and what it flows into,
//! from the checked model and the typed plan.
//!
//! [`Graph::of`] builds one graph over one or more pipelines. Its nodes
//! ([`Node`]) are the columns of tables (`schema.table.column`), the fields
//! of source files, run parameters, constants of loads, the rows a step
//! writes to a table, and assertions; its edges ([`Flow`]) say how one
//! reaches the other: a **value** (the column's value is computed from it),
//! **rows** (it decides which rows: WHERE, JOIN ON, GROUP BY, HAVING, a
//! DELETE's condition, a strategy's keys), or a **check** (an assertion
//! reads it). Loads come from the model (`load.rs`: a staging column's
//! field, constant, load time or expression); transform steps from the
//! plan's statement trees ([`query`], [`statement`]), so what is traced is
//! what runs, MERGE and INSERT ALL expansions through their staging tables.
//! [`Graph::trace`] follows one column upstream and downstream;
//! [`mod@print`] writes a trace as text, JSON or DOT.
//!
//! Not followed, and listed as such: dynamic SQL (`EXECUTE`; a literal
//! EXECUTE IMMEDIATE is translated into its statement, and traced), values
//! held in PL/SQL variables between statements, statements other than
//! INSERT, UPDATE, DELETE, CREATE TABLE (AS) and DROP TABLE. Pure: no I/O.

mod build;
mod load;
pub mod print;
pub mod query;
mod refs;
pub mod statement;
#[cfg(test)]
mod tests;

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

use crate::backend::plan::Plan;
use crate::diag::{SourceMap, Span};
use crate::spec::model::Pipeline;

/// A node of the lineage graph.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Node {
    /// A column of a table.
    Column {
        /// `schema.table`.
        table: String,
        /// The column.
        column: String,
    },
    /// A field of a source's files.
    Field {
        /// The pipeline.
        pipeline: String,
        /// The source.
        source: String,
        /// The field.
        field: String,
    },
    /// A run parameter.
    Param {
        /// The pipeline.
        pipeline: String,
        /// The parameter.
        name: String,
    },
    /// A value a load writes that comes from no field: a constant or the
    /// load's time.
    Constant {
        /// What it is: `'text'` or `load timestamp`.
        text: String,
    },
    /// The rows a step writes, updates or deletes in a table.
    Rows {
        /// The pipeline.
        pipeline: String,
        /// The step, `load <source>` or `transform <name>`.
        step: String,
        /// `schema.table`.
        table: String,
    },
    /// An assertion of a transform.
    Assertion {
        /// The pipeline.
        pipeline: String,
        /// The step, `transform <name>`.
        step: String,
        /// What it checks: `unique (a, b) on s.t`, `min_rows 1`, `no_rows`.
        what: String,
    },
}

impl fmt::Display for Node {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Node::Column { table, column } => write!(f, "{table}.{column}"),
            Node::Field {
                pipeline,
                source,
                field,
            } => write!(f, "field {field} of source {pipeline}/{source}"),
            Node::Param { pipeline, name } => write!(f, "param {pipeline}/{name}"),
            Node::Constant { text } => write!(f, "{text}"),
            Node::Rows {
                pipeline,
                step,
                table,
            } => write!(f, "rows of {table} written by {pipeline}/{step}"),
            Node::Assertion {
                pipeline,
                step,
                what,
            } => write!(f, "assertion {what} of {pipeline}/{step}"),
        }
    }
}

impl Node {
    /// The node's kind, for the JSON and DOT forms.
    pub fn kind(&self) -> &'static str {
        match self {
            Node::Column { .. } => "column",
            Node::Field { .. } => "field",
            Node::Param { .. } => "param",
            Node::Constant { .. } => "constant",
            Node::Rows { .. } => "rows",
            Node::Assertion { .. } => "assertion",
        }
    }
}

/// How one node reaches another.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Flow {
    /// The target's value is computed from the source.
    Value,
    /// The source decides which rows the target has.
    Rows,
    /// An assertion reads the source.
    Check,
}

impl fmt::Display for Flow {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Flow::Value => "value",
            Flow::Rows => "rows",
            Flow::Check => "check",
        })
    }
}

/// One edge: `from` flows into `to` in a step.
#[derive(Clone, Debug)]
pub struct Edge {
    /// The upstream node (index into [`Graph::nodes`]).
    pub from: usize,
    /// The downstream node.
    pub to: usize,
    /// How.
    pub flow: Flow,
    /// The pipeline.
    pub pipeline: String,
    /// The step: `load <source>` or `transform <name>`.
    pub step: String,
    /// Where: the SQL or spec entry that makes the flow.
    pub span: Span,
}

/// Something a step does that lineage does not follow.
#[derive(Clone, Debug)]
pub struct NotFollowed {
    /// The pipeline.
    pub pipeline: String,
    /// The step.
    pub step: String,
    /// What is not followed.
    pub what: String,
    /// Where.
    pub span: Span,
}

/// The lineage graph of one or more pipelines.
#[derive(Clone, Debug, Default)]
pub struct Graph {
    /// The nodes, in the order they were found.
    pub nodes: Vec<Node>,
    /// The edges, each once.
    pub edges: Vec<Edge>,
    /// What was not followed, in step order.
    pub not_followed: Vec<NotFollowed>,
    /// Every table's columns, in order (`schema.table`).
    pub tables: BTreeMap<String, Vec<String>>,
    /// Each table's declaration, for diagnostics.
    pub declared: BTreeMap<String, Span>,
    index: BTreeMap<Node, usize>,
    seen: BTreeSet<(usize, usize, Flow, String, String)>,
}

/// One step of a trace: the edge taken and the node reached.
#[derive(Clone, Debug)]
pub struct Branch {
    /// The edge (index into [`Graph::edges`]).
    pub edge: usize,
    /// The node reached.
    pub node: usize,
    /// The node was already expanded higher in the trace: its own
    /// branches are not repeated.
    pub repeated: bool,
    /// The branches beyond it.
    pub children: Vec<Branch>,
}

/// A column's lineage: what it comes from and what it flows into.
#[derive(Clone, Debug)]
pub struct Trace {
    /// The column traced.
    pub column: Node,
    /// Upstream, nearest first.
    pub upstream: Vec<Branch>,
    /// Downstream, nearest first.
    pub downstream: Vec<Branch>,
}

/// A column the graph does not know, with the names nearest to it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnknownColumn {
    /// The table as given, when it is known.
    pub table: Option<String>,
    /// Known `schema.table.column` names close to the one given.
    pub near: Vec<String>,
}

impl Graph {
    /// The lineage of `pipelines`, each with its plan. A table read by one
    /// pipeline and written by another joins their lineage.
    pub fn of(pipelines: &[(&Pipeline, &Plan)], sources: &SourceMap) -> Graph {
        build::graph(pipelines, sources)
    }

    fn node(&mut self, node: Node) -> usize {
        if let Some(&at) = self.index.get(&node) {
            return at;
        }
        self.nodes.push(node.clone());
        self.index.insert(node, self.nodes.len() - 1);
        self.nodes.len() - 1
    }

    fn edge(&mut self, from: Node, to: Node, flow: Flow, step: &build::StepRef<'_>, span: Span) {
        let (from, to) = (self.node(from), self.node(to));
        let key = (
            from,
            to,
            flow,
            step.pipeline.to_string(),
            step.name.to_string(),
        );
        if self.seen.insert(key) {
            self.edges.push(Edge {
                from,
                to,
                flow,
                pipeline: step.pipeline.to_string(),
                step: step.name.to_string(),
                span,
            });
        }
    }

    /// The column `name` names: `schema.table.column`, or `table.column`
    /// when one schema has that table.
    pub fn column(&self, name: &str) -> Result<Node, UnknownColumn> {
        let name = name.to_lowercase();
        let (table, column) = name.rsplit_once('.').unwrap_or(("", name.as_str()));
        let tables: Vec<&String> = if table.contains('.') {
            self.tables.keys().filter(|t| *t == table).collect()
        } else {
            self.tables
                .keys()
                .filter(|t| t.rsplit('.').next() == Some(table))
                .collect()
        };
        if let [found] = tables.as_slice()
            && self.tables[*found].iter().any(|c| c == column)
        {
            return Ok(Node::Column {
                table: (*found).clone(),
                column: column.to_string(),
            });
        }
        let all = self
            .tables
            .iter()
            .flat_map(|(t, columns)| columns.iter().map(move |c| format!("{t}.{c}")));
        let wanted = match tables.as_slice() {
            [found] => format!("{found}.{column}"),
            _ => name.clone(),
        };
        let mut near: Vec<String> = all
            .filter(|candidate| {
                let in_table = tables
                    .iter()
                    .any(|t| candidate.starts_with(&format!("{t}.")));
                in_table || crate::diag::closest(&wanted, [candidate.as_str()]).is_some()
            })
            .collect();
        near.truncate(12);
        Err(UnknownColumn {
            table: match tables.as_slice() {
                [found] => Some((*found).clone()),
                _ => None,
            },
            near,
        })
    }

    /// The lineage of `column` (a [`Node::Column`]): each node is expanded
    /// once per direction; a node met again is marked repeated.
    pub fn trace(&self, column: &Node) -> Trace {
        let start = self.index.get(column).copied();
        let mut expanded = BTreeSet::new();
        let upstream = start.map_or_else(Vec::new, |at| {
            expanded.insert(at);
            self.branches(at, true, &mut expanded)
        });
        let mut expanded = BTreeSet::new();
        let downstream = start.map_or_else(Vec::new, |at| {
            expanded.insert(at);
            self.branches(at, false, &mut expanded)
        });
        Trace {
            column: column.clone(),
            upstream,
            downstream,
        }
    }

    fn branches(&self, at: usize, up: bool, expanded: &mut BTreeSet<usize>) -> Vec<Branch> {
        let mut edges: Vec<usize> = (0..self.edges.len())
            .filter(|&e| {
                let edge = &self.edges[e];
                if up { edge.to == at } else { edge.from == at }
            })
            .collect();
        let far = |e: usize| {
            let edge = &self.edges[e];
            if up { edge.from } else { edge.to }
        };
        edges.sort_by(|&a, &b| {
            let (ea, eb) = (&self.edges[a], &self.edges[b]);
            (ea.flow, &self.nodes[far(a)], &ea.pipeline, &ea.step).cmp(&(
                eb.flow,
                &self.nodes[far(b)],
                &eb.pipeline,
                &eb.step,
            ))
        });
        // Breadth first at each level: a node reached here is not expanded
        // again deeper down.
        let fresh: Vec<bool> = edges.iter().map(|&e| expanded.insert(far(e))).collect();
        edges
            .into_iter()
            .zip(fresh)
            .map(|(e, fresh)| Branch {
                edge: e,
                node: far(e),
                repeated: !fresh,
                children: if fresh {
                    self.branches(far(e), up, expanded)
                } else {
                    Vec::new()
                },
            })
            .collect()
    }

    /// What was not followed in the steps of a trace's pipelines.
    pub fn not_followed_in(&self, trace: &Trace) -> Vec<&NotFollowed> {
        let mut steps = BTreeSet::new();
        let mut stack: Vec<&Branch> = trace.upstream.iter().chain(&trace.downstream).collect();
        while let Some(branch) = stack.pop() {
            let edge = &self.edges[branch.edge];
            steps.insert((edge.pipeline.as_str(), edge.step.as_str()));
            stack.extend(&branch.children);
        }
        self.not_followed
            .iter()
            .filter(|n| steps.contains(&(n.pipeline.as_str(), n.step.as_str())))
            .collect()
    }

    /// What `table.column` flows into, for a change plan: the columns whose
    /// values are computed from it (through values only), the tables whose
    /// rows it decides (directly or through such a column), and every
    /// assertion that reads it or a column or row count depending on it.
    pub fn downstream_of(&self, table: &str, column: &str) -> Downstream {
        let mut found = Downstream::default();
        let start = Node::Column {
            table: table.to_string(),
            column: column.to_string(),
        };
        let Some(&start) = self.index.get(&start) else {
            return found;
        };
        // (node, reached through value edges only)
        let mut stack = vec![(start, true)];
        let mut visited = BTreeSet::from([(start, true)]);
        while let Some((at, by_value)) = stack.pop() {
            for edge in self.edges.iter().filter(|e| e.from == at) {
                let to = &self.nodes[edge.to];
                let next = by_value && edge.flow == Flow::Value;
                match to {
                    Node::Column { .. } if next => {
                        found.values.insert(to.to_string());
                    }
                    Node::Rows { table, .. } => {
                        found.rows.insert(table.clone());
                    }
                    Node::Assertion { .. } => {
                        found.assertions.insert(to.to_string());
                    }
                    _ => {}
                }
                if visited.insert((edge.to, next)) {
                    stack.push((edge.to, next));
                }
            }
        }
        found
    }
}

/// What a column flows into ([`Graph::downstream_of`]), each sorted.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Downstream {
    /// `schema.table.column` of the columns computed from it.
    pub values: BTreeSet<String>,
    /// The tables whose rows it decides.
    pub rows: BTreeSet<String>,
    /// The assertions reached.
    pub assertions: BTreeSet<String>,
}

impl Downstream {
    /// Whether it flows nowhere.
    pub fn is_empty(&self) -> bool {
        self.values.is_empty() && self.rows.is_empty() && self.assertions.is_empty()
    }
}

impl fmt::Display for Downstream {
    /// `values of a, b; rows of t; assertion x; assertion y`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut parts = Vec::new();
        if !self.values.is_empty() {
            let values: Vec<&str> = self.values.iter().map(String::as_str).collect();
            parts.push(format!("values of {}", values.join(", ")));
        }
        if !self.rows.is_empty() {
            let rows: Vec<&str> = self.rows.iter().map(String::as_str).collect();
            parts.push(format!("rows of {}", rows.join(", ")));
        }
        parts.extend(self.assertions.iter().cloned());
        f.write_str(&parts.join("; "))
    }
}
