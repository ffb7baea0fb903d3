"""Test-wide settings (headless Qt, quiet TensorFlow, QSettings kept out of the home folder) and the app's fixtures."""

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


# The first model load in a process waits for TensorFlow's import.
WINDOW_LOAD_TIMEOUT_MS = 90_000


# `gui.settings.SETTINGS_ENV`, spelled out so that this file imports no Qt.
SETTINGS_ENV = "TONGUELENS_SETTINGS"


@pytest.fixture(autouse=True)
def settings_outside_home(tmp_path_factory, monkeypatch):
    """Every test (and every process it starts) gets its own settings file, never the user's.

    A window made without an explicit `AppSettings(path)` reads `$TONGUELENS_SETTINGS`; without
    it, QSettings would read and write the per-user file of whoever runs the tests.
    """
    path = tmp_path_factory.mktemp("settings") / "tonguelens.ini"
    monkeypatch.setenv(SETTINGS_ENV, str(path))
    return path


# The app (pytest-qt). Every thread a window or a bridge starts is joined before the test ends.

@pytest.fixture()
def settings(tmp_path):
    """The app's settings, in a file of the test's own."""
    from gui.settings import AppSettings

    return AppSettings(tmp_path / "settings.ini")


@pytest.fixture()
def make_window(qtbot, settings):
    """Makes started main windows, with a model loaded if one is given: `make_window(model=None)`.

    At the end each window is closed, and the test fails if a thread of its bridge, or a
    training or scan of its Train dialog, is still running.
    """
    from gui.main_window import MainWindow

    windows = []

    def make(model=None):
        window = MainWindow(settings)
        qtbot.addWidget(window)
        window.show()
        windows.append(window)
        if model is None:
            window.start()
        else:
            with qtbot.waitSignal(window.model_changed, timeout=WINDOW_LOAD_TIMEOUT_MS):
                window.start(model)
        return window

    yield make
    for window in windows:
        dialog = window.train_dialog()
        window.close()
        assert not window.manager.is_running(), "a thread of the bridge is still running"
        if dialog is not None:
            assert not dialog.is_running() and not dialog.is_scanning(), "a training or a scan is still running"


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
    assert not bridge.is_running(), "a thread of the bridge is still running"


@pytest.fixture(params=["native", "fallback"])
def grouped_conv_path(request):
    """Runs a test once on each path of grouped convolutions (`models.grouped_conv`), then restores the switch.

    "native" is skipped where TensorFlow has no grouped gradient (the probe's reason is shown);
    "fallback" runs everywhere.
    """
    from models import grouped_conv

    works, reason = grouped_conv.native_gradient_works()
    if request.param == "native" and not works:
        pytest.skip(f"TensorFlow's grouped gradient does not run here ({reason})")
    grouped_conv.set_path(request.param)
    yield request.param
    grouped_conv.set_path(None)
