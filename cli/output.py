"""Small helpers shared by subcommands for printing results."""

import json
import sys


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
