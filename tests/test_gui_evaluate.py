"""Model > Evaluate on Labelled Photos: `main.py evaluate` in the app, with real widgets and real models.

The dialog must show the command line's figures (the same functions compute them), so each
test computes them again with the core or the command line and compares what is on screen.
"""

import json
from pathlib import Path

import pytest

from core import modelfile
from tests.gui_helpers import BLUE, RED, color_dataset, color_model, solid_image
from gui.widgets.evaluation_view import COMPARISON_TAB, LIGHT_TAB, MISTAKES_TAB
from training import stats

pytestmark = pytest.mark.gui

TIMEOUT_MS = 120_000


@pytest.fixture()
def dialog(qtbot, manager, tmp_path):
    """The dialog on the colour model, and a folder where three red-labelled photos are blue (21/24 right)."""
    from gui.widgets.evaluate_dialog import EvaluateDialog

    model = color_model(tmp_path / "model.keras")
    folder = color_dataset(tmp_path / "photos", per_class=10)
    for index in range(3):  # Labelled red, but blue: the model calls them blue.
        solid_image(folder / "red" / f"mislabelled_{index}.png", BLUE, noise=25, seed=50 + index)
    solid_image(folder / "blue" / "extra.png", BLUE, noise=25, seed=99)
    dialog = EvaluateDialog(manager, model)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.set_folder(folder)
    return dialog


def evaluate(qtbot, dialog):
    """Starts the evaluation and waits until it has ended; returns the `Evaluation` (None after a failure)."""
    with qtbot.waitSignal(dialog.evaluation_finished, timeout=TIMEOUT_MS) as finished:
        dialog.start_evaluation()
    qtbot.waitUntil(lambda: not dialog.is_running(), timeout=TIMEOUT_MS)
    return finished.args[0]


def test_the_dialog_shows_the_command_lines_figures(qtbot, dialog, tmp_path, capsys):
    import main
    from gui.widgets.common import proportion_text

    result = evaluate(qtbot, dialog)

    assert main.main(["evaluate", str(tmp_path / "photos"), "--model", str(tmp_path / "model.keras"), "--json",
                      "--mistakes"]) == 0
    expected = json.loads(capsys.readouterr().out)
    assert (expected["correct"], expected["n"]) == (21, 24)
    assert dialog.status_text().startswith(f"Accuracy {proportion_text(21, 24)}")
    assert dialog.view.confusion.matrix() == expected["confusion_matrix"] == [[11, 0], [3, 10]]
    for row, name in enumerate(expected["classes"]):
        scores = expected["per_class"][name]
        assert dialog.view.per_class.verticalHeaderItem(row).text() == name
        assert dialog.view.per_class.item(row, 1).text().endswith(f"({scores['correct']}/{scores['support']})")
    # Fewer than 20 photos per class: the figures' uncertainty is said in one line; each class's, as on the command
    # line, in its tooltip.
    assert dialog.warning_label.isVisible() and dialog.warning_label.text().startswith(
        "⚠ Fewer than 20 photos of: blue (11), red (13). Each figure of these classes is uncertain by up to ±")
    assert dialog.warning_label.toolTip().count("fewer than 20") == 2
    saved = tmp_path / "figures.json"
    assert dialog.save_figures(saved)
    figures = json.loads(saved.read_text(encoding="utf-8"))
    assert {key: figures[key] for key in expected} == expected
    mislabelled = [f"red/mislabelled_{index}.png" for index in range(3)]
    assert sorted(entry["path"] for entry in figures["mistakes"]) == mislabelled
    assert result.relit is None
    assert not dialog.view.tabs.isTabVisible(LIGHT_TAB) and not dialog.view.tabs.isTabVisible(COMPARISON_TAB)


