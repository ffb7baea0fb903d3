"""Text that came from a file, made safe to show: on a terminal, in one line, in a spreadsheet.

Class names, layer names and file names come from files a user was sent. Printed raw, an
escape sequence in them can retitle the terminal, clear the screen or write the clipboard;
a right-to-left override can make `gpj.exe` read as `exe.jpg`; a cell starting with `=`
runs as a formula when the CSV is opened in a spreadsheet. These helpers are the one place
that decides what is escaped:

    print(terminal_text(name))          # control characters escaped as \\u001b
    label.setText(one_line(name, 200))  # also newlines and tabs; at most 200 characters
    writer.writerow([csv_cell(name)])   # "=1+1" becomes "'=1+1"

An escaped character is written `\\uXXXX`, which is also a valid escape inside a JSON
string, so JSON output stays valid and reads back the very same text.
"""

import re

# C0 controls, DEL and C1 controls; the bidirectional overrides, embeddings and isolates and
# the implicit marks (they reorder what is shown); the line and paragraph separators.
_FORMAT = "\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029"
_UNSAFE_ALL = re.compile(f"[\x00-\x1f\x7f-\x9f{_FORMAT}]")
_UNSAFE_KEEPING_LINES = re.compile(f"[\x00-\x08\x0b-\x1f\x7f-\x9f{_FORMAT}]")  # Keeps \t and \n.

# OWASP "CSV injection": a cell starting with one of these is taken as a formula.
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

ELLIPSIS = "…"


def _escape(match):
    return f"\\u{ord(match.group()):04x}"


def terminal_text(text):
    """`text` with every control character escaped except newline and tab, for a terminal.

    Args:
        text: any string (other values are turned into one with `str`).

    Returns:
        The string; unchanged when it holds nothing unsafe.
    """
    return _UNSAFE_KEEPING_LINES.sub(_escape, str(text))


def one_line(text, limit=None):
    """`text` as one line: every control character escaped (newlines too), at most `limit` characters.

    Args:
        text: any string (other values are turned into one with `str`).
        limit: the most characters kept of `text`; a longer text is cut and ends in "…".
            None keeps it whole.

    Returns:
        The string, safe for a label, a tooltip, a table cell or a one-line message.
    """
    text = str(text)
    if limit is not None and len(text) > limit:
        text = text[:max(limit - 1, 0)] + ELLIPSIS
    return _UNSAFE_ALL.sub(_escape, text)


def quoted(text, limit=80):
    """`text` quoted for a message, as `'...'`: one line, at most `limit` characters."""
    return "'" + one_line(text, limit) + "'"


def csv_cell(value):
    """A spreadsheet-safe CSV cell: a string starting like a formula gets a leading apostrophe.

    Only text that came from a file (names, paths, messages) should go through this;
    numbers written by us, such as -0.5, are not text and are left to the caller.

    Args:
        value: the cell value.

    Returns:
        `"'" + value` when `value` is a string starting with `=`, `+`, `-`, `@`, a tab or a
        carriage return (as OWASP recommends); else `value` unchanged.
    """
    if isinstance(value, str) and value.startswith(_FORMULA_STARTS):
        return "'" + value
    return value


def size_text(count):
    """A byte count for a message: `1.5 GiB`, `300.0 KiB`, `12 bytes` (a `core.messages.Message`, said in
    the app's language)."""
    from core.messages import Message

    for unit, scale in (("GiB", 1 << 30), ("MiB", 1 << 20), ("KiB", 1 << 10)):
        if count >= scale:
            return f"{count / scale:,.1f} {unit}"
    return Message("size.bytes", count=f"{count:,}")
