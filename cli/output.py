"""Small helpers shared by subcommands for printing results."""

import contextlib
import json
import os
import sys
import tempfile
from pathlib import Path

from cli.errors import CliError
from core.safetext import one_line, terminal_text


def print_line(text, file=None, flush=False):
    """Prints `text` as one line (to stdout unless `file`): a result, a note, a warning or a skipped file.

    A newline or tab inside it can only come from a file name, a label or a class name, and would
    split the line in two; it is escaped (`core.safetext.one_line`), as `\\u000a`.
    """
    print(one_line(text), file=sys.stdout if file is None else file, flush=flush)


def print_json(value):
    """Prints `value` as indented JSON (UTF-8, class names left readable)."""
    json.dump(value, sys.stdout, indent=2, ensure_ascii=False)
    sys.stdout.write("\n")


def parse_size(text):
    """Parses `224x224x3`, `224x224` or `224` into (height, width[, channels]) ints.

    Raises:
        ValueError: the text is not of that form.
    """
    parts = text.lower().replace("*", "x").split("x")
    try:
        numbers = tuple(int(part) for part in parts)
    except ValueError:
        raise ValueError(f"expected a size like 224x224x3, got {text!r}") from None
    if len(numbers) == 1:
        numbers = (numbers[0], numbers[0])
    if len(numbers) not in (2, 3) or min(numbers) < 1:
        raise ValueError(f"expected a size like 224x224x3, got {text!r}")
    return numbers


def check_output_file(path, option):
    """Refuses, before the work, an output file that could not be written: a folder, or a place not writable.

    Args:
        path: the file the command will write (an existing file is replaced).
        option: the option that named it, for the message (`--csv`).

    Raises:
        CliError: one line naming `path`.
    """
    if Path(path).is_dir():
        raise CliError(f"{path}: a folder ({option} takes a file name)")
    _check_writable_place(path, Path(path).parent)


def check_output_folder(path, option):
    """Refuses, before the work, an output folder that could not be written: a file, or a place not writable.

    Raises:
        CliError: one line naming `path`.
    """
    if Path(path).exists() and not Path(path).is_dir():
        raise CliError(f"{path}: not a folder ({option} takes a folder)")
    _check_writable_place(path, Path(path))


def _check_writable_place(path, folder):
    """Makes and removes a file in `folder`, or in the nearest folder above it that exists (nothing made).

    A permission check alone is not enough: root passes it on a read-only file system.
    """
    folder = Path(os.path.abspath(folder))
    while not folder.exists() and folder != folder.parent:
        folder = folder.parent
    if not folder.is_dir():
        raise CliError(f"{path}: {folder} is not a folder")
    try:
        handle, probe = tempfile.mkstemp(prefix=".tonguelens-write-check.", suffix=".tmp", dir=folder)
        os.close(handle)
        os.unlink(probe)
    except OSError as error:
        raise CliError(f"{path}: cannot write there ({error.strerror or error})") from None


def tolerate_undecodable_names():
    """Makes stdout and stderr escape what they cannot encode instead of failing the command.

    A file name that is not valid UTF-8 reaches Python as a str with lone surrogates; printed
    as is, it would stop `classify` or `train` with a traceback in the middle of its output.
    Escaped (as `\\udcXX`), the line is printed and JSON output still reads back the same name.
    """
    for stream in (sys.stdout, sys.stderr):  # Python's own stderr already escapes; a replaced one may not.
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(errors="backslashreplace")


class EscapingStream:
    """A text stream that escapes control characters in all it writes (see `core.safetext`).

    Class names, layer names and file names come from files; an escape sequence in one would
    act on the terminal. Our own terminal controls (a progress line's carriage return) go
    through `write_control`.
    """

    def __init__(self, stream):
        self.stream = stream

    def write(self, text):
        return self.stream.write(terminal_text(text))

    def writelines(self, lines):
        for line in lines:
            self.write(line)

    def write_control(self, text):
        """Writes `text` as it is: for control sequences this program means to send."""
        return self.stream.write(text)

    def __getattr__(self, name):
        return getattr(self.stream, name)


@contextlib.contextmanager
def escaped_output():
    """Within the block, everything printed to stdout and stderr has its control characters escaped."""
    saved = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = EscapingStream(sys.stdout), EscapingStream(sys.stderr)
    try:
        yield
    finally:
        sys.stdout, sys.stderr = saved


def write_control(stream, text):
    """Writes a terminal control sequence of ours (`\\r`, `\\033[K`) unescaped, to any stream."""
    getattr(stream, "write_control", stream.write)(text)
