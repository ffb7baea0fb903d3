"""Model > Evaluate on Labelled Photos: `main.py evaluate` in the app.

The user gives a folder of photos the model never trained on, one sub-folder per class. The
evaluation is a request to the bridge (`ModelManager.evaluate_folder`), served on its own
thread by the command line's functions, so the figures are the same: the accuracy with its
count and 95 % interval, the confusion matrix and the per-class table, the small-class and
lighting warnings, and on request the accuracy under other light (`evaluate --relight all`,
optionally `--calibrate`) or a comparison with a second model file on the same photos
(`evaluate --compare`: both accuracies and McNemar's exact test). With a labels table (a model
with one head per attribute needs one) each attribute is scored on the photos labelled for it
(`evaluate --labels`). The dialog collects what to evaluate, runs it and gives the headline; the
figures behind it are an `EvaluationView`. They can be saved as the command line's JSON. The dialog
takes the bridge and the model path, so tests drive it alone.
"""

import json
from pathlib import Path

from PyQt5 import QtCore, QtWidgets

from gui import files
from gui.core_text import localize
from gui.evaluation_worker import EVALUATE
from gui.plaintext import WrappedPlainLabel, plain_label, plain_tooltip, set_plain_text, shown
from gui.widgets.common import (
    ERROR_COLOR, WARNING_COLOR, Retranslatable, available_screen_area, fitting_size, proportion_text, set_colored_text)
from gui.widgets.evaluation_view import EvaluationView, model_names



# The most of the dialog's height the summary takes while figures are shown; more of it scrolls.
SUMMARY_SHARE = 0.3


