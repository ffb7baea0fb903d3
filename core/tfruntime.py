"""Starting TensorFlow without its C++ start-up chatter on the user's terminal.

TensorFlow 2.21 prints oneDNN notes, "could not find cuda drivers" and "failed call to
cuInit" through absl before its logging is set up, so `TF_CPP_MIN_LOG_LEVEL` cannot hide them;
on a machine without a GPU every command would greet the user with an alarming error. The
import and the first device query run with the process's stderr pointed at /dev/null.
"""

import contextlib
import logging
import os
import sys

# TensorFlow's warning when several `tf.function`s of one Python method were traced lately. Ours
# are traced once each by design (one forward pass per model opened, one Grad-CAM pass per layer
# asked for), so it filled the user's log with false alarms about "creating @tf.function in a loop".
_RETRACING_WARNING = "triggered tf.function retracing"


@contextlib.contextmanager
def quiet_stderr():
    """Points file descriptor 2 at /dev/null for the block (C++ logging included).

    It is the whole process's stderr: keep the block short. Python exceptions raised inside
    still propagate and are printed after it.
    """
    descriptor = 2  # Where C++ writes, whatever Python's sys.stderr is.
    try:
        sys.stderr.flush()
        saved = os.dup(descriptor)
    except (AttributeError, OSError, ValueError):  # No stderr at all (a windowed launcher).
        yield
        return
    try:
        with open(os.devnull, "w") as null:
            os.dup2(null.fileno(), descriptor)
        yield
    finally:
        os.dup2(saved, descriptor)
        os.close(saved)


class _DropRetracingWarning(logging.Filter):
    """Leaves TensorFlow's retracing warning out of the log (`_RETRACING_WARNING`)."""

    def filter(self, record):
        return _RETRACING_WARNING not in record.getMessage()


def drop_retracing_warning():
    """Installs `_DropRetracingWarning` on TensorFlow's logger, once."""
    logger = logging.getLogger("tensorflow")
    if not any(isinstance(each, _DropRetracingWarning) for each in logger.filters):
        logger.addFilter(_DropRetracingWarning())


def import_tensorflow():
    """Imports TensorFlow and Keras and starts the eager runtime quietly; returns `tensorflow`."""
    drop_retracing_warning()
    if "tensorflow" in sys.modules and "keras" in sys.modules:
        return sys.modules["tensorflow"]
    # Later C++ warnings too (a failing step logs "Local rendezvous is aborting" beside our message),
    # as the app does; errors still show, and the user's own setting wins.
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
    with quiet_stderr():
        import keras  # noqa: F401  Keras's import loads TensorFlow as its backend.
        import tensorflow as tf

        tf.constant([0.0]).numpy()  # Device discovery (the cuInit message) happens here.
    return tf
