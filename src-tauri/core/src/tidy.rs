//! The tidy test: the core's layers point one way. It reads the layer list in ARCHITECTURE.md and
//! the `crate::…`/`super::…` paths of every non-test source file, and fails when a module names a
//! module of a higher layer, when modules import each other (a cycle, at file level), when a
//! top-level module is in no layer, when a file does not open with a `//!` sentence, or when
//! ARCHITECTURE.md's code map does not name a file of the tree.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// A module path inside the crate: `["consent", "returns"]`; the crate root is `[]`.
type ModPath = Vec<String>;

/// One source file, reduced to what the checks read.
#[derive(Debug, Clone)]
struct Source {
    module: ModPath,
    /// `foo/mod.rs` or `lib.rs`: its `super` is one level higher than a plain file's.
    is_folder_face: bool,
    /// The text without its `#[cfg(test)]` tail.
    code: String,
}

/// What a tree breaks, one French-free line per problem (it is read by developers).
fn problems(sources: &[Source], layers: &[Vec<String>], architecture: &str, file_names: &[String]) -> Vec<String> {
    let mut out = Vec::new();
    let layer_of = |top: &str| layers.iter().position(|layer| layer.iter().any(|m| m == top));
    let modules: BTreeSet<ModPath> = sources.iter().map(|s| s.module.clone()).collect();
    let reexports = reexports(sources);

    let mut edges: BTreeMap<ModPath, BTreeSet<ModPath>> = BTreeMap::new();
    for source in sources {
        if source.module.is_empty() {
            continue; // lib.rs declares the modules; it imports nothing of its own.
        }
        let top = &source.module[0];
        let Some(own_layer) = layer_of(top) else {
            out.push(format!("module `{top}` is in no layer of ARCHITECTURE.md"));
            continue;
        };
        if !source.code.trim_start().starts_with("//!") {
            out.push(format!("{} does not open with a `//!` sentence", source.module.join("::")));
        }
        for path in imported_paths(source) {
            let target = resolve(&path, &modules, &reexports);
            if target.is_empty() || target == source.module || source.module.starts_with(&target) {
                continue; // the crate root, itself, or its own folder's face
            }
            if target.len() == 1 && source.is_folder_face && source.module == target {
                continue;
            }
            let target_top = &target[0];
            if target_top != top {
                match layer_of(target_top) {
                    Some(target_layer) if target_layer > own_layer => out.push(format!(
                        "{} (layer {}) imports {} (layer {}): layers point down only",
                        source.module.join("::"),
                        own_layer + 1,
                        target.join("::"),
                        target_layer + 1
                    )),
                    None => out.push(format!("module `{target_top}` is in no layer of ARCHITECTURE.md")),
                    _ => {}
                }
            }
            // A folder's children naming their own face (`super::Item`) is not a dependency.
            let own_face = source.module[..source.module.len() - 1].to_vec();
            if target != own_face || source.is_folder_face {
                edges.entry(source.module.clone()).or_default().insert(target);
            }
        }
    }
    for cycle in cycles(&edges) {
        let names: Vec<String> = cycle.iter().map(|m| m.join("::")).collect();
        out.push(format!("modules import each other: {}", names.join(" → ")));
    }
    for name in file_names {
        if !architecture.contains(name.as_str()) {
            out.push(format!("ARCHITECTURE.md does not name `{name}`"));
        }
    }
    out.sort();
    out.dedup();
    out
}

/// `pub use child::{A, B}` in a folder's face: `(folder, A)` → `folder::child`.
fn reexports(sources: &[Source]) -> BTreeMap<(ModPath, String), ModPath> {
    let mut out = BTreeMap::new();
    for source in sources.iter().filter(|s| s.is_folder_face) {
        for statement in use_statements(&source.code, true) {
            for path in expand(&statement) {
                let mut segments: Vec<&str> = path.split("::").collect();
                let Some(item) = segments.pop() else { continue };
                if segments.first() == Some(&"crate") || segments.is_empty() {
                    continue;
                }
                let mut child = source.module.clone();
                child.extend(segments.iter().map(|s| s.to_string()));
                out.insert((source.module.clone(), item.to_string()), child);
            }
        }
    }
    out
}

