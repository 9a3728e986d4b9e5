//! Embeds every `rules/*.toml` pack and `rules/lexicons/*.txt` lexicon in the library.

use std::fmt::Write;
use std::path::Path;

fn list(dir: &Path, ext: &str) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = std::fs::read_dir(dir)
        .map(|rd| {
            rd.filter_map(|e| e.ok())
                .map(|e| e.path())
                .filter(|p| p.extension().is_some_and(|e| e == ext))
                .map(|p| {
                    let stem = p.file_stem().unwrap().to_string_lossy().into_owned();
                    (stem, p.canonicalize().unwrap().display().to_string())
                })
                .collect()
        })
        .unwrap_or_default();
    out.sort();
    out
}

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let rules = root.join("rules");
    let lex = rules.join("lexicons");
    println!("cargo:rerun-if-changed={}", rules.display());
    println!("cargo:rerun-if-changed={}", lex.display());
    let mut src = String::new();
    // Fixed order: the catalog's category order.
    let order = ["phi", "patient-status", "tone", "solicitation"];
    let mut packs = list(&rules, "toml");
    packs.sort_by_key(|(n, _)| order.iter().position(|o| o == n).unwrap_or(order.len()));
    src.push_str("/// Built-in packs: (id, TOML).\npub(crate) const PACKS: &[(&str, &str)] = &[\n");
    for (name, path) in &packs {
        println!("cargo:rerun-if-changed={path}");
        writeln!(src, "    ({name:?}, include_str!({path:?})),").unwrap();
    }
    src.push_str("];\n/// Built-in lexicons: (name, text).\npub(crate) const LEXICONS: &[(&str, &str)] = &[\n");
    for (name, path) in list(&lex, "txt") {
        println!("cargo:rerun-if-changed={path}");
        writeln!(src, "    ({name:?}, include_str!({path:?})),").unwrap();
    }
    src.push_str("];\n");
    let out = Path::new(&std::env::var("OUT_DIR").unwrap()).join("builtin.rs");
    std::fs::write(out, src).unwrap();
}
