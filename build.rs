//! Embeds every `rules/*.toml` pack and `rules/lexicons/*.txt` lexicon in the library, with the
//! gate analysis of every regex in them (so a `Linter` need not parse hundreds of regexes).

#[allow(dead_code)]
#[path = "src/gate.rs"]
mod gate;

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
    let out_dir = Path::new(&std::env::var("OUT_DIR").unwrap()).to_path_buf();
    src.push_str(
        "/// Built-in packs: (id, TOML, the TOML with its `[[test]]` tables blanked).\n\
         pub(crate) const PACKS: &[(&str, &str, &str)] = &[\n",
    );
    for (name, path) in &packs {
        println!("cargo:rerun-if-changed={path}");
        let rules_only = out_dir.join(format!("{name}.rules.toml"));
        let text = std::fs::read_to_string(path).unwrap();
        std::fs::write(&rules_only, without_cases(&text)).unwrap();
        let rules_only = rules_only.display().to_string();
        writeln!(
            src,
            "    ({name:?}, include_str!({path:?}), include_str!({rules_only:?})),"
        )
        .unwrap();
    }
    src.push_str("];\n/// Built-in lexicons: (name, text).\npub(crate) const LEXICONS: &[(&str, &str)] = &[\n");
    let mut regexes = std::collections::BTreeSet::new();
    for (_, path) in &packs {
        let text = std::fs::read_to_string(path).unwrap();
        let value =
            toml::Value::Table(toml::from_str(&text).unwrap_or_else(|e| panic!("{path}: {e}")));
        pack_regexes(&value, &mut regexes);
    }
    for (name, path) in list(&lex, "txt") {
        println!("cargo:rerun-if-changed={path}");
        writeln!(src, "    ({name:?}, include_str!({path:?})),").unwrap();
        // As `pack::lexicon_terms` reads a lexicon.
        let text = std::fs::read_to_string(&path).unwrap();
        regexes.extend(
            text.lines()
                .map(|l| l.split('#').next().unwrap_or("").trim())
                .filter_map(|l| l.strip_prefix("re:"))
                .map(str::to_string),
        );
    }
    src.push_str("];\n");
    write_gates(&mut src, &regexes);
    let out = out_dir.join("builtin.rs");
    std::fs::write(out, src).unwrap();
}

/// `text` with every `[[test]]` table's lines left empty: a `Linter` never reads the cases,
/// which are a third of the built-in packs' bytes (and of their parse time), and blank lines
/// keep every rule's line number. Knows TOML only as far as our packs need: a table runs to the
/// next header line outside a multi-line string. (`pack::tests` checks the result parses to the
/// same rules.)
fn without_cases(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let (mut in_case, mut in_string) = (false, false);
    for line in text.split_inclusive('\n') {
        if !in_string && line.starts_with('[') {
            in_case = line.trim_end() == "[[test]]";
        }
        let quotes = line.matches("\"\"\"").count() + line.matches("'''").count();
        in_string ^= quotes % 2 == 1;
        out.push_str(if in_case { "\n" } else { line });
    }
    out
}

/// Every `re:` string anywhere in a pack.
fn pack_regexes(value: &toml::Value, out: &mut std::collections::BTreeSet<String>) {
    match value {
        toml::Value::String(s) => {
            if let Some(re) = s.strip_prefix("re:") {
                out.insert(re.to_string());
            }
        }
        toml::Value::Array(a) => a.iter().for_each(|v| pack_regexes(v, out)),
        toml::Value::Table(t) => t.values().for_each(|v| pack_regexes(v, out)),
        _ => {}
    }
}

/// `GATES`: (source, gate kind, gate literals, factors) per regex, sorted by source. Gate kind:
/// 0 none, 1 prefix, 2 suffix.
fn write_gates(src: &mut String, regexes: &std::collections::BTreeSet<String>) {
    src.push_str(
        "/// Gate analysis of the built-in regexes, by source.\n\
         #[allow(clippy::type_complexity)]\n\
         pub(crate) const GATES: &[(&str, u8, &[&[u8]], &[&[&[u8]]])] = &[\n",
    );
    for re in regexes {
        let lits = gate::analyse(re);
        let (kind, gate_lits) = match &lits.gate {
            Some((gate::Gate::Prefix, v)) => (1, v.clone()),
            Some((gate::Gate::Suffix, v)) => (2, v.clone()),
            _ => (0, Vec::new()),
        };
        let set = |v: &[Vec<u8>]| {
            let items: Vec<String> = v.iter().map(|l| format!("&{l:?}")).collect();
            format!("&[{}]", items.join(","))
        };
        let factors: Vec<String> = lits.factors.iter().map(|f| set(f)).collect();
        writeln!(
            src,
            "    ({re:?}, {kind}, {}, &[{}]),",
            set(&gate_lits),
            factors.join(",")
        )
        .unwrap();
    }
    src.push_str("];\n");
}