def test_other_light_and_calibration_match_evaluate_relight(qtbot, manager, tmp_path):
    from tests.calibration_helpers import make_clinic
    from gui.widgets.evaluate_dialog import EvaluateDialog
    from training import robustness

    clinic = make_clinic(tmp_path)
    dialog = EvaluateDialog(manager, clinic["model"])
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.set_folder(clinic["warm"])
    dialog.relight_box.setChecked(True)

    result = evaluate(qtbot, dialog)

    expected = robustness.robustness_rows(robustness.evaluate_relit(modelfile.load_model(clinic["model"]),
                                                                    clinic["warm"]))
    assert result.relit == expected
    assert dialog.view.tabs.isTabVisible(LIGHT_TAB)
    assert [dialog.view.light_table.item(row, 0).text() for row in range(4)] == [
        "As photographed", "Warm light", "Cool light", "30 % darker"]
    assert [dialog.view.light_table.item(row, 4).text() for row in range(4)] == [
        f"{row['warned']}/{row['n']}" for row in expected]
    # Photos from a warmer lamp than the training photos': the lighting check says so.
    assert 0 < result.report["lighting_unusual"] == expected[0]["warned"] and result.report["n"] == 16
    assert "differs from the training photos'" in dialog.warning_label.text()

    dialog.calibrate_box.setChecked(True)
    calibrated = evaluate(qtbot, dialog)

    assert calibrated.report["calibration"]["photos"] == 16
    assert "Light: calibrated from these 16 photos" in dialog.status_text()
    assert calibrated.report["accuracy"] == 1.0 > result.report["accuracy"]
    assert not calibrated.report["lighting_unusual"]
    assert dialog.view.light_table.item(0, 0).text() == "As photographed, calibrated"  # Not the 75 % above.

    dialog.set_other_model(clinic["model"])  # Comparing scores the photos as they are: the light options go.
    assert not dialog.relight_box.isChecked() and not dialog.calibrate_box.isEnabled()


def test_comparing_two_models_gives_mcnemars_test_and_both_matrices(qtbot, dialog, tmp_path, capsys):
    import main

    from training.compare import compare_models

    wrong = color_model(tmp_path / "wrong.keras", class_names=("red", "blue"))  # Calls every photo the other class.
    dialog.set_other_model(wrong)
    assert not dialog.relight_box.isEnabled() and not dialog.calibrate_box.isEnabled()

    result = evaluate(qtbot, dialog)

    expected = compare_models(modelfile.load_model(tmp_path / "model.keras"), modelfile.load_model(wrong),
                              tmp_path / "photos")
    assert (result.comparison["only_a_right"], result.comparison["only_b_right"]) == (21, 3)
    assert result.comparison["p_value"] == expected["p_value"] == stats.mcnemar_exact(21, 3)
    assert dialog.view.tabs.isTabVisible(COMPARISON_TAB)
    assert dialog.view.verdict_label.text() == "A (model.keras) is better, more than noise (p < 0.05)."
    assert f"p = {expected['p_value']:.3g}" in dialog.view.comparison_label.text()
    assert dialog.view.comparison_label.text().startswith("A: model.keras\nB: wrong.keras\nDifference")
    assert dialog.status_text().splitlines()[1].startswith("B: wrong.keras: accuracy 12.5%")
    assert dialog.view.confusion.matrix() == [[11, 0], [3, 10]]
    assert len(dialog.view.mistakes_shown()) == 3  # A reads only the three mislabelled photos wrong.
    dialog.view.figures_picker.setCurrentIndex(1)  # Model B's figures, in its own class order.
    assert dialog.view.confusion.matrix() == expected["report_b"]["confusion_matrix"] == [[3, 10], [11, 0]]
    assert dialog.view.mistakes_label.text() == "21 of 24 photos read wrong"  # And B's mistakes.
    dialog.view.confusion.cellClicked.emit(1, 0)  # In B's order (red, blue): true blue, read red.
    listed = dialog.view.mistakes_shown()
    assert len(listed) == 11 and {row[1:] for row in listed} == {("blue", "red")}
    assert all(Path(path).parent.name == "blue" for path, _, _ in listed)
    assert main.main(["evaluate", str(tmp_path / "photos"), "--compare", str(tmp_path / "model.keras"), str(wrong),
                      "--json"]) == 0
    saved = tmp_path / "figures.json"
    assert dialog.save_figures(saved)
    assert json.loads(saved.read_text(encoding="utf-8")) == json.loads(capsys.readouterr().out)


