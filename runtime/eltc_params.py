"""Run parameters of an eltc batch: capture, validate, render (no AWS calls here).

Part of eltc's generic Lambda runtime (runtime/, emitted by `eltc build` into
generated/_runtime/). A parameter arrives as text: from the notification key
(in the capture's FORMAT, e.g. YYYYMMDD) or from the notification file's
`params` object. Every value is checked against the type lambda.json declares
and turned into one canonical text (dates YYYY-MM-DD, timestamps
YYYY-MM-DD HH24:MI:SS) before anything runs: that text is what the Data API
receives as a named parameter, so nothing from a key or a file is ever
spliced into SQL. Pure functions only: the tests call them directly.
"""

import datetime as dt
import re

# Tokens of the pattern FORMAT models (src/spec/pattern.rs): longest first.
_TOKENS = (("YYYY", "%Y", 4), ("HH24", "%H", 2), ("MM", "%m", 2), ("DD", "%d", 2),
           ("MI", "%M", 2), ("SS", "%S", 2))
DATE_FORMAT = "YYYY-MM-DD"
TIMESTAMP_FORMAT = "YYYY-MM-DD HH24:MI:SS"
_INT_RANGES = {"smallint": 16, "integer": 32, "bigint": 64}
_TEMPLATE = re.compile(r"\{([a-z_][a-z0-9_]*)(?::([^}]*))?\}")


class ParamError(ValueError):
    """A parameter value that does not fit its declared type (fails the batch)."""


def _strptime_format(model):
    """The Oracle-style model (YYYYMMDD, YYYY-MM-DD HH24:MI) as a strptime format."""
    out, rest = [], model
    while rest:
        for token, directive, _ in _TOKENS:
            if rest.startswith(token):
                out.append(directive)
                rest = rest[len(token):]
                break
        else:
            out.append(rest[0].replace("%", "%%"))
            rest = rest[1:]
    return "".join(out)


def _parse_datetime(name, text, model):
    # strptime accepts single-digit fields ("2024-1-2"); the models do not, so
    # the shape is checked first with the same digit counts the regex uses.
    shape = re.escape(model)
    for token, _, width in _TOKENS:
        shape = shape.replace(re.escape(token), "[0-9]{%d}" % width)
    if not re.fullmatch(shape, text):
        raise ParamError(f"param `{name}`: `{text}` is not in the format {model}")
    try:
        return dt.datetime.strptime(text, _strptime_format(model))
    except ValueError as error:
        raise ParamError(f"param `{name}`: `{text}` is not a valid {model} value ({error})")


def canonical(name, ty, text, model=None):
    """The canonical text of `text` for a parameter of type `ty` (lambda.json spelling)."""
    if not isinstance(text, str):
        if isinstance(text, bool) or not isinstance(text, (int, float)):
            raise ParamError(f"param `{name}`: expected a string or number, got {type(text).__name__}")
        text = str(text)
    ty = ty.lower()
    if text == "":
        # The Data API refuses an empty parameter value (docs/redshift.md#data-api-parameters).
        raise ParamError(f"param `{name}`: empty value")
    if ty == "date":
        return _parse_datetime(name, text, model or DATE_FORMAT).strftime("%Y-%m-%d")
    if ty in ("timestamp", "timestamptz"):
        if model is None and "T" in text:
            text = text.replace("T", " ", 1)
        return _parse_datetime(name, text, model or TIMESTAMP_FORMAT).strftime("%Y-%m-%d %H:%M:%S")
    if ty in _INT_RANGES:
        if not re.fullmatch(r"-?[0-9]+", text):
            raise ParamError(f"param `{name}`: `{text}` is not an integer")
        bits = _INT_RANGES[ty]
        if not -(2 ** (bits - 1)) <= int(text) < 2 ** (bits - 1):
            raise ParamError(f"param `{name}`: {text} is out of range for {ty}")
        return str(int(text))
    decimal = re.fullmatch(r"decimal\((\d+),(\d+)\)", ty)
    if decimal:
        return _decimal(name, text, int(decimal.group(1)), int(decimal.group(2)))
    if ty in ("real", "double precision"):
        if not re.fullmatch(r"-?[0-9]+(\.[0-9]+)?([eE][-+]?[0-9]+)?", text):
            raise ParamError(f"param `{name}`: `{text}` is not a number")
        return text
    if ty == "boolean":
        if text.lower() not in ("true", "false"):
            raise ParamError(f"param `{name}`: `{text}` is not true or false")
        return text.lower()
    text_type = re.fullmatch(r"(?:var)?char\((\d+)\)", ty)
    if text_type:
        # Redshift lengths count bytes of UTF-8, not characters.
        if len(text.encode("utf-8")) > int(text_type.group(1)):
            raise ParamError(f"param `{name}`: `{text}` is longer than {ty}")
        if any(ord(c) < 32 for c in text):
            raise ParamError(f"param `{name}`: control characters are not allowed")
        return text
    raise ParamError(f"param `{name}`: type `{ty}` is not supported by this runtime")


def _decimal(name, text, precision, scale):
    match = re.fullmatch(r"(-?)([0-9]+)(?:\.([0-9]+))?", text)
    if not match:
        raise ParamError(f"param `{name}`: `{text}` is not a decimal number")
    whole, frac = match.group(2).lstrip("0"), (match.group(3) or "").rstrip("0")
    if len(whole) > precision - scale or len(frac) > scale:
        raise ParamError(f"param `{name}`: `{text}` does not fit decimal({precision},{scale})")
    return text


def from_key(config, match):
    """Canonical values of the captures of a matched notification key."""
    values = {}
    types = {p["name"]: p["type"] for p in config["params"]}
    for capture in config["notification"]["captures"]:
        name = capture["param"]
        values[name] = canonical(name, types[name], match.group(name), capture["format"])
    return values


def merge(config, from_key_values, from_file):
    """All params of the batch: the key's captures and the file's `params`, which must agree."""
    types = {p["name"]: p["type"] for p in config["params"]}
    values = dict(from_key_values)
    for name, raw in sorted(from_file.items()):
        if name not in types:
            raise ParamError(f"param `{name}` is not a param of pipeline `{config['pipeline']}`")
        value = canonical(name, types[name], raw)
        if name in values and values[name] != value:
            raise ParamError(
                f"param `{name}`: the key says `{values[name]}`, the notification file `{value}`")
        values[name] = value
    missing = [p["name"] for p in config["params"] if p["name"] not in values]
    if missing:
        raise ParamError("no value for param(s) " + ", ".join(f"`{m}`" for m in missing))
    return values


def render(template, config, values, bucket):
    """A lambda.json template (`{param}`, `{param:FORMAT}`, `{bucket}`) with canonical values."""
    types = {p["name"]: p["type"] for p in config["params"]}

    def one(match):
        name, model = match.group(1), match.group(2)
        if name == "bucket":
            return bucket
        value = values[name]
        if types[name] == "date":
            return dt.datetime.strptime(value, "%Y-%m-%d").strftime(_strptime_format(model or DATE_FORMAT))
        if types[name] in ("timestamp", "timestamptz"):
            parsed = dt.datetime.strptime(value, "%Y-%m-%d %H:%M:%S")
            return parsed.strftime(_strptime_format(model or TIMESTAMP_FORMAT))
        return value

    return _TEMPLATE.sub(one, template)


def order_key(config, values):
    """The business-date order of a batch: its date and timestamp params, in declaration order."""
    return [values[p["name"]] for p in config["params"]
            if p["type"] in ("date", "timestamp", "timestamptz")]
