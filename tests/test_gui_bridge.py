"""The one bridge (`gui.model_manager.ModelManager`): typed answers, then the request's end; cancel; shutdown."""

import pytest

pytestmark = pytest.mark.gui

TIMEOUT_MS = 90_000  # The first request in a process waits for TensorFlow's import.


def _record(manager, events):
    manager.layer_table_ready.connect(lambda view: events.append(("answer", view)))
    manager.failed.connect(lambda kind, message: events.append(("failed", kind, message)))
    manager.request_ended.connect(lambda kind, number: events.append(("ended", kind, number)))


def test_a_layer_table_is_answered_with_typed_data_then_its_request_ends(manager, qtbot):
    events = []
    _record(manager, events)

    number = manager.request_layer_table("INPUT -> CONV(K=4) -> RELU -> POOL -> FC", (32, 32, 3), 2)
    qtbot.waitUntil(lambda: any(event[0] == "ended" for event in events), timeout=TIMEOUT_MS)

    (kind, view), ended = events
    assert kind == "answer" and ended == ("ended", "layer_table", number)
    assert view.arch.startswith("INPUT") and view.input_shape == (32, 32, 3) and view.num_classes == 2
    assert view.error == "" and [row.type for row in view.table.rows][-1] == "Dense"
    assert not manager.is_busy("layer_table")


def test_a_refused_geometry_is_an_answer_not_a_failure(manager, qtbot):
    events = []
    _record(manager, events)

    manager.request_layer_table("INPUT -> CONV(F=5,S=2,P=0) -> FC", (32, 32, 3), 2)
    qtbot.waitUntil(lambda: any(event[0] == "ended" for event in events), timeout=TIMEOUT_MS)

    (kind, view), _ended = events
    assert kind == "answer" and view.table is None and "(W-F+2P)/S+1" in view.error


def test_a_newer_scan_replaces_a_running_one_and_no_thread_starts_after_shutdown(manager, qtbot, tmp_path):
    import numpy as np
    from PIL import Image

    from tests.gui_helpers import color_dataset

    large = tmp_path / "large"  # Enough images that the replaced scan is still decoding.
    for index in range(400):
        folder = large / ("a" if index % 2 else "b")
        folder.mkdir(parents=True, exist_ok=True)
        Image.fromarray(np.full((8, 8, 3), index % 256, np.uint8)).save(folder / f"{index}.png")
    small = color_dataset(tmp_path / "small", per_class=2)
    answers = []
    manager.scan_finished.connect(answers.append)

    manager.scan_folder(large, (32, 32))
    number = manager.scan_folder(small, (32, 32))
    qtbot.waitUntil(lambda: not manager.is_busy("scan"), timeout=TIMEOUT_MS)
    qtbot.waitUntil(lambda: bool(answers), timeout=TIMEOUT_MS)

    assert [answer.folder for answer in answers] == [str(small)] and number
    assert answers[0].scan.counts == {"blue": 2, "red": 2} and answers[0].scan.images.shape == (4, 32, 32, 3)

    manager.shutdown()
    manager.scan_folder(small, (32, 32))  # A widget's late request while the window closes.
    assert not manager.is_running() and not manager.is_busy("scan")
