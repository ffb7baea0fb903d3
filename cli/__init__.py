"""The command line: one module per subcommand, each a thin shell over the core.

Each module in `SUBCOMMANDS` has `register(subparsers)`, which adds its parser and sets
`func` to a function `run(args) -> int`. Modules import TensorFlow only inside `run`,
so `--help` answers at once and the app's window opens before TensorFlow is loaded.
"""

import argparse
import importlib
import sys

from cli.errors import CliError

# Order is the order of `--help`.
SUBCOMMANDS = (
    "cli.gui_command",
    "cli.arch_command",
    "cli.fully_conv_command",
    "cli.synth_command",
    "cli.train_command",
    "cli.train_segmenter_command",
    "cli.evaluate_command",
    "cli.classify_command",
    "cli.segment_command",
    "cli.inspect_command",
    "cli.calibrate_command",
    "cli.import_weights_command",
    "cli.export_command",
)

# Subcommands that always run TensorFlow: it is started first, quietly (see core.tfruntime).
# `train` starts it itself, after a check that needs none (offline `--weights imagenet` fails at once).
TENSORFLOW_COMMANDS = ("evaluate", "classify", "inspect", "calibrate", "to-fully-conv", "import-weights",
                       "train-segmenter", "segment")


def build_parser():
    """Returns the top-level argument parser with every available subcommand."""
    parser = argparse.ArgumentParser(
        prog="main.py",
        description="TongueLens: train image classifiers on your own photos and look inside them. "
                    "Without a subcommand the desktop app opens.",
        epilog="exit codes: 0 every file done; 1 some files failed (each has its error line; the others are done "
               "and written); 2 nothing done (bad arguments, an unreadable model, every file failed, ...); "
               "130 interrupted.")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for module_name in SUBCOMMANDS:
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError as error:
            if error.name != module_name:
                raise
            continue  # A subcommand not built yet.
        module.register(subparsers)
    return parser


def run_command(args):
    """Runs the parsed subcommand; a `CliError` becomes one line on stderr and its exit code."""
    if not getattr(args, "func", None):
        build_parser().print_help()
        return 2
    if args.command == "gui":  # The app shows text in its own widgets.
        return _run(args)
    from cli.output import escaped_output

    with escaped_output():  # Names from files never reach the terminal as escape sequences.
        return _run(args)


def _run(args):
    try:
        if args.command in TENSORFLOW_COMMANDS:
            from core import tfruntime

            tfruntime.import_tensorflow()
        return args.func(args) or 0
    except CliError as error:
        print(f"error: {error}", file=sys.stderr)
        return error.exit_code
    except OSError as error:  # An output that is a folder, a file or read-only: one line, not a traceback.
        print(f"error: {os_error_text(error)}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130


def os_error_text(error):
    """`<path>: <reason>` for an `OSError`, in one line.

    A rename names the file it renames and where to; the destination is the user's path (the
    first is our temporary file beside it), so it is the one named.
    """
    from core.safetext import one_line

    path = error.filename2 if error.filename2 is not None else error.filename
    reason = error.strerror or str(error) or type(error).__name__
    return one_line(f"{path}: {reason}" if path is not None else reason)
