//! The minijinja templates of the generated SQL files.
//!
//! Built-ins are `templates/redshift/*.sql.j2` and
//! `templates/cloudformation/template.yaml.j2`, compiled into the binary. A
//! directory given with `eltc build --templates DIR` replaces any of them by
//! the file of the same name in DIR (`ddl.sql.j2`, `load.sql.j2`,
//! `transform.sql.j2`, `template.yaml.j2`); the others stay built in. Undefined variables are
//! errors (strict), so a template and its view struct cannot drift apart
//! silently. Templates see only the view structs of [`super::redshift`],
//! never the model. No I/O here: the CLI reads DIR's files and hands their
//! texts to [`Templates::with_overrides`].

use minijinja::{Environment, UndefinedBehavior};
use serde::Serialize;

/// Names and built-in texts of the templates.
pub const BUILTIN: &[(&str, &str)] = &[
    (
        "ddl.sql.j2",
        include_str!("../../templates/redshift/ddl.sql.j2"),
    ),
    (
        "load.sql.j2",
        include_str!("../../templates/redshift/load.sql.j2"),
    ),
    (
        "transform.sql.j2",
        include_str!("../../templates/redshift/transform.sql.j2"),
    ),
    (
        "template.yaml.j2",
        include_str!("../../templates/cloudformation/template.yaml.j2"),
    ),
];

/// A template failed to load or render.
#[derive(Debug, thiserror::Error)]
#[error("template `{name}`: {message}")]
pub struct TemplateError {
    /// The template's file name.
    pub name: String,
    /// What went wrong (minijinja's message, with line).
    pub message: String,
}

/// The set of templates a build renders with.
pub struct Templates {
    env: Environment<'static>,
}

impl Templates {
    /// The built-in templates.
    pub fn builtin() -> Self {
        Self::with(
            BUILTIN
                .iter()
                .map(|(name, text)| (name.to_string(), text.to_string()))
                .collect(),
        )
        .unwrap_or_else(|_| Self { env: environment() })
    }

    /// The built-ins, each replaced by the text `overrides` gives for its
    /// name (`(name, text)` pairs; names not in [`BUILTIN`] are ignored).
    pub fn with_overrides(overrides: &[(String, String)]) -> Result<Self, TemplateError> {
        let texts = BUILTIN
            .iter()
            .map(|(name, builtin)| {
                let text = overrides
                    .iter()
                    .find(|(n, _)| n == name)
                    .map_or(*builtin, |(_, text)| text.as_str());
                (name.to_string(), text.to_string())
            })
            .collect();
        Self::with(texts)
    }

    fn with(texts: Vec<(String, String)>) -> Result<Self, TemplateError> {
        let mut env = environment();
        for (name, text) in texts {
            env.add_template_owned(name.clone(), text)
                .map_err(|e| TemplateError {
                    name,
                    message: format!("{e:#}"),
                })?;
        }
        Ok(Self { env })
    }

    /// Renders template `name` with `view`.
    pub fn render<V: Serialize>(&self, name: &str, view: &V) -> Result<String, TemplateError> {
        let error = |e: minijinja::Error| TemplateError {
            name: name.to_string(),
            message: format!("{e:#}"),
        };
        let template = self.env.get_template(name).map_err(error)?;
        let mut text = template.render(view).map_err(error)?;
        // One trailing newline whatever the template ends with: stable diffs.
        while text.ends_with('\n') {
            text.pop();
        }
        text.push('\n');
        // A build holds every pipeline's files until all compile; rendering
        // leaves up to half the buffer unused.
        text.shrink_to_fit();
        Ok(text)
    }
}

fn environment() -> Environment<'static> {
    let mut env = Environment::new();
    env.set_undefined_behavior(UndefinedBehavior::Strict);
    env.set_trim_blocks(true);
    env.set_lstrip_blocks(true);
    env.set_keep_trailing_newline(true);
    // A double-quoted YAML scalar (JSON string syntax is valid YAML), so text
    // from a spec never changes the structure of template.yaml.
    env.add_filter("yaml_string", |text: String| {
        serde_json::to_string(&text).unwrap_or_default()
    });
    env
}