def test_another_model_shown_clears_the_figures_of_the_one_before(qtbot, dialog, tmp_path):
    evaluate(qtbot, dialog)
    assert dialog.save_button.isEnabled() and dialog.view.tabs.isVisible()

    dialog.set_model(color_model(tmp_path / "next.keras", conv_layers=1))

    assert dialog.result() is None and not dialog.save_button.isEnabled() and not dialog.view.tabs.isVisible()
    assert dialog.status_text().startswith("Photos the model never trained on give an honest figure")
    dialog.set_model(tmp_path / "next.keras")  # The same model again keeps what it has.
    assert dialog.evaluate_button.isEnabled()


def test_equal_models_are_within_noise(qtbot, dialog, tmp_path):
    dialog.set_other_model(color_model(tmp_path / "same.keras", conv_layers=1))

    evaluate(qtbot, dialog)

    assert dialog.view.verdict_label.text() == (
        "The two models are right and wrong on exactly the same photos: no difference.")


def test_a_folder_without_classes_and_a_bad_model_give_one_line_naming_them(qtbot, dialog, tmp_path):
    from gui.widgets.common import ERROR_COLOR

    empty = tmp_path / "no classes"
    empty.mkdir()
    solid_image(empty / "loose.png", RED)
    dialog.set_folder(empty)

    assert evaluate(qtbot, dialog) is None

    text = dialog.status_text()
    assert text.startswith(str(empty)) and "\n" not in text and "Traceback" not in text
    assert ERROR_COLOR in dialog.status_label.styleSheet()
    assert not dialog.view.tabs.isVisible() and dialog.evaluate_button.isEnabled()

    broken = tmp_path / "broken.keras"
    broken.write_bytes(b"not a zip file")
    dialog.set_folder(tmp_path / "photos")
    dialog.set_other_model(broken)

    assert evaluate(qtbot, dialog) is None
    assert dialog.status_text().startswith(str(broken)) and "\n" not in dialog.status_text()


def test_a_folder_of_classes_the_model_does_not_know_says_so_in_one_line(qtbot, dialog, tmp_path):
    from gui.widgets.common import ERROR_COLOR

    other = tmp_path / "other"
    solid_image(other / "green" / "1.png", (30, 200, 30))
    dialog.set_folder(other)

    result = evaluate(qtbot, dialog)

    assert result.report["n"] == 0 and result.report["unknown_classes"] == ["green"]
    assert dialog.status_text() == f"{other}: no readable photo of a class the model knows (blue, red)"
    assert ERROR_COLOR in dialog.status_label.styleSheet()
    assert "'green' is not a class of the model" in dialog.warning_label.text()
    assert not dialog.view.tabs.isVisible() and not dialog.save_button.isEnabled()


def test_cancel_leaves_no_figures_and_the_dialog_usable(qtbot, dialog, manager):
    from gui.evaluation_worker import EVALUATE

    with qtbot.waitSignal(manager.request_ended, timeout=TIMEOUT_MS,
                          check_params_cb=lambda kind, _number: kind == EVALUATE):
        dialog.start_evaluation()
        assert dialog.cancel_button.isEnabled() and not dialog.evaluate_button.isEnabled()
        dialog.cancel()

    assert dialog.result() is None and not dialog.is_running()
    assert dialog.evaluate_button.isEnabled() and not dialog.cancel_button.isEnabled()
    assert evaluate(qtbot, dialog).report["n"] == 24  # And it evaluates again.


