"""Test-wide settings: headless Qt, quiet TensorFlow, QSettings kept out of the home folder."""

import os
import sys
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
os.environ.setdefault("CUDA_VISIBLE_DEVICES", "")
os.environ.setdefault("KERAS_BACKEND", "tensorflow")

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


@pytest.fixture()
def manager(qtbot):
    """A started bridge (`gui.model_manager.ModelManager`) for widgets tested without the main window.

    Its threads are joined at the end, and the test fails if one is left running.
    """
    from gui.model_manager import ModelManager

    bridge = ModelManager()
    bridge.start()
    yield bridge
    bridge.shutdown()
    assert not bridge.is_running(), "a worker thread of the bridge is still running"
