"""A landed file in, the rows the generated COPY would store out, with its rejects.

The same contract as eltc's test loader (src/runner/loader/mod.rs): records
are split (eltc_spark.split), each field converted (eltc_spark.convert); a
record COPY would reject is reported with what STL_LOAD_ERRORS holds (file,
line, column, position, code, reason, raw line); more rejects than MAXERROR
fail the load and nothing is stored. An empty line is rejected (1211); a
record with more fields than columns too (1202), with fewer unless
FILLRECORD (1203). UTF-16 input is converted to UTF-8 first. Pure Python:
the Spark reader runs it once per file.
"""

import re
from dataclasses import asdict, dataclass

from . import split
from .convert import Converter, FieldError


@dataclass(frozen=True)
class Rejected:
    file: str
    line: int
    column: str  # None when the record as a whole is rejected
    position: int
    code: int
    message: str
    raw_line: str

    def as_report(self):
        """The entry of the job report (and of the runtime's status `load_errors`)."""
        return asdict(self)

    def __str__(self):
        column = f" column `{self.column}`" if self.column else ""
        return (f"{self.file}:{self.line}{column} (position {self.position}): "
                f"error {self.code}: {self.message}: {self.raw_line!r}")


class TooManyErrors(Exception):
    """More rejected records than MAXERROR: the COPY fails and loads nothing."""

    def __init__(self, table, max_errors, rejected):
        self.table, self.max_errors, self.rejected = table, max_errors, rejected
        lines = "".join(f"\n  {r}" for r in rejected)
        super().__init__(f"load into table `{table}` failed: {len(rejected)} rejected record(s), "
                         f"MAXERROR is {max_errors}{lines}")


def to_utf8(data, encoding):
    """UTF-16 (byte-order mark decides, big endian without one; a leading mark dropped)
    as UTF-8; an unpaired surrogate becomes the byte 0xFF, never valid UTF-8 (1220)."""
    if encoding == "utf8":
        return data
    little = encoding == "utf16le" or (encoding == "utf16" and data.startswith(b"\xff\xfe"))
    text = data.decode("utf-16-le" if little else "utf-16-be", errors="surrogatepass")
    if text.startswith("\ufeff"):
        text = text[1:]
    if len(data) % 2:
        text += "\udcff"
    text = re.sub("[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]", "\udcff", text)
    return text.encode("utf-8", errors="surrogateescape")


def load(source, data, file_name):
    """(rows, rejected): `rows` as tuples in the column order, in file order."""
    data = to_utf8(data, source.encoding)
    converter = Converter(source)
    rows, rejected = [], []
    for record in split.records(data, source):
        try:
            rows.append(convert_record(source, converter, record))
        except _Reject as reject:
            rejected.append(Rejected(
                file_name, record.line,
                source.columns[reject.column].name if reject.column is not None else None,
                reject.error.position, reject.error.code, reject.error.reason,
                record.raw.decode("utf-8", errors="replace")[:1024]))
            if len(rejected) > source.max_errors:
                raise TooManyErrors(source.table, source.max_errors, rejected)
    return rows, rejected


class _Reject(Exception):
    def __init__(self, column, error):
        super().__init__(error.reason)
        self.column, self.error = column, error


def convert_record(source, converter, record):
    if record.error:
        raise _Reject(None, FieldError(*record.error))
    if record.raw == b"":
        raise _Reject(None, FieldError(1211, "Input line contained no data"))
    count = len(source.columns)
    if len(record.fields) > count:
        raise _Reject(None, FieldError(1202, "Extra column(s) found", record.fields[count].start))
    if len(record.fields) < count and not source.fill_record:
        raise _Reject(len(record.fields), FieldError(
            1203, "Missing column(s): the record has fewer fields than the column list (no FILLRECORD)",
            len(record.raw)))
    out = []
    for i in range(count):
        one = record.fields[i] if i < len(record.fields) else None
        try:
            out.append(converter.field(i, one.value if one else None, one.raw if one else b""))
        except FieldError as error:
            raise _Reject(i, error)
    return tuple(out)