def test_the_window_offers_it_for_the_model_shown_and_remembers_the_folder(qtbot, make_window, tmp_path):
    from tests.gui_helpers import attribute_model

    model = color_model(tmp_path / "model.keras")
    folder = color_dataset(tmp_path / "photos", per_class=4)
    window = make_window(model)
    assert window.actions.evaluate.isEnabled()
    assert window.actions.evaluate.shortcut().toString() == "Ctrl+Shift+T"

    window.actions.evaluate.trigger()
    dialog = window.evaluate_dialog()
    assert dialog.isVisible() and dialog.model_label.text() == str(model)
    dialog.set_folder(folder)
    assert evaluate(qtbot, dialog).report["n"] == 8
    assert window.settings.evaluation_folder() == str(folder)
    assert window.errors == []  # The dialog shows its own figures and errors, not the window's bar.

    attributes = attribute_model(tmp_path / "attributes.keras")
    with qtbot.waitSignal(window.model_changed, timeout=TIMEOUT_MS):
        window.load_model(attributes)
    # A model with one head per attribute is scored on a labels table: the dialog asks for one.
    assert window.actions.evaluate.isEnabled() and dialog.model_label.text() == str(attributes)
    assert not dialog.evaluate_button.isEnabled() and "needed" in dialog.labels_edit.placeholderText()


def attribute_dialog(qtbot, manager, tmp_path, count):
    """The dialog on a model with one head per attribute, its photos chosen; returns (dialog, model, photos,
    labels table)."""
    from gui.widgets.evaluate_dialog import EvaluateDialog
    from tests.gui_helpers import ATTRIBUTES, attribute_model, attribute_table

    model = attribute_model(tmp_path / "attributes.keras")
    photos, labels = attribute_table(tmp_path / "sheet", count=count)
    dialog = EvaluateDialog(manager, model)
    qtbot.addWidget(dialog)
    dialog.set_model(model, ATTRIBUTES)
    dialog.show()
    dialog.set_folder(photos)
    return dialog, model, photos, labels


def test_a_model_with_one_head_per_attribute_is_scored_on_its_labels_table(qtbot, manager, tmp_path, capsys):
    import main

    dialog, model, photos, labels = attribute_dialog(qtbot, manager, tmp_path, count=24)
    assert not dialog.evaluate_button.isEnabled()  # Such a model is scored on a labels table only.
    dialog.set_labels(labels)
    assert dialog.evaluate_button.isEnabled() and dialog.relight_box.isEnabled()

    result = evaluate(qtbot, dialog)

    assert main.main(["evaluate", str(photos), "--labels", str(labels), "--model", str(model), "--json",
                      "--mistakes"]) == 0
    expected = json.loads(capsys.readouterr().out)
    colour = expected["attributes"]["颜色 colour"]
    assert result.comparison is None and result.labels == str(labels)
    assert (colour["correct"], colour["n"], colour["blank"]) == (18, 18, 6)  # Every fourth cell is blank.
    assert dialog.status_text().startswith("颜色 colour: accuracy 100.0% (18/18 images right")
    assert "(18/18 images right; 95 % CI" in dialog.status_text() and ", 6 blank;" in dialog.status_text()
    picker = dialog.view.figures_picker
    assert [picker.itemText(index) for index in range(picker.count())] == ["颜色 colour"]
    assert dialog.view.confusion.matrix() == colour["confusion_matrix"]
    # The table has no "tone" column, and its "size" is not an attribute of the model: both are said.
    assert "tone" in dialog.warning_label.text() and "size" in dialog.warning_label.text()
    saved = tmp_path / "figures.json"
    assert dialog.save_figures(saved)
    figures = json.loads(saved.read_text(encoding="utf-8"))
    assert {key: figures[key] for key in expected} == expected