class EvaluateDialog(Retranslatable, QtWidgets.QDialog):
    """The evaluation dialog.

    Args:
        manager: the `ModelManager` that evaluates.
        model_path: the `.keras` file to evaluate (the model shown in the window).
        settings: an `AppSettings` to remember the folder in, or None.
        parent: the parent widget.

    Signals:
        evaluation_finished(object): an `Evaluation`, or None after a failure.
        photo_activated(str): the user double-clicked a photo of the mistakes list (its whole path).
    """

    evaluation_finished = QtCore.pyqtSignal(object)
    photo_activated = QtCore.pyqtSignal(str)

    def __init__(self, manager, model_path, settings=None, parent=None):
        super().__init__(parent)
        self.manager = manager
        self.settings = settings
        self._model_path = str(model_path)
        self._attributes = None  # The model's heads ([{"name", "classes"}]) when it has one per attribute.
        self._light = (None, None)  # The app's light calibration in use, and the one the file carries.
        self._request = None  # The bridge's number of the running evaluation until it ends.
        self._result = None  # The last `Evaluation`.
        self._error = ""
        self.setObjectName("evaluateDialog")
        self.setAcceptDrops(True)  # A folder of photos, a labels table or a model file to compare with.
        self._build()
        manager.evaluation_progress.connect(self._on_progress)
        manager.evaluation_finished.connect(self._on_finished)
        manager.failed.connect(self._on_failed)
        manager.request_ended.connect(self._on_request_ended)
        if settings is not None:
            self.folder_edit.setText(settings.evaluation_folder())
        self.retranslate()
        self.set_model(model_path)

    def _build(self):
        self.model_label = plain_label()
        self.model_label.setTextInteractionFlags(QtCore.Qt.TextSelectableByMouse)
        self.folder_edit = QtWidgets.QLineEdit()
        self.folder_browse = QtWidgets.QPushButton()
        self.labels_edit = QtWidgets.QLineEdit()
        self.labels_edit.setClearButtonEnabled(True)
        self.labels_browse = QtWidgets.QPushButton()
        self.other_edit = QtWidgets.QLineEdit()
        self.other_edit.setClearButtonEnabled(True)
        self.other_browse = QtWidgets.QPushButton()
        self.relight_box = QtWidgets.QCheckBox()
        self.calibrate_box = QtWidgets.QCheckBox()
        light = QtWidgets.QVBoxLayout()
        light.addWidget(self.relight_box)
        light.addWidget(self.calibrate_box)
        self.form = QtWidgets.QFormLayout()
        self._form_labels = [QtWidgets.QLabel() for _ in range(5)]
        fields = (self.model_label, _row(self.folder_edit, self.folder_browse),
                  _row(self.labels_edit, self.labels_browse), _row(self.other_edit, self.other_browse), light)
        for label, field in zip(self._form_labels, fields):
            self.form.addRow(label, field)
        self.light_note = WrappedPlainLabel()  # When the app calibrates the light otherwise than the file.
        self.light_note.hide()
        self.progress_bar = QtWidgets.QProgressBar()
        self.progress_bar.setRange(0, 1000)
        self.progress_bar.setTextVisible(False)
        self.progress_bar.setMaximumHeight(8)
        self.progress_bar.hide()
        self.status_label = WrappedPlainLabel()
        self.status_label.setTextInteractionFlags(QtCore.Qt.TextSelectableByMouse)
        self.notes_label = WrappedPlainLabel()  # How a labels table was read: information, not a warning.
        self.notes_label.setTextInteractionFlags(QtCore.Qt.TextSelectableByMouse)
        self.warning_label = WrappedPlainLabel()
        self.warning_label.setTextInteractionFlags(QtCore.Qt.TextSelectableByMouse)
        self.view = EvaluationView()
        self.view.photo_activated.connect(self.photo_activated)
        self.evaluate_button = QtWidgets.QPushButton()
        self.evaluate_button.setDefault(True)
        self.cancel_button = QtWidgets.QPushButton()
        self.save_button = QtWidgets.QPushButton()
        self.close_button = QtWidgets.QPushButton()
        buttons = QtWidgets.QHBoxLayout()
        buttons.addWidget(self.save_button)
        buttons.addStretch(1)
        buttons.addWidget(self.evaluate_button)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.close_button)
        summary = QtWidgets.QWidget()
        summary_layout = QtWidgets.QVBoxLayout(summary)
        summary_layout.setContentsMargins(0, 0, 0, 0)
        for label in (self.status_label, self.notes_label, self.warning_label):
            summary_layout.addWidget(label)
        # A table's many attributes scroll here (`_fit_summary`) rather than squeeze the figures below.
        self.summary_area = QtWidgets.QScrollArea()
        self.summary_area.setWidgetResizable(True)
        self.summary_area.setFrameShape(QtWidgets.QFrame.NoFrame)
        self.summary_area.setWidget(summary)
        layout = QtWidgets.QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addWidget(self.light_note)
        layout.addWidget(self.progress_bar)
        layout.addWidget(self.summary_area)
        layout.addWidget(self.view, 1)
        layout.addLayout(buttons)
        self.resize(fitting_size(QtCore.QSize(900, 720), available_screen_area()))  # Its buttons in view.
        self.folder_edit.textChanged.connect(self._update_buttons)
        self.other_edit.textChanged.connect(self._update_buttons)
        self.labels_edit.textChanged.connect(self._update_buttons)
        self.labels_browse.clicked.connect(self._choose_labels)
        self.folder_browse.clicked.connect(self._choose_folder)
        self.other_browse.clicked.connect(self._choose_other)
        self.evaluate_button.clicked.connect(self.start_evaluation)
        self.cancel_button.clicked.connect(self.cancel)
        self.save_button.clicked.connect(self._choose_save)
        self.close_button.clicked.connect(self.hide)
        self._show_result()

    def retranslate(self):
        self.setWindowTitle(self.tr("Evaluate on Labelled Photos"))
        for label, text in zip(self._form_labels, (
                self.tr("Model:"), self.tr("Photos:"), self.tr("Labels table:"), self.tr("Compare with:"),
                self.tr("Light:"))):
            label.setText(text)
        self.folder_edit.setPlaceholderText(
            self.tr("a folder with one sub-folder of photos per class (or drop it here)"))
        self.other_edit.setPlaceholderText(self.tr("optional: another .keras model, scored on the same photos"))
        self._show_labels_hint()
        self._show_light_note()
        for button in (self.folder_browse, self.labels_browse, self.other_browse):
            button.setText(self.tr("Browse…"))
        self.relight_box.setText(self.tr("Also score the photos re-lit: warm, cool and 30 % darker"))
        self.relight_box.setToolTip(plain_tooltip(self.tr(
            "Each photo is also scored with its light changed the way another lamp or camera would change it "
            "(red and blue ×1.15 or ×0.85, or 30 % less exposure), as main.py evaluate --relight all does.")))
        self.calibrate_box.setText(self.tr("Calibrate the light from these photos first"))
        self.calibrate_box.setToolTip(plain_tooltip(self.tr(
            "As Model > Calibrate Light from Photos does, from the evaluated photos themselves (each re-lit set "
            "from its own): how the model does once calibrated to their lamp. Needs a model trained with "
            "TongueLens and at least 10 photos.")))
        self.evaluate_button.setText(self.tr("Evaluate"))
        self.cancel_button.setText(self.tr("Cancel"))
        self.save_button.setText(self.tr("Save Figures…"))
        self.save_button.setToolTip(self.tr("Save every figure as JSON, the fields of main.py evaluate --json"))
        self.close_button.setText(self.tr("Close"))
        self._show_result()

    # What to evaluate.

    def set_model(self, model_path, attributes=None):
        """Evaluates `model_path` from now on (the model shown in the window); `attributes`: its heads
        ([{"name", "classes"}]) when it has one per attribute, which are scored on a labels table."""
        if str(model_path) != self._model_path and not self.is_running():
            self._result, self._error = None, ""  # Another model's figures must not stand under this one's name.
            self._show_result()
        self._model_path = str(model_path)
        self._attributes = list(attributes) if attributes else None
        set_plain_text(self.model_label, self._model_path)
        self._show_labels_hint()
        self._update_buttons()

    def show_for(self, model_path, attributes=None):
        """Shows the dialog for `model_path` (a running evaluation keeps its own model)."""
        if not self.is_running():
            self.set_model(model_path, attributes)
        self.show()
        self.raise_()
        self.activateWindow()

    def set_folder(self, folder):
        """Evaluates on `folder` (one sub-folder per class)."""
        self.folder_edit.setText(str(folder))

    def set_labels(self, path):
        """Scores each attribute on the labels table `path`, whose photos are in the folder ("": none)."""
        self.labels_edit.setText(str(path))

    def _show_labels_hint(self):
        if self._attributes:
            hint = self.tr("needed for this model: the labels table of the photos (.csv, .tsv, .xlsx)")
        else:
            hint = self.tr("optional: a labels table of the photos (.csv, .tsv, .xlsx) instead of class sub-folders")
        self.labels_edit.setPlaceholderText(hint)

    def set_light_calibration(self, in_use, carried):
        """Says so when the app's light calibration in use (`in_use`, or None) is not the one the file
        carries (`carried`, or None): the evaluation scores the file as it is, as `main.py evaluate` does."""
        self._light = (in_use, carried)
        self._show_light_note()

    def _show_light_note(self):
        in_use, carried = self._light
        if in_use is None or in_use == carried:
            self.light_note.hide()
            return
        set_colored_text(self.light_note, self.tr(
            "The light calibration in use ({count} photos) is not applied here: the model file is scored as it "
            "is. Tick \"Calibrate the light from these photos first\" if they come from that lamp.").format(
            count=in_use.photos), WARNING_COLOR)
        self.light_note.show()

    def set_other_model(self, path):
        """Compares with the model file `path` ("" evaluates the one model)."""
        self.other_edit.setText(str(path))

    def _choose_folder(self):
        start = self.folder_edit.text().strip() or (self.settings.last_folder() if self.settings else "")
        folder = QtWidgets.QFileDialog.getExistingDirectory(self, self.tr("Labelled Photos"), start)
        if folder:
            self.set_folder(folder)

    def _choose_labels(self):
        start = self.labels_edit.text().strip() or self.folder_edit.text().strip()
        path, _ = QtWidgets.QFileDialog.getOpenFileName(
            self, self.tr("Labels Table"), start, self.tr("Labels tables (*.csv *.tsv *.txt *.xlsx)"))
        if path:
            self.set_labels(path)

    def _choose_other(self):
        start = self.other_edit.text().strip() or str(Path(self._model_path).parent)
        path, _ = QtWidgets.QFileDialog.getOpenFileName(
            self, self.tr("Compare With Model"), start, self.tr("Keras models (*.keras)"))
        if path:
            self.set_other_model(path)

    # The evaluation.

    def start_evaluation(self):
        """Asks the bridge to evaluate; the answer comes as `evaluation_finished`."""
        folder, other, labels = (edit.text().strip() for edit in (self.folder_edit, self.other_edit, self.labels_edit))
        if not self._can_start():
            return
        if self.settings is not None:
            self.settings.set_evaluation_folder(folder)
        self._result, self._error = None, ""
        lit = not other  # A comparison scores the photos as they are.
        self._request = self.manager.evaluate_folder(
            folder, self._model_path, relight=self.relight_box.isChecked() and lit,
            calibrate=self.calibrate_box.isChecked() and lit, other_path=other, labels=labels)
        self.progress_bar.setValue(0)
        self.progress_bar.show()
        self._show_result()
        self._update_buttons()

    def cancel(self):
        """Stops a running evaluation (at its next photo while reading, or its next step)."""
        if self.is_running():
            self.manager.cancel(EVALUATE)

    def is_running(self):
        """Whether an evaluation started here is going on."""
        return self._request is not None

    def result(self):
        """The last `Evaluation`, or None."""
        return self._result

    def status_text(self):
        """The summary as shown."""
        return self.status_label.text()

    def _on_progress(self, done, total):
        if self.is_running():
            self.progress_bar.setMaximum(total)
            self.progress_bar.setValue(done)

    def _on_finished(self, evaluation):
        if not self.is_running():
            return
        self._result = evaluation
        self._show_result()
        self.evaluation_finished.emit(evaluation)

    def _on_failed(self, kind, message):
        if kind == EVALUATE and self.is_running():
            self._error = message
            self._show_result()
            self.evaluation_finished.emit(None)

    def _on_request_ended(self, kind, number):
        if kind == EVALUATE and number == self._request:
            self._request = None
            self.progress_bar.hide()
            self._show_result()
            self._update_buttons()

    def _can_start(self):
        """A folder, and the labels table a model with one head per attribute needs."""
        return (not self.is_running() and bool(self.folder_edit.text().strip())
                and (bool(self.labels_edit.text().strip()) or not self._attributes))

    def _update_buttons(self):
        running = self.is_running()
        lit = not self.other_edit.text().strip()
        self.evaluate_button.setEnabled(self._can_start())
        self.cancel_button.setEnabled(running)
        self.save_button.setEnabled(not running and self._result is not None and _scored(self._result))
        for widget in (self.folder_edit, self.folder_browse, self.labels_edit, self.labels_browse, self.other_edit,
                       self.other_browse):
            widget.setEnabled(not running)
        for box in (self.relight_box, self.calibrate_box):  # A comparison: the photos as they are.
            box.setEnabled(not running and lit)
            if not lit:
                box.setChecked(False)  # Not ticked where it would not be done.

    # The figures.

    def _show_result(self):
        result = self._result
        if self._error:
            set_colored_text(self.status_label, localize(self._error), ERROR_COLOR)
        elif self.is_running():
            set_colored_text(self.status_label, self.tr("Reading and scoring the photos…"), None)
        elif result is None:
            set_colored_text(self.status_label, self.tr(
                "Photos the model never trained on give an honest figure: a held-out folder, one sub-folder per "
                "class, named like the model's classes."), None)
        elif not _scored(result):
            set_colored_text(self.status_label, self.tr(
                "{folder}: no readable photo of a class the model knows ({classes})").format(
                folder=shown(result.folder), classes=", ".join(shown(name) for name in _model_classes(result))),
                ERROR_COLOR)
        else:
            set_colored_text(self.status_label, self._summary(result), None)
        self._show_warnings(result if not self.is_running() and not self._error else None)
        shown_result = result is not None and not self.is_running() and not self._error and _scored(result)
        self.view.show_evaluation(result if shown_result else None)
        self._fit_summary()

    def _fit_summary(self):
        """The summary as tall as its lines, at most `SUMMARY_SHARE` of the dialog while figures are shown."""
        content = self.summary_area.widget()
        needed = content.heightForWidth(self.summary_area.viewport().width()) if content.hasHeightForWidth() \
            else content.sizeHint().height()
        needed = max(needed, content.minimumSizeHint().height())
        if self.view.tabs.isVisible():
            needed = min(needed, max(60, int(self.height() * SUMMARY_SHARE)))
        self.summary_area.setFixedHeight(needed)

    def resizeEvent(self, event):  # noqa: N802  Qt's name.
        super().resizeEvent(event)
        self._fit_summary()

    def _summary(self, result):
        """The headline: the accuracy (both, for a comparison; each attribute's, for a labels table), the
        light used, and files left out."""
        if result.labels and result.comparison is not None:
            lines = [self._compared_attribute_line(name, compared)
                     for name, compared in result.comparison["attributes"].items()]
        elif result.labels:
            lines = [self._attribute_line(name, report) for name, report in result.report["attributes"].items()]
            lines.extend(self._calibration_lines(result.report))
        elif result.comparison is not None:
            comparison = result.comparison
            names = model_names(result.model_path, result.other_path)
            lines = [self.tr("{letter}: {name}: accuracy {accuracy}").format(
                letter=letter, name=shown(name),
                accuracy=proportion_text(comparison[key]["successes"], comparison["n"]))
                for letter, key, name in (("A", "a", names[0]), ("B", "b", names[1]))]
        else:
            report = result.report
            lines = [self.tr("Accuracy {accuracy} on the photos of {folder}").format(
                accuracy=proportion_text(report["correct"], report["n"]) if report["n"] else "—",
                folder=shown(Path(result.folder).name))]
            lines.extend(self._calibration_lines(report))
        skipped = self._skipped(result)
        if skipped:
            lines.append(self.tr("{count} file(s) could not be read and were left out (see the tooltip)").format(
                count=len(skipped)))
        self.status_label.setToolTip(plain_tooltip("\n".join(
            f"{entry['path']}: {localize(entry['reason'])}" for entry in skipped)))
        return "\n".join(lines)

    def _calibration_lines(self, report):
        """The light calibration the figures were made with, if any: one line, else none."""
        calibration = report.get("calibration")
        if not calibration:
            return []
        template = (self.tr("Light: the calibration carried in the model file ({count} photos)")
                    if report.get("calibration_in_file") else
                    self.tr("Light: calibrated from these {count} photos (red ×{red}, green ×{green}, "
                            "blue ×{blue})"))
        red, green, blue = (f"{gain:.2f}" for gain in calibration["gains"])
        return [template.format(count=calibration["photos"], red=red, green=green, blue=blue)]

    def _attribute_line(self, name, report):
        """One attribute's figures over the photos labelled for it: accuracy, macro F1, mean ROC-AUC."""
        auc = report.get("macro_roc_auc")
        return self.tr("{attribute}: accuracy {accuracy}, {blank} blank; macro F1 {f1}, ROC-AUC {auc}").format(
            attribute=shown(name), accuracy=proportion_text(report["correct"], report["n"]) if report["n"] else "—",
            blank=report["blank"], f1=f"{report['macro_f1']:.3f}", auc="—" if auc is None else f"{auc:.3f}")

    def _compared_attribute_line(self, name, compared):
        """One attribute of two models compared on a labels table: both accuracies."""
        return self.tr("{attribute}: A {accuracy_a}; B {accuracy_b}").format(
            attribute=shown(name), accuracy_a=proportion_text(compared["a"]["successes"], compared["n"]),
            accuracy_b=proportion_text(compared["b"]["successes"], compared["n"]))

    @staticmethod
    def _skipped(result):
        reports = [result.report]
        if result.comparison is not None:
            reports.append(result.comparison["table_b" if result.labels else "report_b"])
        return list({entry["path"]: entry for report in reports for entry in report.get("skipped", [])}.values())

    def _show_warnings(self, result):
        from training import stats  # Plain Python: no TensorFlow.

        warnings, notes = [], []
        if result is not None:
            warnings = (result.comparison["warnings"] if result.comparison is not None
                        else result.report.get("warnings", []))
            notes = result.report.get("notes", [])  # How a labels table was read (its encoding, ...).
        set_plain_text(self.notes_label, "\n".join(localize(note) for note in notes))
        self.notes_label.setVisible(bool(notes))
        small = [warning for warning in warnings if stats.is_small_class_warning(warning)]
        lines = ["⚠ " + localize(warning) for warning in warnings if not stats.is_small_class_warning(warning)]
        if small:
            lines.insert(0, self._small_classes_line(small))
        set_colored_text(self.warning_label, "\n".join(lines), WARNING_COLOR)
        self.warning_label.setToolTip(plain_tooltip("\n".join(localize(warning) for warning in small)))
        self.warning_label.setVisible(bool(lines))

    def _small_classes_line(self, small):
        """Every class with too few photos in one line (each one's warning is in the tooltip)."""
        from training import stats  # Plain Python: no TensorFlow.

        listed = ", ".join(f"{shown(warning.values['name'])} ({warning.values['count']})" for warning in small)
        points = max(int(warning.values["points"]) for warning in small)
        return self.tr("⚠ Fewer than {minimum} photos of: {classes}. Each figure of these classes is uncertain by "
                       "up to ±{points} points; add photos for figures you can trust.").format(
            minimum=stats.SMALL_CLASS_PHOTOS, classes=listed, points=points)

    # Saving.

    def _choose_save(self):
        if self._result is None:
            return
        start = str(Path(self._result.folder).parent / f"{Path(self._result.model_path).stem}-evaluation.json")
        path, _ = QtWidgets.QFileDialog.getSaveFileName(self, self.tr("Save Figures"), start,
                                                        self.tr("JSON files (*.json)"))
        if path:
            self.save_figures(path)

    def save_figures(self, path):
        """Writes the figures as JSON (the fields of `main.py evaluate --json`), atomically."""
        from core import atomic

        try:
            atomic.write_text(path, json.dumps(figures_json(self._result), indent=2, ensure_ascii=False) + "\n")
        except OSError as error:
            set_colored_text(self.status_label, f"{path}: {error.strerror or error}", ERROR_COLOR)
            return False
        return True

    # Drag and drop.

    def dragEnterEvent(self, event):  # noqa: N802  Qt's name.
        if not self.is_running() and dropped_fields(event.mimeData()):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dragMoveEvent(self, event):  # noqa: N802  Qt's name.
        self.dragEnterEvent(event)

    def dropEvent(self, event):  # noqa: N802  Qt's name.
        fields = dropped_fields(event.mimeData())
        if self.is_running() or not fields:
            event.ignore()
            return
        event.acceptProposedAction()
        setters = {"folder": self.set_folder, "labels": self.set_labels, "other": self.set_other_model}
        for field, path in fields.items():
            setters[field](path)

    def closeEvent(self, event):  # noqa: N802  Qt's name.
        event.accept()  # Closing only hides: an evaluation goes on and shows its figures when shown again.
        self.hide()


