#!/usr/bin/env bash
# Translation benchmark: generates the 10,000-statement Oracle ELT corpus and
# the DDL of the tables it uses,
# sets up sqlglot 30.30 (pure Python, and with the compiled sqlglotc) in two
# virtual environments under target/bench, then runs benches/translate.rs,
# which prints every figure and ratio in one run. Not part of the tests.
set -euo pipefail
cd "$(dirname "$0")/.."
dir=target/bench
mkdir -p "$dir"
python3 benches/gen_oracle_corpus.py --count 10000 --seed 1 --out "$dir/corpus_10k.sql" \
  --ddl "$dir/ddl_10k.sql"
for flavour in pure compiled; do
  venv="$dir/venv-sqlglot-$flavour"
  if [ ! -x "$venv/bin/python" ]; then
    python3 -m venv "$venv"
    packages=(sqlglot==30.30.0)
    [ "$flavour" = compiled ] && packages+=(sqlglotc==30.30.0)
    "$venv/bin/pip" install --quiet --disable-pip-version-check "${packages[@]}"
  fi
done
ELTC_BENCH_CORPUS="$dir/corpus_10k.sql" \
ELTC_BENCH_DDL="$dir/ddl_10k.sql" \
ELTC_BENCH_SQLGLOT_PYTHON="$dir/venv-sqlglot-pure/bin/python" \
ELTC_BENCH_SQLGLOTC_PYTHON="$dir/venv-sqlglot-compiled/bin/python" \
  cargo bench --bench translate
