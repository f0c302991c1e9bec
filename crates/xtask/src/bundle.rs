//! `cargo xtask build`: the browser bundle in `dist/`, built here rather
//! than by Trunk because the wasm is split into chunks between linking and
//! wasm-bindgen:
//!
//! 1. `cargo build -p kterm-web` for wasm32 (profile `wasm-release`; the
//!    crate's build.rs links with `--emit-relocs`, which the splitter needs);
//! 2. the splitter (`wasm_split_cli_support`, as a library): the main
//!    module, one chunk per `#[wasm_split]` family (crates/kterm-web/src/
//!    families.rs), chunks of code shared by families, and the JS that
//!    fetches them (`kterm-split.js`);
//! 3. wasm-bindgen on the main module, `wasm-opt -Oz` on every module;
//! 4. content-hashed names for everything generated (one hash of the whole
//!    build: any change to the Rust code moves every function index, so the
//!    modules change together); `kterm.js`, the CSS, xterm.js and the
//!    examples keep their names (host pages and embed.js load them by name);
//! 5. every text and wasm file also as `.br` (quality 11) and `.gz`
//!    (level 9), which kterm-server sends as they are
//!    (`ServeDir::precompressed_br/gzip`).

use std::collections::BTreeMap;
use std::hash::Hasher;
use std::io::Write;
use std::path::{Path, PathBuf};

use crate::util::{cargo, cmd, path_with_tools, root, run};

/// The wasm the linker writes.
const LINKED: &str = "target/wasm32-unknown-unknown/wasm-release/kterm-web.wasm";
/// Intermediate files.
const WORK: &str = "target/kterm-bundle";
/// The splitter's loader module (imported by the main module).
const SPLIT_JS: &str = "kterm-split";

/// Files copied as they are: (source, name in dist/).
const STATIC_FILES: &[(&str, &str)] = &[
    ("web/node_modules/@xterm/xterm/lib/xterm.mjs", "xterm.mjs"),
    (
        "web/node_modules/@xterm/addon-fit/lib/addon-fit.mjs",
        "addon-fit.mjs",
    ),
    (
        "web/node_modules/@xterm/addon-web-links/lib/addon-web-links.mjs",
        "addon-web-links.mjs",
    ),
    (
        "web/node_modules/@xterm/addon-unicode11/lib/addon-unicode11.mjs",
        "addon-unicode11.mjs",
    ),
    ("web/node_modules/@xterm/xterm/css/xterm.css", "xterm.css"),
    ("web/kterm.css", "kterm.css"),
    ("web/page.css", "page.css"),
];

