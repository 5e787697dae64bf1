#!/usr/bin/env bash
# Build-time benchmark: N copies (default 1,000) of pipelines/market_data, each
# with its own pipeline name, schemas and tables, under a temporary project,
# built by one `eltc build` run. Usage: benches/build_many.sh [ELTC_BINARY] [N].
# Prints the wall-clock seconds of the build (the copies are made beforehand).
set -euo pipefail
cd "$(dirname "$0")/.."
eltc="$(realpath "${1:-target/release/eltc}")"
count="${2:-1000}"
dir="$(mktemp -d)"
trap 'rm -rf "$dir"' EXIT
mkdir -p "$dir/pipelines"
for i in $(seq 1 "$count"); do
  copy="$dir/pipelines/md_$i"
  cp -r pipelines/market_data "$copy"
  find "$copy" -type f \( -name '*.yaml' -o -name '*.sql' \) -exec sed -i \
    -e "s/^name: market_data$/name: md_$i/" \
    -e "s/\bstaging\./staging_$i./g" \
    -e "s/\bolap\./olap_$i./g" \
    -e "s/^  schema: etl$/  schema: etl_$i/" \
    -e "s#notification/market_data/#notification/md_$i/#" \
    -e "s#landing: oltp_uploads/#landing: oltp_uploads/md_$i/#" {} +
done
cd "$dir"
start=$(date +%s.%N)
"$eltc" build --out "$dir/generated" >/dev/null 2>"$dir/stderr" || { cat "$dir/stderr"; exit 1; }
end=$(date +%s.%N)
echo "built $(ls "$dir/generated" | grep -c '^md_') pipelines in $(echo "$end - $start" | bc) s"
