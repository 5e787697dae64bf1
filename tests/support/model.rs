//! Hand-built checked pipelines for the backend tests, used until (and beside)
//! `spec::load_pipeline`: `staged()` exercises what market_data does not (a
//! split by record type, filler, constants, the load time, fixed-width, NULL
//! markers with quotes), without transforms so it needs no SQL layer.

use std::path::PathBuf;

use eltc::diag::{FileId, SourceMap, Span};
use eltc::spec::model::*;

fn span(file: FileId) -> Span {
    Span::file_start(file)
}

fn qn(name: &str) -> QualifiedName {
    let (schema, name) = name.split_once('.').unwrap_or(("public", name));
    QualifiedName {
        schema: schema.into(),
        name: name.into(),
    }
}

fn pattern(file: FileId, text: &str, parts: Vec<PatternPart>) -> Pattern {
    Pattern {
        text: text.into(),
        parts,
        span: span(file),
    }
}

fn lit(text: &str) -> PatternPart {
    PatternPart::Literal(text.into())
}

fn cap(name: &str, format: Option<&str>) -> PatternPart {
    PatternPart::Param {
        name: name.into(),
        format: format.map(str::to_string),
    }
}

fn column(file: FileId, name: &str, ty: DataType, not_null: bool) -> Column {
    Column {
        name: name.into(),
        ty,
        not_null,
        default: None,
        encode: None,
        identity: None,
        span: span(file),
    }
}

fn table(file: FileId, name: &str, columns: Vec<Column>, staging: bool) -> Table {
    Table {
        name: qn(name),
        columns,
        primary_key: vec![],
        unique: vec![],
        diststyle: None,
        distkey: None,
        sortkey: vec![],
        backup: !staging,
        is_staging: staging,
        read_only: false,
        select_grants: vec![],
        span: span(file),
    }
}

fn field(file: FileId, name: &str, position: Option<(u32, u32)>, filler: bool) -> Field {
    Field {
        name: name.into(),
        position,
        filler,
        span: span(file),
    }
}

/// Every column of `table` valued by its same-named field, else by `values`, else NULL.
fn values(table: &Table, fields: &[Field], extra: &[(&str, Value)]) -> Vec<ColumnValue> {
    table
        .columns
        .iter()
        .map(|c| {
            let value = extra
                .iter()
                .find(|(n, _)| *n == c.name)
                .map(|(_, v)| v.clone())
                .unwrap_or_else(|| {
                    if fields.iter().any(|f| f.name == c.name && !f.filler) {
                        Value::Field(c.name.clone())
                    } else {
                        Value::Null
                    }
                });
            ColumnValue {
                column: c.name.clone(),
                value,
            }
        })
        .collect()
}

fn source(
    file: FileId,
    name: &str,
    file_pattern: Pattern,
    format: Format,
    into: Vec<SourceTarget>,
) -> Source {
    Source {
        name: name.into(),
        file: file_pattern,
        format,
        header_lines: 0,
        encoding: Encoding::Utf8,
        nulls: NullHandling {
            empty: true,
            blanks: false,
            string: None,
        },
        date_format: None,
        timestamp_format: None,
        max_errors: 0,
        fill_missing: false,
        mode: LoadMode::Truncate,
        into,
        allow: Allows::default(),
        span: span(file),
    }
}

