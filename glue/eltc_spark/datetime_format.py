"""COPY's DATEFORMAT / TIMEFORMAT strings and the parse of one field value.

The same rules as eltc's test loader (src/runner/loader/datetime.rs), from
https://docs.aws.amazon.com/redshift/latest/dg/r_DATEFORMAT_and_TIMEFORMAT_strings.html:
`HH` is 24-hour in COPY (12-hour in SQL's TO_CHAR), `MON` takes an abbreviated
or full English month name in any case, `SS` takes a fraction up to
microseconds, tokens match case-insensitively, a number token takes one
digit up to its width, dates are checked (no 31 June). Two-digit years (`YY`)
follow PostgreSQL's rule (00-69 -> 20xx, 70-99 -> 19xx).
"""

import datetime as dt

_NAMES = (("YYYY", "year4"), ("HH24", "hour24"), ("HH12", "hour12"), ("MON", "month_name"),
          ("YY", "year2"), ("MM", "month"), ("MI", "minute"), ("DD", "day"), ("HH", "hour24"),
          ("SS", "second"), ("AM", "meridian"), ("PM", "meridian"))
_MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august",
           "september", "october", "november", "december")
_DATE_PARTS = ("year4", "year2", "month", "month_name", "day")


def tokens(text):
    """The tokens of a COPY format string; `auto`, `epochsecs` and unknown letters are refused."""
    out, rest = [], text
    while rest:
        for name, token in _NAMES:
            if rest[:len(name)].upper() == name:
                out.append(token)
                rest = rest[len(name):]
                break
        else:
            if rest[0].isascii() and rest[0].isalpha():
                raise ValueError(f"date/time format `{text}`: `{rest}` is not a COPY format token")
            out.append(("literal", rest[0]))
            rest = rest[1:]
    return tuple(out)


def _number(s, width):
    n = 0
    while n < min(width, len(s)) and s[n].isascii() and s[n].isdigit():
        n += 1
    if n == 0:
        return None, s
    return int(s[:n]), s[n:]


def read(format_tokens, text, date):
    """A `date` (DATE column: a trailing time part after a blank is ignored) or a
    `datetime` (TIMESTAMP: a missing time part is midnight); None when invalid."""
    year, month, day, hour, minute, second, micros = 1, 1, 1, 0, 0, 0, 0
    pm, twelve, s = None, False, text
    for i, token in enumerate(format_tokens):
        if not s and not date and all(t not in _DATE_PARTS for t in format_tokens[i:]):
            break
        if isinstance(token, tuple):
            if not s.startswith(token[1]):
                return None
            s = s[len(token[1]):]
            continue
        if token == "month_name":
            n = 0
            while n < len(s) and s[n].isascii() and s[n].isalpha():
                n += 1
            word = s[:n].lower()
            found = [k for k, m in enumerate(_MONTHS) if m == word or (len(word) == 3 and m.startswith(word))]
            if not found:
                return None
            month, s = found[0] + 1, s[n:]
            continue
        if token == "meridian":
            word = s[:2].upper()
            if word not in ("AM", "PM"):
                return None
            pm, s = word == "PM", s[2:]
            continue
        value, s = _number(s, 4 if token == "year4" else 2)
        if value is None:
            return None
        if token == "year4":
            year = value
        elif token == "year2":
            year = 2000 + value if value < 70 else 1900 + value
        elif token == "month":
            month = value
        elif token == "day":
            day = value
        elif token in ("hour24", "hour12"):
            hour, twelve = value, twelve or token == "hour12"
        elif token == "minute":
            minute = value
        elif token == "second":
            second = value
            if s.startswith("."):
                n = 1
                while n < len(s) and s[n].isascii() and s[n].isdigit():
                    n += 1
                if n == 1 or n > 7:
                    return None
                micros, s = int(s[1:n].ljust(6, "0")), s[n:]
    if s and not (date and s[0] in " \t\n\r\x0c"):
        return None
    if twelve or pm is not None:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if pm else 0)
    try:
        value = dt.datetime(year, month, day, hour, minute, second, micros)
    except ValueError:
        return None
    return value.date() if date else value
