"""Fixtures of the Glue suite: one Spark session for every test, PostgreSQL, eltc.

Spark is local[2] with the PostgreSQL JDBC driver (Debian's
libpostgresql-jdbc-java, /usr/share/java/postgresql.jar) and UTC as its
session time zone; the `awsglue` shim (glue/local) is on the path, as a
local run puts it. Started once per pytest run: a session costs seconds.
"""

import os
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PATHS = [str(ROOT / "glue"), str(ROOT / "glue" / "local"), str(ROOT / "glue" / "tests"), str(ROOT / "runtime" / "tests")]
sys.path[:0] = PATHS
# Spark's Python workers import the library as Glue's do from --extra-py-files.
os.environ["PYTHONPATH"] = os.pathsep.join(PATHS + [os.environ.get("PYTHONPATH", "")])

# Spark turns naive Python datetimes into timestamps in the process's time zone:
# UTC, as on Glue, so a value read is the value written.
os.environ["TZ"] = "UTC"
time.tzset()

JDBC_JAR = os.environ.get("ELTC_JDBC_JAR", "/usr/share/java/postgresql.jar")


@pytest.fixture(scope="session")
def spark():
    if not Path(JDBC_JAR).is_file():
        pytest.fail(f"no PostgreSQL JDBC driver at {JDBC_JAR}: apt-get install libpostgresql-jdbc-java",
                    pytrace=False)
    from pyspark.sql import SparkSession

    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    session = (SparkSession.builder.master("local[2]").appName("eltc-glue-tests")
               .config("spark.jars", JDBC_JAR)
               .config("spark.ui.enabled", "false")
               .config("spark.sql.shuffle.partitions", "2")
               .config("spark.sql.session.timeZone", "UTC")
               .config("spark.driver.extraJavaOptions", "-Duser.timezone=UTC")
               .config("spark.executor.extraJavaOptions", "-Duser.timezone=UTC")
               .getOrCreate())
    yield session
    session.stop()


@pytest.fixture(scope="session")
def server():
    """One throwaway PostgreSQL for the session (runtime/tests/pg_server.py)."""
    from pg_server import Server

    server = Server()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def eltc():
    from pg_server import eltc_binary

    return eltc_binary()