/// The module a path names: its longest prefix that is a module, through one re-export.
fn resolve(path: &[String], modules: &BTreeSet<ModPath>, reexports: &BTreeMap<(ModPath, String), ModPath>) -> ModPath {
    for len in (0..=path.len()).rev() {
        let prefix = path[..len].to_vec();
        if modules.contains(&prefix) {
            if let Some(item) = path.get(len) {
                if let Some(child) = reexports.get(&(prefix.clone(), item.clone())) {
                    if modules.contains(child) {
                        return child.clone();
                    }
                }
            }
            return prefix;
        }
    }
    Vec::new()
}

/// Every `crate::…` and `super::…` path of a file, absolute.
fn imported_paths(source: &Source) -> Vec<Vec<String>> {
    let parent: ModPath = if source.is_folder_face {
        source.module[..source.module.len().saturating_sub(1)].to_vec()
    } else {
        source.module[..source.module.len() - 1].to_vec()
    };
    let own_folder: ModPath = if source.is_folder_face { source.module.clone() } else { parent.clone() };
    let mut out = Vec::new();
    let mut statements = use_statements(&source.code, false);
    statements.extend(inline_paths(&source.code));
    for statement in statements {
        for path in expand(&statement) {
            let mut segments: Vec<String> = path.split("::").map(str::to_string).collect();
            let absolute = match segments.first().map(String::as_str) {
                Some("crate") => segments.split_off(1),
                Some("super") => {
                    let mut base = parent.clone();
                    let mut rest = segments.split_off(1);
                    while rest.first().map(String::as_str) == Some("super") {
                        base.pop();
                        rest.remove(0);
                    }
                    base.extend(rest);
                    base
                }
                Some("self") => {
                    let mut base = own_folder.clone();
                    base.extend(segments.split_off(1));
                    base
                }
                _ => continue,
            };
            out.push(absolute.into_iter().filter(|s| s != "self" && s != "*").collect());
        }
    }
    out
}

/// The bodies of `use …;` statements (only `pub use` when `public_only`), each on one line.
fn use_statements(code: &str, public_only: bool) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = code;
    while let Some(start) = rest.find("use ") {
        let before = &rest[..start];
        let prefix = before[before.rfind('\n').map_or(0, |i| i + 1)..].trim();
        let Some(end) = rest[start..].find(';') else { break };
        let is_statement = prefix.is_empty() || prefix == "pub" || prefix.starts_with("pub(");
        if is_statement && (!public_only || prefix.starts_with("pub")) {
            let body = &rest[start + 4..start + end];
            out.push(body.split_whitespace().collect::<Vec<_>>().join(" "));
        }
        rest = &rest[start + end..];
    }
    out
}

/// `crate::a::b` written inside code rather than in a `use`.
fn inline_paths(code: &str) -> Vec<String> {
    let mut out = Vec::new();
    for (index, _) in code.match_indices("crate::") {
        let before = code[..index].chars().last();
        if before.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == ':') {
            continue;
        }
        let path: String =
            code[index..].chars().take_while(|c| c.is_alphanumeric() || *c == '_' || *c == ':').collect();
        out.push(path.trim_end_matches(':').to_string());
    }
    out
}

/// `a::{b, c::{d, e}}` → `a::b`, `a::c::d`, `a::c::e` (renames dropped).
fn expand(statement: &str) -> Vec<String> {
    let statement = statement.trim();
    let Some(open) = statement.find('{') else {
        return vec![statement.split(" as ").next().unwrap_or_default().trim().to_string()];
    };
    let head = statement[..open].trim_end_matches("::").trim();
    let inner = &statement[open + 1..statement.rfind('}').unwrap_or(statement.len())];
    let mut parts = Vec::new();
    let (mut depth, mut current) = (0, String::new());
    for c in inner.chars() {
        match c {
            '{' => depth += 1,
            '}' => depth -= 1,
            ',' if depth == 0 => {
                parts.push(std::mem::take(&mut current));
                continue;
            }
            _ => {}
        }
        current.push(c);
    }
    parts.push(current);
    parts
        .iter()
        .filter(|p| !p.trim().is_empty())
        .flat_map(|p| expand(p))
        .map(|tail| if tail == "self" { head.to_string() } else { format!("{head}::{tail}") })
        .collect()
}

