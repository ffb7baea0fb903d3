#!/usr/bin/env python3
"""TongueLens: train and look inside image classifiers.

Without a subcommand this opens the desktop app; each subcommand is a thin shell over the
same core (`models/`, `training/`, `core/`) that the app uses.
"""

import atexit
import os
import sys
import threading

from cli import build_parser, run_command

# Subcommands whose process ends without the interpreter's teardown (see `exit_now`).
QUICK_EXIT_COMMANDS = ("classify",)


def main(argv=None):
    """Parses `argv` and runs the chosen subcommand; returns the process exit code."""
    argv = sys.argv[1:] if argv is None else argv
    parser = build_parser()
    if not argv:
        argv = ["gui"]
    args = parser.parse_args(argv)
    return run_command(args)


def exit_now(code):
    """Ends the process without the interpreter's teardown, when nothing can be lost by that.

    Once TensorFlow is loaded, freeing its objects one by one at exit takes about a second
    of CPU (measured in bench/); the operating system frees them at once. The exit handlers
    still run and the output is flushed; with another thread alive, the normal exit is kept.
    """
    if "tensorflow" not in sys.modules or threading.active_count() > 1:
        sys.exit(code)
    atexit._run_exitfuncs()  # noqa: SLF001  What a normal exit runs first.
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):  # A closed pipe: a normal exit would lose that output too.
            pass
    os._exit(code)


if __name__ == "__main__":
    exit_code = main()
    if sys.argv[1:2] and sys.argv[1] in QUICK_EXIT_COMMANDS:
        exit_now(exit_code)
    sys.exit(exit_code)
