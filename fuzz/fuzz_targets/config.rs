//! `Config::parse` over arbitrary text. An error must render (plain,
//! one line, line and column); a config that parses must drive a lint and
//! its path questions (excluded? per-file ignores?) without a panic.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| pmlint_fuzz::config_target(data));
