//! The split tool (crates/xtask/src/bundle.rs) needs the linker's
//! relocations to cut the linked wasm into chunks.
fn main() {
    println!("cargo:rustc-link-arg-bins=--emit-relocs");
}
