#!/usr/bin/env bash
# Side-by-side benchmark of `pmlint check` against markdownlint-cli2 and rumdl
# (both with only MD043, required headings, asking for the four sections),
# and against a parse-only floor (examples/parse_only.rs: the same walk, each
# file parsed with pulldown-cmark, events discarded, single-threaded).
#
#   bench/compare.sh            # everything; writes bench/results.md
#   RUNS=5 bench/compare.sh     # fewer timed runs per command (default 10)
#   KEEP=1 bench/compare.sh     # keep the temporary folder (inputs, hyperfine exports)
#
# Cases (warm cache, hyperfine --warmup 2):
#   1. 10,000 files (the ../shared/corpus files copied round-robin): pmlint, rumdl, floor
#   2. 2,000 files: pmlint, markdownlint-cli2, rumdl, floor
#   3. one typical file, process start to exit: pmlint, markdownlint-cli2, rumdl, floor
#   4. one file of 250,000 / 500,000 / 1,000,000 lines (corpus files concatenated): pmlint, floor
#   5. peak memory (/usr/bin/time -v) of the 10,000-file and 1,000,000-line runs
#   6. what each rule family costs: pmlint on the 10,000 files with no rule
#      check (outline only), with each family alone, and with every rule
#
# Installs what is missing, from the package registries only: hyperfine and
# GNU time (apt), markdownlint-cli2 (npm, pinned, into bench/.peers/npm) and
# rumdl (PyPI, pinned, into the venv bench/.peers/venv). bench/.peers is not
# committed. rumdl runs with --no-cache, so that every run lints.
set -euo pipefail

cd "$(dirname "$0")/.."
ROOT="$PWD"
BENCH="$ROOT/bench"
PEERS="$BENCH/.peers"
CORPUS="${PMLINT_CORPUS:-$ROOT/../shared/corpus}"
MDL_VERSION=0.24.1
RUMDL_VERSION=0.3.0
RUNS="${RUNS:-10}"
MDL="$PEERS/npm/node_modules/.bin/markdownlint-cli2"
RUMDL="$PEERS/venv/bin/rumdl"

log() { printf '== %s\n' "$*" >&2; }

if [ ! -d "$CORPUS" ]; then
  echo "compare.sh: no corpus at $CORPUS (set PMLINT_CORPUS)" >&2
  exit 2
fi

# --- tools -----------------------------------------------------------------
apt_install() {
  local sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  log "apt-get install $*"
  $sudo apt-get update -q >/dev/null
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q "$@" >/dev/null
}
command -v hyperfine >/dev/null || apt_install hyperfine
[ -x /usr/bin/time ] || apt_install time
command -v npm >/dev/null || apt_install npm
python3 -m venv --help >/dev/null 2>&1 || apt_install python3-venv

if [ "$("$MDL" --help 2>/dev/null | head -1 | awk '{print $2}')" != "v$MDL_VERSION" ]; then
  log "npm install markdownlint-cli2@$MDL_VERSION into $PEERS/npm"
  npm install --prefix "$PEERS/npm" --no-audit --no-fund --silent "markdownlint-cli2@$MDL_VERSION" >/dev/null
fi
if [ "$("$RUMDL" --version 2>/dev/null | awk '{print $2}')" != "$RUMDL_VERSION" ]; then
  log "pip install rumdl==$RUMDL_VERSION into $PEERS/venv"
  python3 -m venv "$PEERS/venv"
  "$PEERS/venv/bin/pip" install -q "rumdl==$RUMDL_VERSION"
fi
[ -f "$PEERS/.gitignore" ] || echo '*' > "$PEERS/.gitignore"

log "cargo build --release (pmlint and examples/parse_only)"
cargo build --release --quiet --bin pmlint --example parse_only
TARGET="$(cargo metadata --format-version 1 --no-deps | python3 -c 'import json,sys; print(json.load(sys.stdin)["target_directory"])')"
PMLINT="$TARGET/release/pmlint"
FLOOR="$TARGET/release/examples/parse_only"

