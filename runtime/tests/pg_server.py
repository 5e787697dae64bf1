"""A throwaway PostgreSQL server and the eltc binary, for the suites that run eltc's
PostgreSQL form (runtime/tests/test_e2e_postgres.py, glue/tests).

Needs the PostgreSQL server binaries (initdb, pg_ctl) and psql: missing ones
FAIL with what to install. The eltc binary is $ELTC_BIN, else target/debug/eltc
built (or refreshed) by cargo; without either the test is skipped.
"""

import csv
import os
import shutil
import socket
import subprocess
import tempfile
from decimal import Decimal, InvalidOperation
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
INSTALL = "apt-get install postgresql-15 (server binaries initdb/pg_ctl and psql)"


def eltc_binary():
    """ELTC_BIN, else target/debug/eltc built (or refreshed) by cargo."""
    if os.environ.get("ELTC_BIN"):
        return os.environ["ELTC_BIN"]
    built = ROOT / os.environ.get("CARGO_TARGET_DIR", "target") / "debug" / "eltc"
    if shutil.which("cargo") is None:
        if built.exists():
            return str(built)
        pytest.skip("no Rust toolchain and no eltc binary (set ELTC_BIN)")
    # A no-op after scripts/test's `cargo test`; otherwise it keeps the binary
    # in step with the sources under test.
    subprocess.run(["cargo", "build", "--quiet", "--bin", "eltc"], cwd=ROOT, check=True)
    return str(built)


def pg_bin_dir():
    for version in ("17", "16", "15"):
        candidate = Path(f"/usr/lib/postgresql/{version}/bin")
        if (candidate / "initdb").is_file() and (candidate / "pg_ctl").is_file():
            return candidate
    found = shutil.which("initdb")
    if found and shutil.which("pg_ctl"):
        return Path(found).parent
    pytest.fail(f"the PostgreSQL server binaries are not installed: {INSTALL}", pytrace=False)


class Server:
    """A throwaway PostgreSQL, as src/runner/server.rs starts one (initdb, trust
    auth, 127.0.0.1, UTC); as root every server command runs as `postgres`."""

    def __init__(self):
        self.bin = pg_bin_dir()
        self.psql = shutil.which("psql") or str(self.bin / "psql")
        if not Path(self.psql).exists():
            pytest.fail(f"psql is not installed: {INSTALL}", pytrace=False)
        self.as_postgres = os.geteuid() == 0
        self.dir = tempfile.mkdtemp(prefix="eltc-e2e-pg-")
        if self.as_postgres:
            shutil.chown(self.dir, "postgres", "postgres")
        self.data = f"{self.dir}/data"
        self._run("initdb", "-D", self.data, "-A", "trust", "-U", "postgres", "-E", "UTF8", "--no-locale")
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            self.port = sock.getsockname()[1]
        options = (f"-p {self.port} -k {self.dir} -c listen_addresses=127.0.0.1 -c TimeZone=UTC "
                   "-c fsync=off -c full_page_writes=off")
        self._run("pg_ctl", "-D", self.data, "-l", f"{self.dir}/log", "-w", "start", "-o", options)

    def _run(self, program, *args):
        command = [str(self.bin / program), *args]
        if self.as_postgres:
            command = ["runuser", "-u", "postgres", "--", *command]
        subprocess.run(command, check=True, capture_output=True, text=True)

    def url(self, database):
        return f"postgres://postgres@127.0.0.1:{self.port}/{database}"

    def psql_run(self, database, sql, variables=None):
        """Runs `sql` (psql variables interpolated); stdout as text."""
        command = [self.psql, "-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", self.url(database)]
        for name, value in (variables or {}).items():
            command += ["-v", f"{name}={value}"]
        done = subprocess.run(command, input=sql, capture_output=True, text=True,
                              env={**os.environ, "PGTZ": "UTC"})
        if done.returncode != 0:
            raise RuntimeError(done.stderr.strip())
        return done.stdout

    def stop(self):
        try:
            self._run("pg_ctl", "-D", self.data, "-m", "immediate", "-w", "stop")
        finally:
            shutil.rmtree(self.dir, ignore_errors=True)


def typed(value):
    """A cell compared by value: numbers as Decimal (2.50 = 2.5), empty = NULL."""
    if value == "":
        return None
    try:
        return Decimal(value).normalize()
    except InvalidOperation:
        return value


def compare(actual, expected_file):
    """Rows of `actual` projected on the expected file's columns, as multisets."""
    expected = list(csv.DictReader(expected_file.open(newline="")))
    columns = list(expected[0])
    def project(rows):
        return sorted(tuple(str(typed(row[c])) for c in columns) for row in rows)
    want, have = project(expected), project(actual)
    missing = [r for r in want if r not in have]
    extra = [r for r in have if r not in want]
    assert not missing and not extra and len(want) == len(have), (
        f"{expected_file}: {len(have)} rows, {len(want)} expected; "
        f"missing {missing[:3]}; unexpected {extra[:3]}")