def test_a_labels_tables_mistakes_are_listed_per_attribute(qtbot, manager, tmp_path):
    dialog, _, photos, labels = attribute_dialog(qtbot, manager, tmp_path, count=12)
    slip = labels.read_text(encoding="utf-8").replace("p03,blue,", "p03,red,")  # A blue photo labelled red.
    labels.write_text(slip, encoding="utf-8")
    dialog.set_labels(labels)

    evaluate(qtbot, dialog)

    assert dialog.view.tabs.isTabVisible(MISTAKES_TAB)
    assert dialog.view.mistakes_label.text() == "1 of 9 photos read wrong"  # Photos 0, 4 and 8 are blank.
    assert dialog.view.mistakes_shown() == [(str(photos / "p03.png"), "red", "blue")]
    dialog.view.confusion.cellClicked.emit(0, 0)  # True blue, read blue: the five other blue photos.
    assert len(dialog.view.mistakes_shown()) == 5


def test_two_models_with_attribute_heads_are_compared_attribute_by_attribute(qtbot, manager, tmp_path, capsys):
    import main
    from tests.gui_helpers import attribute_model

    dialog, model, photos, labels = attribute_dialog(qtbot, manager, tmp_path, count=24)
    swapped = [{"name": "颜色 colour", "classes": ["red", "blue"]}, {"name": "size", "classes": ["l", "m", "s"]}]
    other = attribute_model(tmp_path / "swapped.keras", swapped)  # Calls every photo the other colour.
    dialog.set_labels(labels)
    dialog.set_other_model(other)
    assert dialog.other_edit.isEnabled() and not dialog.relight_box.isEnabled()

    evaluate(qtbot, dialog)

    assert main.main(["evaluate", str(photos), "--labels", str(labels), "--compare", str(model), str(other),
                      "--json"]) == 0
    expected = json.loads(capsys.readouterr().out)
    colour = expected["attributes"]["颜色 colour"]
    picker = dialog.view.figures_picker
    assert [picker.itemText(index) for index in range(picker.count())] == [
        "颜色 colour: A: attributes.keras", "颜色 colour: B: swapped.keras"]
    assert dialog.status_text().startswith("颜色 colour: A 100.0% (18/18")
    assert dialog.view.tabs.isTabVisible(COMPARISON_TAB)
    assert dialog.view.verdict_label.text() == "A (attributes.keras) is better, more than noise (p < 0.05)."
    assert f"p = {colour['p_value']:.3g}" in dialog.view.comparison_label.text()
    assert dialog.view.comparison_label.text().startswith(
        "A: attributes.keras\nB: swapped.keras\nAttribute: 颜色 colour\n")
    assert "'size' is scored by only one of the two models" in dialog.warning_label.text()
    assert dialog.view.confusion.matrix() == colour["report_a"]["confusion_matrix"]
    picker.setCurrentIndex(1)
    assert dialog.view.confusion.matrix() == colour["report_b"]["confusion_matrix"] == [[0, 6], [12, 0]]
    assert dialog.view.mistakes_label.text() == "18 of 18 photos read wrong"
    saved = tmp_path / "figures.json"
    assert dialog.save_figures(saved)
    assert json.loads(saved.read_text(encoding="utf-8")) == expected


def test_a_labels_table_is_scored_re_lit_and_calibrated_as_evaluate_labels_does(qtbot, manager, tmp_path, capsys):
    import main
    from gui.widgets.evaluate_dialog import EvaluateDialog
    from tests.calibration_helpers import make_clinic, one_column_table

    clinic = make_clinic(tmp_path)
    table = one_column_table(clinic["warm"])
    dialog = EvaluateDialog(manager, clinic["model"])
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.set_folder(clinic["warm"])
    dialog.set_labels(table)
    dialog.relight_box.setChecked(True)
    dialog.calibrate_box.setChecked(True)

    evaluate(qtbot, dialog)

    assert main.main(["evaluate", str(clinic["warm"]), "--labels", str(table), "--model", str(clinic["model"]),
                      "--relight", "all", "--calibrate", "--mistakes", "--json"]) == 0
    expected = json.loads(capsys.readouterr().out)
    rows = expected["attributes"]["tone"]["relight"]["rows"]
    assert dialog.view.tabs.isTabVisible(LIGHT_TAB) and dialog.view.light_table.rowCount() == 4
    assert [dialog.view.light_table.item(row, 2).text() for row in range(4)] == [
        f"{row['correct']}/{row['n']}" for row in rows]
    assert "Light: calibrated from these 16 photos" in dialog.status_text()
    saved = tmp_path / "figures.json"
    assert dialog.save_figures(saved)
    figures = json.loads(saved.read_text(encoding="utf-8"))
    assert {key: figures[key] for key in expected} == expected


