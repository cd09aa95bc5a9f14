#!/usr/bin/env bash
# Fills fuzz/corpus/<target>/ (not committed) from the committed seeds in
# fuzz/seeds/, the Markdown fixtures in fixtures/, and the real postmortems in
# ../shared/corpus/ when that folder is there. Files are named by content hash,
# so running it again adds nothing twice. Usage: fuzz/seed.sh
set -euo pipefail
cd "$(dirname "$0")"

add() { # add TARGET FILE: copy FILE into corpus/TARGET under its hash
  local name
  name="$(sha1sum "$2" | cut -c1-16)"
  cp "$2" "corpus/$1/seed-$name"
}

mkdir -p corpus/{lint,time,config,suppression,fix}
docs=()
while IFS= read -r -d '' f; do docs+=("$f"); done < <(
  find ../fixtures seeds/lint seeds/suppression -type f \( -name '*.md' -o -name '*.markdown' \) -print0
  if [ -d ../../shared/corpus ]; then
    find ../../shared/corpus -type f -name '*.md' -print0
  fi
)
for f in "${docs[@]}"; do
  for t in lint fix suppression; do add "$t" "$f"; done
done

# time: the committed seeds, and every line of the fixtures with a digit in it.
for f in seeds/time/*; do add time "$f"; done
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
find ../fixtures -type f -name '*.md' -exec grep -h '[0-9]' {} + | sort -u | split -l 1 -a 5 - "$tmp/line-"
for f in "$tmp"/line-*; do add time "$f"; done

# config: the committed seeds and every pmlint.toml of the fixtures.
for f in seeds/config/*.toml; do add config "$f"; done
while IFS= read -r -d '' f; do add config "$f"; done < <(find ../fixtures -name '*.toml' -print0)

for t in lint time config suppression fix; do
  echo "corpus/$t: $(find "corpus/$t" -type f | wc -l) files"
done
