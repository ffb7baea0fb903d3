"""How sure the app's training figures are: every accuracy with its count and 95 % interval, the
small-class warning, and a cross-validation's per-fold table, each after a tiny real run."""

from pathlib import Path

import pytest

from tests import gui_helpers

pytestmark = pytest.mark.gui

STEP_TIMEOUT_MS = 30_000
RUN_TIMEOUT_MS = 180_000  # The first run in a process waits for TensorFlow's import.


def _train_dialog(window, data, out, epochs):
    dialog = window.show_train_dialog()
    dialog.set_architecture("INPUT -> CONV(K=4) -> RELU -> POOL -> FC")
    dialog.size_spin.setValue(32)
    dialog.epochs_spin.setValue(epochs)
    dialog.batch_spin.setValue(8)
    dialog.augment_box.setChecked(False)
    dialog.out_edit.setText(str(out))
    dialog.set_data_folder(data)
    return dialog


def _use_model(window, dialog, qtbot):
    with qtbot.waitSignal(window.model_changed, timeout=STEP_TIMEOUT_MS):
        dialog.progress_view.use_button.click()
    return window.model_label.toolTip()


def test_a_run_shows_its_accuracy_with_count_and_interval_and_warns_of_small_classes(make_window, qtbot, tmp_path):
    from training import stats

    data = gui_helpers.color_dataset(tmp_path / "data", per_class=10)
    window = make_window()
    dialog = _train_dialog(window, data, tmp_path / "run", epochs=2)
    qtbot.waitUntil(lambda: dialog.scan() is not None, timeout=STEP_TIMEOUT_MS)
    assert dialog.folds() == 0 and dialog.val_spin.isEnabled()
    with qtbot.waitSignal(dialog.training_finished, timeout=RUN_TIMEOUT_MS) as finished:
        dialog.start_button.click()

    report = finished.args[0].report
    view = dialog.progress_view
    right, images = report["val_correct"], report["val_images"]
    low, high = stats.wilson_interval(right, images)
    assert images == 4 and f"({right}/4 images right; 95 % CI {100 * low:.1f}%–{100 * high:.1f}%)" in \
        view.result_label.text()
    # Per class: the recall with the images it counts, and its interval.
    for row, name in enumerate(report["classes"]):
        scores = report["val_per_class"][name]
        assert view.per_class.item(row, 1).text().endswith(f"({scores['correct']}/2)")
        assert view.per_class.item(row, 2).text() == (
            f"{100 * scores['recall_ci95'][0]:.1f}% – {100 * scores['recall_ci95'][1]:.1f}%")
    # 2 validation images a class: both classes are warned of, with how uncertain their figures are.
    warning = view.warning_label.text()
    assert warning.startswith("⚠ Fewer than 20 validation images: blue (2), red (2).") and "±41 points" in warning
    assert "class 'blue' has only 2 validation image(s) (fewer than 20)" in view.warning_label.toolTip()
    assert view.details.currentWidget().isAncestorOf(view.per_class)

    tooltip = _use_model(window, dialog, qtbot)
    assert f"Validation accuracy when trained: {100 * right / 4:.1f}% ({right}/4 images right; 95 % CI" in tooltip