def figures_json(evaluation):
    """An `Evaluation` as `main.py evaluate --json` prints it (with `--relight all` and `--mistakes`, or
    `--compare A B`, or `--labels TABLE`)."""
    if evaluation.comparison is not None and evaluation.labels:  # As `evaluate --labels --compare A B --json`.
        comparison = dict(evaluation.comparison)
        comparison["attributes"] = {name: _without_predictions(compared)
                                    for name, compared in comparison["attributes"].items()}
        for key in ("table_a", "table_b"):
            comparison[key] = _without(comparison[key], "notes")
        return {"model_a": evaluation.model_path, "model_b": evaluation.other_path, **comparison}
    if evaluation.comparison is not None:
        comparison = _without_predictions(evaluation.comparison)
        return {"model_a": evaluation.model_path, "model_b": evaluation.other_path, **comparison}
    if evaluation.labels:  # As `evaluate --labels --json --mistakes` (`--relight all`): notes went to stderr.
        report = _without(evaluation.report, "notes")
        report["attributes"] = {name: _with_mistakes(scores) for name, scores in report["attributes"].items()}
        return {"model": evaluation.model_path, "data_dir": evaluation.folder, **report}
    figures = {"model": evaluation.model_path, "data_dir": evaluation.folder, **_with_mistakes(evaluation.report)}
    if evaluation.relit is not None:
        figures["relight"] = {"rows": evaluation.relit}
    return figures


