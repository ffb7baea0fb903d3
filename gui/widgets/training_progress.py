"""A training run as it goes and when it ends: bars, ETA, live curves, confusion matrix, per-class results.

Every accuracy is shown with its count and its 95 % interval (Wilson, `training.stats`), and a
class with fewer than `training.stats.SMALL_CLASS_PHOTOS` validation images is warned of: on a
few dozen images a figure moves by many points. A cross-validation's result is its per-fold
table (`FoldsTable`) and the confusion matrix summed over the folds.

A pretrained backbone's run also shows its weights' download (bytes on the batch bar) and which
fine-tuning phase it is in (head, then fine-tune: `training.finetune`).

A run on a labels table ends with figures per attribute: each attribute's accuracy, macro F1
and ROC-AUC in the summary, and an attribute picker for its confusion matrix and per-class table.
"""

from PyQt5 import QtCore, QtWidgets

from gui.core_text import localize
from gui.plaintext import WrappedPlainLabel, plain_label, plain_tooltip, set_plain_text, shown
from gui.widgets.common import (
    ERROR_COLOR, WARNING_COLOR, Retranslatable, format_count, format_percent, proportion_text, set_colored_text)
from gui.widgets.confusion_matrix import ConfusionMatrixView
from gui.widgets.curve_plot import CurvePlot
from gui.widgets.folds_table import FoldsTable
from gui.widgets.per_class_table import PerClassTable


# Minimum heights of the curves (a plot of about 80 px between their titles and axes) and of the result
# tables; on a small screen the page scrolls.
CURVES_MIN_HEIGHT = 170
TABLES_MIN_HEIGHT = 150
# More classes than this with too few images are counted in the warning, and listed in its tooltip.
SMALL_CLASSES_LISTED = 6
# The most of the results' width the confusion matrix takes from the per-class table beside it.
MATRIX_MAX_SHARE = 0.6


