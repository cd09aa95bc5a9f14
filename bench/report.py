"""Turns the outputs of bench/compare.sh into bench/results.md (and prints it).

Usage: python3 bench/report.py WORK_DIR OUTPUT.md

WORK_DIR holds hyperfine's JSON exports (files10k, files2k, one, big, and
rules when the run measured what each rule family costs),
peak.tsv (label, max RSS in KB) and facts.txt (key=value lines).
bench/analysis.md, when present, is appended: the hand-written reading of
the profile for the targets the numbers miss.
"""

import json
import os
import sys

work, output = sys.argv[1], sys.argv[2]
here = os.path.dirname(os.path.abspath(__file__))


def load(name):
    with open(os.path.join(work, name + ".json")) as f:
        return {r["command"]: r for r in json.load(f)["results"]}


facts = {}
with open(os.path.join(work, "facts.txt")) as f:
    for line in f:
        key, _, value = line.rstrip("\n").partition("=")
        facts[key] = value

peaks = []
with open(os.path.join(work, "peak.tsv")) as f:
    for line in f:
        label, _, kb = line.rstrip("\n").partition("\t")
        peaks.append((label, int(kb) if kb.strip().isdigit() else None))
peak = dict(peaks)

cases = {name: load(name) for name in ("files10k", "files2k", "one", "big")}
rules = load("rules") if os.path.exists(os.path.join(work, "rules.json")) else None


def ms(seconds):
    return f"{seconds * 1000:.1f}" if seconds < 10 else f"{seconds * 1000:,.0f}"


