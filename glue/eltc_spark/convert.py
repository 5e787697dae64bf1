"""One field to the value COPY stores in its column, or the reason COPY rejects it.

The same rules as eltc's test loader (src/runner/loader/convert.rs), from
https://docs.aws.amazon.com/redshift/latest/dg/copy-parameters-data-conversion.html
and the type pages:

- a field equal to the NULL AS string (default `\\N`) is NULL in every column
  (with ESCAPE, the field as written is compared);
- CHAR/VARCHAR: an empty field is `''`, NULL with EMPTYASNULL; a blank field
  keeps its blanks, NULL with BLANKSASNULL; a field missing under FILLRECORD
  is empty;
- every other type: an empty or blank field is NULL;
- integers range-checked, decimals checked against precision and scale,
  extra decimals truncated (rounded half away from zero with ROUNDEC),
  CHAR/VARCHAR lengths in bytes (an over-long value is an error unless the
  excess is blanks, which are cut), invalid UTF-8 an error (1220).

Values are Python's: int, Decimal, float, bool, str, date, datetime.
"""

from decimal import ROUND_DOWN, ROUND_HALF_UP, Context, Decimal, InvalidOperation

from . import datetime_format

_BLANKS = " \t\r\x0b\x0c"
_RANGES = {"smallint": (-(2**15), 2**15 - 1), "integer": (-(2**31), 2**31 - 1), "bigint": (-(2**63), 2**63 - 1)}
# Redshift's DECIMAL has up to 38 digits; Python's default context keeps 28.
_CONTEXT = Context(prec=80)
_TRUE, _FALSE = ("t", "true", "y", "yes", "1"), ("f", "false", "n", "no", "0")


class FieldError(Exception):
    """A field COPY rejects: its AWS load error code (r_Load_Error_Reference.html), reason, byte position."""

    def __init__(self, code, reason, position=0):
        super().__init__(reason)
        self.code, self.reason, self.position = code, reason, position


class Converter:
    """Field conversion for one source (its options, formats parsed once)."""

    def __init__(self, source):
        self.source = source
        self.date_tokens = datetime_format.tokens(source.date_format)
        self.time_tokens = datetime_format.tokens(source.time_format)
        self.types = [c.sql_type for c in source.columns]

    def field(self, index, value, raw):
        """The stored value of column `index` for a field (`value` None: missing under FILLRECORD)."""
        source, column, ty = self.source, self.source.columns[index], self.types[index]
        marker = raw if source.escape and source.format == "delimited" else value
        null = (value is not None and marker == source.null_as.encode()) or (value is None and source.null_as == "")
        try:
            text = (value or b"").decode("utf-8")
        except UnicodeDecodeError as error:
            raise FieldError(1220, "String contains invalid or unsupported UTF8 codepoints", error.start)
        if null:
            stored = None
        elif ty.is_text:
            blank = text != "" and all(c in _BLANKS for c in text)
            stored = None if (text == "" and source.empty_as_null) or (blank and source.blanks_as_null) else text
        elif all(c in _BLANKS for c in text):
            stored = None
        else:
            stored = text.strip(_BLANKS)
        if stored is None:
            if column.not_null:
                raise FieldError(1213, "Missing data for not-null field")
            return None
        return self.typed(ty, stored)

    def typed(self, ty, text):
        if ty.is_text:
            return fit(text, ty.length, ty.name == "char")
        if ty.name in _RANGES:
            return integer(text, *_RANGES[ty.name])
        if ty.name == "decimal":
            return decimal(text, ty.length, ty.scale, self.source.round_decimals)
        if ty.name in ("real", "double precision"):
            try:
                return float(text)
            except ValueError:
                raise FieldError(1208, f"Invalid float value '{text}'")
        if ty.name == "boolean":
            if text.lower() in _TRUE:
                return True
            if text.lower() in _FALSE:
                return False
            raise FieldError(1210, f"Invalid boolean value '{text}'")
        if ty.name == "date":
            value = datetime_format.read(self.date_tokens, text, True)
            if value is None:
                raise FieldError(1205, f"Invalid date format '{text}'")
            return value
        value = datetime_format.read(self.time_tokens, text, False)
        if value is None:
            raise FieldError(1206, f"Invalid timestamp format '{text}'")
        return value


def fit(text, n, pad=False):
    """A CHAR/VARCHAR value within `n` bytes: over-long is an error unless the excess is
    blanks; a CHAR value is padded with blanks to `n` bytes (r_Character_types.html)."""
    data = text.encode()
    if len(data) <= n:
        return text + " " * (n - len(data)) if pad else text
    if all(b == 0x20 for b in data[n:]):
        return data[:n].decode()
    raise FieldError(1204, f"String length exceeds DDL length ({len(data)} bytes > {n})", n)


def _sign(text):
    if text[:1] in ("-", "+"):
        return text[0] == "-", text[1:]
    return False, text


def integer(text, low, high):
    negative, body = _sign(text)
    offset = len(text) - len(body)
    bad = next((i for i, c in enumerate(body) if not (c.isascii() and c.isdigit())), 0 if not body else None)
    if bad is not None:
        raise FieldError(1207, f"Invalid digit, Value '{text}', Pos {offset + bad}", offset + bad)
    value = -int(body) if negative else int(body)
    if not low <= value <= high:
        raise FieldError(1204, f"Overflow, Value '{text}' out of range {low} to {high}")
    return value


def decimal(text, precision, scale, round_half):
    """`[+-]digits[.digits]` in DECIMAL(precision, scale)."""
    negative, body = _sign(text)
    offset = len(text) - len(body)
    whole, _, frac = body.partition(".")
    bad = next((i for i, c in enumerate(body)
                if not ((c.isascii() and c.isdigit()) or (c == "." and i == len(whole)))), None)
    if bad is None and not whole and not frac:
        bad = 0
    if bad is not None:
        raise FieldError(1207, f"Invalid digit, Value '{text}', Type: Decimal", offset + bad)
    try:
        value = Decimal(f"{whole or '0'}.{frac or '0'}")
    except InvalidOperation:
        raise FieldError(1207, f"Invalid digit, Value '{text}', Type: Decimal", offset)
    value = value.quantize(Decimal(1).scaleb(-scale), rounding=ROUND_HALF_UP if round_half else ROUND_DOWN,
                           context=_CONTEXT)
    if value >= 1 and value.adjusted() + 1 > precision - scale:
        raise FieldError(1209, f"Numeric data overflow, Value '{text}', DECIMAL({precision},{scale})")
    return -value if negative and value != 0 else value