class TrainingProgressView(Retranslatable, QtWidgets.QWidget):
    """Shows the `training.progress.TrainProgress` reports of one run, then its `TrainResult`
    (or a cross-validation's `training.folds.FoldsResult`).

    Signals:
        use_requested(): the user pressed "Use This Model".
    """

    use_requested = QtCore.pyqtSignal()

    def __init__(self, parent=None):
        super().__init__(parent)
        self._running = False
        self._started = False
        self._progress = None
        self._last_epoch = None
        self._curve_accuracy = {}  # Epoch -> the validation accuracy on the curve (before the end's recompute).
        self._phase = ""  # "", "started", "cancelling", "finished", "cancelled", "failed" or a progress phase
        self._messages = []
        self._result = None
        self._folds = None  # A cross-validation's FoldsResult, once it ended.
        self._fold_stage = None  # A cross-validation's current stage (its "folds.fold" or "folds.final" message).
        self._small_classes = ({}, "validation")  # The run's small-class warnings so far: {class: images}, where.
        self._error = ""
        self._attributes = []  # A table run's report `attributes`, for the attribute picker.
        self._table = False  # Whether the run is on a labels table (its curves are means over attributes).
        # The `training.progress.PhaseInfo` of the fine-tuning phase being trained, or None. Not the fold
        # stage above: one attribute for both broke every update of a pretrained run.
        self._stage = None
        self._build()
        self.retranslate()

    def _build(self):
        self.phase_label = plain_label()
        self.phase_label.setObjectName("panelTitle")
        self.stage_label = plain_label()  # The fine-tuning phase; hidden for a run in one phase.
        self.stage_label.setWordWrap(True)
        self.stage_label.hide()
        self.epoch_label = plain_label()
        self.epoch_bar = QtWidgets.QProgressBar()
        self.batch_label = plain_label()
        self.batch_bar = QtWidgets.QProgressBar()
        self.stats_label = plain_label()
        self.stats_label.setTextInteractionFlags(QtCore.Qt.TextSelectableByMouse)
        self.eta_label = plain_label()
        self.notes_label = plain_label()
        self.notes_label.setObjectName("secondaryText")
        # One line per note, cut short to the width (whole in the tooltip): the results need the height.
        self.notes_label.setSizePolicy(QtWidgets.QSizePolicy.Ignored, QtWidgets.QSizePolicy.Preferred)
        self.notes_label.setTextInteractionFlags(QtCore.Qt.TextSelectableByMouse)
        self.loss_plot = CurvePlot(x_from=0.0)
        self.accuracy_plot = CurvePlot(fixed_range=(0.0, 1.0), x_from=0.0)
        for plot in (self.loss_plot, self.accuracy_plot):
            plot.setMinimumHeight(CURVES_MIN_HEIGHT)
        bars = QtWidgets.QGridLayout()
        bars.addWidget(self.epoch_label, 0, 0)
        bars.addWidget(self.epoch_bar, 0, 1)
        bars.addWidget(self.batch_label, 1, 0)
        bars.addWidget(self.batch_bar, 1, 1)
        bars.setColumnStretch(1, 1)
        stats = QtWidgets.QHBoxLayout()
        stats.addWidget(self.stats_label, 1)
        stats.addWidget(self.eta_label)
        curves = QtWidgets.QHBoxLayout()
        curves.addWidget(self.loss_plot)
        curves.addWidget(self.accuracy_plot)

        self.results_group = QtWidgets.QGroupBox()
        self.result_label = WrappedPlainLabel()
        self.result_label.setTextInteractionFlags(QtCore.Qt.TextSelectableByMouse)
        self.warning_label = WrappedPlainLabel()
        self.warning_label.setTextInteractionFlags(QtCore.Qt.TextSelectableByMouse)
        self.use_button = QtWidgets.QPushButton()
        self.use_button.setEnabled(False)
        self.attribute_label = plain_label()
        self.attribute_picker = QtWidgets.QComboBox()
        self.attribute_picker.currentIndexChanged.connect(lambda _index: self._show_attribute())
        self.confusion_title = plain_label()
        self.confusion = ConfusionMatrixView()
        self.per_class_title = plain_label()
        self.per_class = PerClassTable()
        self.folds_title = plain_label()
        self.folds_table = FoldsTable()
        boxes = []
        for title, table in ((self.confusion_title, self.confusion), (self.per_class_title, self.per_class),
                             (self.folds_title, self.folds_table)):
            # Wrapped: the folds' long title, on one line, made the per-class side 590 px wide at least.
            title.setWordWrap(True)
            box = QtWidgets.QWidget()
            box_layout = QtWidgets.QVBoxLayout(box)
            box_layout.setContentsMargins(0, 0, 0, 0)
            box_layout.addWidget(title)
            box_layout.addWidget(table, 1)
            boxes.append(box)
        # Beside the confusion matrix: the per-class table of a run, or the folds' table of a cross-validation.
        self.details = QtWidgets.QStackedWidget()
        self.details.addWidget(boxes[1])
        self.details.addWidget(boxes[2])
        self.tables = QtWidgets.QSplitter(QtCore.Qt.Horizontal)
        self.tables.setChildrenCollapsible(False)
        self.tables.addWidget(boxes[0])
        self.tables.addWidget(self.details)
        # The matrix is as wide as its columns (`_fit_matrix`); a wider window widens the table beside it.
        self.tables.setStretchFactor(0, 0)
        self.tables.setStretchFactor(1, 1)
        for table in (self.confusion, self.per_class, self.folds_table):
            # As tall as the page allows, at least a few rows: their own preferred height squeezed the curves.
            table.setSizePolicy(QtWidgets.QSizePolicy.Expanding, QtWidgets.QSizePolicy.Ignored)
            table.setMinimumHeight(TABLES_MIN_HEIGHT)
        result_row = QtWidgets.QHBoxLayout()
        result_text = QtWidgets.QVBoxLayout()
        result_text.addWidget(self.result_label)
        result_text.addWidget(self.warning_label)
        result_row.addLayout(result_text, 1)
        result_row.addWidget(self.use_button, 0, QtCore.Qt.AlignTop)
        attribute_row = QtWidgets.QHBoxLayout()
        attribute_row.addWidget(self.attribute_label)
        attribute_row.addWidget(self.attribute_picker)
        attribute_row.addStretch(1)
        self.attribute_box = QtWidgets.QWidget()
        self.attribute_box.setLayout(attribute_row)
        attribute_row.setContentsMargins(0, 0, 0, 0)
        self.attribute_box.hide()
        results_layout = QtWidgets.QVBoxLayout(self.results_group)
        results_layout.addLayout(result_row)
        results_layout.addWidget(self.attribute_box)
        results_layout.addWidget(self.tables, 1)

        # In a scroll area: on a small screen the page scrolls and the dialog's buttons stay in view.
        page = QtWidgets.QWidget()
        scroll = QtWidgets.QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QtWidgets.QFrame.NoFrame)
        scroll.setWidget(page)
        outer = QtWidgets.QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll)
        layout = QtWidgets.QVBoxLayout(page)
        layout.addWidget(self.phase_label)
        layout.addWidget(self.stage_label)
        layout.addLayout(bars)
        layout.addLayout(stats)
        layout.addWidget(self.notes_label)
        layout.addLayout(curves, 2)
        layout.addWidget(self.results_group, 3)
        self.use_button.clicked.connect(self.use_requested)

    def retranslate(self):
        self.epoch_label.setText(self.tr("Epoch"))
        if self._table:  # A labels-table run logs the means over its attributes.
            self.loss_plot.set_title(self.tr("Loss (mean over attributes)"), self.tr("epoch"))
            self.accuracy_plot.set_title(self.tr("Accuracy (mean over attributes)"), self.tr("epoch"))
        else:
            self.loss_plot.set_title(self.tr("Loss"), self.tr("epoch"))
            self.accuracy_plot.set_title(self.tr("Accuracy"), self.tr("epoch"))
        for plot in (self.loss_plot, self.accuracy_plot):
            plot.set_series_label("train", self.tr("train"))
            plot.set_series_label("val", self.tr("validation"))
        self.loss_plot.set_series_label("batch", self.tr("running"))
        self.results_group.setTitle(self.tr("Results on the validation images"))
        self.confusion_title.setText(self.tr("Confusion matrix (rows: true class)"))
        self.per_class_title.setText(self.tr("Per class"))
        self.folds_title.setText(self.tr("Cross-validation: each fold validated on images the others trained on"))
        self.folds_table.retranslate()
        self.use_button.setText(self.tr("Use This Model"))
        self.attribute_label.setText(self.tr("Attribute:"))
        self._show_progress()
        self._show_result()

    # What the dialog tells it.

    def start(self, table=False):
        """Clears everything for a new run (`table`: a run on a labels table, one head per attribute)."""
        self._table = bool(table)
        self._running = True
        self._started = True
        self._progress = self._last_epoch = self._result = self._folds = None
        self._curve_accuracy = {}
        self._error = ""
        self._phase = "started"
        self._fold_stage = None
        self._small_classes = ({}, "validation")
        self._messages = []
        self._stage = None
        self.stage_label.hide()
        self.notes_label.setText("")
        self.loss_plot.clear()
        self.accuracy_plot.clear()
        self.confusion.set_matrix([], [])
        self.per_class.setRowCount(0)
        self._set_attributes([])
        self.folds_table.show_summary(None)
        self.retranslate()  # The curves' titles, the progress and the result.

    def set_cancelling(self):
        """Shows that the run will stop after the current batch."""
        self._phase = "cancelling"
        self._show_progress()

    def show_progress(self, progress):
        """Shows a batch (or scan, or finishing) report."""
        self._progress = progress
        self._phase = progress.phase if self._phase != "cancelling" else self._phase
        if progress.phase == "training" and progress.loss is not None and progress.batches:
            self.loss_plot.add_point("batch", progress.epoch - 1 + progress.batch / progress.batches, progress.loss)
        self._show_progress()

    def show_epoch(self, progress):
        """Shows the end of an epoch: its point on each curve."""
        self._progress = self._last_epoch = progress
        self._phase = progress.phase if self._phase != "cancelling" else self._phase
        self._curve_accuracy[progress.epoch] = progress.val_accuracy
        for plot, train, val in ((self.loss_plot, progress.loss, progress.val_loss),
                                 (self.accuracy_plot, progress.accuracy, progress.val_accuracy)):
            plot.add_point("train", progress.epoch, train)
            plot.add_point("val", progress.epoch, val)
        self._show_progress()

    def show_phase(self, info):
        """Shows that a fine-tuning phase starts (a `training.progress.PhaseInfo`)."""
        self._stage = info
        self.stage_label.setText(localize(info.message))
        self.stage_label.show()

    def stage(self):
        """The `PhaseInfo` of the phase shown, or None."""
        return self._stage

    def add_message(self, text):
        """Shows a note of the trainer (the last three are kept).

        A cross-validation's next fold (or its final run) clears the curves: each run starts at epoch 1.
        """
        if getattr(text, "key", None) in _STAGE_KEYS:
            self._fold_stage = text
            self._last_epoch = None
            self._curve_accuracy = {}
            self.loss_plot.clear()
            self.accuracy_plot.clear()
            self._show_progress()
        self._messages.append(text)
        self._show_notes()

    def add_warning(self, text):
        """Shows a warning of the trainer: a class with too few images beside the results, any other as a note."""
        from training import stats  # Plain Python: no TensorFlow.

        if not stats.is_small_class_warning(text):
            self.add_message("⚠ " + localize(text))
            return
        counts, _where = self._small_classes
        counts[text.values["name"]] = text.values["count"]
        self._small_classes = (counts, text.key.rsplit(".", 1)[-1])
        if self._result is None and not self._error:
            self._show_small_classes(*self._small_classes)

    def _show_notes(self):
        lines = [localize(message) for message in self._messages[-3:]]
        width = self.notes_label.width()
        if self.notes_label.isVisible() and width > 50:
            metrics = self.notes_label.fontMetrics()
            shown_lines = [metrics.elidedText(line, QtCore.Qt.ElideRight, width) for line in lines]
        else:
            shown_lines = lines
        set_plain_text(self.notes_label, "\n".join(shown_lines))
        self.notes_label.setToolTip(plain_tooltip("\n".join(lines)) if shown_lines != lines else "")

    def show_result(self, result):
        """Shows a finished or cancelled run's `TrainResult`."""
        self._running = False
        self._result = result
        self._phase = "cancelled" if result.cancelled else "finished"
        self._show_progress()
        self._show_result()

    def show_folds(self, result):
        """Shows a finished or cancelled cross-validation's `training.folds.FoldsResult`."""
        self._running = False
        self._result = self._folds = result
        self._phase = "cancelled" if result.cancelled else "finished"
        self._show_progress()
        self._show_result()

    def show_failure(self, message):
        """Shows why the run failed."""
        self._running = False
        self._error = message
        self._phase = "failed"
        self._show_progress()
        self._show_result()

    def progress(self):
        """The last report received, or None."""
        return self._progress

    def phase_text(self):
        """The phase line as shown."""
        return self.phase_label.text()

    # Drawing.

    def _phase_text(self):
        text = self._run_phase_text()
        stage = self._fold_stage
        if stage is None or not self._running:
            return text
        if stage.key == "folds.final":
            return self.tr("Model to keep, on every image: {phase}").format(phase=text)
        return self.tr("Fold {fold} of {folds}: {phase}").format(
            fold=stage.values["fold"], folds=stage.values["folds"], phase=text)

    def _run_phase_text(self):
        progress = self._progress
        fixed = {
            "": self.tr("Not started"),
            "started": self.tr("Starting…"),
            "cancelling": self.tr("Stopping after this batch…"),
            "finished": self.tr("Finished"),
            "cancelled": self.tr("Cancelled"),
            "failed": self.tr("Training failed"),
            "scanning": self.tr("Checking the images…"),
            "preparing": self.tr("Preparing…"),
            "finishing": self.tr("Evaluating the best model…"),
        }
        if self._phase == "downloading":
            return localize(progress.message) if progress.message else self.tr("Downloading the weights…")
        if self._phase in fixed:
            return fixed[self._phase]
        if self._phase == "training":
            return self.tr("Training epoch {epoch} of {epochs}").format(epoch=progress.epoch, epochs=progress.epochs)
        if self._phase == "validating":
            return self.tr("Validating epoch {epoch}").format(epoch=progress.epoch)
        return self._phase

    def _show_progress(self):
        self.phase_label.setText(self._phase_text())
        progress = self._progress
        if progress is None:
            self._show_batch_label("")
            for bar in (self.epoch_bar, self.batch_bar):
                bar.setRange(0, 1)
                bar.setValue(0)
                bar.setFormat("")
            self.stats_label.setText("")
            self.eta_label.setText("")
            return
        self._show_batch_label(progress.phase)
        if progress.phase == "downloading":
            self._show_download(progress)
            return
        # Scanning and finishing reports carry no epoch: the bars keep the last epoch's. So does an ended
        # run: a cancelled one stopped inside an epoch that it did not finish.
        in_epoch = progress.epochs and progress.phase in ("training", "validating") and self._running
        bars = progress if in_epoch else (self._last_epoch or progress)
        done = bars.epoch if bars is self._last_epoch else bars.epoch - 1
        self.epoch_bar.setRange(0, max(1, bars.epochs))
        self.epoch_bar.setValue(max(0, done))
        self.epoch_bar.setFormat(self.tr("{epoch} of {epochs}").format(epoch=bars.epoch, epochs=bars.epochs))
        self.batch_bar.setRange(0, max(1, bars.batches))
        self.batch_bar.setValue(progress.batch if bars is progress else bars.batches)
        self.batch_bar.setFormat(self.tr("{batch} of {batches}").format(
            batch=self.batch_bar.value(), batches=bars.batches))
        self.stats_label.setText(self._stats_text(bars))
        self._show_epochs_finished()
        if self._running:
            self.eta_label.setText(self.tr("Elapsed {elapsed}, about {eta} left").format(
                elapsed=_format_seconds(progress.elapsed_seconds), eta=_format_seconds(progress.eta_seconds)))
        else:
            self.eta_label.setText(self.tr("Took {elapsed}").format(elapsed=_format_seconds(progress.elapsed_seconds)))

    def _show_batch_label(self, phase):
        """The second bar counts batches, but images while they are checked and megabytes of a download."""
        texts = {"scanning": self.tr("Images"), "downloading": self.tr("Download")}
        self.batch_label.setText(texts.get(phase, self.tr("Batch")))

    def _show_epochs_finished(self):
        """An ended run's epoch bar: the epochs it finished of those asked for, not the one it stopped in."""
        report = getattr(self._result, "report", None) or {}
        if self._running or self._folds is not None or report.get("epochs_run") is None:
            return
        epochs = report.get("epochs") or self.epoch_bar.maximum()
        self.epoch_bar.setRange(0, max(1, epochs))
        self.epoch_bar.setValue(report["epochs_run"])
        self.epoch_bar.setFormat(self.tr("{epoch} of {epochs}").format(epoch=report["epochs_run"], epochs=epochs))

    def _show_download(self, progress):
        """The download's bytes on the batch bar (a busy bar when the server gave no size)."""
        total = max(0, progress.batches)
        self.batch_bar.setRange(0, total // 1024)
        self.batch_bar.setValue(progress.batch // 1024 if total else 0)
        self.batch_bar.setFormat(self.tr("{done} of {total} MB").format(
            done=f"{progress.batch / 1e6:.1f}", total=f"{total / 1e6:.1f}") if total else "")
        self.stats_label.setText("")
        self.eta_label.setText("")

    def _stats_text(self, progress):
        parts = []
        if progress.loss is not None:
            parts.append(self.tr("loss {value}").format(value=f"{progress.loss:.4f}"))
        if progress.accuracy is not None:
            parts.append(self.tr("accuracy {value}").format(value=format_percent(progress.accuracy)))
        if progress.val_loss is not None:
            parts.append(self.tr("validation loss {value}").format(value=f"{progress.val_loss:.4f}"))
        if progress.val_accuracy is not None:
            parts.append(self.tr("validation accuracy {value}").format(value=format_percent(progress.val_accuracy)))
        return "   ".join(parts)

    def _show_result(self):
        result = self._result
        self.use_button.setEnabled(bool(result is not None and result.model_path))
        self.details.setCurrentIndex(0 if self._folds is None else 1)
        self._show_small_classes(*self._small_classes)  # Those told so far; a result shows its own.
        if self._error:
            self._set_result_text(self.result_label, localize(self._error), ERROR_COLOR)
            return
        if self._folds is not None:
            self._show_folds()
            return
        if result is None:
            self._set_result_text(self.result_label, self.tr("Training…") if self._running
                             else self.tr("Results appear here when training ends."), None)
            return
        if not result.model_path:
            self._set_result_text(self.result_label, self.tr("No epoch finished, so there is no model to use."),
                             WARNING_COLOR)
            return
        report = result.report or {}
        kept = self._kept_epoch_text(report, result.cancelled)
        # The path on a line of its own: after "saved as" it broke after its first "/".
        saved = self.tr("Model saved as {path}").format(path=shown(result.model_path))
        if report.get("attributes"):
            text = kept + "\n" + saved
            text += "".join("\n" + self._attribute_line(attribute) for attribute in report["attributes"])
        else:
            text = self.tr("{kept}; validation accuracy {accuracy}.").format(
                kept=kept, accuracy=self._accuracy_text(report)) + "\n" + saved
        relit = self._relit_text(report.get("val_relit_accuracy") or {})
        if relit:
            text += "\n" + relit
        calibrated = self._relit_text(report.get("val_relit_calibrated_accuracy") or {}, calibrated=True)
        if calibrated:
            text += "\n" + calibrated
        recomputed = self._recompute_note(report)
        if recomputed:
            text += "\n" + recomputed
        if result.cancelled:
            text = self.tr("Cancelled; the best model so far was kept.") + " " + text
        self._set_result_text(self.result_label, text, None)
        self._show_small_classes(report.get("val_small_classes") or {}, "validation")
        self._set_attributes(report.get("attributes") or [])
        if report.get("attributes"):
            self._show_attribute()
            return
        classes = report.get("classes") or []
        if report.get("val_confusion_matrix"):
            self.confusion.set_matrix(classes, report["val_confusion_matrix"])
            self._fit_matrix()
        self.per_class.set_classes(classes, report.get("val_per_class") or {})

    def _fit_matrix(self):
        """Gives the confusion matrix the width of all its columns, up to `MATRIX_MAX_SHARE` of the row; the
        per-class table beside it scrolls if it must. Before, the matrix had 2/5 of the row and showed 1½ of
        4 columns while the per-class table had room to spare."""
        matrix = self.confusion
        header = matrix.horizontalHeader()
        columns = sum(max(matrix.sizeHintForColumn(column), header.sectionSizeHint(column))
                      for column in range(matrix.columnCount()))
        needed = (columns + matrix.verticalHeader().sizeHint().width() + 2 * matrix.frameWidth()
                  + matrix.verticalScrollBar().sizeHint().width())  # Room for a scroll bar of many rows.
        total = sum(self.tables.sizes()) or self.tables.width()
        width = min(needed, int(MATRIX_MAX_SHARE * total))
        self.tables.setSizes([width, total - width])

    def _kept_epoch_text(self, report, cancelled):
        """Which epoch was kept, and after how many of those asked for the run stopped (as the epoch bar says)."""
        best, run, epochs = report.get("best_epoch"), report.get("epochs_run"), report.get("epochs")
        if epochs and run is not None and run < epochs:
            if cancelled:
                return self.tr("Kept epoch {best} (stopped after {run} of {epochs} epochs)").format(
                    best=best, run=run, epochs=epochs)
            return self.tr("Kept epoch {best} (stopped early after {run} of {epochs} epochs)").format(
                best=best, run=run, epochs=epochs)
        return self.tr("Kept epoch {best} of {run}").format(best=best, run=run)

    def _recompute_note(self, report):
        """Why the kept model's validation accuracy is not the curve's: its batch-norm statistics were recomputed
        at the end (`training.averaging.recompute_batch_norm`). Said when they differ by 5 points or more."""
        curve = self._curve_accuracy.get(report.get("best_epoch"))
        kept = report.get("val_accuracy")
        if not report.get("batch_norm_recomputed") or curve is None or kept is None or abs(kept - curve) < 0.05:
            return ""
        return self.tr("The curve read {curve} at that epoch: the kept model's batch-norm statistics were "
                       "recomputed for its averaged weights at the end, and the figures above are the kept "
                       "model's.").format(curve=format_percent(curve))

    def _attribute_line(self, attribute):
        """One attribute's validation figures over its labelled photos: accuracy, macro F1, mean ROC-AUC."""
        def number(key, percent=False):
            value = attribute.get(key)
            if isinstance(value, dict):  # ROC-AUC per class (None where a class has no photo): their mean.
                known = [each for each in value.values() if each is not None]
                value = sum(known) / len(known) if known else None
            if value is None:
                return "—"
            return format_percent(value) if percent else f"{value:.3f}"

        return self.tr("{attribute}: accuracy {accuracy}, macro F1 {f1}, ROC-AUC {auc} on {images} photos "
                       "({blank} blank)").format(
            attribute=shown(attribute.get("name", "")), accuracy=number("val_accuracy", True),
            f1=number("val_macro_f1"), auc=number("val_roc_auc"), images=format_count(attribute.get("val_images") or 0),
            blank=format_count(attribute.get("val_blank") or 0))

    def _set_attributes(self, attributes):
        """Fills the attribute picker with a table run's attributes (hidden for a folder run)."""
        names = [attribute.get("name", "") for attribute in attributes]
        if names != [self.attribute_picker.itemData(i) for i in range(self.attribute_picker.count())]:
            self.attribute_picker.blockSignals(True)
            self.attribute_picker.clear()
            for name in names:
                self.attribute_picker.addItem(shown(name), name)
            self.attribute_picker.blockSignals(False)
        self._attributes = list(attributes)
        self.attribute_box.setVisible(bool(attributes))

    def show_attribute(self, index):
        """Shows the confusion matrix and per-class table of attribute `index` of a table run."""
        self.attribute_picker.setCurrentIndex(index)

    def _show_attribute(self):
        if self._folds is not None:  # A cross-validation on a labels table: that attribute's folds.
            self._show_folds_figures()
            return
        index = self.attribute_picker.currentIndex()
        if not 0 <= index < len(self._attributes):
            return
        attribute = self._attributes[index]
        classes = attribute.get("classes") or []
        self.confusion.set_matrix(classes, attribute.get("val_confusion_matrix") or [])
        self._fit_matrix()
        self.per_class.set_classes(classes, attribute.get("val_per_class") or {})

    def _relit_text(self, relit, calibrated=False):
        """The validation accuracy under other light (`evaluate --relight`'s lights), or ""; `calibrated`:
        each light's photos calibrated from themselves (`evaluate --relight --calibrate`)."""
        names = {"warm": self.tr("warm light {accuracy}"), "cool": self.tr("cool light {accuracy}"),
                 "dim": self.tr("30 % darker {accuracy}")}
        parts = [names[light].format(accuracy=format_percent(value)) for light, value in relit.items()
                 if light in names and value is not None]
        if not parts:
            return ""
        if calibrated:
            return self.tr("Re-lit, then the light calibrated: {lights}").format(lights=self.tr(", ").join(parts))
        return self.tr("Validation photos re-lit: {lights}").format(lights=self.tr(", ").join(parts))

    def _accuracy_text(self, report):
        """The validation accuracy with its count and 95 % interval ("—" without validation)."""
        accuracy, correct, images = report.get("val_accuracy"), report.get("val_correct"), report.get("val_images")
        if accuracy is None:
            return "—"
        if correct is None or not images:  # A report from before counts were kept.
            return format_percent(accuracy)
        return proportion_text(correct, images)

    def _show_small_classes(self, counts, where):
        """Warns, in one line, of every class with too few images; the tooltip has each class's warning
        (`training.stats.small_class_warnings`)."""
        from training import stats  # Plain Python: no TensorFlow.

        small = {name: count for name, count in counts.items() if count < stats.SMALL_CLASS_PHOTOS}
        if not small:
            self._set_result_text(self.warning_label, "", None)
            self.warning_label.setToolTip("")
            return
        fewest = min(small.values())  # The widest interval: a recall near 50 % on the fewest images.
        low, high = stats.wilson_interval(fewest // 2, fewest) if fewest else (0.0, 1.0)
        listed = ", ".join(f"{shown(name)} ({count})" for name, count in small.items())
        if len(small) > SMALL_CLASSES_LISTED:  # A labels table's every class: the tooltip lists them.
            listed = self.tr("{count} classes (see the tooltip)").format(count=len(small))
        template = (self.tr("⚠ Fewer than {minimum} images validated over the folds: {classes}. Each figure of "
                            "these classes is uncertain by up to ±{points} points; add images for figures you can "
                            "trust.") if where == "validated" else
                    self.tr("⚠ Fewer than {minimum} validation images: {classes}. Each figure of these classes is "
                            "uncertain by up to ±{points} points; add images for figures you can trust."))
        self._set_result_text(self.warning_label, template.format(
            minimum=stats.SMALL_CLASS_PHOTOS, classes=listed, points=f"{50 * (high - low):.0f}"), WARNING_COLOR)
        self.warning_label.setToolTip(plain_tooltip("\n".join(
            localize(text) for text in stats.small_class_warnings(small, where))))

    def _set_result_text(self, label, text, color):
        set_colored_text(label, text, color)
        label.fit_height()

    def resizeEvent(self, event):  # noqa: N802  Qt's name.
        super().resizeEvent(event)
        self._show_notes()

    def _show_folds(self):
        """A cross-validation: the spread over folds, the pooled figure, where the kept model is; for a labels
        table each attribute's, the table and matrix of the one picked."""
        result = self._folds
        summary = result.summary or {}
        if not result.folds:
            self._set_result_text(self.result_label, self.tr("Stopped before a fold finished; there is no model."),
                             WARNING_COLOR)
            return
        attributes = summary.get("attributes")
        if attributes:
            self._set_attributes([{"name": name, "classes": figures["classes"]}
                                  for name, figures in attributes.items()])
            lines = [self.tr("{attribute}: {figures}").format(
                attribute=shown(name), figures=self._folds_line(figures, len(result.folds), summary.get("folds")))
                for name, figures in attributes.items()]
            counts = {f"{name}: {value}": figures["pooled_per_class"][value]["n"]
                      for name, figures in attributes.items() for value in figures["classes"]}
        else:
            lines = [self._folds_line(summary, len(result.folds), summary.get("folds"))]
            counts = {name: figures["n"] for name, figures in summary["pooled_per_class"].items()}
        if result.model_path and not result.cancelled:
            lines.append(self.tr("The model kept, trained on every image (expect about the folds' mean on new "
                                 "images), is saved as {path}").format(path=shown(result.model_path)))
        elif result.model_path:
            lines.append(self.tr("Cancelled while training on every image; its last finished epoch was kept as "
                                 "{path}").format(path=shown(result.model_path)))
        else:
            lines.append(self.tr("Cancelled before the model to keep was trained; the finished folds are in "
                                 "{folder}").format(folder=shown(result.run_dir)))
        self._set_result_text(self.result_label, "\n".join(lines), WARNING_COLOR if result.cancelled else None)
        self._show_small_classes(counts, "validated")
        self._show_folds_figures()

    def _folds_line(self, summary, done, folds):
        """One classifier's folds in a sentence: the mean accuracy, its spread and the pooled figure."""
        accuracy, pooled = summary["accuracy"], summary["pooled"]
        return self.tr(
            "Cross-validation, {done} of {folds} folds: accuracy {mean} on average (standard deviation {std} "
            "points, {low}–{high}); all images together: {pooled}.").format(
            done=done, folds=folds, mean=format_percent(accuracy["mean"]),
            std=QtCore.QLocale().toString(100.0 * accuracy["std"], "f", 1), low=format_percent(accuracy["min"]),
            high=format_percent(accuracy["max"]), pooled=proportion_text(pooled["successes"], pooled["n"]))

    def _show_folds_figures(self):
        """The per-fold table and the summed confusion matrix: the folder's, or the picked attribute's."""
        summary = self._folds.summary or {}
        attributes = summary.get("attributes")
        if attributes:
            index = max(0, self.attribute_picker.currentIndex())
            summary = list(attributes.values())[min(index, len(attributes) - 1)]
        if summary.get("confusion_matrix"):
            self.confusion.set_matrix(summary["classes"], summary["confusion_matrix"])
            self._fit_matrix()
        self.folds_table.show_summary(summary)


# The messages of a cross-validation that start its next run.
_STAGE_KEYS = ("folds.fold", "folds.final")


def _format_seconds(seconds):
    from training.progress import format_seconds  # Plain Python: no TensorFlow.

    return format_seconds(seconds)
