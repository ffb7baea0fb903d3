"""The one error type the command line turns into a message and an exit code, and the exit codes."""

# The exit codes of every command (README: Exit codes). A command that works through many files
# says each failure on its own line and goes on; its exit code then tells how it ended.
ALL_DONE = 0
SOME_FAILED = 1  # Some files failed; every other one was done and its results written.
NOTHING_DONE = 2  # Bad arguments, an unreadable model, every file failed, ...


class CliError(Exception):
    """A user-facing failure: printed as one line on stderr, then the process exits.

    Args:
        message: what went wrong, naming the file or value at fault.
        exit_code: 2 when nothing could be done (bad arguments, refused geometry, no data).
    """

    def __init__(self, message, exit_code=NOTHING_DONE):
        super().__init__(message)
        self.exit_code = exit_code


def files_exit_code(failed, tried, nothing_done):
    """The exit code of a command that worked through `tried` files, `failed` of them in vain.

    Args:
        failed: how many files failed (each already had its error line).
        tried: how many files were tried.
        nothing_done: the one-line message when every file failed.

    Returns:
        `ALL_DONE` when none failed, `SOME_FAILED` when some did.

    Raises:
        CliError: every file failed (`NOTHING_DONE`, with `nothing_done`).
    """
    if tried and failed >= tried:
        raise CliError(nothing_done)
    return SOME_FAILED if failed else ALL_DONE
