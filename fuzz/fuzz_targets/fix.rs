//! `--fix`: lint → apply the fixes → every original character is still
//! there, in order; linting and fixing the fixed text changes nothing.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| pmlint_fuzz::fix_target(data));