def table(results, versus):
    """A markdown table of one hyperfine run, with each command's median
    against `versus`'s: `versus / this` (below 1: `versus` is faster) and
    `this / versus` (how many times faster `versus` is)."""
    base = results[versus]["median"]
    rows = [
        f"| command | median (ms) | mean ± σ (ms) | min (ms) | user (ms) | system (ms) "
        f"| {versus} / this | this / {versus} |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for name, r in results.items():
        rows.append(
            f"| {name} | {ms(r['median'])} | {ms(r['mean'])} ± {ms(r['stddev'] or 0)} "
            f"| {ms(r['min'])} | {ms(r['user'])} | {ms(r['system'])} "
            f"| {base / r['median']:.3f} | {r['median'] / base:.2f}× |"
        )
    return "\n".join(rows)


def med(case, name):
    return cases[case][name]["median"]


def verdict(ok):
    return "met" if ok else "**missed**"


f10 = cases["files10k"]
targets = []
r = med("files10k", "rumdl") / med("files10k", "pmlint")
targets.append(("10,000 files: pmlint ≥ 3× faster than rumdl", f"{r:.2f}× faster", r >= 3, f"pmlint {3 / r:.2f}× too slow"))
r = med("files10k", "pmlint") / med("files10k", "parse_only")
# The floor's median is noisy (a short single-threaded run): the rules case
# measures pmlint and the floor on the same files again; both must hold.
if rules:
    r2 = rules["every default rule"]["median"] / rules["parse_only"]["median"]
    targets.append(
        (
            "10,000 files: pmlint ≤ 1.5× the single-threaded parse-only floor",
            f"{r:.2f}× the floor (again in the rules case: {r2:.2f}×)",
            max(r, r2) <= 1.5,
            f"pmlint {max(r, r2) / 1.5:.2f}× too slow",
        )
    )
else:
    targets.append(
        ("10,000 files: pmlint ≤ 1.5× the single-threaded parse-only floor", f"{r:.2f}× the floor", r <= 1.5, f"pmlint {r / 1.5:.2f}× too slow")
    )
r = med("files2k", "markdownlint-cli2") / med("files2k", "pmlint")
targets.append(("2,000 files: pmlint ≥ 100× faster than markdownlint-cli2", f"{r:.0f}× faster", r >= 100, f"pmlint {100 / r:.2f}× too slow"))
t = med("one", "pmlint") * 1000
targets.append(("one file: pmlint median < 5 ms", f"{t:.2f} ms", t < 5, f"{t - 5:.2f} ms ({t / 5:.2f}×) over"))
big = {k: med("big", f"pmlint {k}") for k in ("250k", "500k", "1M")}
r = big["1M"] / big["250k"]
targets.append(
    (
        "1,000,000 lines: linear (1M / 250k time ≈ 4)",
        f"{r:.2f} ({ms(big['250k'])} / {ms(big['500k'])} / {ms(big['1M'])} ms)",
        r <= 5,
        f"{r / 4:.2f}× the linear time",
    )
)
size = int(facts["lines1000000_bytes"])
kb = peak.get("pmlint, 1,000,000 lines")
r = kb * 1024 / size if kb else float("nan")
targets.append(
    (
        "1,000,000 lines: peak memory < 4× the file size",
        f"{kb / 1024:.0f} MB = {r:.2f}× {size / 2**20:.0f} MB",
        r < 4,
        f"{(kb * 1024 - 4 * size) / 2**20:.0f} MB ({(r / 4 - 1) * 100:.0f} %) over",
    )
)
kb = peak.get("pmlint, 10,000 files")
targets.append(("10,000 files: peak memory < 100 MB", f"{kb / 1024:.0f} MB", kb / 1024 < 100, f"{kb / 1024 - 100:.0f} MB over"))

out = []
out.append("# pmlint benchmark results\n")
out.append(
    "Written by `bench/compare.sh` (run it to reproduce; it installs the peers). "
    "Wall times from hyperfine (`-N`, `--warmup 2`, "
    f"{facts['runs']} runs, warm cache); medians. pmlint runs every default rule "
    "(`check --isolated -q --format concise`); markdownlint-cli2 and rumdl run only MD043 "
    "(required headings: the four sections, anywhere among other headings; rumdl with "
    "`--no-cache`); `parse_only` (examples/parse_only.rs) walks the same files and only "
    "parses them with pulldown-cmark, single-threaded: the floor.\n"
)
out.append("| machine | |\n|---|---|")
for key in ("date", "nproc", "cpu", "load", "pmlint", "pulldown-cmark", "markdownlint-cli2", "rumdl", "hyperfine", "rustc"):
    out.append(f"| {key} | {facts.get(key, '')} |")
out.append(
    f"| inputs | 10,000 files ({int(facts['files10k_bytes']) / 2**20:.0f} MB) and 2,000 files "
    f"({int(facts['files2k_bytes']) / 2**20:.0f} MB) copied round-robin from ../shared/corpus; "
    f"one file: {facts['one']}; 250k / 500k / 1M lines: "
    + " / ".join(f"{int(facts[f'lines{n}_bytes']) / 2**20:.0f} MB" for n in (250000, 500000, 1000000))
    + " |\n"
)
out.append("## Targets (issue 5)\n")
out.append("| target | measured | | short by |\n|---|---|---|---|")
for name, value, ok, gap in targets:
    out.append(f"| {name} | {value} | {verdict(ok)} | {'' if ok else gap} |")
out.append("")
out.append("## 10,000 files\n")
out.append(table(cases["files10k"], "pmlint") + "\n")
out.append("## 2,000 files\n")
out.append(table(cases["files2k"], "pmlint") + "\n")
out.append("## One file, process start to exit\n")
out.append(table(cases["one"], "pmlint") + "\n")
out.append("## One large file\n")
out.append(table(cases["big"], "pmlint 1M") + "\n")
lines = {"250k": 250000, "500k": 500000, "1M": 1000000}
out.append("| lines | pmlint (ms) | ms per 100k lines | parse_only (ms) | pmlint / parse_only |")
out.append("|---:|---:|---:|---:|---:|")
for k, n in lines.items():
    p, fl = med("big", f"pmlint {k}"), med("big", f"parse_only {k}")
    out.append(f"| {n:,} | {ms(p)} | {p * 1000 / (n / 100000):.1f} | {ms(fl)} | {p / fl:.2f} |")
out.append("")
if rules:
    floor, outline = rules["parse_only"]["median"], rules["outline only"]["median"]
    every = rules["every default rule"]["median"]
    families = [name for name in rules if name not in ("parse_only", "outline only", "every default rule")]
    added = sum(rules[name]["median"] - outline for name in families)
    out.append("## What the rules cost (10,000 files)\n")
    out.append(
        "pmlint with no rule check (`--select PM902`: each file read, parsed, outlined and its "
        "suppression comments read), with one rule family selected, and with every default rule; "
        "the floor in the same hyperfine run. *Added* is the median (and user time) over the "
        "outline-only run.\n"
    )
    out.append("| command | median (ms) | user (ms) | × the floor | added (ms) | added user (ms) |")
    out.append("|---|---:|---:|---:|---:|---:|")
    for name, r in rules.items():
        extra = name not in ("parse_only", "outline only")
        out.append(
            f"| {name} | {ms(r['median'])} | {ms(r['user'])} | {r['median'] / floor:.2f} "
            f"| {ms(r['median'] - outline) if extra else ''} "
            f"| {ms(r['user'] - rules['outline only']['user']) if extra else ''} |"
        )
    out.append("")
    out.append(
        f"The ≤ 1.5× floor target is {ms(1.5 * floor)} ms in this run. The outline alone takes "
        f"{ms(outline)} ms ({outline / floor:.2f}× the floor), which leaves {ms(1.5 * floor - outline)} ms "
        f"for every rule check; the families add {ms(added)} ms one by one, and every default rule "
        f"together {ms(every - outline)} ms.\n"
    )
out.append("## Peak memory (maximum resident set, `/usr/bin/time -v`)\n")
out.append("| run | peak RSS (MB) |\n|---|---:|")
for label, kb in peaks:
    out.append(f"| {label} | {kb / 1024:.1f} |" if kb else f"| {label} | ? |")
out.append("")
analysis = os.path.join(here, "analysis.md")
if os.path.exists(analysis):
    with open(analysis) as f:
        out.append(f.read().rstrip() + "\n")

with open(output, "w") as f:
    f.write("\n".join(out))
