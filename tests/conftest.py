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
