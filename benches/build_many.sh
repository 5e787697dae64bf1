#!/usr/bin/env bash
# Build-time benchmark: projects of N generated pipelines (by default 100,
# 1,000 and 5,000), each shaped like a migration's (benches/gen_project.py: 5
# sources, 8 Oracle-dialect transforms, one PL/SQL step, a test case), checked
# and built by one eltc run each. Prints, per size, the wall-clock seconds and
# peak memory of `eltc check` on one thread and on all cores and of a clean
# `eltc build` (all three `--no-cache`), of a second `eltc build` (every
# pipeline from the build cache) and of a build after one pipeline's SQL
# changed (that pipeline compiled, the others from the cache); whether that
# output is byte-identical to a clean build's on one thread; and, side by side,
# `dbt parse` on a dbt project of the same size and shape when dbt is set up
# (BENCH_DBT=1: dbt-core 1.10.13 and dbt-postgres 1.9.1 in target/bench).
# The projects are generated beforehand, untimed.
#
# Usage: benches/build_many.sh [ELTC_BINARY] [N...]
#   ELTC_BINARY  default target/release/eltc (build it: cargo build --release)
set -euo pipefail
cd "$(dirname "$0")/.."
eltc="$(realpath "${1:-${CARGO_TARGET_DIR:-target}/release/eltc}")"
shift || true
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(100 1000 5000)
[ -x "$eltc" ] || { echo "no eltc binary at $eltc (cargo build --release)" >&2; exit 2; }
dir="$(mktemp -d)"
trap 'rm -rf "$dir"' EXIT

dbt=""
if [ "${BENCH_DBT:-0}" = 1 ]; then
  venv="$PWD/target/bench/venv-dbt"
  if [ ! -x "$venv/bin/dbt" ]; then
    python3 -m venv "$venv"
    "$venv/bin/pip" install --quiet --disable-pip-version-check dbt-core==1.10.13 dbt-postgres==1.9.1
  fi
  dbt="$venv/bin/dbt"
fi

# Runs a command in a directory; prints "seconds peak_MB".
measure() {
  local where="$1"; shift
  local stats="$dir/stats"
  (cd "$where" && /usr/bin/time -f '%e %M' -o "$stats" "$@" >/dev/null 2>"$dir/stderr") ||
    { cat "$dir/stderr" >&2; exit 1; }
  awk '{ printf "%.2f s %4d MB", $1, $2 / 1024 }' "$stats"
}

echo "eltc $("$eltc" --version | cut -d' ' -f2), $(nproc) cores; pipelines from benches/gen_project.py"
printf '%9s  %-16s  %-16s  %-16s  %-16s  %-16s  %-9s  %s\n' pipelines "check, 1 thread" \
  "check" "build (clean)" "build (again)" "one changed" "identical" "dbt parse"
for count in "${sizes[@]}"; do
  project="$dir/p$count"
  python3 benches/gen_project.py --count "$count" --out "$project"
  single=$(measure "$project" "$eltc" check -q --no-cache --jobs 1)
  check=$(measure "$project" "$eltc" check -q --no-cache)
  # The cache trusts a file's stamp once it is 2 s old (src/spec/inputs.rs):
  # the waits make the runs below those of an edit some seconds after a build.
  sleep 2.1
  build=$(measure "$project" "$eltc" build -q --out "$project/generated")
  built=$(find "$project/generated" -mindepth 1 -maxdepth 1 -type d -name 'p*' | wc -l)
  [ "$built" -eq "$count" ] || { echo "built $built of $count pipelines" >&2; exit 1; }
  sleep 2.1
  again=$(measure "$project" "$eltc" build -q --out "$project/generated")
  changed_sql="$project/pipelines/p$((count / 2))/transforms/daily_category_sales.sql"
  sed -i "s/'none'/'nada'/g" "$changed_sql"
  one=$(measure "$project" "$eltc" build -q --out "$project/generated")
  grep -q "'nada'" "$project/generated/p$((count / 2))/transform.sql" ||
    { echo "the changed pipeline was not rebuilt" >&2; exit 1; }
  (cd "$project" && "$eltc" build -q --no-cache --jobs 1 --out "$project/generated-1" >/dev/null 2>&1)
  identical=$(diff -rq "$project/generated" "$project/generated-1" >/dev/null && echo yes || echo NO)
  parse="-"
  if [ -n "$dbt" ]; then
    python3 benches/gen_project.py --count "$count" --out "$project-dbt" --dbt
    parse=$(measure "$project-dbt" "$dbt" parse --profiles-dir . --no-partial-parse --quiet)
    rm -rf "$project-dbt"
  fi
  printf '%9d  %-16s  %-16s  %-16s  %-16s  %-16s  %-9s  %s\n' "$count" "$single" "$check" \
    "$build" "$again" "$one" "$identical" "$parse"
  rm -rf "$project"
done
