"""The app's side of issue 16: backbones and their weights in the Train dialog, phases and downloads
in its progress view, and File > Export Model.

Nothing is downloaded from outside: "downloads" come from a server on 127.0.0.1, and weights
files are made here from the applications themselves.
"""

import functools
import http.server
import os
import threading

import pytest

from tests import gui_helpers
from tests.test_pretrained import _random_application
from tests.conftest import WINDOW_LOAD_TIMEOUT_MS

pytestmark = pytest.mark.gui

STEP_TIMEOUT_MS = 60_000


@pytest.fixture()
def keras_home(tmp_path, monkeypatch):
    """An empty Keras cache of the test's own."""
    home = tmp_path / "keras-home"
    monkeypatch.setenv("KERAS_HOME", str(home))
    return home


@pytest.fixture()
def weights_server(tmp_path, monkeypatch):
    """A local "weights server": `serve(name, payload)` puts a file there; TONGUELENS_WEIGHTS_URL points at it."""
    folder = tmp_path / "mirror"
    folder.mkdir()
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_QuietHandler, directory=str(folder)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    monkeypatch.setenv("TONGUELENS_WEIGHTS_URL", f"http://127.0.0.1:{server.server_address[1]}/")
    yield lambda name, payload: (folder / name).write_bytes(payload)
    server.shutdown()
    thread.join()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def _dialog(qtbot, manager):
    from gui.widgets.train_dialog import TrainDialog

    dialog = TrainDialog(manager, on_use_model=lambda path: None)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def test_the_train_dialog_offers_the_backbones_their_weights_and_their_layer_tables(
        qtbot, manager, keras_home, tmp_path):
    from models import backbones

    dialog = _dialog(qtbot, manager)
    panel, weights = dialog.arch_panel, dialog.arch_panel.weights_panel
    names = [panel.arch_combo.itemData(index) for index in range(panel.arch_combo.count())]
    assert set(backbones.BACKBONE_NAMES) <= set(names)
    assert not weights.choice_combo.isEnabled() and dialog.train_config().weights == "none"  # vgg-mini

    dialog.set_architecture("mobilenetv2")
    assert dialog.size_spin.value() == 224 and weights.choice_combo.isEnabled()
    dialog.size_spin.setValue(64)
    qtbot.waitUntil(lambda: bool(panel.layer_rows()), timeout=WINDOW_LOAD_TIMEOUT_MS)
    rows = {row.name: row for row in panel.layer_rows()}
    assert panel.layer_table.rowCount() == len(rows) and rows["predictions"].params == 1280 * 2 + 2
    assert "parameters" in panel.pattern_status.text() and panel.error() == ""

    weights.set_choice("imagenet")
    assert weights.choice_combo.currentText() == "Pretrained on ImageNet (9 MB download)"
    assert str(keras_home / "models") in weights.note_label.text() and "network" in weights.note_label.text()
    cached = keras_home / "models" / backbones.get_backbone("mobilenetv2").weights_file
    cached.parent.mkdir(parents=True)
    cached.write_bytes(b"a file Keras downloaded")  # MobileNetV2's has no checksum to compare with.
    weights.refresh()
    assert weights.choice_combo.currentText() == "Pretrained on ImageNet (downloaded)"
    assert str(cached) in weights.note_label.text() and dialog.train_config().weights == "imagenet"

    weights.set_choice("file", tmp_path / "missing.h5")
    assert weights.file_row.isVisible() and weights.error().endswith("missing.h5: file not found")
    dialog.set_data_folder(gui_helpers.color_dataset(tmp_path / "data", per_class=3))
    qtbot.waitUntil(lambda: dialog.scan() is not None, timeout=STEP_TIMEOUT_MS)
    assert not dialog.start_button.isEnabled()
    # A file is loaded into the backbone as soon as it is chosen: one that does not fit is said before Start.
    wrong = tmp_path / "weights.h5"
    wrong.write_bytes(b"weights")
    weights.file_edit.setText(str(wrong))
    assert weights.is_checking() and weights.note_label.text() == "Checking the weights file…"
    qtbot.waitUntil(lambda: not weights.is_checking(), timeout=STEP_TIMEOUT_MS)
    assert "weights.h5: not an HDF5 file" in weights.error() and weights.error() == weights.note_label.text()
    assert not dialog.start_button.isEnabled()
    chosen = tmp_path / "mobilenetv2.weights.h5"
    _random_application("mobilenetv2").save_weights(chosen)
    weights.file_edit.setText(str(chosen))
    qtbot.waitUntil(lambda: not weights.is_checking(), timeout=STEP_TIMEOUT_MS)
    assert weights.error() == "" and dialog.start_button.isEnabled()
    assert weights.note_label.text() == "The file fits mobilenetv2: weights for 104 layers"
    assert dialog.train_config().weights == str(chosen) and dialog.train_config().arch == "mobilenetv2"

    dialog.set_architecture("vgg-mini")
    assert not weights.choice_combo.isEnabled() and dialog.train_config().weights == "none"
    dialog.shutdown()


