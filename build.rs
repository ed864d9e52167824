//! Links the `fed` binary for a fast start on Linux with glibc.
//!
//! Every command is a short-lived process, so its start is part of every
//! answer. Two things are done at link time instead of at each start:
//!
//! - **A position-dependent executable.** A position-independent one
//!   makes the dynamic loader apply about 10,000 relocations at each
//!   start and copy the pages they write (about 130 page faults): 0.5 to
//!   0.8 ms of a 2.5 ms start on the benchmark machine
//!   (docs/performance.md, "The start of a process"). Linked at a fixed
//!   address, those pointers are resolved by the linker once. The cost is
//!   that the executable's own image is not placed at a random address
//!   (the stack, heap and libraries still are). `FED_PIE=1` at build time
//!   keeps the default.
//! - **The unwinder linked in** (`libgcc_eh.a`, what `gcc -static-libgcc`
//!   links) instead of loading `libgcc_s.so.1` at each start: one shared
//!   library fewer to map and bind, and no run of its constructor, which
//!   asks the processor its features with `cpuid` (trapped by the
//!   hypervisor on a virtual machine): 0.15 ms of a 1.3 ms start there.
//!   Done only when the C compiler that links knows the archive;
//!   `FED_SHARED_LIBGCC=1` at build time keeps the default.

use std::process::Command;

fn main() {
    println!("cargo:rerun-if-env-changed=FED_PIE");
    println!("cargo:rerun-if-env-changed=FED_SHARED_LIBGCC");
    let linux = std::env::var("CARGO_CFG_TARGET_OS").is_ok_and(|os| os == "linux");
    // musl targets link a static PIE, which relocates itself at start:
    // `-no-pie` on top of it makes a binary that crashes there.
    let glibc = std::env::var("CARGO_CFG_TARGET_ENV").is_ok_and(|env| env == "gnu");
    if !(linux && glibc) {
        return;
    }
    if !set("FED_PIE") {
        println!("cargo:rustc-link-arg-bins=-no-pie");
    }
    if !set("FED_SHARED_LIBGCC") && linker_has("libgcc_eh.a") {
        // Whole, and placed with this crate, before the standard library
        // asks for `gcc_s`: by then nothing is left for it to provide, and
        // `--as-needed` drops it.
        println!("cargo:rustc-link-lib=static:-bundle,+whole-archive=gcc_eh");
    }
}

fn set(var: &str) -> bool {
    std::env::var(var).is_ok_and(|v| !v.is_empty() && v != "0")
}

/// Whether the C compiler that links (`RUSTC_LINKER`, else `cc`) finds
/// the library `file` (it prints the bare name when it does not).
fn linker_has(file: &str) -> bool {
    let linker = std::env::var("RUSTC_LINKER").unwrap_or_else(|_| "cc".to_string());
    Command::new(linker)
        .arg(format!("-print-file-name={file}"))
        .output()
        .ok()
        .filter(|out| out.status.success())
        .and_then(|out| String::from_utf8(out.stdout).ok())
        .is_some_and(|path| {
            let path = std::path::Path::new(path.trim());
            path.is_absolute() && path.is_file()
        })
}