# --- inputs ----------------------------------------------------------------
WORK="$(mktemp -d "${TMPDIR:-/tmp}/pmlint-bench.XXXXXX")"
# KEEP=1 keeps the inputs and hyperfine's exports (to rerun bench/report.py).
if [ "${KEEP:-}" = 1 ]; then log "keeping $WORK"; else trap 'rm -rf "$WORK"' EXIT; fi
cp "$BENCH/.markdownlint-cli2.jsonc" "$BENCH/.rumdl.toml" "$WORK/"
mapfile -t FILES < <(find "$CORPUS" -type f -name '*.md' | sort)
N=${#FILES[@]}
log "building inputs in $WORK from $N corpus files"
copy_round_robin() { # count dir
  mkdir -p "$WORK/$2"
  local i
  for ((i = 0; i < $1; i++)); do
    cp "${FILES[$((i % N))]}" "$(printf '%s/%s/%05d.md' "$WORK" "$2" "$i")"
  done
}
copy_round_robin 10000 files10k
copy_round_robin 2000 files2k
# One typical file: the corpus file of median size.
ONE="$(for f in "${FILES[@]}"; do printf '%s\t%s\n' "$(wc -c <"$f")" "$f"; done | sort -n | awk -F'\t' -v n="$N" 'NR == int((n + 1) / 2) {print $2}')"
cp "$ONE" "$WORK/one.md"
# The large files: every corpus file once (each ended by a newline and a
# blank line), repeated until the line count is reached, then cut there.
for f in "${FILES[@]}"; do cat "$f"; printf '\n\n'; done >"$WORK/all.txt"
for lines in 250000 500000 1000000; do
  : >"$WORK/big.tmp"
  while [ "$(wc -l <"$WORK/big.tmp")" -lt "$lines" ]; do cat "$WORK/all.txt" >>"$WORK/big.tmp"; done
  head -n "$lines" "$WORK/big.tmp" >"$WORK/lines$lines.md"
done
rm -f "$WORK/big.tmp" "$WORK/all.txt"
chmod -R u+w "$WORK"
OUT="$WORK/out" # hyperfine's exports and the facts, apart from the inputs
mkdir -p "$OUT"
cd "$WORK"

PM="$PMLINT check --isolated -q --format concise"
RU="$RUMDL check --no-cache --quiet"
hf() { # name, then hyperfine arguments
  local name="$1"
  shift
  log "hyperfine: $name"
  hyperfine -N -i --warmup 2 --runs "$RUNS" --style basic \
    --export-json "$OUT/$name.json" --export-markdown "$OUT/$name.md" "$@" >&2
}

hf files10k -n pmlint "$PM files10k" -n rumdl "$RU files10k" -n parse_only "$FLOOR files10k"
hf files2k -n pmlint "$PM files2k" -n markdownlint-cli2 "$MDL files2k/**/*.md" \
  -n rumdl "$RU files2k" -n parse_only "$FLOOR files2k"
hf one -n pmlint "$PM one.md" -n markdownlint-cli2 "$MDL one.md" -n rumdl "$RU one.md" \
  -n parse_only "$FLOOR one.md"
# What each rule family adds to building the outline (10,000 files): each
# run selects one family's codes (a family's check runs when any of its codes
# is selected). `--select PM902` runs no rule check: the files are read,
# parsed and outlined, and their suppression comments read, nothing else.
hf rules -n parse_only "$FLOOR files10k" -n "outline only" "$PM --select PM902 files10k" \
  -n "sections (PM001-PM006, PM010)" "$PM --select PM001,PM002,PM003,PM004,PM005,PM006,PM010 files10k" \
  -n "structure (PM007-PM009)" "$PM --select PM007,PM008,PM009 files10k" \
  -n "timeline (PM101-PM104)" "$PM --select PM1 files10k" \
  -n "duration (PM201, PM202)" "$PM --select PM2 files10k" \
  -n "impact (PM301)" "$PM --select PM3 files10k" \
  -n "every default rule" "$PM files10k"
hf big -n "pmlint 250k" "$PM lines250000.md" -n "pmlint 500k" "$PM lines500000.md" \
  -n "pmlint 1M" "$PM lines1000000.md" -n "parse_only 250k" "$FLOOR lines250000.md" \
  -n "parse_only 500k" "$FLOOR lines500000.md" -n "parse_only 1M" "$FLOOR lines1000000.md"

peak() { # label, then the command; prints "label<TAB>KB"
  local label="$1"
  shift
  /usr/bin/time -v "$@" >/dev/null 2>"$OUT/time.txt" || true
  printf '%s\t%s\n' "$label" "$(awk -F': ' '/Maximum resident set size/ {print $2}' "$OUT/time.txt")"
}
log "peak memory (/usr/bin/time -v)"
{
  peak "pmlint, 10,000 files" $PM files10k
  peak "rumdl, 10,000 files" $RU files10k
  peak "parse_only, 10,000 files" "$FLOOR" files10k
  peak "pmlint, 2,000 files" $PM files2k
  peak "markdownlint-cli2, 2,000 files" "$MDL" 'files2k/**/*.md'
  peak "pmlint, 1,000,000 lines" $PM lines1000000.md
  peak "parse_only, 1,000,000 lines" "$FLOOR" lines1000000.md
} >"$OUT/peak.tsv"

# --- report ----------------------------------------------------------------
{
  echo "date=$(date -u '+%Y-%m-%d %H:%M UTC')"
  echo "nproc=$(nproc)"
  echo "cpu=$(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo)"
  echo "load=$(cut -d' ' -f1-3 /proc/loadavg)"
  echo "pmlint=$("$PMLINT" --version)"
  echo "pulldown-cmark=$(cargo tree --manifest-path "$ROOT/Cargo.toml" -p pmlint --depth 1 -e normal --prefix none 2>/dev/null | awk '$1 == "pulldown-cmark" {print $2; exit}')"
  echo "markdownlint-cli2=$("$MDL" --help | head -1)"
  echo "rumdl=$("$RUMDL" --version)"
  echo "hyperfine=$(hyperfine --version)"
  echo "rustc=$(rustc --version)"
  echo "runs=$RUNS"
  echo "files10k_bytes=$(du -sb files10k | cut -f1)"
  echo "files2k_bytes=$(du -sb files2k | cut -f1)"
  echo "one=$(basename "$(dirname "$ONE")")/$(basename "$ONE"), $(wc -l <one.md) lines, $(wc -c <one.md) bytes"
  for lines in 250000 500000 1000000; do echo "lines${lines}_bytes=$(wc -c <lines$lines.md)"; done
} >"$OUT/facts.txt"

python3 "$BENCH/report.py" "$OUT" "$BENCH/results.md"
cat "$BENCH/results.md"
