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