def test_cross_validation_from_the_dialog_shows_the_per_fold_table(make_window, qtbot, tmp_path):
    from training.folds import FoldsResult

    data = gui_helpers.color_dataset(tmp_path / "data", per_class=6)
    window = make_window()
    dialog = _train_dialog(window, data, tmp_path / "cv", epochs=1)
    dialog.set_folds(3)
    assert dialog.folds() == 3 and not dialog.val_spin.isEnabled() and dialog.folds_spin.isEnabled()
    qtbot.waitUntil(lambda: dialog.scan() is not None, timeout=STEP_TIMEOUT_MS)
    phases = []
    window.manager.training_progress.connect(lambda _progress: phases.append(dialog.progress_view.phase_text()))
    with qtbot.waitSignal(dialog.training_finished, timeout=RUN_TIMEOUT_MS) as finished:
        dialog.start_button.click()

    result = finished.args[0]
    assert isinstance(result, FoldsResult) and not result.cancelled and Path(result.model_path).is_file()
    assert any(text.startswith("Fold 3 of 3: ") for text in phases)
    assert any(text.startswith("Model to keep, on every image: ") for text in phases)
    view, table = dialog.progress_view, dialog.progress_view.folds_table
    assert view.phase_text() == "Finished" and view.use_button.isEnabled()
    assert view.details.currentWidget().isAncestorOf(table)
    assert table.row_labels() == ["Fold 1", "Fold 2", "Fold 3", "Mean", "Standard deviation", "Lowest – highest",
                                  "All images"]
    # Every image is validated once: the folds' counts add up to the folder, as the pooled row says.
    counts = [table.cell_text(row, 1).split("/") for row in range(3)]
    assert sum(int(images) for _right, images in counts) == 12
    pooled = result.summary["pooled"]
    assert table.cell_text(6, 1) == f"{pooled['successes']}/12" == f"{sum(int(right) for right, _ in counts)}/12"
    assert table.cell_text(3, 0) == f"{100 * result.summary['accuracy']['mean']:.1f}%"
    assert table.horizontalHeaderItem(4).text() == "Recall: blue" and table.cell_text(0, 4).endswith("/2)")
    assert sum(map(sum, view.confusion.matrix())) == 12
    text = view.result_label.text()
    assert "Cross-validation, 3 of 3 folds" in text and f"({pooled['successes']}/12 images right; 95 % CI" in text
    assert "trained on every image" in text and text.endswith(result.model_path)
    assert "images validated over the folds: blue (6), red (6)." in view.warning_label.text()
    assert "class 'red' has only 6 validated image(s)" in view.warning_label.toolTip()

    tooltip = _use_model(window, dialog, qtbot)
    assert "Cross-validation, 3 folds: mean" in tooltip


def test_a_labels_table_is_cross_validated_from_the_dialog_with_an_attribute_picker(make_window, qtbot, tmp_path):
    photos, labels = gui_helpers.attribute_table(tmp_path / "sheet", count=18)  # "颜色 colour" and "size".
    window = make_window()
    dialog = _train_dialog(window, photos, tmp_path / "cv", epochs=1)
    dialog.data_panel.set_labels(labels)
    dialog.set_folds(3)
    qtbot.waitUntil(lambda: dialog.scan() is not None and dialog.start_button.isEnabled(), timeout=STEP_TIMEOUT_MS)
    with qtbot.waitSignal(dialog.training_finished, timeout=RUN_TIMEOUT_MS) as finished:
        dialog.start_button.click()

    result = finished.args[0]
    attributes = result.summary["attributes"]
    assert list(attributes) == ["颜色 colour", "size"] and Path(result.model_path).is_file()
    view, table = dialog.progress_view, dialog.progress_view.folds_table
    picker = view.attribute_picker
    assert view.attribute_box.isVisible() and [picker.itemText(i) for i in range(picker.count())] == list(attributes)
    lines = view.result_label.text().splitlines()
    assert lines[0].startswith("颜色 colour: Cross-validation, 3 of 3 folds") and lines[1].startswith("size: ")
    colour = attributes["颜色 colour"]
    assert table.cell_text(6, 1) == f"{colour['pooled']['successes']}/{colour['pooled']['n']}"
    assert table.horizontalHeaderItem(4).text() == "Recall: blue"
    view.show_attribute(1)  # The size's folds and matrix.
    size = attributes["size"]
    assert table.horizontalHeaderItem(4).text() == f"Recall: {size['classes'][0]}"
    assert table.cell_text(6, 1) == f"{size['pooled']['successes']}/18"
    assert view.confusion.matrix() == size["confusion_matrix"]


def test_cancelling_a_cross_validation_stops_within_its_first_fold(make_window, qtbot, tmp_path):
    data = gui_helpers.color_dataset(tmp_path / "data", per_class=6)
    window = make_window()
    dialog = _train_dialog(window, data, tmp_path / "cv", epochs=500)
    dialog.set_folds(2)
    qtbot.waitUntil(lambda: dialog.scan() is not None, timeout=STEP_TIMEOUT_MS)
    dialog.start_button.click()
    qtbot.waitUntil(lambda: dialog.progress_view.phase_text().startswith("Fold 1 of 2: Training epoch"),
                    timeout=RUN_TIMEOUT_MS)
    with qtbot.waitSignal(dialog.training_finished, timeout=STEP_TIMEOUT_MS) as finished:
        dialog.cancel_button.click()

    result = finished.args[0]
    assert result.cancelled and result.folds == [] and result.model_path is None
    view = dialog.progress_view
    assert view.phase_text() == "Cancelled" and not view.use_button.isEnabled()
    assert view.result_label.text() == "Stopped before a fold finished; there is no model."
    qtbot.waitUntil(lambda: not dialog.is_running() and dialog.start_button.isEnabled(), timeout=STEP_TIMEOUT_MS)


