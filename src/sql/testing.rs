//! A hand-built pipeline for the SQL layer's tests: the market_data tables,
//! tables shaped like the retail pipeline's, and a table with one column of
//! every type. Not used by the compiler; public only so that the integration
//! tests (`tests/translate_fixtures.rs`) can share it.

use std::path::PathBuf;

use crate::diag::{SourceMap, Span};
use crate::spec::model::{
    Column, CopyRole, Dialect, Param, Pattern, Pipeline, QualifiedName, RedshiftSettings, Table,
    Trigger,
};
use crate::spec::types::parse_type;

const TABLES: &[(&str, &[(&str, &str)])] = &[
    (
        "staging.sector",
        &[
            ("sectorid", "integer not null"),
            ("sector_name", "varchar(30) not null"),
        ],
    ),
    (
        "staging.industry",
        &[
            ("industryid", "integer not null"),
            ("industry_name", "varchar(100) not null"),
        ],
    ),
    (
        "staging.security",
        &[
            ("securityid", "integer not null"),
            ("symbol", "varchar(20)"),
            ("name", "varchar(100) not null"),
            ("lastsale", "numeric(10,2)"),
            ("marketcap", "numeric(38,0)"),
            ("ipoyear", "smallint"),
            ("sectorid", "integer"),
            ("industryid", "integer"),
            ("updated_on", "date"),
        ],
    ),
    (
        "staging.eod_price",
        &[
            ("symbol", "varchar(20) not null"),
            ("eod_date", "date not null"),
            ("open_price", "numeric(8,2)"),
            ("high_price", "numeric(8,2)"),
            ("low_price", "numeric(8,2)"),
            ("eod_price", "numeric(8,2)"),
            ("volume", "bigint"),
        ],
    ),
    (
        "staging.security_data",
        &[
            ("securityid", "integer"),
            ("symbol", "varchar(20)"),
            ("security_name", "varchar(100) not null"),
            ("lastsale", "numeric(10,2)"),
            ("marketcap", "numeric(38,0)"),
            ("ipoyear", "smallint"),
            ("industryid", "integer"),
            ("industry_name", "varchar(100)"),
            ("sectorid", "integer"),
            ("sector_name", "varchar(30)"),
        ],
    ),
    (
        "stg.sales_header",
        &[
            ("txn_id", "bigint not null"),
            ("store_id", "integer"),
            ("customer_id", "integer"),
            ("txn_ts", "timestamp not null"),
            ("payment_type", "char(1)"),
        ],
    ),
    (
        "stg.sales_line",
        &[
            ("txn_id", "bigint not null"),
            ("line_no", "integer not null"),
            ("product_code", "varchar(20) not null"),
            ("quantity", "integer not null"),
            ("unit_price", "numeric(10,2) not null"),
            ("discount_pct", "numeric(5,2)"),
        ],
    ),
    (
        "stg.product",
        &[
            ("product_code", "varchar(20) not null"),
            ("product_name", "varchar(100)"),
            ("category", "varchar(30)"),
            ("list_price", "numeric(10,2)"),
            ("effective_date", "date not null"),
        ],
    ),
    (
        "dw.dim_store",
        &[
            ("store_id", "integer not null"),
            ("store_name", "varchar(60)"),
            ("region_code", "char(3)"),
            ("is_open", "char(1)"),
        ],
    ),
    (
        "dw.dim_customer",
        &[
            ("customer_id", "integer not null"),
            ("full_name", "varchar(100)"),
            ("email", "varchar(100)"),
            ("loyalty_tier", "varchar(10)"),
        ],
    ),
    (
        "dw.dim_product",
        &[
            ("product_key", "bigint not null"),
            ("product_code", "varchar(20) not null"),
            ("product_name", "varchar(100)"),
            ("category", "varchar(30)"),
            ("list_price", "numeric(10,2)"),
            ("valid_from", "date not null"),
            ("valid_to", "date"),
            ("is_current", "char(1) not null"),
        ],
    ),
    (
        "dw.fact_sales",
        &[
            ("date_key", "integer not null"),
            ("txn_id", "bigint not null"),
            ("line_no", "integer not null"),
            ("store_id", "integer"),
            ("customer_id", "integer"),
            ("product_key", "bigint"),
            ("quantity", "integer"),
            ("gross_amount", "numeric(12,2)"),
            ("net_amount", "numeric(12,2)"),
            ("payment_type", "varchar(10)"),
        ],
    ),
    // One row for the semantic tests (tests/semantic): typed NULLs and values.
    (
        "t.one",
        &[
            ("id", "integer not null"),
            ("txt", "varchar(50)"),
            ("num", "numeric(10,2)"),
            ("pos", "integer"),
            ("day", "date"),
            ("null_txt", "varchar(50)"),
            ("null_num", "numeric(10,2)"),
            ("null_int", "integer"),
            ("null_date", "date"),
        ],
    ),
    // Several rows for the aggregates of the semantic tests (LISTAGG).
    (
        "t.rows",
        &[
            ("k", "integer not null"),
            ("grp", "integer not null"),
            ("name", "varchar(30)"),
        ],
    ),
    (
        "t.all_types",
        &[
            ("i", "integer"),
            ("nn", "integer not null"),
            ("n", "numeric(10,2)"),
            ("f", "double precision"),
            ("r", "real"),
            ("txt", "varchar(50)"),
            ("txt_nn", "varchar(50) not null"),
            ("c1", "char(1)"),
            ("c10", "char(10)"),
            ("d", "date"),
            ("ts", "timestamp"),
            ("tz", "timestamptz"),
            ("b", "boolean"),
        ],
    ),
];

