"""Model files from an attacker dropped on the real window (issue 19): refused in one line, the app goes on.

Uses the window and helpers of `tests/test_bad_input_gui.py` (real drop events only).
"""

import pytest

from tests import badfiles, gui_helpers
from tests.badfiles import keras_function
from tests.gui_helpers import drop
from tests.test_bad_input_gui import (  # noqa: F401  The fixtures `material` and `window` are used by name.
    STEP_TIMEOUT_MS, _drop_and_get_error, _still_usable, material, window)

pytestmark = pytest.mark.gui


def test_dropping_attack_files_then_a_good_model_keeps_the_app_working(window, qtbot, material, tmp_path):  # noqa: F811
    import keras

    marker = tmp_path / "marker.txt"
    saved = badfiles.saved_model_writing(tmp_path / "savedmodel", marker)
    good = material["model"]
    files = {
        badfiles.with_lambda(good, tmp_path / "tfsm.keras", keras_function("keras.layers", "TFSMLayer"),
                             {"inputs": str(saved)}, {"call_endpoint": "serving_default"}):
            "refused: it holds a Lambda layer (function: keras.layers.TFSMLayer)",
        badfiles.with_lambda(good, tmp_path / "format.keras", keras_function("keras.config", "set_image_data_format"),
                             {"inputs": "channels_first"}):
            "refused: it holds a Lambda layer (function: keras.config.set_image_data_format)",
        badfiles.with_metadata(good, tmp_path / "list.keras", "[]"): "the TongueLens metadata in this file is damaged",
        badfiles.with_metadata(good, tmp_path / "training.keras", '{"class_names": ["blue", "red"], "input_shape": '
                                                                  '[32, 32, 3], "training": [1, 2]}'):
            "its training summary is a JSON list, not an object",
        badfiles.with_metadata(good, tmp_path / "long.keras", '{"class_names": ["' + "x" * 100_000 + '", "red"], '
                                                              '"input_shape": [32, 32, 3]}'):
            "class name 1 is 100,000 characters long; at most 256",
    }

    for path, reason in files.items():
        message = _drop_and_get_error(window, qtbot, path)
        assert message.startswith(f"{path}: ") and reason in message, message
        assert window.current_model().name == "color.keras"

    assert not marker.exists() and keras.config.image_data_format() == "channels_last"
    _still_usable(window, qtbot, material)
    second = gui_helpers.color_model(tmp_path / "second.keras", conv_layers=1)
    assert drop(window, [second])
    qtbot.waitUntil(lambda: window.current_model() is not None and window.current_model().name == "second.keras",
                    timeout=STEP_TIMEOUT_MS)