/// Builds the release bundle into dist/.
pub fn build() -> Result<(), String> {
    let root = root();
    run(cargo().args([
        "build",
        "-p",
        "kterm-web",
        "--bin",
        "kterm-web",
        "--target",
        "wasm32-unknown-unknown",
        "--profile",
        "wasm-release",
    ]))?;
    let work = root.join(WORK);
    let _ = std::fs::remove_dir_all(&work);
    let split_dir = work.join("split");
    let bindgen_dir = work.join("bindgen");
    std::fs::create_dir_all(&split_dir).map_err(|e| e.to_string())?;

    eprintln!("xtask: splitting the wasm into the main module and the families' chunks");
    let linked = std::fs::read(root.join(LINKED)).map_err(|e| format!("{LINKED}: {e}"))?;
    let main_wasm = split_dir.join("kterm-web.wasm");
    let link_name = format!("./{SPLIT_JS}.js");
    {
        let mut opts = wasm_split_cli_support::Options::new(&linked);
        opts.output_dir = &split_dir;
        opts.main_out_path = &main_wasm;
        opts.link_name = &link_name;
        opts.main_module = "./kterm-web.js";
        wasm_split_cli_support::transform(opts).map_err(|e| format!("wasm split: {e:?}"))?;
    }

    run(cmd("wasm-bindgen")
        .env("PATH", path_with_tools())
        // --keep-lld-exports: the chunks import the main module's
        // function table (`__indirect_function_table`).
        .args([
            "--target",
            "web",
            "--no-typescript",
            "--keep-lld-exports",
            "--out-dir",
        ])
        .arg(&bindgen_dir)
        .arg(&main_wasm))?;

    // Every module after wasm-opt, by its name without `.wasm`.
    let mut modules: BTreeMap<String, Vec<u8>> = BTreeMap::new();
    let mut to_opt = vec![(
        "kterm-web_bg".to_string(),
        bindgen_dir.join("kterm-web_bg.wasm"),
    )];
    for entry in std::fs::read_dir(&split_dir).map_err(|e| e.to_string())? {
        let path = entry.map_err(|e| e.to_string())?.path();
        let name = file_name(&path);
        if let Some(stem) = name.strip_suffix(".wasm") {
            if stem != "kterm-web" {
                to_opt.push((stem.to_string(), path));
            }
        }
    }
    for (stem, path) in to_opt {
        let out = work.join(format!("{stem}.opt.wasm"));
        run(cmd("wasm-opt")
            .env("PATH", path_with_tools())
            .args(WASM_OPT_ARGS)
            .arg(&path)
            .arg("-o")
            .arg(&out))?;
        modules.insert(stem, std::fs::read(&out).map_err(|e| e.to_string())?);
    }
    let glue = read_text(&bindgen_dir.join("kterm-web.js"))?;
    let split_js = read_text(&split_dir.join(format!("{SPLIT_JS}.js")))?;

    // One hash over everything generated.
    let mut h = std::hash::DefaultHasher::new();
    for (name, data) in &modules {
        h.write(name.as_bytes());
        h.write(data);
    }
    h.write(glue.as_bytes());
    h.write(split_js.as_bytes());
    let hash = format!("{:016x}", h.finish());
    let hashed = |stem: &str, ext: &str| match stem.strip_suffix("_bg") {
        Some(base) => format!("{base}-{hash}_bg.{ext}"),
        None => format!("{stem}-{hash}.{ext}"),
    };

    let dist = root.join("dist");
    let _ = std::fs::remove_dir_all(&dist);
    std::fs::create_dir_all(&dist).map_err(|e| e.to_string())?;
    let main_js = hashed("kterm-web", "js");
    let main_wasm = hashed("kterm-web_bg", "wasm");
    let split_name = hashed(SPLIT_JS, "js");

    let mut split_out = split_js.replace("\"./kterm-web.js\"", &format!("\"./{main_js}\""));
    for (stem, data) in &modules {
        let name = if stem == "kterm-web_bg" {
            main_wasm.clone()
        } else {
            let name = hashed(stem, "wasm");
            split_out = split_out.replace(&format!("\"./{stem}.wasm\""), &format!("\"./{name}\""));
            name
        };
        write(&dist.join(name), data)?;
    }
    write(&dist.join(&split_name), split_out.as_bytes())?;
    let glue = glue
        // The import statements only: the imports object keeps the
        // module name the wasm asks for.
        .replace(
            &format!("from \"./{SPLIT_JS}.js\""),
            &format!("from \"./{split_name}\""),
        )
        .replace("'kterm-web_bg.wasm'", &format!("'{main_wasm}'"));
    if !glue.contains(&split_name) {
        return Err(format!(
            "wasm-bindgen's {main_js} does not import ./{SPLIT_JS}.js as expected"
        ));
    }
    write(&dist.join(&main_js), glue.as_bytes())?;

    // The stable entry points, pointing at this build's files.
    let names = |s: String| {
        s.replace("./kterm-web_bg.wasm", &format!("./{main_wasm}"))
            .replace("./kterm-web.js", &format!("./{main_js}"))
            .replace("\"kterm-web_bg.wasm\"", &format!("\"{main_wasm}\""))
            .replace("\"kterm-web.js\"", &format!("\"{main_js}\""))
            .replace("\"kterm-split.js\"", &format!("\"{split_name}\""))
    };
    let loader = names(read_text(&root.join("web/kterm.js"))?);
    write(&dist.join("kterm.js"), loader.as_bytes())?;
    let page = names(read_text(&root.join("index.html"))?);
    write(&dist.join("index.html"), page.as_bytes())?;
    for (from, to) in STATIC_FILES {
        let data = std::fs::read(root.join(from)).map_err(|e| format!("{from}: {e}"))?;
        write(&dist.join(to), &data)?;
    }
    copy_dir(&root.join("web/examples"), &dist.join("examples"))?;
    // JS the Rust code imports (`#[wasm_bindgen(module = …)]`).
    let snippets = bindgen_dir.join("snippets");
    if snippets.is_dir() {
        copy_dir(&snippets, &dist.join("snippets"))?;
    }

    eprintln!("xtask: compressing (brotli 11, gzip 9)");
    precompress(&dist)?;
    Ok(())
}