def test_a_download_shows_its_progress_and_weights_that_do_not_fit_are_told_in_the_dialog(
        qtbot, manager, keras_home, weights_server, tmp_path):
    from models import backbones

    weights_server(backbones.get_backbone("mobilenetv2").weights_file, os.urandom(200_000))
    dialog = _dialog(qtbot, manager)
    dialog.set_architecture("mobilenetv2")
    dialog.size_spin.setValue(32)
    dialog.epochs_spin.setValue(2)
    dialog.out_edit.setText(str(tmp_path / "run"))
    dialog.arch_panel.weights_panel.set_choice("imagenet")
    dialog.set_data_folder(gui_helpers.color_dataset(tmp_path / "data", per_class=3))
    qtbot.waitUntil(lambda: dialog.scan() is not None and dialog.start_button.isEnabled(), timeout=STEP_TIMEOUT_MS)
    seen = []
    manager.training_progress.connect(lambda progress: seen.append(progress))

    with qtbot.waitSignal(dialog.training_finished, timeout=WINDOW_LOAD_TIMEOUT_MS) as finished:
        dialog.start_button.click()

    downloads = [progress for progress in seen if progress.phase == "downloading"]
    assert downloads and downloads[-1].batch == downloads[-1].batches == 200_000
    assert (keras_home / "models" / backbones.get_backbone("mobilenetv2").weights_file).stat().st_size == 200_000
    # The "weights" were random bytes: the run says so in one line, in the dialog, and leaves no folder.
    assert finished.args[0] is None
    text = dialog.progress_view.result_label.text()
    assert "not an HDF5 file" in text and "\n" not in text
    assert not (tmp_path / "run").exists()
    qtbot.waitUntil(lambda: not dialog.is_running(), timeout=STEP_TIMEOUT_MS)
    assert dialog.arch_panel.weights_panel.choice_combo.currentText() == "Pretrained on ImageNet (downloaded)"
    dialog.shutdown()


def test_the_progress_view_shows_a_download_and_the_phase_changes(qtbot):
    from core.messages import Message
    from gui.widgets.training_progress import TrainingProgressView
    from training import finetune, phases
    from training.progress import TrainProgress

    view = TrainingProgressView()
    qtbot.addWidget(view)
    view.start()
    view.show_progress(TrainProgress(phase="downloading", batch=4_608_000, batches=9_216_000, message=Message(
        "trainer.downloading_progress", backbone="mobilenetv2", done="4.6", total="9.2")))
    assert view.phase_text() == "downloading the ImageNet weights of mobilenetv2: 4.6 of 9.2 MB"
    assert view.batch_bar.text() == "4.6 of 9.2 MB" and view.batch_bar.value() * 2 == view.batch_bar.maximum()
    assert view.stage_label.isHidden()

    plan = (finetune.Phase("head", 2, 1e-3, None), finetune.Phase("fine-tune", 4, 1e-4, "block_13_expand"))
    view.show_phase(phases.phase_info(plan, 1))
    assert not view.stage_label.isHidden() and view.stage().index == 2
    assert view.stage_label.text() == ("phase 2 of 2: the backbone learns too from layer block_13_expand on, "
                                       "batch norm frozen (epochs 3-6, learning rate 0.0001)")
    # Batches and epochs of the phase move the bars and the headline (each update raised AttributeError).
    view.show_progress(TrainProgress(phase="training", epoch=3, epochs=6, batch=2, batches=4, loss=0.5))
    view.show_epoch(TrainProgress(phase="training", epoch=3, epochs=6, batch=4, batches=4, loss=0.5, accuracy=0.7,
                                  val_loss=0.6, val_accuracy=0.75))
    assert view.phase_text().startswith("Training") and "3 of 6" in view.phase_text()
    assert view.epoch_bar.value() == 3 and view.stage().index == 2
    view.start()
    assert view.stage_label.isHidden() and view.stage() is None


