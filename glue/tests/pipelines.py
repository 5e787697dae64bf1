"""The source reads of pipelines/market_data and pipelines/retail, as eltc prints them into glue_job.py.

`printed_sources` builds a copy of the pipeline's spec holding its params,
sources and tables only (its transforms are not what these tests check, and
some of retail's are refused by the Glue printer) with
`eltc build --backend glue`, then imports the printed job and returns its
`SOURCES`: the `SourceRead` and `Staged` declarations the printer writes from
the typed plan (docs/glue.md, "The printer's contract"). test_equality.py
proves them, and the reader, equal to eltc's own loader.
"""

import importlib.util
import subprocess

from pg_server import ROOT


def printed_sources(eltc, pipeline, folder):
    """The `SOURCES` of the Glue job eltc prints for `pipeline`'s sources."""
    spec = (ROOT / "pipelines" / pipeline / "pipeline.yaml").read_text()
    copy = folder / pipeline
    copy.mkdir(parents=True)
    (copy / "pipeline.yaml").write_text(spec[:spec.index("\ntransforms:")] + "\n")
    built = subprocess.run([eltc, "build", "--backend", "glue", "--out", str(folder / "out"), str(copy)],
                           capture_output=True, text=True)
    assert built.returncode == 0, built.stderr
    job = folder / "out" / pipeline / "glue_job.py"
    module = importlib.util.spec_from_file_location(f"glue_job_{pipeline}", job)
    loaded = importlib.util.module_from_spec(module)
    module.loader.exec_module(loaded)
    return loaded.SOURCES


# The files of each source under a fixture day (the `file` patterns rendered).
FILES = {"market_data": {"sector": "sector.csv", "industry": "industry.csv", "security": "security.csv",
                         "eod_price": "eod_price.csv"},
         "retail": {"stores": "stores.dat", "customers": "customers.csv", "products": "products.csv",
                    "sales": "sales_{day}.txt"}}
DAYS = {"market_data": ("2019-06-28", "2019-07-01"), "retail": ("2024-03-01", "2024-03-02")}