/// wasm-opt's arguments: size first, and the features rustc's wasm32
/// target emits by default.
const WASM_OPT_ARGS: &[&str] = &[
    "-Oz",
    "--enable-bulk-memory",
    "--enable-nontrapping-float-to-int",
    "--enable-sign-ext",
    "--enable-mutable-globals",
    "--enable-reference-types",
    "--enable-multivalue",
];

fn file_name(p: &Path) -> String {
    p.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

fn read_text(p: &Path) -> Result<String, String> {
    std::fs::read_to_string(p).map_err(|e| format!("{}: {e}", p.display()))
}

fn write(p: &Path, data: &[u8]) -> Result<(), String> {
    std::fs::write(p, data).map_err(|e| format!("{}: {e}", p.display()))
}

fn copy_dir(from: &Path, to: &Path) -> Result<(), String> {
    std::fs::create_dir_all(to).map_err(|e| e.to_string())?;
    for entry in std::fs::read_dir(from).map_err(|e| format!("{}: {e}", from.display()))? {
        let path = entry.map_err(|e| e.to_string())?.path();
        let dest = to.join(file_name(&path));
        if path.is_dir() {
            copy_dir(&path, &dest)?;
        } else {
            std::fs::copy(&path, &dest).map_err(|e| format!("{}: {e}", path.display()))?;
        }
    }
    Ok(())
}

/// Whether a file is worth sending compressed.
fn compressible(name: &str) -> bool {
    [".wasm", ".js", ".mjs", ".css", ".html", ".json", ".svg"]
        .iter()
        .any(|ext| name.ends_with(ext))
}

/// `name.br` and `name.gz` beside every compressible file under `dir`.
fn precompress(dir: &Path) -> Result<(), String> {
    let mut files: Vec<PathBuf> = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).map_err(|e| e.to_string())? {
            let path = entry.map_err(|e| e.to_string())?.path();
            if path.is_dir() {
                stack.push(path);
            } else if compressible(&file_name(&path)) {
                files.push(path);
            }
        }
    }
    for path in files {
        let data = std::fs::read(&path).map_err(|e| e.to_string())?;
        let name = file_name(&path);
        write(&path.with_file_name(format!("{name}.br")), &brotli(&data)?)?;
        write(&path.with_file_name(format!("{name}.gz")), &gzip(&data)?)?;
    }
    Ok(())
}

pub fn brotli(data: &[u8]) -> Result<Vec<u8>, String> {
    let params = ::brotli::enc::BrotliEncoderParams {
        quality: 11,
        lgwin: 24,
        ..Default::default()
    };
    let mut out = Vec::new();
    ::brotli::BrotliCompress(&mut &data[..], &mut out, &params).map_err(|e| e.to_string())?;
    Ok(out)
}

pub fn gzip(data: &[u8]) -> Result<Vec<u8>, String> {
    let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    e.write_all(data).map_err(|e| e.to_string())?;
    e.finish().map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn compresses_both_ways_and_round_trips() {
        let text = "kubectl get pods -A\n".repeat(200);
        let br = brotli(text.as_bytes()).unwrap_or_default();
        let gz = gzip(text.as_bytes()).unwrap_or_default();
        assert!(!br.is_empty() && br.len() < text.len() / 10);
        assert!(!gz.is_empty() && gz.len() < text.len() / 10);
        let mut back = Vec::new();
        ::brotli::BrotliDecompress(&mut &br[..], &mut back).unwrap_or_default();
        assert_eq!(back, text.as_bytes());
    }

    #[test]
    fn what_is_compressed() {
        for (name, want) in [
            ("kterm-web-0123456789abcdef_bg.wasm", true),
            ("kterm.js", true),
            ("xterm.mjs", true),
            ("kterm.css", true),
            ("index.html", true),
            ("logo.png", false),
            ("kterm.js.br", false),
        ] {
            assert_eq!(compressible(name), want, "{name}");
        }
    }
}
