//! `cargo bench`: lint throughput of the library (`pmlint::lint`, default
//! config) on a small, a typical and a large postmortem, in bytes per second,
//! so that regressions show. The postmortems are generated here (no corpus
//! text): a summary with duration and impact, a timed timeline, a root cause
//! and action items, with some of the mistakes pmlint reports.
//!
//! ```sh
//! cargo bench --bench lint
//! ```

use divan::counter::BytesCount;
use pmlint::LintOptions;
use pmlint::config::Config;
use std::path::Path;

fn main() {
    divan::main();
}

/// A postmortem with `entries` timeline entries and `paragraphs` paragraphs
/// of prose in each of the other sections.
fn postmortem(entries: usize, paragraphs: usize) -> String {
    let prose = "The checkout service returned errors for a share of requests while the \
                 database primary was failing over; engineers rolled the change back, \
                 drained the queue and watched the error rate return to normal.";
    let mut s = String::from("# Checkout outage\n\n## Issue Summary\n\n");
    s.push_str("From 10:05 to 11:35 UTC (90 minutes) about 20% of users could not pay.\n\n");
    for _ in 0..paragraphs {
        s.push_str(prose);
        s.push_str("\n\n");
    }
    s.push_str("## Timeline (all times UTC)\n\n");
    for i in 0..entries {
        let minutes = 10 * 60 + 5 + i % 600;
        let (h, m) = (minutes / 60 % 24, minutes % 60);
        match i % 7 {
            // An entry out of order, and one without a time.
            3 => s.push_str(&format!(
                "- {:02}:{m:02}: alert acknowledged\n",
                (h + 23) % 24
            )),
            5 => s.push_str("- engineers looked at the dashboards\n"),
            _ => s.push_str(&format!(
                "- {h:02}:{m:02}: step {i} of the response, **done**\n"
            )),
        }
    }
    s.push_str("\n## Root Cause\n\n");
    for _ in 0..paragraphs {
        s.push_str(prose);
        s.push_str("\n\n");
    }
    s.push_str("Resolution: the change was rolled back.Corrective Measures\n\n");
    s.push_str("## Action Items\n\n");
    for i in 0..paragraphs.max(1) * 3 {
        s.push_str(&format!("1. Add an alert on the failover path ({i})\n"));
    }
    s
}

fn bench_lint(bencher: divan::Bencher, text: &str) {
    let config = Config::default();
    let options = LintOptions::default();
    let path = Path::new("postmortem.md");
    bencher
        .counter(BytesCount::of_str(text))
        .bench(|| pmlint::lint(divan::black_box(text), path, &config, &options));
}

/// About 1 KB: a short postmortem.
#[divan::bench]
fn small(bencher: divan::Bencher) {
    bench_lint(bencher, &postmortem(5, 1));
}

/// About 5 KB: the size of a typical postmortem in the corpus.
#[divan::bench]
fn typical(bencher: divan::Bencher) {
    bench_lint(bencher, &postmortem(30, 6));
}

/// About 500 KB: a long incident log.
#[divan::bench(sample_count = 20)]
fn large(bencher: divan::Bencher) {
    bench_lint(bencher, &postmortem(4000, 600));
}

/// Texts that once made a rule quadratic (each about 0.5 MB; the throughput
/// should stay near `large`'s): 20,000 glued headings in one paragraph
/// (PM007's fix check), a timeline that is only a 20,000-line indented log
/// (PM103's text check), and a summary line of 80,000 short sentences with
/// colons (PM301's label after a sentence).
#[divan::bench(args = ["glued", "log", "sentences"], sample_count = 10)]
fn pathological(bencher: divan::Bencher, case: &str) {
    let text = match case {
        "glued" => format!("# T\n\n{}", "It ended.Root Cause\n".repeat(20_000)),
        "log" => {
            let mut s = String::from("# T\n\n## Timeline\n\n");
            for i in 0..20_000 {
                s.push_str(&format!(
                    "    10:{:02}:{:02} ERROR pool exhausted\n",
                    i / 60 % 60,
                    i % 60
                ));
            }
            s
        }
        _ => format!("# T\n\n## Summary\n\n{} x: y\n", ". 1:2".repeat(80_000)),
    };
    bench_lint(bencher, &text);
}
