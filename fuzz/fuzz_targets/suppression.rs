//! Inline suppressions. Two ways in:
//! 1. the whole lint of the text (comments found by the outline, as in a run);
//! 2. `suppression::parse` over every `<!-- ... -->` found by a plain scan,
//!    then `apply` to diagnostics of every rule spread over the text, then
//!    `unused`: every span stays inside the text, and `apply` only removes.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| pmlint_fuzz::suppression_target(data));
