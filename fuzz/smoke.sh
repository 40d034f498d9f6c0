#!/usr/bin/env bash
# Bounded smoke run of every fuzz target: builds them with cargo-fuzz and runs
# each for FUZZ_SECONDS (default 60) from a seed corpus of the repository's
# own files. A crash fails the script and leaves its input under
# fuzz/artifacts/. When cargo-fuzz cannot be installed or the targets cannot
# be built, the script says why and exits 0, so the rest of CI still runs.
#
# cargo-fuzz needs nightly-only compiler flags (-Zsanitizer=address).
# RUSTC_BOOTSTRAP=1 lets the stable toolchain accept them; the address
# sanitizer runtime ships with the x86_64 Linux standard library.
set -euo pipefail
cd "$(dirname "$0")/.."

seconds="${FUZZ_SECONDS:-60}"
cargo_fuzz_version="0.13.2"
export RUSTC_BOOTSTRAP=1

if ! cargo fuzz --version >/dev/null 2>&1; then
  echo "fuzz: installing cargo-fuzz $cargo_fuzz_version"
  if ! cargo install --locked "cargo-fuzz@$cargo_fuzz_version" >/tmp/cargo-fuzz-install.log 2>&1; then
    echo "fuzz: skipped: cargo-fuzz could not be installed (log: /tmp/cargo-fuzz-install.log)"
    exit 0
  fi
fi

if ! cargo fuzz build -O >/tmp/cargo-fuzz-build.log 2>&1; then
  echo "fuzz: skipped: the fuzz targets did not build with this toolchain (log: /tmp/cargo-fuzz-build.log)"
  tail -20 /tmp/cargo-fuzz-build.log
  exit 0
fi

corpus=$(mktemp -d)
trap 'rm -rf "$corpus"' EXIT
mkdir -p "$corpus"/{document,markdown,config,soa,dates,content,codeowners}
i=0
for file in example-repo/*/*.md tests/fixtures/*/*.md; do
  [ -f "$file" ] || continue
  cp "$file" "$corpus/document/seed$i"
  cp "$file" "$corpus/markdown/seed$i"
  cp "$file" "$corpus/content/seed$i"
  i=$((i + 1))
done
cp example-repo/policylint.yaml "$corpus/config/seed0"
cp example-repo/soa.yaml "$corpus/soa/seed0"
cp example-repo/.github/CODEOWNERS "$corpus/codeowners/seed0"
printf '2026-03-02\n12 months' >"$corpus/dates/seed0"
printf '2026-02-30\nP1Y6M' >"$corpus/dates/seed1"

failed=0
for target in document markdown config soa dates content codeowners; do
  log="$corpus/$target.log"
  if cargo fuzz run -O "$target" "$corpus/$target" -- -max_total_time="$seconds" -rss_limit_mb=2048 >"$log" 2>&1; then
    runs=$(grep -o 'Done [0-9]* runs' "$log" | tail -1 | awk '{print $2}')
    echo "fuzz: $target: ${runs:-?} executions in ${seconds}s, no crash"
  else
    echo "fuzz: $target: FAILED"
    tail -40 "$log"
    failed=1
  fi
done
exit "$failed"
