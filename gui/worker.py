"""The one request mechanism of the app: typed requests, served in order by workers on their own threads.

`gui.model_manager.ModelManager` is the only bridge between the widgets and the core. Each of
its methods makes a `Request` and queues it to a `RequestWorker` living on a
`gui.threads.WorkerThread`; the worker runs `_<kind>(request, *arguments)` and answers through
the bridge's typed signals, which are declared once, on the bridge, and emitted from the
worker's thread (Qt queues them to the widgets' thread). A request that raises emits
`failed(kind, message)` with a one-line message, and the worker goes on serving.

Cancel is cooperative: the bridge sets a request's `cancel` event (a Cancel button, a newer
request that replaces it, the window closing). A request not started yet is skipped; a running
one checks the event between steps (a batch, an image, a training batch) and stops.
"""

import dataclasses
import logging
import threading

from PyQt5 import QtCore

from core.messages import Message, at_path

log = logging.getLogger(__name__)

# Our own packages: a ValueError raised there on purpose describes the user's input.
_CORE_PACKAGES = ("core", "models", "training", "inspection")


def one_line(error):
    """A one-line message for an exception: its core message whole (the widgets show it in the
    app's language), else its own text, else its type name."""
    message = getattr(error, "message", None)
    if isinstance(message, Message):
        return message
    return " ".join(str(error).split()) or type(error).__name__


def with_path(path, error):
    """An error message that names `path` exactly once (core errors already start with it).

    An error that carries a core message (`error.message`) gives it whole, so that the window
    can show it in the app's language (`gui.core_text.localize`).
    """
    text = one_line(error)
    return text if text.startswith(str(path)) else at_path(path, text)


def is_user_error(error):
    """Whether an error is the user's to fix (a message is enough) rather than a bug (its traceback is logged).

    The user's: what our core refuses on purpose (a `ValueError` subclass of `core/`, `models/`,
    `training/` or `inspection/`: a bad image, model file, data folder, setting or geometry)
    and what the file system refuses (`OSError`).
    """
    if isinstance(error, OSError):
        return True
    package = type(error).__module__.split(".")[0]
    return isinstance(error, ValueError) and package in _CORE_PACKAGES


@dataclasses.dataclass(eq=False)
class Request:
    """One request to a worker.

    Attributes:
        kind: what to do; the worker runs its method `_<kind>`.
        arguments: the method's arguments after the request itself.
        number: the bridge's running number of the request.
        cancel: set to ask the request to stop (or to skip it if it has not started).
        ended: set by the worker once the request is over (served, failed or skipped).
    """

    kind: str
    arguments: tuple
    number: int
    cancel: threading.Event = dataclasses.field(default_factory=threading.Event)
    ended: threading.Event = dataclasses.field(default_factory=threading.Event)


class RequestWorker(QtCore.QObject):
    """Serves requests in order on its thread; create it without a parent and move it there.

    Args:
        bridge: the `ModelManager` whose signals the worker emits.
    """

    def __init__(self, bridge):
        super().__init__()
        self.bridge = bridge

    @QtCore.pyqtSlot(object)
    def handle(self, request):
        """Runs one request; any exception becomes `failed(kind, message)`; `request_ended` follows."""
        try:
            if not request.cancel.is_set():
                self._serve(request)
        finally:
            request.ended.set()
            self.bridge.request_ended.emit(request.kind, request.number)

    def _serve(self, request):
        self.begin(request.kind)
        try:
            getattr(self, f"_{request.kind}")(request, *request.arguments)
        except Exception as error:
            if getattr(error, "details", ""):  # training.config.TrainingFailed: TensorFlow's whole error.
                log.error("%s request failed: %s", request.kind, error.details)
            elif not is_user_error(error):
                log.exception("%s request failed", request.kind)
            self.bridge.failed.emit(request.kind, self.failure_message(request, error))
        finally:
            self.end(request.kind)

    def begin(self, kind):
        """Called on the worker's thread before a request runs."""

    def end(self, kind):
        """Called on the worker's thread after a request has run."""

    @staticmethod
    def failure_message(request, error):
        """The one-line message of a failed request: it names the file the request was about."""
        subject = request.arguments[0] if request.arguments else None
        return with_path(subject, error) if isinstance(subject, str) and subject else one_line(error)
