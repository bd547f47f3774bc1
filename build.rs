//! Rebuilds the crate when `responses/` changes: `include_dir!` embeds the table at compile
//! time but does not tell cargo to watch the directory on stable Rust.

fn main() {
    println!("cargo:rerun-if-changed=responses");
}
