#!/usr/bin/env bash
# Builds the fuzz targets once, then runs them one after the other, each for
# SECONDS (default 180) on FORK cores (default 2: -fork=2), and prints each target's
# last stats line (total runs, exec/s). Stops at the first finding: a crash,
# a failed assertion, a timeout (-timeout=5: slow inputs count) or an
# out-of-memory, saved in fuzz/artifacts/TARGET/.
#
# Usage: fuzz/run.sh [SECONDS] [TARGET...]
#   targets: lint time config suppression fix (default: all five)
#   FORK=1 fuzz/run.sh ...   to leave one core free
#   SANITIZER=address fuzz/run.sh ...   to build with AddressSanitizer
#     (default none: pmlint has no unsafe code, and without ASan the
#     targets run about twice as fast; overflow checks and debug
#     assertions are on either way)
#
# cargo fuzz needs nightly-only rustc flags (-Zsanitizer, -Cpasses=sancov);
# RUSTC_BOOTSTRAP=1 lets the stable toolchain accept them.
set -euo pipefail
cd "$(dirname "$0")"
seconds="${1:-180}"
shift || true
targets=("$@")
[ "${#targets[@]}" -gt 0 ] || targets=(lint time config suppression fix)
export RUSTC_BOOTSTRAP=1
sanitizer="${SANITIZER:-none}"
fork="${FORK:-2}"

./seed.sh
cargo +stable fuzz build --sanitizer "$sanitizer"
bin="target/x86_64-unknown-linux-gnu/release"
mkdir -p logs
for t in "${targets[@]}"; do
  case "$t" in
    time) dict=dict/time.dict ;;
    config) dict=dict/toml.dict ;;
    *) dict=dict/markdown.dict ;;
  esac
  mkdir -p "artifacts/$t"
  before="$(find "artifacts/$t" -type f | wc -l)"
  echo "== $t: ${seconds}s"
  set +e
  # The binary is run directly (not through `cargo fuzz run`) so that every
  # target fuzzes the build made above, whatever changes meanwhile.
  "$bin/$t" -artifact_prefix="$PWD/artifacts/$t/" \
    -fork="$fork" -ignore_crashes=0 -ignore_timeouts=0 -ignore_ooms=0 \
    -max_len=4096 -timeout=5 -rss_limit_mb=2048 \
    -dict="$dict" -max_total_time="$seconds" -print_final_stats=1 \
    "corpus/$t" >"logs/$t.log" 2>&1
  status=$?
  set -e
  after="$(find "artifacts/$t" -type f | wc -l)"
  echo "-- $t: exit $status, $((after - before)) new artifacts; last stats: $(grep -E '^#[0-9]+: cov' "logs/$t.log" | tail -1)"
  if [ "$status" -ne 0 ] || [ "$after" -ne "$before" ]; then
    echo "-- $t found something: see fuzz/logs/$t.log and fuzz/artifacts/$t/" >&2
    exit 1
  fi
done
