"""Records and fields of a landed file, cut as COPY's data format parameters say.

The same rules as eltc's test loader (src/runner/loader/split.rs), from
https://docs.aws.amazon.com/redshift/latest/dg/copy-parameters-data-format.html:

- CSV: a field in quotes may hold the delimiter, newlines and carriage
  returns; a quote inside is doubled; blanks between the delimiter and the
  quotes are ignored. A record ends at a newline outside quotes; a carriage
  return before it is part of the line ending.
- Delimited: fields end at the delimiter. With ESCAPE a backslash makes the
  next character data, a newline included (the record goes on).
- Fixed width: widths in characters (UTF-8), in column order.

A record's line is the physical line where it starts; IGNOREHEADER skips
physical lines. Pure Python on bytes: no Spark here.
"""

from dataclasses import dataclass, field


@dataclass
class Field:
    raw: bytes  # as written
    value: bytes  # quoting and escapes undone
    start: int  # byte offset of the field in the record


@dataclass
class Record:
    line: int
    raw: bytes
    fields: list = field(default_factory=list)
    error: tuple = None  # (AWS load error code, reason, position)


def records(data, source):
    """The records of the file `data` (bytes, UTF-8) after the header lines."""
    lines = data.split(b"\n")
    if lines and lines[-1] == b"":
        lines.pop()  # the newline that ends the last line
        ends_with_newline = True
    else:
        ends_with_newline = False
    number = min(source.header_lines, len(lines))
    delimiter = source.field_delimiter.encode()
    while number < len(lines):
        first = number
        raw = lines[number]
        number += 1
        if source.format == "csv":
            quote = source.quote.encode()
            while True:
                line_end = len(raw) - 1 if raw.endswith(b"\r") else len(raw)
                parsed = _split_csv(raw, line_end, delimiter, quote)
                if parsed is not None:
                    yield Record(first + 1, raw[:line_end], *parsed)
                    break
                if number >= len(lines):
                    yield _unterminated(first, raw + (b"\n" if ends_with_newline else b""))
                    break
                raw = raw + b"\n" + lines[number]
                number += 1
        elif source.format == "delimited" and source.escape:
            while True:
                newline = number < len(lines) or ends_with_newline
                parsed = _split_escaped(raw, delimiter, newline)
                if parsed is not None:
                    yield Record(first + 1, raw, parsed)
                    break
                if number >= len(lines):
                    # An escaped newline ends the file: the record never ends.
                    yield _unterminated(first, raw + b"\n")
                    break
                raw = raw + b"\n" + lines[number]
                number += 1
        elif source.format == "delimited":
            yield Record(first + 1, raw, _split_plain(raw, delimiter))
        else:
            yield _split_fixed(first + 1, raw, source.widths)


def _unterminated(first, raw):
    return Record(first + 1, raw, [], (1216, "unterminated quoted field at the end of the file", len(raw)))


def _split_plain(raw, delimiter):
    out, start = [], 0
    for part in raw.split(delimiter):
        out.append(Field(part, part, start))
        start += len(part) + 1
    return out


def _split_escaped(raw, delimiter, newline):
    """Fields with backslash escapes undone; None when the backslash escapes the
    newline that ends `raw` (the record goes on); a backslash that ends the file is data."""
    out, value, start, i = [], bytearray(), 0, 0
    d = delimiter[0]
    while i < len(raw):
        b = raw[i]
        if b == 0x5C and i + 1 < len(raw):
            value.append(raw[i + 1])
            i += 2
            continue
        if b == 0x5C and newline:
            return None
        if b == d:
            out.append(Field(raw[start:i], bytes(value), start))
            value, start = bytearray(), i + 1
        else:
            value.append(b)
        i += 1
    out.append(Field(raw[start:], bytes(value), start))
    return out


def _split_csv(raw, end, delimiter, quote):
    """(fields, error) of a CSV record, or None when a quoted field goes on past `raw`."""
    out, i = [], 0
    d, q = delimiter[0], quote[0]
    while True:
        start = j = i
        while j < end and raw[j] == 0x20:
            j += 1
        if j < end and raw[j] == q:
            value, i = bytearray(), j + 1
            while True:
                close = raw.find(quote, i)
                if close < 0:
                    return None
                value += raw[i:close]
                i = close + 1
                if i < end and raw[i] == q:
                    value.append(q)
                    i += 1
                else:
                    break
            if i > end:
                return None
            while i < end and raw[i] == 0x20:
                i += 1
            out.append(Field(raw[start:i], bytes(value), start))
            if i == end:
                return out, None
            if raw[i] != d:
                return out, (1201, "field delimiter not found after a quoted field", i)
            i += 1
        else:
            stop = raw.find(delimiter, i, end)
            stop = end if stop < 0 else stop
            out.append(Field(raw[i:stop], raw[i:stop], i))
            if stop == end:
                return out, None
            i = stop + 1


def _split_fixed(line, raw, widths):
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        return Record(line, raw, [], (1220, "invalid UTF-8 in a fixed-width record", error.start))
    out, at = [], 0
    for width in widths:
        if at >= len(text):
            break  # missing fields: FILLRECORD decides
        part = text[at:at + width]
        start = len(text[:at].encode())
        encoded = part.encode()
        out.append(Field(encoded, encoded, start))
        at += len(part)
    if at < len(text):
        return Record(line, raw, out, (1202, "extra characters after the last fixed-width field",
                                       len(text[:at].encode())))
    return Record(line, raw, out)
