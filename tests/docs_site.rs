//! `eltc docs` (issue 15 item 11): the site of the example pipelines is
//! complete (a page per pipeline, every local link has its target), safe
//! (spec and SQL text escaped, nothing fetched from elsewhere) and
//! deterministic (the same bytes from any folder of the project); the
//! market_data page is snapshotted. The browser test is
//! tests/browser/test_docs_site.py (scripts/test).

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn eltc(args: &[&str], cwd: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_eltc"))
        .args(args)
        .current_dir(cwd)
        .output()
        .expect("run eltc")
}

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The site's files, by path relative to `dir`.
fn read_site(dir: &Path) -> BTreeMap<String, String> {
    let mut files = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(at) = stack.pop() {
        for entry in std::fs::read_dir(&at).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else {
                let name = path
                    .strip_prefix(dir)
                    .unwrap()
                    .to_string_lossy()
                    .into_owned();
                files.insert(name, std::fs::read_to_string(&path).unwrap());
            }
        }
    }
    files
}

/// The site of the example pipelines, written from `cwd`.
fn site_from(cwd: &Path) -> BTreeMap<String, String> {
    let out = tempfile::tempdir().unwrap();
    let output = eltc(&["docs", "--out", out.path().to_str().unwrap()], cwd);
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    read_site(out.path())
}

/// The values of `attribute="..."` in `html`.
fn attributes<'a>(html: &'a str, attribute: &str) -> Vec<&'a str> {
    let marker = format!(" {attribute}=\"");
    html.match_indices(&marker)
        .map(|(at, _)| {
            let rest = &html[at + marker.len()..];
            &rest[..rest.find('"').unwrap()]
        })
        .collect()
}

/// Open and close tags balance (void elements aside), in order.
fn tags_balance(html: &str) -> Result<(), String> {
    const VOID: &[&str] = &["meta", "link", "br", "!DOCTYPE"];
    let mut open: Vec<&str> = Vec::new();
    let mut rest = html;
    while let Some(at) = rest.find('<') {
        rest = &rest[at + 1..];
        let end = rest.find('>').ok_or("unclosed `<`")?;
        let tag = &rest[..end];
        let self_closed = tag.ends_with('/');
        let name = tag
            .trim_start_matches('/')
            .split(|c: char| c.is_whitespace() || c == '/')
            .next()
            .unwrap_or("");
        if let Some(closing) = tag.strip_prefix('/') {
            let closing = closing.trim();
            match open.pop() {
                Some(top) if top == closing => {}
                top => return Err(format!("`</{closing}>` closes `{top:?}`")),
            }
        } else if !self_closed && !VOID.contains(&name) {
            open.push(name);
        }
        rest = &rest[end + 1..];
    }
    if open.is_empty() {
        Ok(())
    } else {
        Err(format!("left open: {open:?}"))
    }
}

#[test]
fn the_site_has_a_page_per_pipeline_and_every_link_lands() {
    let site = site_from(&root());
    let pipelines = ["market_data", "market_data_plsql", "retail", "retail_plsql"];
    let expected: BTreeSet<String> = ["index.html", "style.css"]
        .into_iter()
        .map(String::from)
        .chain(pipelines.iter().map(|p| format!("pipelines/{p}.html")))
        .collect();
    assert_eq!(site.keys().cloned().collect::<BTreeSet<_>>(), expected);
    for (name, html) in site.iter().filter(|(n, _)| n.ends_with(".html")) {
        tags_balance(html).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert!(
            !html.contains("<script") && !html.contains(" src=\""),
            "{name}"
        );
        let dir = Path::new(name).parent().unwrap();
        for href in attributes(html, "href") {
            assert!(
                !href.contains("://"),
                "{name} links outside the site: {href}"
            );
            let (file, fragment) = href.split_once('#').unwrap_or((href, ""));
            let target = if file.is_empty() {
                name.clone()
            } else {
                normalize(&dir.join(file))
            };
            let page = site
                .get(&target)
                .unwrap_or_else(|| panic!("{name}: no file for `{href}`"));
            if !fragment.is_empty() {
                assert!(
                    page.contains(&format!(" id=\"{fragment}\"")),
                    "{name}: `{href}` has no target"
                );
            }
        }
    }
    let index = &site["index.html"];
    for pipeline in pipelines {
        assert!(index.contains(&format!("href=\"pipelines/{pipeline}.html\"")));
    }
    // market_data: its sources, tables, steps, tests and lineage are there.
    let page = &site["pipelines/market_data.html"];
    for id in [
        "s-eod_price",
        "t-olap.market_data",
        "c-olap.market_data.price_change",
        "step-market_data",
        "test-two_trading_days",
        "l-olap.market_data",
        "lc-olap.market_data.price_change",
    ] {
        assert!(page.contains(&format!(" id=\"{id}\"")), "no `{id}`");
    }
    // The target table's node leads to its entry, which lists its sources.
    assert!(page.contains("<a href=\"#l-olap.market_data\" class=\"node table\""));
    let entry = &page[page.find(" id=\"l-olap.market_data\"").unwrap()..];
    let from = &entry[entry.find("<ul class=\"from\">").unwrap()..];
    let from = &from[..from.find("</ul>").unwrap()];
    assert!(
        from.contains("href=\"#l-staging.eod_price\"")
            && from.contains("href=\"#l-staging.security_data\""),
        "{from}"
    );
}

/// `a/../b` -> `b`, with `/`.
fn normalize(path: &Path) -> String {
    let mut parts: Vec<String> = Vec::new();
    for component in path.components() {
        match component.as_os_str().to_string_lossy().as_ref() {
            ".." => {
                parts.pop();
            }
            "." => {}
            part => parts.push(part.to_string()),
        }
    }
    parts.join("/")
}

#[test]
fn the_site_is_the_same_from_any_folder_of_the_project() {
    let from_root = site_from(&root());
    let from_inside = site_from(&root().join("pipelines/market_data/transforms"));
    assert_eq!(from_root, from_inside);
    insta::assert_snapshot!(
        "docs_site_market_data",
        from_root["pipelines/market_data.html"]
    );
}

#[test]
fn spec_and_sql_text_is_escaped() {
    let project = tempfile::tempdir().unwrap();
    let root = project.path();
    assert!(eltc(&["new", "shop"], root).status.success());
    let spec_path = root.join("pipelines/shop/pipeline.yaml");
    let spec = std::fs::read_to_string(&spec_path).unwrap();
    let spec = spec.replace(
        "description: Orders of the day",
        "description: <script>alert(\"x\")</script> & Orders of the day",
    );
    std::fs::write(&spec_path, spec).unwrap();
    let sql_path = root.join("pipelines/shop/transforms/daily.sql");
    let sql = std::fs::read_to_string(&sql_path).unwrap();
    std::fs::write(&sql_path, format!("-- <img onerror='x'> a < b\n{sql}")).unwrap();
    let output = eltc(&["docs", "-q"], root);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(output.stderr.is_empty());
    let page = std::fs::read_to_string(root.join("target/eltc-docs/pipelines/shop.html")).unwrap();
    assert!(
        !page.contains("<script") && !page.contains("<img"),
        "{page}"
    );
    assert!(page.contains("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; Orders"));
    assert!(page.contains("-- &lt;img onerror=&#39;x&#39;&gt; a &lt; b"));
    tags_balance(&page).unwrap();
}
