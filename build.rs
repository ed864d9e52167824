//! Links the `fed` binary as a position-dependent executable on Linux.
//!
//! Every command is a short-lived process, so its start is part of every
//! answer. A position-independent executable makes the dynamic loader
//! apply about 10,000 relocations at each start and copy the pages they
//! write (about 130 page faults): 0.5 to 0.8 ms of a 2.5 ms start on the
//! benchmark machine (docs/performance.md, "The start of a process").
//! Linked at a fixed address, those pointers are resolved by the linker
//! once. The cost is that the executable's own image is not placed at a
//! random address (the stack, heap and libraries still are).
//! `FED_PIE=1` at build time keeps the default.

fn main() {
    println!("cargo:rerun-if-env-changed=FED_PIE");
    let linux = std::env::var("CARGO_CFG_TARGET_OS").is_ok_and(|os| os == "linux");
    // musl targets link a static PIE, which relocates itself at start:
    // `-no-pie` on top of it makes a binary that crashes there.
    let glibc = std::env::var("CARGO_CFG_TARGET_ENV").is_ok_and(|env| env == "gnu");
    let pie = std::env::var("FED_PIE").is_ok_and(|v| !v.is_empty() && v != "0");
    if linux && glibc && !pie {
        println!("cargo:rustc-link-arg-bins=-no-pie");
    }
}
