//! The config parser on arbitrary UTF-8 text: `Config::parse` never panics
//! (YAML bombs and deep nesting included) and every error is one line that
//! starts with the file it came from.
#![no_main]

use fed::config::Config;
use libfuzzer_sys::fuzz_target;

#[path = "known.rs"]
mod known;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Err(e) = Config::parse(text, "config.yaml") {
        assert!(
            e.message.starts_with("config.yaml: "),
            "the error does not name the file: {:?}",
            e.message
        );
        known::assert_one_line(&e.message);
    }
});