/// The test pipeline, dialect oracle; its spans point into a dummy file of `sources`.
pub fn pipeline(sources: &mut SourceMap) -> Pipeline {
    let file = sources.add("pipeline.yaml", String::new());
    let span = Span::file_start(file);
    let tables = TABLES
        .iter()
        .map(|(name, columns)| {
            let (schema, table) = name.split_once('.').unwrap_or(("public", name));
            let columns = columns
                .iter()
                .map(|(column, ty)| {
                    let (ty, not_null) = match ty.strip_suffix(" not null") {
                        Some(ty) => (ty, true),
                        None => (*ty, false),
                    };
                    Column {
                        name: (*column).into(),
                        ty: parse_type(ty).unwrap_or(crate::spec::model::DataType::Integer),
                        not_null,
                        default: None,
                        encode: None,
                        identity: None,
                        span: span.clone(),
                    }
                })
                .collect();
            Table::plain(
                QualifiedName {
                    schema: schema.into(),
                    name: table.into(),
                },
                columns,
                span.clone(),
            )
        })
        .collect();
    let param = |name: &str, ty: &str| Param {
        name: name.into(),
        ty: parse_type(ty).unwrap_or(crate::spec::model::DataType::Date),
        span: span.clone(),
    };
    let pattern = Pattern {
        text: String::new(),
        parts: Vec::new(),
        span: span.clone(),
    };
    Pipeline {
        name: "test".into(),
        description: None,
        alternative_to: None,
        dir: PathBuf::from("."),
        file,
        dialect: Dialect::Oracle,
        backend: crate::spec::model::Backend::Procedure,
        params: vec![
            param("eod_date", "date"),
            param("day", "date"),
            param("batch_id", "integer"),
            param("region", "varchar(3)"),
        ],
        trigger: Trigger {
            bucket: None,
            notification: pattern.clone(),
            landing: pattern,
        },
        redshift: RedshiftSettings {
            schema: "etl".into(),
            copy_role: CopyRole::Default,
            copy_region: None,
            load_procedure: "load_test".into(),
            transform_procedure: "transform_test".into(),
            run_as: None,
        },
        sources: Vec::new(),
        tables,
        transforms: Vec::new(),
        tests: Vec::new(),
    }
}
