#!/usr/bin/env python3
"""TongueLens: train and look inside image classifiers.

Without a subcommand this opens the desktop app; each subcommand is a thin shell over the
same core (`models/`, `training/`, `core/`) that the app uses.
"""

import sys

from cli import build_parser, run_command


def main(argv=None):
    """Parses `argv` and runs the chosen subcommand; returns the process exit code."""
    argv = sys.argv[1:] if argv is None else argv
    parser = build_parser()
    if not argv:
        argv = ["gui"]
    args = parser.parse_args(argv)
    return run_command(args)


if __name__ == "__main__":
    sys.exit(main())
