#!/usr/bin/env bash
# Build-time benchmark: projects of N copies of pipelines/market_data (by
# default 100 and 1,000), each copy with its own pipeline name, schemas, tables
# and S3 prefixes, checked and built by one eltc run each. Prints, per size,
# the wall-clock seconds and peak memory of `eltc check`, of a clean
# `eltc build` and of a second `eltc build` (nothing to write), and the
# machine's core count. The copies are generated beforehand, untimed.
#
# Usage: benches/build_many.sh [ELTC_BINARY] [N...]
#   ELTC_BINARY  default target/release/eltc (build it: cargo build --release)
set -euo pipefail
cd "$(dirname "$0")/.."
eltc="$(realpath "${1:-${CARGO_TARGET_DIR:-target}/release/eltc}")"
shift || true
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(100 1000)
[ -x "$eltc" ] || { echo "no eltc binary at $eltc (cargo build --release)" >&2; exit 2; }
source_dir="$PWD/pipelines/market_data"
dir="$(mktemp -d)"
trap 'rm -rf "$dir"' EXIT

# A copy named md_<i>: every schema, table and prefix its own, so the
# project-wide checks (one schema, one landing prefix per pipeline) accept it.
generate() {
  local project="$1" count="$2"
  mkdir -p "$project/pipelines"
  local template="$dir/template"
  rm -rf "$template"
  cp -r "$source_dir" "$template"
  find "$template" -type f \( -name '*.yaml' -o -name '*.sql' \) -exec sed -i \
    -e "s/^name: market_data$/name: md___N__/" \
    -e "s/\bstaging\./staging___N__./g" \
    -e "s/\bolap\./olap___N__./g" \
    -e "s/^  schema: etl$/  schema: etl___N__/" \
    -e "s#notification/market_data/#notification/md___N__/#" \
    -e "s#landing: oltp_uploads/#landing: oltp_uploads/md___N__/#" {} +
  for i in $(seq 1 "$count"); do
    cp -r "$template" "$project/pipelines/md_$i"
  done
  # One sed per file kind over every copy: the copy's number from its folder.
  find "$project/pipelines" -type f \( -name '*.yaml' -o -name '*.sql' \) -print0 |
    xargs -0 -n 200 perl -pi -e '($n) = $ARGV =~ m{/md_(\d+)/}; s/__N__/$n/g'
}

# Runs eltc with the given arguments in the project; prints "seconds peak_MB".
measure() {
  local project="$1"; shift
  local stats="$dir/stats"
  (cd "$project" && /usr/bin/time -f '%e %M' -o "$stats" "$eltc" "$@" >/dev/null 2>"$dir/stderr") ||
    { cat "$dir/stderr" >&2; exit 1; }
  awk '{ printf "%.2f s %4d MB", $1, $2 / 1024 }' "$stats"
}

echo "eltc $("$eltc" --version | cut -d' ' -f2), $(nproc) cores; $(basename "$source_dir") copies"
printf '%9s  %-16s  %-16s  %-16s\n' pipelines "check" "build (clean)" "build (again)"
for count in "${sizes[@]}"; do
  project="$dir/p$count"
  generate "$project" "$count"
  check=$(measure "$project" check -q)
  build=$(measure "$project" build -q --out "$project/generated")
  built=$(find "$project/generated" -mindepth 1 -maxdepth 1 -type d -name 'md_*' | wc -l)
  [ "$built" -eq "$count" ] || { echo "built $built of $count pipelines" >&2; exit 1; }
  again=$(measure "$project" build -q --out "$project/generated")
  printf '%9d  %-16s  %-16s  %-16s\n' "$count" "$check" "$build" "$again"
  rm -rf "$project"
done
