#!/usr/bin/env python3
"""sqlglot's side of the translation benchmark (benches/translate.rs runs it).

Reads the files named (the corpus's DDL, then the corpus), in order, splits them into statements the way the Rust side does
(';' at the end of a line), transpiles each with
sqlglot.transpile(read="oracle", write="redshift") and prints one JSON line:
{"version", "compiled", "statements", "failed", "seconds"}. Whether sqlglotc
(the compiled build) is active is read from sqlglot itself.
"""
import json
import logging
import sys
import time

import sqlglot
import sqlglot.errors
import sqlglot.parser


def statements(text):
    out, current = [], []
    for line in text.splitlines(keepends=True):
        current.append(line)
        if line.rstrip().endswith(";"):
            out.append("".join(current).strip().rstrip(";"))
            current = []
    return [s for s in out if s]


def main():
    # sqlglot logs a warning for each construct it cannot translate (and still
    # returns SQL); the benchmark measures speed, so keep the log quiet.
    logging.getLogger("sqlglot").setLevel(logging.ERROR)
    items = []
    for path in sys.argv[1:]:
        with open(path, encoding="utf-8") as corpus_file:
            items.extend(statements(corpus_file.read()))
    failed = 0
    start = time.perf_counter()
    for sql in items:
        try:
            sqlglot.transpile(sql, read="oracle", write="redshift")
        except sqlglot.errors.SqlglotError:
            failed += 1
    seconds = time.perf_counter() - start
    # sqlglotc installs mypyc-compiled modules over sqlglot's own (parser.*.so).
    compiled = sqlglot.parser.__file__.endswith(".so")
    print(json.dumps({"version": sqlglot.__version__, "compiled": compiled,
                      "statements": len(items), "failed": failed, "seconds": seconds}))


if __name__ == "__main__":
    main()
