"""The one error type the command line turns into a message and an exit code."""


class CliError(Exception):
    """A user-facing failure: printed as one line on stderr, then the process exits.

    Args:
        message: what went wrong, naming the file or value at fault.
        exit_code: 2 when nothing could be done (bad arguments, refused geometry, no data).
    """

    def __init__(self, message, exit_code=2):
        super().__init__(message)
        self.exit_code = exit_code
