"""The QThread every worker of the app runs on.

A plain `QThread` runs Python slots through short-lived Python thread states: each queued
call gets a fresh one, so `threading.local` data (TensorFlow's eager context, Keras's global
state) is lost between two requests, and TensorFlow crashes when it was imported in one
slot and used in the next. `WorkerThread.run` is Python code that stays on the stack for the
thread's whole life, so one Python thread state serves every slot; it can also run a
`prepare` callable (e.g. `import tensorflow`) before the event loop starts.
"""

import gc
import logging
import os
import sys
import threading
import time

from PyQt5 import QtCore

from core import tfruntime


class WorkerThread(QtCore.QThread):
    """A QThread with one lasting Python thread state and an optional first step.

    Args:
        name: the thread's name (shown by debuggers and `faulthandler`).
        prepare: optional callable run on the thread before its event loop starts.
        parent: the parent QObject.
    """

    def __init__(self, name, prepare=None, parent=None):
        super().__init__(parent)
        self.setObjectName(name)
        self._prepare = prepare

    def run(self):
        if self._prepare is not None:
            try:
                self._prepare()
            except Exception:  # The worker's own calls will fail and report it to the user.
                logging.getLogger(__name__).exception("preparing thread %s failed", self.objectName())
        self.exec_()


_TENSORFLOW_LOCK = threading.Lock()
_frozen = []


def import_tensorflow():
    """Imports TensorFlow and Keras, one thread at a time; returns the seconds it took.

    Two threads importing TensorFlow at once deadlock on its module locks (the model thread
    starting up while a training run begins), so every worker imports it through here. The
    first use of the eager runtime happens in the same call: TensorFlow crashes when it is
    imported in one Qt slot and first used in another.

    Afterwards the objects of the imported modules are frozen out of garbage collection: a
    full collection walks every object, TensorFlow and Keras bring hundreds of thousands, and
    that walk holds the interpreter lock for a third of a second, which froze the window
    during training. Frozen objects are never freed, so only module-level objects are frozen.
    """
    with _TENSORFLOW_LOCK:
        began = time.perf_counter()
        if "tensorflow" not in sys.modules:
            os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
        # Keras too: its import is as fragile as TensorFlow's. The first use of the eager
        # runtime happens inside as well (see above).
        tfruntime.import_tensorflow()
        if not _frozen:
            gc.collect()
            gc.freeze()
            _frozen.append(True)
        return time.perf_counter() - began


def freeze_live_objects():
    """Frees what is garbage now and freezes the rest out of garbage collection, before long work.

    A training run takes minutes on a worker thread while the window animates. Every object
    the session made since TensorFlow's import (models opened, pictures inspected, earlier
    runs) is walked by each full collection, and with a few hundred thousand of them that walk
    holds the interpreter lock for over half a second, freezing the window mid-run. Frozen
    objects are skipped. Unfreezing first lets the collection free the cycles of whatever died
    since the last freeze (an earlier run's model), so frozen garbage lives at most until the
    next run starts. The collection itself pauses the window once, as the run starts.
    """
    gc.unfreeze()
    gc.collect()
    gc.freeze()
