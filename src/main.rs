//! The `fed` binary: parse, run, map the result to an exit code.

mod cli;

fn main() -> std::process::ExitCode {
    keep_freed_memory();
    // Failpoints exist only in test builds (see src/failpoint.rs).
    #[cfg(feature = "failpoints")]
    let _failpoints = fail::FailScenario::setup();
    cli::main()
}

/// Every command is a short-lived process, and each page of memory it
/// touches for the first time costs a page fault (about 2 µs each on the
/// benchmark machine: a 100k `status` touched 7,100 pages). glibc gives
/// every freed block over 128 KiB back to the system, and trims the top of
/// its heap, so the next large allocation faults its pages in again. Kept,
/// they are reused: a process holds its peak until it exits (a
/// long-running one, `fed serve` or `fed mcp`, the peak of its largest
/// request: about the memory of one `status` of its federation).
#[cfg(all(target_os = "linux", target_env = "gnu"))]
fn keep_freed_memory() {
    // SAFETY: mallopt only sets allocator parameters; called before any
    // thread starts.
    unsafe {
        libc::mallopt(libc::M_MMAP_THRESHOLD, 32 << 20);
        libc::mallopt(libc::M_TRIM_THRESHOLD, 1 << 30);
    }
}

#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
fn keep_freed_memory() {}