def test_two_model_files_of_one_name_are_told_apart_by_their_folders():
    from gui.widgets.evaluation_view import model_names

    assert model_names("/runs/seed1/model.keras", "/runs/seed2/model.keras") == (
        "seed1/model.keras", "seed2/model.keras")
    assert model_names("/runs/old.keras", "/runs/new.keras") == ("old.keras", "new.keras")


def test_a_classified_folder_laid_out_by_class_offers_its_evaluation(qtbot, make_window, tmp_path):
    model = color_model(tmp_path / "model.keras")
    labelled = color_dataset(tmp_path / "labelled", per_class=3)
    loose = tmp_path / "loose"
    solid_image(loose / "a.png", RED)
    window = make_window(model)
    table = window.batch_table

    window.open_folder(loose)
    qtbot.waitUntil(lambda: table.result() is not None and not table.is_running(), timeout=TIMEOUT_MS)
    assert table.evaluate_link.isHidden()  # Photos without class folders: nothing to measure against.

    window.open_folder(labelled)
    qtbot.waitUntil(lambda: table.result() is not None and not table.is_running(), timeout=TIMEOUT_MS)
    assert not table.evaluate_link.isHidden()
    assert table.evaluate_link.text() == ("Evaluate the model on “labelled”: its sub-folders are named like its "
                                          "classes (blue, red)…")

    table.evaluate_link.click()
    dialog = window.evaluate_dialog()
    qtbot.waitUntil(lambda: dialog.result() is not None and not dialog.is_running(), timeout=TIMEOUT_MS)
    assert dialog.isVisible() and dialog.result().folder == str(labelled)
    assert dialog.result().report["correct"] == dialog.result().report["n"] == 6


def test_a_labels_table_without_the_models_attributes_gives_one_line_naming_it(qtbot, manager, tmp_path):
    dialog, _, _, labels = attribute_dialog(qtbot, manager, tmp_path, count=8)
    other = tmp_path / "other.csv"
    other.write_text(labels.read_text(encoding="utf-8").replace("颜色 colour", "shape"), encoding="utf-8")
    dialog.set_labels(other)

    assert evaluate(qtbot, dialog) is None

    assert dialog.status_text().startswith(f"{other}: ") and "\n" not in dialog.status_text()
    assert not dialog.view.tabs.isVisible() and dialog.evaluate_button.isEnabled()


def test_an_unreadable_photo_is_left_out_and_named_without_stopping_the_evaluation(qtbot, dialog, tmp_path):
    broken = tmp_path / "photos" / "red" / "broken.png"
    broken.write_bytes(b"\x89PNG\r\n\x1a\n not really")

    result = evaluate(qtbot, dialog)

    assert result.report["n"] == 24 and [entry["path"] for entry in result.report["skipped"]] == [str(broken)]
    assert dialog.status_text().splitlines()[-1] == "1 file(s) could not be read and were left out (see the tooltip)"
    assert dialog.status_label.toolTip().startswith(f"{broken}: ")


