"""Text from files shown as text: never read as Qt rich text, never so long that it stalls the window.

Class names, layer names, file names and paths, a model's architecture string, report fields
and error messages that quote a file all come from files a user may have been sent. Qt reads
the text of a label or a tooltip as HTML when it looks like HTML (`Qt.mightBeRichText`):
`<img src="/dev/zero">` in a class name would then read gigabytes, a named pipe would hang the
window for ever, any local picture would show, and `<a href>` would make a link. Item views,
combo boxes, group titles and the status bar draw plain text, but a 50 MB name would still
stall them. Every widget text that can hold such a string goes through one of these helpers:

    label = plain_label()                    # a QLabel that never reads its text as HTML
    set_plain_text(label, text)              # a label's text, plain and bounded
    widget.setToolTip(plain_tooltip(path))   # a tooltip that shows `path` as it is
    item = QTableWidgetItem(shown(name))     # item and combo texts are plain: only bounded
    action.setText(action_text(name))        # "&" marks a mnemonic in a menu
    window.setWindowTitle(title_text(title)) # "[*]" is the modified mark in a title
    f"<b>{escaped(name)}</b>"                # our own markup around a file's text

`shown` bounds one value (a name, a path); the other helpers also bound the whole text, so a
message that quotes a file cannot grow without end either.
"""

import html

from PyQt5 import QtCore, QtWidgets

from core.safetext import terminal_text

# The most characters of one value from a file that a widget shows (the middle is elided).
MAX_SHOWN_CHARS = 200
# The most characters of a whole text (a message quoting several values, a list of names).
MAX_TEXT_CHARS = 2000

ELLIPSIS = "…"


def shown(text, limit=MAX_SHOWN_CHARS):
    """`text` as a widget shows it: at most `limit` characters, the middle elided when longer,
    control and right-to-left override characters escaped (`core.safetext.terminal_text`: a
    name must not reorder what is drawn around it, so `gpj.exe` cannot pass for `exe.jpg`).

    Both ends are kept: a path keeps its folder and its extension, a name its start and end.

    Args:
        text: any value (made a string with `str`).
        limit: the most characters kept.

    Returns:
        The string, unchanged when short enough.
    """
    text = str(text)
    if len(text) > limit:
        head = (limit - 1) // 2
        tail = limit - 1 - head
        text = text[:head] + ELLIPSIS + (text[-tail:] if tail else "")
    return terminal_text(text)


def escaped(text, limit=MAX_SHOWN_CHARS):
    """`text` bounded and escaped for our own rich text: `<`, `>`, `&` and quotes as entities."""
    return html.escape(shown(text, limit))


def plain_label(text="", parent=None):
    """A `QLabel` that shows its text as plain text, whatever it holds.

    Args:
        text: the first text (bounded like `set_plain_text`).
        parent: the parent widget.
    """
    label = QtWidgets.QLabel(parent)
    set_plain_text(label, text)
    return label


def set_plain_text(label, text, limit=MAX_TEXT_CHARS):
    """Sets a label's text as plain text (never HTML), at most `limit` characters."""
    label.setTextFormat(QtCore.Qt.PlainText)
    label.setText(shown(text, limit))


def plain_tooltip(text, limit=MAX_TEXT_CHARS):
    """A tooltip that shows `text` as it is (bounded), for `setToolTip`.

    Qt shows a tooltip as rich text when it looks like HTML, with no way to say otherwise;
    such a text is escaped inside a paragraph that keeps its spaces and line breaks, so it
    reads exactly as written. Any other text is returned as it is (Qt shows it as plain text).
    """
    text = shown(text, limit)
    if not QtCore.Qt.mightBeRichText(text):
        return text
    return "<p style='white-space:pre-wrap'>" + html.escape(text, quote=False) + "</p>"


def action_text(text, limit=MAX_SHOWN_CHARS):
    """A menu or button text showing `text` as it is: "&" doubled, since a single one marks a mnemonic."""
    return shown(text, limit).replace("&", "&&")


def title_text(text, limit=MAX_TEXT_CHARS):
    """A window title showing `text` as it is: "[*]" doubled, since a single one is the "modified" mark."""
    return shown(text, limit).replace("[*]", "[*][*]")