def test_a_phase_change_of_the_run_crosses_the_bridge_whole(qtbot, manager):
    from gui.training_worker import _make_callback
    from training import finetune, phases

    plan = (finetune.Phase("head", 1, 1e-3, None), finetune.Phase("fine-tune", 1, 1e-4, "expanded_conv_8_expand"))
    info = phases.phase_info(plan, 1)
    callback = _make_callback(manager)  # What the training worker hands the trainer, called from its thread.
    with qtbot.waitSignal(manager.training_phase, timeout=5_000) as told:
        threading.Thread(target=callback.on_phase, args=(info,)).start()
    assert told.args[0] == info and told.args[0].message.key == "trainer.phase_fine_tune"


def test_file_export_model_writes_a_checked_export_and_refuses_an_existing_folder(make_window, qtbot, tmp_path):
    model = gui_helpers.color_model(tmp_path / "colours.keras")
    window = make_window(model)
    assert window.actions.export_model.isEnabled()
    dialog = window.show_export_dialog()
    assert dialog.model_label.text() == str(model) and dialog.format() == "litert"
    assert dialog.out_edit.text() == str(tmp_path / "colours-litert")
    dialog.set_format("savedmodel")
    assert dialog.out_edit.text() == str(tmp_path / "colours-savedmodel")
    stages = []
    window.manager.export_stage.connect(stages.append)

    with qtbot.waitSignal(dialog.export_finished, timeout=180_000) as finished:
        dialog.export_button.click()
        assert not dialog.export_button.isEnabled()

    done = finished.args[0]
    out = tmp_path / "colours-savedmodel"
    assert done.error == "" and (out / "saved_model.pb").is_file() and (out / "labels.txt").is_file()
    assert (out / "labels.txt").read_text(encoding="utf-8").splitlines() == ["blue", "red"]
    assert [stage.key for stage in stages] == ["export.writing", "export.checking"]
    assert dialog.status_text().startswith(f"Exported to {out} (")
    agreement = ("the same probabilities as the model's" if done.max_difference == 0
                 else f"probabilities within {done.max_difference:.2g} of the model's")
    assert "saved_model.pb" in dialog.status_text() and dialog.status_text().endswith(agreement)
    assert done.max_difference <= 1e-4 and window.errors == []
    qtbot.waitUntil(lambda: not dialog.is_running() and dialog.export_button.isEnabled(), timeout=STEP_TIMEOUT_MS)

    before = sorted(path.name for path in out.iterdir())
    with qtbot.waitSignal(dialog.export_finished, timeout=STEP_TIMEOUT_MS) as refused:
        dialog.export_button.click()
    assert "already exists" in refused.args[0].error and "already exists" in dialog.status_text()
    assert "\n" not in dialog.status_text() and sorted(path.name for path in out.iterdir()) == before
    qtbot.waitUntil(lambda: not dialog.is_running(), timeout=STEP_TIMEOUT_MS)

    # Opened again, File > Export Model proposes a folder no export has taken yet.
    assert window.show_export_dialog() is dialog
    assert dialog.out_edit.text() == str(tmp_path / "colours-savedmodel-2")
    dialog.set_format("onnx")
    assert dialog.out_edit.text() == str(tmp_path / "colours-onnx")


def test_the_bundled_demo_is_exported_into_the_users_folder_not_the_apps(make_window, settings, tmp_path):
    from pathlib import Path

    from gui import config

    demo = config.DEMO_MODEL_DIR / config.DEMO_MODEL_NAME
    settings.set_last_folder(tmp_path)
    window = make_window(demo)

    dialog = window.show_export_dialog()

    assert dialog.out_edit.text() == str(tmp_path / "tongue-colour-demo-litert")
    assert Path(dialog.out_edit.text()).parent != config.DEMO_MODEL_DIR
