"""A training run as it goes and when it ends: bars, ETA, live curves, confusion matrix, per-class results.

A pretrained backbone's run also shows its weights' download (bytes on the batch bar) and which
fine-tuning phase it is in (head, then fine-tune: `training.finetune`).
"""

from PyQt5 import QtCore, QtWidgets

from gui.core_text import localize
from gui.plaintext import plain_label, set_plain_text, shown
from gui.widgets.common import (
    ERROR_COLOR, WARNING_COLOR, Retranslatable, format_count, format_percent, readonly_table, set_colored_text)
from gui.widgets.confusion_matrix import ConfusionMatrixView
from gui.widgets.curve_plot import CurvePlot


class TrainingProgressView(Retranslatable, QtWidgets.QWidget):
    """Shows the `training.progress.TrainProgress` reports of one run, then its `TrainResult`.

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
        self._phase = ""  # "", "started", "cancelling", "finished", "cancelled", "failed" or a progress phase
        self._messages = []
        self._result = None
        self._error = ""
        self._stage = None  # The `training.progress.PhaseInfo` of the phase being trained, or None.
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
        self.notes_label.setWordWrap(True)
        self.notes_label.setTextInteractionFlags(QtCore.Qt.TextSelectableByMouse)
        self.loss_plot = CurvePlot()
        self.accuracy_plot = CurvePlot(fixed_range=(0.0, 1.0))
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
        self.result_label = plain_label()
        self.result_label.setWordWrap(True)
        self.result_label.setTextInteractionFlags(QtCore.Qt.TextSelectableByMouse)
        self.use_button = QtWidgets.QPushButton()
        self.use_button.setEnabled(False)
        self.confusion_title = plain_label()
        self.confusion = ConfusionMatrixView()
        self.per_class_title = plain_label()
        self.per_class = QtWidgets.QTableWidget(0, 4)
        readonly_table(self.per_class)
        self.per_class.horizontalHeader().setSectionResizeMode(QtWidgets.QHeaderView.ResizeToContents)
        tables = QtWidgets.QSplitter(QtCore.Qt.Horizontal)
        tables.setChildrenCollapsible(False)
        for title, table in ((self.confusion_title, self.confusion), (self.per_class_title, self.per_class)):
            box = QtWidgets.QWidget()
            box_layout = QtWidgets.QVBoxLayout(box)
            box_layout.setContentsMargins(0, 0, 0, 0)
            box_layout.addWidget(title)
            box_layout.addWidget(table, 1)
            tables.addWidget(box)
        tables.setStretchFactor(0, 1)
        tables.setStretchFactor(1, 1)
        result_row = QtWidgets.QHBoxLayout()
        result_row.addWidget(self.result_label, 1)
        result_row.addWidget(self.use_button, 0, QtCore.Qt.AlignTop)
        results_layout = QtWidgets.QVBoxLayout(self.results_group)
        results_layout.addLayout(result_row)
        results_layout.addWidget(tables, 1)

        layout = QtWidgets.QVBoxLayout(self)
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
        self.batch_label.setText(self.tr("Batch"))
        self.loss_plot.set_title(self.tr("Loss"), self.tr("epoch"))
        self.accuracy_plot.set_title(self.tr("Accuracy"), self.tr("epoch"))
        for plot in (self.loss_plot, self.accuracy_plot):
            plot.set_series_label("train", self.tr("train"))
            plot.set_series_label("val", self.tr("validation"))
        self.loss_plot.set_series_label("batch", self.tr("running"))
        self.results_group.setTitle(self.tr("Results on the validation images"))
        self.confusion_title.setText(self.tr("Confusion matrix (rows: true class)"))
        self.per_class_title.setText(self.tr("Per class"))
        self.per_class.setHorizontalHeaderLabels([
            self.tr("Precision"), self.tr("Recall"), self.tr("F1"), self.tr("Images")])
        self.use_button.setText(self.tr("Use This Model"))
        self._show_progress()
        self._show_result()

    # What the dialog tells it.

    def start(self):
        """Clears everything for a new run."""
        self._running = True
        self._started = True
        self._progress = self._last_epoch = self._result = None
        self._error = ""
        self._phase = "started"
        self._messages = []
        self._stage = None
        self.stage_label.hide()
        self.notes_label.setText("")
        self.loss_plot.clear()
        self.accuracy_plot.clear()
        self.confusion.set_matrix([], [])
        self.per_class.setRowCount(0)
        self._show_progress()
        self._show_result()

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
        """Shows a note of the trainer (the last three are kept)."""
        self._messages.append(text)
        set_plain_text(self.notes_label, "\n".join(localize(message) for message in self._messages[-3:]))

    def show_result(self, result):
        """Shows a finished or cancelled run's `TrainResult`."""
        self._running = False
        self._result = result
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
            for bar in (self.epoch_bar, self.batch_bar):
                bar.setRange(0, 1)
                bar.setValue(0)
                bar.setFormat("")
            self.stats_label.setText("")
            self.eta_label.setText("")
            return
        if progress.phase == "downloading":
            self._show_download(progress)
            return
        # Scanning and finishing reports carry no epoch: the bars keep the last epoch's.
        in_epoch = progress.epochs and progress.phase in ("training", "validating")
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
        if self._running:
            self.eta_label.setText(self.tr("Elapsed {elapsed}, about {eta} left").format(
                elapsed=_format_seconds(progress.elapsed_seconds), eta=_format_seconds(progress.eta_seconds)))
        else:
            self.eta_label.setText(self.tr("Took {elapsed}").format(elapsed=_format_seconds(progress.elapsed_seconds)))

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
        if self._error:
            set_colored_text(self.result_label, localize(self._error), ERROR_COLOR)
            return
        if result is None:
            set_colored_text(self.result_label, self.tr("Training…") if self._running
                             else self.tr("Results appear here when training ends."), None)
            return
        if not result.model_path:
            set_colored_text(self.result_label, self.tr("No epoch finished, so there is no model to use."),
                             WARNING_COLOR)
            return
        report = result.report or {}
        accuracy = report.get("val_accuracy")
        text = self.tr("Best epoch {best} of {run}; validation accuracy {accuracy}. Model saved as {path}").format(
            best=report.get("best_epoch"), run=report.get("epochs_run"),
            accuracy=format_percent(accuracy) if accuracy is not None else "—", path=shown(result.model_path))
        if result.cancelled:
            text = self.tr("Cancelled; the best model so far was kept.") + " " + text
        set_colored_text(self.result_label, text, None)
        classes = report.get("classes") or []
        if report.get("val_confusion_matrix"):
            self.confusion.set_matrix(classes, report["val_confusion_matrix"])
        self._fill_per_class(classes, report.get("val_per_class") or {})

    def _fill_per_class(self, classes, per_class):
        self.per_class.setRowCount(len(classes))
        self.per_class.setVerticalHeaderLabels([shown(name) for name in classes])
        for row, name in enumerate(classes):
            values = per_class.get(name, {})
            cells = (format_percent(values.get("precision", 0.0)), format_percent(values.get("recall", 0.0)),
                     f"{values.get('f1', 0.0):.3f}", format_count(values.get("support", 0)))
            for column, value in enumerate(cells):
                item = QtWidgets.QTableWidgetItem(value)
                item.setTextAlignment(QtCore.Qt.AlignRight | QtCore.Qt.AlignVCenter)
                self.per_class.setItem(row, column, item)


def _format_seconds(seconds):
    from training.progress import format_seconds  # Plain Python: no TensorFlow.

    return format_seconds(seconds)
