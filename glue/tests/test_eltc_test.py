"""`eltc test --backend glue`: a case whose rows differ fails with the procedure backend's diff.

eltc runs the pipeline's cases through the glue_job.py it generates, under
local PySpark (the Python of this suite, which has pyspark: ELTC_PYTHON),
writing a throwaway PostgreSQL over JDBC, and compares with the expected
files. Here one cell of market_data's expected rows for 2019-06-28 is wrong
in a copy of the pipeline: both cases compare olap.market_data with that
file (by its primary key), so both must fail and name the row and the cell
with both values. A third case, 2019-07-02 with 2019-07-01's files, has no
price of its day: the job's `min_rows` assertion fails the batch, which fails
the case as a failing CALL does. A fourth case lands a security file with a
record COPY rejects (a securityid that is no integer, within MAXERROR): the
case passes with the same note as on the procedure backend, whose run of the
same copy is the reference. The unchanged pipeline passing is scripts/test's
`eltc test --backend glue pipelines/market_data`.
"""

import os
import shutil
import subprocess
import sys

from pg_server import ROOT


BAD_SECURITY = 'x9,"BADY","Bad Id Corp.",1,1,,1,1,2019-06-27\n'


def eltc_test(eltc, backend, *args):
    env = dict(os.environ, ELTC_PYTHON=sys.executable)
    env.pop("ELTC_TEST_DATABASE_URL", None)
    return subprocess.run([eltc, "test", "--backend", backend, *args], capture_output=True, text=True,
                          cwd=ROOT, env=env, timeout=900)


def test_a_wrong_cell_fails_its_case_and_the_diff_names_it(eltc, tmp_path):
    pipeline = tmp_path / "market_data"
    shutil.copytree(ROOT / "pipelines" / "market_data", pipeline)
    expected = pipeline / "fixtures" / "expected" / "2019-06-28" / "market_data.csv"
    lines = expected.read_text().splitlines()
    header = lines[0].split(",")
    assert header[2] == "symbol" and header[6] == "eod_price"
    # The first seven columns (eod_date .. eod_price) are never quoted.
    cells = lines[1].split(",", 7)
    symbol, actual = cells[2], cells[6]
    cells[6] = "1234.56"
    lines[1] = ",".join(cells)
    expected.write_text("\n".join(lines) + "\n")
    spec = pipeline / "pipeline.yaml"
    spec.write_text(spec.read_text() + """  - name: a_day_without_prices
    batches:
      - params: { eod_date: 2019-07-02 }
        given: fixtures/2019-07-01
  - name: a_rejected_security_is_a_note
    batches:
      - params: { eod_date: 2019-07-01 }
        given: fixtures/rejects
""")
    rejects = pipeline / "fixtures" / "rejects"
    shutil.copytree(pipeline / "fixtures" / "2019-07-01", rejects)
    with (rejects / "security.csv").open("a") as file:
        file.write(BAD_SECURITY)

    run = eltc_test(eltc, "glue", str(pipeline))
    shown = run.stdout + run.stderr
    assert run.returncode == 1, shown
    assert "FAIL market_data/same_day_twice_keeps_one_copy" in shown, shown
    assert "FAIL market_data/two_trading_days" in shown, shown
    cell = (f"changed row (eod_date=2019-06-28, symbol={symbol}): eod_price: "
            f"expected 1234.56, actual {actual}")
    assert cell in shown, shown
    assert "FAIL market_data/a_day_without_prices" in shown, shown
    assert "AssertionFailed: no prices staged for 2019-07-02" in shown, shown
    assert "ok   market_data/a_rejected_security_is_a_note" in shown, shown
    assert "1 passed, 3 failed" in shown, shown
    procedure = eltc_test(eltc, "procedure", "--filter", "a_rejected", str(pipeline))
    reference = [line for line in procedure.stdout.splitlines() if line.startswith("  note: ")]
    assert len(reference) == 1 and "BADY" in reference[0] and "error 12" in reference[0], procedure.stdout
    assert [line for line in run.stdout.splitlines() if line.startswith("  note: ")] == reference