def test_a_run_as_photographed_shows_its_relit_accuracy_with_the_light_calibrated(make_window, qtbot, tmp_path):
    data = gui_helpers.color_dataset(tmp_path / "data", per_class=25)
    window = make_window()
    dialog = _train_dialog(window, data, tmp_path / "run", epochs=1)
    dialog.colour_combo.setCurrentIndex(dialog.colour_combo.findData("none"))  # Light: As photographed.
    qtbot.waitUntil(lambda: dialog.scan() is not None, timeout=STEP_TIMEOUT_MS)
    with qtbot.waitSignal(dialog.training_finished, timeout=RUN_TIMEOUT_MS) as finished:
        dialog.start_button.click()

    report = finished.args[0].report
    assert report["colour"] == "none" and report["val_images"] >= 10
    text = dialog.progress_view.result_label.text()
    assert "Validation photos re-lit: warm light" in text
    calibrated = report["val_relit_calibrated_accuracy"]
    assert f"Re-lit, then the light calibrated: warm light {100 * calibrated['warm']:.1f}%" in text


@pytest.mark.parametrize("curve, said", [(0.294, True), (0.6, False)])
def test_a_kept_model_far_from_its_curve_says_why(qtbot, curve, said):
    from gui.widgets.training_progress import TrainingProgressView
    from training.progress import TrainProgress
    from training.trainer import TrainResult

    view = TrainingProgressView()
    qtbot.addWidget(view)
    view.start()
    for epoch in (1, 2, 3):
        view.show_epoch(TrainProgress(epoch=epoch, epochs=3, batch=7, batches=7, loss=1.0, accuracy=0.5,
                                      val_loss=1.2, val_accuracy=curve if epoch == 3 else 0.3))
    report = {"best_epoch": 3, "epochs_run": 3, "val_accuracy": 31 / 51, "val_correct": 31, "val_images": 51,
              "batch_norm_recomputed": 12}

    view.show_result(TrainResult("run", "run/model.keras", report, False))

    note = f"The curve read {curve * 100:.1f}% at that epoch: the kept model's batch-norm statistics were recomputed"
    assert (note in view.result_label.text()) is said


def _four_class_report(**fields):
    classes = ["淡白舌 pale", "淡红舌 light-red", "紫舌 purple", "红舌 red"]
    scores = {"precision": 0.5, "recall": 0.5, "f1": 0.5, "support": 3, "correct": 1, "recall_ci95": [0.1, 0.9]}
    return {"best_epoch": 1, "epochs_run": 1, "epochs": 30, "val_accuracy": 0.5, "val_correct": 6, "val_images": 12,
            "classes": classes, "val_per_class": {name: scores for name in classes},
            "val_confusion_matrix": [[1, 1, 0, 1], [0, 2, 1, 0], [1, 0, 2, 0], [0, 1, 0, 2]], **fields}


def test_a_cancelled_run_counts_its_epochs_alike_on_the_bar_and_in_the_result(qtbot):
    from gui.widgets.training_progress import TrainingProgressView
    from training.progress import TrainProgress
    from training.trainer import TrainResult

    view = TrainingProgressView()
    qtbot.addWidget(view)
    view.start()
    view.show_progress(TrainProgress(phase="scanning", epochs=30, batch=20, batches=48))
    assert view.batch_label.text() == "Images" and view.batch_bar.text() == "20 of 48"  # Not "Batch" 20 of 48.
    view.show_epoch(TrainProgress(epoch=1, epochs=30, batch=6, batches=6, loss=1.3, accuracy=0.4, val_loss=1.2,
                                  val_accuracy=0.5))
    view.show_progress(TrainProgress(epoch=2, epochs=30, batch=3, batches=6, loss=1.1, accuracy=0.45))
    assert view.batch_label.text() == "Batch" and view.epoch_bar.text() == "2 of 30"
    view.set_cancelling()

    path = "/runs/cancelled/model.keras"
    view.show_result(TrainResult("/runs/cancelled", path, _four_class_report(), True))

    # Before: the bar read "2 of 30" (the epoch it stopped in) beside "Kept epoch 1 of 1".
    assert view.epoch_bar.text() == "1 of 30" and view.batch_bar.text() == "6 of 6"
    lines = view.result_label.text().splitlines()
    assert "Kept epoch 1 (stopped after 1 of 30 epochs); validation accuracy 50.0%" in lines[0]
    assert f"Model saved as {path}" in lines  # On its own line: it broke after its first "/".