def test_the_mistakes_list_names_each_wrong_photo_and_a_cell_lists_its_own(qtbot, dialog, tmp_path):
    evaluate(qtbot, dialog)

    mislabelled = sorted(str(tmp_path / "photos" / "red" / f"mislabelled_{index}.png") for index in range(3))
    assert dialog.view.tabs.isTabVisible(MISTAKES_TAB)
    assert sorted(dialog.view.mistakes_shown()) == [(path, "red", "blue") for path in mislabelled]
    assert dialog.view.mistakes_label.text() == "3 of 24 photos read wrong" and dialog.view.all_mistakes_link.isHidden()

    dialog.view.confusion.cellClicked.emit(0, 0)  # True blue, read blue: the photos read right.
    assert dialog.view.tabs.currentIndex() == MISTAKES_TAB
    listed = dialog.view.mistakes_shown()
    assert len(listed) == 11 and {row[1:] for row in listed} == {("blue", "blue")}
    assert dialog.view.mistakes_label.text() == "11 photos of blue read as blue"
    dialog.view.all_mistakes_link.click()
    assert len(dialog.view.mistakes_shown()) == 3

    probabilities = [float(dialog.view.mistakes.item(row, 3).text().rstrip("%")) for row in range(3)]
    assert probabilities == sorted(probabilities, reverse=True) and probabilities[0] > 50  # Surest first.
    with qtbot.waitSignal(dialog.photo_activated) as activated:
        dialog.view.mistakes.itemDoubleClicked.emit(dialog.view.mistakes.item(0, 1))
    assert activated.args == [dialog.view.mistakes_shown()[0][0]]


def test_a_photo_double_clicked_in_the_mistakes_opens_in_the_window(qtbot, make_window, tmp_path):
    model = color_model(tmp_path / "model.keras")
    folder = color_dataset(tmp_path / "photos", per_class=3)
    wrong = solid_image(folder / "red" / "really_blue.png", BLUE, noise=25, seed=7)
    window = make_window(model)
    dialog = window.evaluate_folder(folder)
    qtbot.waitUntil(lambda: dialog.result() is not None and not dialog.is_running(), timeout=TIMEOUT_MS)
    assert dialog.view.mistakes_shown() == [(str(wrong), "red", "blue")]

    with qtbot.waitSignal(window.manager.prediction_ready, timeout=TIMEOUT_MS):
        dialog.view.mistakes.itemDoubleClicked.emit(dialog.view.mistakes.item(0, 0))

    assert window.current_image() == str(wrong)
    assert window.current_prediction().top[0]["label"] == "blue"


def test_calibrating_with_a_model_that_keeps_no_lighting_profile_says_why(qtbot, dialog):
    dialog.calibrate_box.setChecked(True)  # The colour model was saved without its training photos' light.

    assert evaluate(qtbot, dialog) is None

    text = dialog.status_text()
    assert "\n" not in text and "lighting profile" in text, text


def test_a_light_calibration_in_use_that_the_file_does_not_carry_is_said_not_to_apply(dialog):
    from core.calibration import Calibration

    lamp = Calibration((1.1, 1.0, 0.9), 24, "lamp 2")
    dialog.set_light_calibration(lamp, None)
    assert dialog.light_note.isVisible()
    assert dialog.light_note.text().startswith("The light calibration in use (24 photos) is not applied here")

    dialog.set_light_calibration(lamp, lamp)  # A calibrated copy: the file applies it itself.
    assert not dialog.light_note.isVisible()
    dialog.set_light_calibration(None, None)
    assert not dialog.light_note.isVisible()


def test_a_dropped_folder_labels_table_and_model_fill_their_fields(qtbot, dialog, tmp_path):
    from tests.gui_helpers import drop

    other = color_model(tmp_path / "other.keras", conv_layers=1)
    table = tmp_path / "labels.csv"
    table.write_text("image,colour\n", encoding="utf-8")
    folder = color_dataset(tmp_path / "more", per_class=2)

    assert drop(dialog, [folder, table, other])
    assert (dialog.folder_edit.text(), dialog.labels_edit.text(), dialog.other_edit.text()) == (
        str(folder), str(table), str(other))
    assert not drop(dialog, [tmp_path / "model.keras" / "nothing.png"])  # Nothing the dialog takes.
