//! The `fed` binary: parse, run, map the result to an exit code.

mod cli;

fn main() -> std::process::ExitCode {
    // Failpoints exist only in test builds (see src/failpoint.rs).
    #[cfg(feature = "failpoints")]
    let _failpoints = fail::FailScenario::setup();
    cli::main()
}
