"""Test-wide settings: headless Qt, quiet TensorFlow, QSettings kept out of the home folder; shared fixtures."""

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
