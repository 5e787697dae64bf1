//! The JSON Schema of `pipeline.yaml`, generated from the raw spec types.
//!
//! `schema/pipeline.schema.json` is this function's output, committed so that
//! editors (yaml-language-server) can use it; a test fails when the file is
//! stale (regenerate with `UPDATE_SCHEMA=1 cargo test spec::schema`) and another
//! checks that every raw mapping's decoder key list equals its schema
//! properties, so the decoder and the schema cannot drift.

use schemars::generate::SchemaSettings;

use super::raw::RawPipeline;

/// The schema's `$id`.
const SCHEMA_ID: &str = "https://eltc.dev/schema/pipeline.schema.json";

/// The schema as pretty-printed JSON with a trailing newline.
pub fn generate() -> String {
    let generator = SchemaSettings::draft2020_12().into_generator();
    let mut schema = generator.into_root_schema_for::<RawPipeline>();
    schema.insert("$id".into(), SCHEMA_ID.into());
    let mut text = serde_json::to_string_pretty(&schema).unwrap_or_default();
    text.push('\n');
    text
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use serde_json::Value;

    use super::generate;
    use crate::spec::raw::{self, Keys};

    const SCHEMA_PATH: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/schema/pipeline.schema.json");

    #[test]
    fn committed_schema_is_up_to_date() {
        let generated = generate();
        if std::env::var_os("UPDATE_SCHEMA").is_some() {
            let path = Path::new(SCHEMA_PATH);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, &generated).unwrap();
        }
        let committed = std::fs::read_to_string(SCHEMA_PATH).unwrap_or_default();
        assert!(
            committed == generated,
            "schema/pipeline.schema.json is stale: regenerate it with `UPDATE_SCHEMA=1 cargo test spec::schema` and commit it"
        );
    }

    fn properties(schema: &Value, definition: &str) -> Vec<String> {
        let node = if definition == "Pipeline" {
            schema
        } else {
            &schema["$defs"][definition]
        };
        let mut names: Vec<String> = node["properties"]
            .as_object()
            .unwrap_or_else(|| panic!("no properties for {definition}"))
            .keys()
            .cloned()
            .collect();
        names.sort();
        names
    }

    fn check<T: Keys>(schema: &Value, definition: &str) {
        let mut keys: Vec<String> = T::KEYS.iter().map(|k| (*k).to_string()).collect();
        keys.sort();
        assert_eq!(
            keys,
            properties(schema, definition),
            "decoder keys of `{definition}` differ from the schema"
        );
    }

    #[test]
    fn decoder_keys_match_schema_properties() {
        let schema: Value = serde_json::from_str(&generate()).unwrap();
        check::<raw::RawPipeline>(&schema, "Pipeline");
        check::<raw::RawTrigger>(&schema, "Trigger");
        check::<raw::RawRedshift>(&schema, "Redshift");
        check::<raw::RawSource>(&schema, "Source");
        check::<raw::RawFormat>(&schema, "Format");
        check::<raw::RawNulls>(&schema, "Nulls");
        check::<raw::RawTarget>(&schema, "Target");
        check::<raw::RawWhenField>(&schema, "WhenField");
        check::<raw::RawWhenPosition>(&schema, "WhenPosition");
        check::<raw::RawFieldSpec>(&schema, "FieldSpec");
        check::<raw::RawValueField>(&schema, "ValueField");
        check::<raw::RawValueConstant>(&schema, "ValueConstant");
        check::<raw::RawValueExpr>(&schema, "ValueExpr");
        check::<raw::RawTable>(&schema, "Table");
        check::<raw::RawColumnSpec>(&schema, "ColumnSpec");
        check::<raw::RawTransform>(&schema, "Transform");
        check::<raw::RawDeleteInsert>(&schema, "DeleteInsert");
        check::<raw::RawMerge>(&schema, "Merge");
        check::<raw::RawMinRows>(&schema, "MinRows");
        check::<raw::RawUnique>(&schema, "Unique");
        check::<raw::RawNoRows>(&schema, "NoRows");
        check::<raw::RawTest>(&schema, "Test");
        check::<raw::RawBatch>(&schema, "Batch");
        check::<raw::RawExpect>(&schema, "Expect");
        check::<raw::RawAllow>(&schema, "Allow");
    }
}
