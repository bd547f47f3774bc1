//! Rebuilds the crate when `responses/` changes: `include_dir!` embeds the table at compile
//! time but does not tell cargo to watch the directory on stable Rust.
//!
//! Analyses the embedded table: the crate's own `rules` and `answer` modules (pure code, no
//! other module of the crate) are compiled into this script, `Engine::new` runs on
//! `responses/`, and what it computed goes to `$OUT_DIR/embedded-engine.bin`, which the
//! binary reads back at start instead of analysing the table again (src/answer/snapshot.rs).
//! A table that does not load fails the build here, with the loader's message.
//!
//! Lays out the `rolecall` binary's code: `bench/hot-functions.txt` (written by
//! `bench/hot_functions.py`) lists the functions start-up and a slash command run, and lld
//! places them first in `.text`, side by side. The kernel maps code in 64-128 KiB windows
//! around each page touched, so scattered over the whole 9 MB `.text` those ~2,000 functions
//! kept 8 MiB of it resident at idle; packed, about 2.5 (bench/README.md). Only the order
//! changes: a name the build no longer has is skipped. Applied where rustc links with its
//! own lld (x86_64 Linux, Rust 1.90 on) and no other linker was asked for; elsewhere the
//! binary is the same, with the default layout.

// Only `rules::embedded`, `Engine::new` and `Engine::to_snapshot` are used here; the rest of
// the two modules is the binary's.
#[allow(dead_code, unused_imports)]
#[path = "src/rules/mod.rs"]
mod rules;

#[allow(dead_code, unused_imports)]
#[path = "src/answer/mod.rs"]
mod answer;

use std::env;
use std::path::Path;
use std::process::Command;

const HOT_FUNCTIONS: &str = "bench/hot-functions.txt";

fn main() {
    println!("cargo:rerun-if-changed=responses");
    println!("cargo:rerun-if-changed={HOT_FUNCTIONS}");
    println!("cargo:rerun-if-env-changed=CARGO_TARGET_X86_64_UNKNOWN_LINUX_GNU_LINKER");
    write_embedded_engine();
    let list =
        Path::new(&env::var("CARGO_MANIFEST_DIR").expect("set by cargo")).join(HOT_FUNCTIONS);
    if !links_with_rust_lld() {
        return;
    }
    if list.is_file() {
        println!(
            "cargo:rustc-link-arg-bins=-Wl,--symbol-ordering-file={},--no-warn-symbol-ordering",
            list.display()
        );
    }
    // Relative relocations packed (DT_RELR, glibc 2.36 on: Debian 12, the image's base):
    // the 17,000 pointers of a PIE binary that the loader fixes at start are 414 KiB of
    // .rela.dyn, read whole and kept resident; packed they are a few KiB.
    println!("cargo:rustc-link-arg-bins=-Wl,-z,pack-relative-relocs");
}

/// rustc's default on x86_64-unknown-linux-gnu since 1.90 is its bundled lld; a `-C linker`
/// or linker-features flag, or a configured linker, may mean another linker (GNU ld has no
/// `--symbol-ordering-file`), so then the layout is left to the default.
fn links_with_rust_lld() -> bool {
    if env::var("TARGET").as_deref() != Ok("x86_64-unknown-linux-gnu") {
        return false;
    }
    let flags = env::var("CARGO_ENCODED_RUSTFLAGS").unwrap_or_default();
    if flags.contains("linker") || flags.contains("link-self-contained") {
        return false;
    }
    if env::var_os("CARGO_TARGET_X86_64_UNKNOWN_LINUX_GNU_LINKER").is_some() {
        return false;
    }
    let rustc = env::var("RUSTC").unwrap_or_else(|_| "rustc".into());
    let Ok(out) = Command::new(rustc).arg("--version").output() else {
        return false;
    };
    // "rustc 1.95.0 (59807616e 2026-04-14)"
    let version = String::from_utf8_lossy(&out.stdout);
    let minor = version
        .split_whitespace()
        .nth(1)
        .and_then(|v| v.split('.').nth(1))
        .and_then(|m| m.parse::<u32>().ok());
    minor.is_some_and(|minor| minor >= 90)
}

/// `Engine::new` on the embedded table, written for `include_bytes!`. Cargo rebuilds and
/// reruns this script when `src/rules` or `src/answer` change (they are compiled into it),
/// and reruns it when `responses/` does.
fn write_embedded_engine() {
    let rules = match rules::embedded() {
        Ok(rules) => rules,
        Err(error) => panic!("the embedded table (responses/) does not load: {error}"),
    };
    let bytes = answer::Engine::new(rules).to_snapshot();
    let out = Path::new(&env::var("OUT_DIR").expect("set by cargo")).join("embedded-engine.bin");
    std::fs::write(&out, bytes).expect("OUT_DIR is writable");
}