/// The cycles of the graph (its strongly connected components of two modules or more).
fn cycles(edges: &BTreeMap<ModPath, BTreeSet<ModPath>>) -> Vec<Vec<ModPath>> {
    // Tarjan, iteratively small enough to be recursive here (a few hundred files).
    struct Walk<'a> {
        edges: &'a BTreeMap<ModPath, BTreeSet<ModPath>>,
        index: BTreeMap<ModPath, usize>,
        low: BTreeMap<ModPath, usize>,
        stack: Vec<ModPath>,
        on_stack: BTreeSet<ModPath>,
        found: Vec<Vec<ModPath>>,
    }
    fn visit(walk: &mut Walk, node: &ModPath) {
        let n = walk.index.len();
        walk.index.insert(node.clone(), n);
        walk.low.insert(node.clone(), n);
        walk.stack.push(node.clone());
        walk.on_stack.insert(node.clone());
        let next: Vec<ModPath> = walk.edges.get(node).map(|s| s.iter().cloned().collect()).unwrap_or_default();
        for target in next {
            if !walk.index.contains_key(&target) {
                visit(walk, &target);
                let low = walk.low[node].min(walk.low[&target]);
                walk.low.insert(node.clone(), low);
            } else if walk.on_stack.contains(&target) {
                let low = walk.low[node].min(walk.index[&target]);
                walk.low.insert(node.clone(), low);
            }
        }
        if walk.low[node] == walk.index[node] {
            let mut component = Vec::new();
            while let Some(top) = walk.stack.pop() {
                walk.on_stack.remove(&top);
                let done = &top == node;
                component.push(top);
                if done {
                    break;
                }
            }
            if component.len() > 1 {
                component.sort();
                walk.found.push(component);
            }
        }
    }
    let mut walk = Walk {
        edges,
        index: BTreeMap::new(),
        low: BTreeMap::new(),
        stack: Vec::new(),
        on_stack: BTreeSet::new(),
        found: Vec::new(),
    };
    for node in edges.keys() {
        if !walk.index.contains_key(node) {
            visit(&mut walk, node);
        }
    }
    walk.found
}

/// The layer list: the lines of the ```layers block of ARCHITECTURE.md, bottom first, each
/// `N. name — what` with its modules in backquotes.
fn layers(architecture: &str) -> Vec<Vec<String>> {
    let Some(start) = architecture.find("```layers") else { return Vec::new() };
    let body = &architecture[start + "```layers".len()..];
    let body = &body[..body.find("```").unwrap_or(body.len())];
    body.lines()
        .filter(|line| !line.trim().is_empty())
        .map(|line| line.split('`').skip(1).step_by(2).map(str::to_string).collect())
        .collect()
}

/// The crate's source files, test-only files left out (declared under `#[cfg(test)]`).
fn read_tree(src: &Path) -> Vec<Source> {
    let mut files = Vec::new();
    collect(src, &mut files);
    let test_only = test_only_modules(src, &files);
    files
        .iter()
        .filter_map(|path| {
            let module = module_of(src, path);
            if test_only.iter().any(|t| module.starts_with(t)) {
                return None;
            }
            let text = std::fs::read_to_string(path).expect("source file reads");
            let code = match text.find("\n#[cfg(test)]\nmod ") {
                Some(cut) => text[..cut].to_string(),
                None => text,
            };
            let name = path.file_name().and_then(|n| n.to_str()).unwrap_or_default();
            Some(Source { module, is_folder_face: name == "mod.rs" || name == "lib.rs", code })
        })
        .collect()
}

