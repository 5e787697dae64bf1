//! What translation knows of the warehouse: the tables (columns, types, keys)
//! and the run parameters, and the SQL dialect of the text.
//!
//! A pipeline is one catalogue (its `tables:` and `params:`). [`Tables`] is
//! the other: the tables a script's or PL/SQL units' DDL creates, for
//! `eltc translate` and `eltc import`, which have no pipeline, or a pipeline's
//! tables to which a `plsql:` step's units add theirs. The translator reads
//! either through [`Catalog`], so `eltc build`, `eltc translate` and `eltc
//! import` share one translator without inventing a pipeline.

use std::collections::HashMap;

use crate::spec::model::{Dialect, Param, Pipeline, QualifiedName, Table};

/// Tables, parameters and dialect, as the translator reads them.
pub trait Catalog {
    /// Every table known, declared or created by DDL.
    fn tables(&self) -> &[Table];

    /// The run parameters (`:name` binds, `p_<name>` arguments).
    fn params(&self) -> &[Param];

    /// The dialect the SQL is written in.
    fn dialect(&self) -> Dialect;

    /// The table called `name`.
    fn table(&self, name: &QualifiedName) -> Option<&Table> {
        self.tables().iter().find(|table| &table.name == name)
    }

    /// The parameter called `name`.
    fn param(&self, name: &str) -> Option<&Param> {
        self.params().iter().find(|param| param.name == name)
    }
}

impl Catalog for Pipeline {
    fn tables(&self) -> &[Table] {
        &self.tables
    }

    fn params(&self) -> &[Param] {
        &self.params
    }

    fn dialect(&self) -> Dialect {
        self.dialect
    }
}

/// A catalogue that DDL fills as it is read.
#[derive(Clone, Debug)]
pub struct Tables {
    /// The tables, in the order they were defined.
    tables: Vec<Table>,
    /// Where each table is in `tables`: a script's DDL may create thousands
    /// of tables, and every name a statement reads is looked up (a scan made
    /// `eltc translate` quadratic in the tables created).
    index: HashMap<QualifiedName, usize>,
    /// The run parameters (a pipeline's, or none).
    pub params: Vec<Param>,
    /// The dialect.
    pub dialect: Dialect,
}

impl Tables {
    /// No tables and no parameters, Oracle SQL: a script or units on their own.
    pub fn empty() -> Self {
        Self {
            tables: Vec::new(),
            index: HashMap::new(),
            params: Vec::new(),
            dialect: Dialect::Oracle,
        }
    }

    /// A pipeline's tables and parameters, for DDL to add to.
    pub fn of(pipeline: &Pipeline) -> Self {
        let mut tables = Self {
            tables: Vec::new(),
            index: HashMap::new(),
            params: pipeline.params.clone(),
            dialect: pipeline.dialect,
        };
        for table in &pipeline.tables {
            tables.define(table.clone());
        }
        tables
    }

    /// Defines `table`, replacing a table of the same name (a later CREATE wins).
    pub fn define(&mut self, table: Table) {
        if let Some(at) = self.index.remove(&table.name) {
            // Rare: the later definition moves to the end, as defined last.
            self.tables.remove(at);
            for position in self.index.values_mut() {
                if *position > at {
                    *position -= 1;
                }
            }
        }
        self.index.insert(table.name.clone(), self.tables.len());
        self.tables.push(table);
    }
}

impl Catalog for Tables {
    fn tables(&self) -> &[Table] {
        &self.tables
    }

    fn table(&self, name: &QualifiedName) -> Option<&Table> {
        self.index.get(name).map(|&at| &self.tables[at])
    }

    fn params(&self) -> &[Param] {
        &self.params
    }

    fn dialect(&self) -> Dialect {
        self.dialect
    }
}
