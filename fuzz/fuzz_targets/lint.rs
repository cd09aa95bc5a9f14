//! The whole lint of one document with the default config, then every
//! renderer over the result. Asserts: no panic, every span is a valid byte
//! range of the text, renderers succeed, JSON and SARIF are valid JSON.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| pmlint_fuzz::lint_target(data));