def _with_mistakes(report):
    """`report` with its `predictions` replaced by the `mistakes` they give."""
    from training.evaluate import mistakes  # Plain Python: no TensorFlow.

    shown = _without(report, "predictions")
    shown["mistakes"] = mistakes(report.get("predictions") or [])
    return shown


def _without_predictions(comparison):
    """A comparison whose two reports are without their `predictions`."""
    comparison = dict(comparison)
    for key in ("report_a", "report_b"):
        comparison[key] = _without(comparison[key], "predictions")
    return comparison


def _without(report, key):
    """A shallow copy of `report` without `key`."""
    return {name: value for name, value in report.items() if name != key}


def dropped_fields(mime):
    """What a drop fills in: {"folder": photos folder, "labels": labels table, "other": model file} (the
    first of each kind), or {} when nothing dropped is one of them."""
    from training.labels_table import EXCEL_SUFFIXES, TEXT_SUFFIXES  # Plain Python: no TensorFlow.

    fields = {}
    for path in files.local_paths(mime):
        if Path(path).is_dir():
            fields.setdefault("folder", path)
        elif files.is_model_name(path):
            fields.setdefault("other", path)
        elif Path(path).suffix.lower() in TEXT_SUFFIXES + EXCEL_SUFFIXES:
            fields.setdefault("labels", path)
    return fields


def _scored(evaluation):
    """Whether any photo was scored (a folder of unknown classes, or a table without labels, scores none)."""
    if evaluation.labels:
        return any(report["n"] for report in evaluation.report["attributes"].values())
    return bool(evaluation.comparison["n"] if evaluation.comparison is not None else evaluation.report["n"])


def _model_classes(evaluation):
    if evaluation.labels:
        return list(evaluation.report["attributes"])
    return evaluation.report["classes"]


def _row(*widgets):
    """Widgets side by side, the first one stretching."""
    row = QtWidgets.QHBoxLayout()
    for index, widget in enumerate(widgets):
        row.addWidget(widget, 1 if index == 0 else 0)
    return row