fn collect(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<PathBuf> =
        std::fs::read_dir(dir).expect("folder reads").map(|e| e.expect("entry").path()).collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            collect(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

fn module_of(src: &Path, path: &Path) -> ModPath {
    let relative = path.strip_prefix(src).expect("inside src");
    let mut parts: Vec<String> =
        relative.iter().map(|p| p.to_string_lossy().trim_end_matches(".rs").to_string()).collect();
    if matches!(parts.last().map(String::as_str), Some("mod" | "lib")) {
        parts.pop();
    }
    parts
}

/// Modules declared right under a `#[cfg(test)]` line: `mod x;` or `pub(crate) mod x;`.
fn test_only_modules(src: &Path, files: &[PathBuf]) -> Vec<ModPath> {
    let mut out = Vec::new();
    for path in files {
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or_default();
        let folder = {
            let mut m = module_of(src, path);
            if name != "mod.rs" && name != "lib.rs" {
                m.pop();
            }
            m
        };
        let text = std::fs::read_to_string(path).expect("source file reads");
        let lines: Vec<&str> = text.lines().collect();
        for pair in lines.windows(2) {
            if pair[0].trim() != "#[cfg(test)]" {
                continue;
            }
            let declared = pair[1].trim().trim_start_matches("pub(crate) ").trim_start_matches("pub ");
            if let Some(name) = declared.strip_prefix("mod ").and_then(|r| r.strip_suffix(';')) {
                let mut module = folder.clone();
                module.push(name.to_string());
                out.push(module);
            }
        }
    }
    out
}

#[test]
fn layers_point_one_way_and_architecture_names_every_file() {
    let core = Path::new(env!("CARGO_MANIFEST_DIR"));
    let architecture = std::fs::read_to_string(core.join("../../ARCHITECTURE.md")).expect("ARCHITECTURE.md");
    let layers = layers(&architecture);
    assert!(layers.len() >= 5, "ARCHITECTURE.md has a ```layers block listing the core's layers");
    let sources = read_tree(&core.join("src"));
    assert!(sources.len() > 50, "the tree was read ({} files)", sources.len());
    let mut names: Vec<String> = Vec::new();
    let mut all = Vec::new();
    collect(&core.join("src"), &mut all);
    for path in &all {
        let relative = path.strip_prefix(core.join("src")).unwrap().to_string_lossy().to_string();
        let shown = match relative.rsplit_once('/') {
            // `mod.rs` of a folder is named through its folder, `register/`.
            Some((folder, "mod.rs")) => format!("{folder}/"),
            Some((_, file)) => file.to_string(),
            None => relative,
        };
        names.push(shown);
    }
    names.sort();
    names.dedup();
    let found = problems(&sources, &layers, &architecture, &names);
    assert!(found.is_empty(), "the tree breaks its layers:\n{}", found.join("\n"));
}

/// The checker itself can fail: a planted upward import, a planted cycle, a module in no layer.
#[test]
fn the_checker_finds_an_upward_import_and_a_cycle() {
    let source = |module: &str, face: bool, code: &str| Source {
        module: module.split("::").map(str::to_string).collect(),
        is_folder_face: face,
        code: format!("//! A file.\n{code}"),
    };
    let layers = vec![vec!["error".to_string()], vec!["store".to_string()], vec!["consent".to_string()]];
    let tidy = vec![
        source("error", false, "use std::fmt;\n"),
        source("store", false, "use crate::error::Error;\n"),
        source("consent", true, "mod returns;\npub use returns::record;\n"),
        source("consent::returns", false, "use super::ledger;\nuse crate::store::{Db, self};\n"),
        source("consent::ledger", false, "use crate::{error::Error, store::Db};\n"),
        source("consent::sheet", false, "pub struct Sheet;\n"),
    ];
    let none: Vec<String> = Vec::new();
    assert_eq!(problems(&tidy, &layers, "", &none), none, "a tidy tree passes");

    let mut upward = tidy.clone();
    upward[1] = source("store", false, "use crate::error::Error;\nfn f(_: crate::consent::sheet::Sheet) {}\n");
    let found = problems(&upward, &layers, "", &none);
    assert_eq!(found, vec!["store (layer 2) imports consent::sheet (layer 3): layers point down only"]);

    let mut through_reexport = tidy.clone();
    through_reexport[0] = source("error", false, "fn f() { crate::consent::record(); }\n");
    let found = problems(&through_reexport, &layers, "", &none);
    assert!(
        found.contains(&"error (layer 1) imports consent::returns (layer 3): layers point down only".to_string()),
        "{found:?}"
    );
    assert!(
        found.iter().any(|p| p.starts_with("modules import each other: consent::ledger → consent::returns")),
        "{found:?}"
    );

    let mut cycle = tidy.clone();
    cycle[4] = source("consent::ledger", false, "use super::returns::Thing;\n");
    let found = problems(&cycle, &layers, "", &none);
    assert_eq!(found, vec!["modules import each other: consent::ledger → consent::returns".to_string()]);

    let mut stray = tidy.clone();
    stray.push(source("report", false, "use crate::store::{\n    Db,\n};\n"));
    assert_eq!(problems(&stray, &layers, "", &none), vec!["module `report` is in no layer of ARCHITECTURE.md"]);

    let found = problems(&tidy, &layers, "`error.rs`", &["error.rs".to_string(), "store.rs".to_string()]);
    assert_eq!(found, vec!["ARCHITECTURE.md does not name `store.rs`"]);
}
