//! The time module's parsers over arbitrary text, whole and line by line:
//! timestamps, leading timestamps, lengths, clock lengths, ranges and their
//! seconds, zones, date lines, and `is_backward` over every pair found.
//! Asserts: no panic (overflow checks are on), spans valid, seconds of day
//! < 86 400, dates valid, `is_backward` never true both ways.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| pmlint_fuzz::time_target(data));
