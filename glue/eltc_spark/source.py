"""What a generated Glue job declares about one source: the printer's contract.

`eltc build` for the Glue backend prints, for each source of the pipeline, one
`SourceRead` literal: the COPY the procedure backend would run (the same
column list, format and NULL options, DATEFORMAT / TIMEFORMAT, MAXERROR) and,
for a staged source, the `Staged` selects that the load procedure's
INSERT ... SELECT runs after it (typed conversions of raw fields, column
expressions in Spark SQL, the record-type filter). The reader
(eltc_spark.reader) follows it exactly as eltc's test loader follows the COPY
(src/runner/loader), so both backends store the same rows.

Types are Redshift type names as the spec writes them (`varchar(20)`,
`numeric(8,2)`, `smallint`, `date`, `timestamp`): the reader maps each to its
Spark type and applies Redshift's rules (lengths in bytes, ranges, scale).
"""

import re
from dataclasses import dataclass, field

_TYPE = re.compile(r"^\s*([a-z ]+?)\s*(?:\(\s*(\d+)\s*(?:,\s*(\d+)\s*)?\))?\s*$")
_ALIASES = {"int": "integer", "int4": "integer", "int2": "smallint", "int8": "bigint",
            "numeric": "decimal", "character varying": "varchar", "character": "char",
            "bool": "boolean", "float8": "double precision", "float": "double precision",
            "float4": "real", "timestamp without time zone": "timestamp",
            "timestamp with time zone": "timestamptz", "text": "varchar"}


@dataclass(frozen=True)
class SqlType:
    """A Redshift column type: its base name and its length or precision and scale."""

    name: str
    length: int = 0
    scale: int = 0

    @staticmethod
    def parse(text):
        match = _TYPE.match(text.lower())
        if not match:
            raise ValueError(f"unknown column type `{text}`")
        name = _ALIASES.get(match.group(1), match.group(1))
        if name not in ("smallint", "integer", "bigint", "decimal", "real", "double precision",
                        "boolean", "char", "varchar", "date", "timestamp", "timestamptz"):
            raise ValueError(f"unknown column type `{text}`")
        length = int(match.group(2)) if match.group(2) else {"char": 1, "varchar": 256, "decimal": 18}.get(name, 0)
        return SqlType(name, length, int(match.group(3) or 0))

    @property
    def is_text(self):
        return self.name in ("char", "varchar")


@dataclass(frozen=True)
class Column:
    """One column of the COPY's column list, in file order."""

    name: str
    type: str
    not_null: bool = False

    @property
    def sql_type(self):
        return SqlType.parse(self.type)


@dataclass(frozen=True)
class SourceRead:
    """One COPY: a landed file into `table`'s `columns` (COPY's defaults where not set)."""

    name: str
    table: str
    columns: tuple
    format: str = "delimited"  # csv | delimited | fixed_width
    delimiter: str = ""  # default: ',' for csv, '|' otherwise
    quote: str = '"'
    escape: bool = False
    widths: tuple = ()
    encoding: str = "utf8"  # utf8 | utf16 | utf16le | utf16be
    header_lines: int = 0
    empty_as_null: bool = False
    blanks_as_null: bool = False
    null_as: str = "\\N"
    fill_record: bool = False
    date_format: str = "YYYY-MM-DD"
    time_format: str = "YYYY-MM-DD HH:MI:SS"
    max_errors: int = 0
    round_decimals: bool = False
    staged: tuple = field(default=())

    def __post_init__(self):
        if self.format not in ("csv", "delimited", "fixed_width"):
            raise ValueError(f"source `{self.name}`: unknown format `{self.format}`")
        if self.format == "fixed_width" and len(self.widths) != len(self.columns):
            raise ValueError(f"source `{self.name}`: {len(self.widths)} widths for {len(self.columns)} columns")
        for one in (self.delimiter, self.quote):
            if len(one) > 1 or (one and not one.isascii()):
                raise ValueError(f"source `{self.name}`: `{one}` is not one ASCII character")

    @property
    def field_delimiter(self):
        return self.delimiter or ("," if self.format == "csv" else "|")


@dataclass(frozen=True)
class Convert:
    """A raw (all-VARCHAR) field to a typed column, as the load procedure's
    NULLIF(TRIM(f), '') + CAST / strict TO_DATE / TO_TIMESTAMP does: a value
    that does not convert fails the batch (it is no COPY reject)."""

    field: str
    type: str
    format: str = ""  # the source's DATEFORMAT / TIMEFORMAT for dates and timestamps


@dataclass(frozen=True)
class Expr:
    """A Spark SQL expression over the raw fields (column expressions, constants,
    the load time, record-type conditions), printed by the Spark SQL target."""

    sql: str


@dataclass(frozen=True)
class Staged:
    """One INSERT ... SELECT from the raw rows into a staging table."""

    table: str
    step: str
    columns: tuple  # ((column name, Convert | Expr), ...) in the table's order
    types: tuple  # the table's types of those columns, same order
    where: Expr = None