/// A retail-like pipeline: a direct CSV source with a NULL marker holding a quote,
/// a CSV source needing staging (filler, constant, load time, custom date format),
/// a pipe-delimited journal split by record type, and a fixed-width file.
pub fn staged() -> (Pipeline, SourceMap) {
    let mut sources = SourceMap::new();
    let file = sources.add("retail_like/pipeline.yaml", "# hand-built\n".to_string());
    use DataType::*;
    let product = table(
        file,
        "stg.product",
        vec![
            column(file, "product_code", Varchar(12), true),
            column(
                file,
                "list_price",
                Decimal {
                    precision: 10,
                    scale: 2,
                },
                false,
            ),
            column(file, "effective_date", Date, false),
        ],
        true,
    );
    let customer = table(
        file,
        "stg.customer",
        vec![
            column(file, "customer_id", Integer, true),
            column(file, "full_name", Varchar(80), false),
            column(file, "birth_date", Date, false),
            column(file, "source_system", Varchar(10), false),
            column(file, "loaded_at", Timestamp, false),
        ],
        true,
    );
    let header = table(
        file,
        "stg.sales_header",
        vec![
            column(file, "txn_id", BigInt, true),
            column(file, "txn_ts", Timestamp, false),
            column(file, "payment_type", Varchar(10), false),
        ],
        true,
    );
    let line = table(
        file,
        "stg.sales_line",
        vec![
            column(file, "txn_id", BigInt, true),
            column(file, "line_no", SmallInt, true),
            column(file, "quantity", Integer, false),
        ],
        true,
    );
    let mut store = table(
        file,
        "stg.store",
        vec![
            column(file, "store_id", Integer, true),
            column(file, "store_name", Varchar(30), false),
            column(file, "open_date", Date, false),
        ],
        true,
    );
    store.columns[0].encode = Some("az64".into());
    let mut fact = table(
        file,
        "dw.fact_sales",
        vec![
            Column {
                identity: Some((1, 1)),
                ..column(file, "sale_key", BigInt, true)
            },
            Column {
                default: Some("GETDATE()".into()),
                ..column(file, "created_at", Timestamp, false)
            },
            column(file, "txn_id", BigInt, true),
            column(file, "user", Varchar(20), false),
        ],
        false,
    );
    fact.primary_key = vec!["sale_key".into()];
    fact.unique = vec![vec!["txn_id".into()]];
    fact.distkey = Some("txn_id".into());
    fact.sortkey = vec!["txn_id".into()];
    // Grants to each kind of grantee, so the Redshift re-parse sees every
    // GRANT form ddl.sql and the procedures' files carry.
    fact.select_grants = vec![
        Grantee::Group("analysts".into()),
        Grantee::User("bi".into()),
        Grantee::Role("reporting".into()),
    ];

    let product_fields = vec![
        field(file, "product_code", None, false),
        field(file, "list_price", None, false),
        field(file, "effective_date", None, false),
    ];
    let mut product_source = source(
        file,
        "product",
        pattern(file, "products.csv", vec![lit("products.csv")]),
        Format::Csv {
            delimiter: ',',
            quote: '"',
        },
        vec![SourceTarget {
            table: product.name.clone(),
            when: None,
            columns: values(&product, &product_fields, &[]),
            fields: product_fields,
            span: span(file),
        }],
    );
    product_source.nulls.string = Some("it's null".into());
    product_source.header_lines = 1;

    let customer_fields = vec![
        field(file, "customer_id", None, false),
        field(file, "legacy_code", None, true),
        field(file, "full_name", None, false),
        field(file, "birth_date", None, false),
    ];
    let mut customer_source = source(
        file,
        "customer",
        pattern(file, "customers.csv", vec![lit("customers.csv")]),
        Format::Csv {
            delimiter: ',',
            quote: '"',
        },
        vec![SourceTarget {
            table: customer.name.clone(),
            when: None,
            columns: values(
                &customer,
                &customer_fields,
                &[
                    ("source_system", Value::Constant("CRM".into())),
                    ("loaded_at", Value::LoadTimestamp),
                ],
            ),
            fields: customer_fields,
            span: span(file),
        }],
    );
    customer_source.date_format = Some("DD/MM/YYYY".into());
    customer_source.fill_missing = true;
    customer_source.max_errors = 100;

    let header_fields = vec![
        field(file, "rec_type", None, true),
        field(file, "txn_id", None, false),
        field(file, "txn_ts", None, false),
        field(file, "payment_type", None, false),
    ];
    let line_fields = vec![
        field(file, "rec_type", None, true),
        field(file, "txn_id", None, false),
        field(file, "line_no", None, false),
        field(file, "quantity", None, false),
        field(file, "unit_price", None, false),
    ];
    let mut sales = source(
        file,
        "sales",
        pattern(
            file,
            "sales_{business_day:YYYYMMDD}.txt",
            vec![
                lit("sales_"),
                cap("business_day", Some("YYYYMMDD")),
                lit(".txt"),
            ],
        ),
        Format::Delimited {
            delimiter: '|',
            escape: false,
        },
        vec![
            SourceTarget {
                table: header.name.clone(),
                when: Some(RecordCondition::Field {
                    name: "rec_type".into(),
                    equals: "H".into(),
                }),
                columns: values(&header, &header_fields, &[]),
                fields: header_fields,
                span: span(file),
            },
            SourceTarget {
                table: line.name.clone(),
                when: Some(RecordCondition::Position {
                    start: 1,
                    end: 1,
                    equals: "L".into(),
                }),
                columns: values(&line, &line_fields, &[]),
                fields: line_fields,
                span: span(file),
            },
        ],
    );
    sales.timestamp_format = Some("DD-MON-YYYY HH:MI:SS".into());
    sales.mode = LoadMode::Append;
    sales.header_lines = 1;

    let store_fields = vec![
        field(file, "store_id", Some((1, 5)), false),
        field(file, "store_name", Some((6, 35)), false),
        field(file, "open_date", Some((36, 43)), false),
    ];
    let mut store_source = source(
        file,
        "store",
        pattern(file, "stores.dat", vec![lit("stores.dat")]),
        Format::FixedWidth,
        vec![SourceTarget {
            table: store.name.clone(),
            when: None,
            columns: values(&store, &store_fields, &[]),
            fields: store_fields,
            span: span(file),
        }],
    );
    store_source.date_format = Some("YYYYMMDD".into());
    store_source.nulls.blanks = true;
    store_source.encoding = Encoding::Utf16Le;

    let pipeline = Pipeline {
        name: "retail_like".into(),
        description: None,
        alternative_to: None,
        dir: PathBuf::from("pipelines/retail_like"),
        file,
        dialect: Dialect::Oracle,
        backend: eltc::spec::model::Backend::Procedure,
        params: vec![Param {
            name: "business_day".into(),
            ty: Date,
            span: span(file),
        }],
        trigger: Trigger {
            bucket: None,
            notification: pattern(
                file,
                "incoming/retail/{business_day:YYYYMMDD}.ok",
                vec![
                    lit("incoming/retail/"),
                    cap("business_day", Some("YYYYMMDD")),
                    lit(".ok"),
                ],
            ),
            landing: pattern(
                file,
                "incoming/retail/{business_day}/",
                vec![lit("incoming/retail/"), cap("business_day", None), lit("/")],
            ),
        },
        redshift: RedshiftSettings {
            schema: "etl".into(),
            copy_role: CopyRole::Arn("arn:aws:iam::123456789012:role/eltc-copy".into()),
            copy_region: None,
            load_procedure: "load_retail_like".into(),
            transform_procedure: "transform_retail_like".into(),
            run_as: Some(Grantee::Role("etl_runner".into())),
        },
        sources: vec![product_source, customer_source, sales, store_source],
        tables: vec![product, customer, header, line, store, fact],
        transforms: vec![],
        tests: vec![],
    };
    (pipeline, sources)
}