def test_the_confusion_matrix_shows_all_its_columns_beside_the_per_class_table(qtbot):
    from gui.widgets.training_progress import TrainingProgressView
    from training.trainer import TrainResult

    view = TrainingProgressView()
    qtbot.addWidget(view)
    view.resize(1100, 700)  # The Progress page of the dialog at its default size.
    view.show()
    qtbot.waitExposed(view)
    view.start()
    view.show_result(TrainResult("run", "run/model.keras", _four_class_report(), False))

    matrix = view.confusion
    qtbot.waitUntil(lambda: matrix.columnViewportPosition(3) >= 0)
    # Every column whole in view, no scrolling (before: 1½ of 4 columns, the per-class table had the room).
    last = matrix.columnViewportPosition(3) + matrix.columnWidth(3)
    assert last <= matrix.viewport().width() and matrix.horizontalScrollBar().maximum() == 0


def test_a_used_run_folder_is_replaced_by_a_fresh_one_so_start_works_again(make_window, qtbot, tmp_path):
    data = gui_helpers.color_dataset(tmp_path / "data", per_class=3)
    used = tmp_path / "run"
    used.mkdir()
    (used / "config.json").write_text("{}", encoding="utf-8")  # A run folder already.
    window = make_window()
    dialog = _train_dialog(window, data, used, epochs=1)
    qtbot.waitUntil(lambda: dialog.scan() is not None, timeout=STEP_TIMEOUT_MS)

    with qtbot.waitSignal(dialog.training_finished, timeout=RUN_TIMEOUT_MS) as finished:
        dialog.start_button.click()
    # The core's "resume it" has no button here: the dialog says what Start Training will do now.
    assert finished.args[0] is None
    assert dialog.progress_view.result_label.text() == (
        f"{used} already holds a run, so this one did not start. Start Training again to save it in "
        f"{tmp_path / 'run-2'}, or choose another folder.")
    assert dialog.out_edit.text() == str(tmp_path / "run-2")

    qtbot.waitUntil(lambda: dialog.start_button.isEnabled(), timeout=STEP_TIMEOUT_MS)
    with qtbot.waitSignal(dialog.training_finished, timeout=RUN_TIMEOUT_MS) as finished:
        dialog.start_button.click()
    assert Path(finished.args[0].run_dir) == tmp_path / "run-2"
    # That folder holds a run now: the next one goes beside it (before, Start failed with "resume it").
    qtbot.waitUntil(lambda: dialog.out_edit.text() == str(tmp_path / "run-3"), timeout=STEP_TIMEOUT_MS)


def test_more_than_six_small_classes_are_counted_in_the_warning_and_listed_in_its_tooltip(qtbot):
    from gui.widgets.training_progress import SMALL_CLASSES_LISTED, TrainingProgressView
    from training import stats

    view = TrainingProgressView()
    qtbot.addWidget(view)
    view.show()
    counts = {f"class{index}": 3 + index for index in range(SMALL_CLASSES_LISTED + 2)}

    for warning in stats.small_class_warnings(counts):  # As the trainer sends them during a run.
        view.add_warning(warning)

    text = view.warning_label.text()
    assert text.startswith(f"⚠ Fewer than 20 validation images: {len(counts)} classes (see the tooltip).")
    assert "class0 (3)" not in text and "±" in text
    tooltip = view.warning_label.toolTip()
    assert all(f"class '{name}' has only {count} validation image(s)" in tooltip for name, count in counts.items())
