"""Results of classifying a folder: a sortable table with thumbnails, progress, cancel and CSV export.

A model with one head per attribute gets a column group per attribute (its reading and its
probability) instead of the class, probability and second-choice columns.
"""

from pathlib import Path

from PyQt5 import QtCore, QtGui, QtWidgets

from core import lighting
from core.calibration import MIN_PHOTOS
from core.imagefiles import has_images
from core.messages import Message
from gui import config
from gui.core_text import localize
from gui.plaintext import MAX_TEXT_CHARS, plain_label, plain_tooltip, shown
from gui.qtimage import array_to_pixmap
from gui.widgets.common import WARNING_COLOR, Retranslatable, format_percent

# Sorting by probability must compare numbers, not their text.
_SORT_ROLE = QtCore.Qt.UserRole + 1
_PATH_ROLE = QtCore.Qt.UserRole + 2


class _SortableItem(QtWidgets.QTableWidgetItem):
    def __lt__(self, other):
        mine, theirs = self.data(_SORT_ROLE), other.data(_SORT_ROLE)
        if mine is not None and theirs is not None:
            return mine < theirs
        return super().__lt__(other)


class BatchTable(Retranslatable, QtWidgets.QWidget):
    """The batch view.

    Signals:
        file_activated(str): a row was double-clicked or chosen with Enter (show that image).
        cancel_requested(): the user pressed Cancel while a batch runs.
        export_requested(): the user pressed "Export CSV".
        calibrate_requested(str): the user asked to calibrate the light from the classified folder's photos.
        evaluate_requested(str): the user asked to evaluate the model on the classified folder, whose
            sub-folders are named like the model's classes (`offer_evaluation`).
    """

    file_activated = QtCore.pyqtSignal(str)
    cancel_requested = QtCore.pyqtSignal()
    export_requested = QtCore.pyqtSignal()
    calibrate_requested = QtCore.pyqtSignal(str)
    evaluate_requested = QtCore.pyqtSignal(str)

    COLUMN_FILE, COLUMN_CLASS, COLUMN_PROBABILITY, COLUMN_SECOND, COLUMN_ERROR = range(5)

    def __init__(self, parent=None):
        super().__init__(parent)
        self._attributes = None  # The attribute names of the shown result's model, or None.
        self._result = None
        self._running = False
        self._progress = (0, 0)
        self._folder = None  # The folder classified, when the batch is one folder's photos.
        self._class_folders = []  # Its sub-folders named like the model's classes (`offer_evaluation`).
        self.summary = plain_label()
        self.summary.setObjectName("secondaryText")
        self.summary.setWordWrap(True)
        self.summary.setMinimumWidth(120)
        self.progress = QtWidgets.QProgressBar()
        self.progress.setTextVisible(True)
        self.cancel_button = QtWidgets.QPushButton()
        self.export_button = QtWidgets.QPushButton()
        self.calibrate_link = QtWidgets.QPushButton()  # Under the summary, when photos had unusual light.
        self.calibrate_link.setObjectName("calibrateLink")
        self.calibrate_link.setFlat(True)
        self.calibrate_link.setCursor(QtCore.Qt.PointingHandCursor)
        self.calibrate_link.hide()
        self.evaluate_link = QtWidgets.QPushButton()  # Under the summary, when the folder is laid out by class.
        self.evaluate_link.setObjectName("evaluateLink")
        self.evaluate_link.setFlat(True)
        self.evaluate_link.setCursor(QtCore.Qt.PointingHandCursor)
        self.evaluate_link.hide()
        self.table = QtWidgets.QTableWidget(0, 5)
        self.table.setSelectionBehavior(QtWidgets.QAbstractItemView.SelectRows)
        self.table.setEditTriggers(QtWidgets.QAbstractItemView.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setShowGrid(False)
        self.table.setWordWrap(False)
        self.table.setIconSize(QtCore.QSize(config.THUMBNAIL_SIZE, config.THUMBNAIL_SIZE))
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(config.THUMBNAIL_SIZE + 6)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QtWidgets.QHeaderView.Interactive)
        header.setStretchLastSection(True)  # The error column takes what is left.
        # Narrow enough that the notes column ("Unusual light") is readable in a window 1,400 pixels wide.
        for column, width in ((self.COLUMN_FILE, 200), (self.COLUMN_CLASS, 140), (self.COLUMN_PROBABILITY, 90),
                              (self.COLUMN_SECOND, 150)):
            header.resizeSection(column, width)
        self.table.setTextElideMode(QtCore.Qt.ElideMiddle)
        self.table.setSortingEnabled(True)

        bar = QtWidgets.QHBoxLayout()
        bar.addWidget(self.summary, 1)
        bar.addWidget(self.progress)
        bar.addWidget(self.cancel_button)
        bar.addWidget(self.export_button)
        layout = QtWidgets.QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addLayout(bar)
        layout.addWidget(self.calibrate_link, 0, QtCore.Qt.AlignLeft)
        layout.addWidget(self.evaluate_link, 0, QtCore.Qt.AlignLeft)
        layout.addWidget(self.table, 1)

        self.cancel_button.clicked.connect(self.cancel_requested)
        self.export_button.clicked.connect(self.export_requested)
        self.calibrate_link.clicked.connect(lambda: self.calibrate_requested.emit(self._folder or ""))
        self.evaluate_link.clicked.connect(lambda: self.evaluate_requested.emit(self._folder or ""))
        self.table.itemActivated.connect(self._on_activated)
        self.table.itemDoubleClicked.connect(self._on_activated)
        self._update_controls()
        self.retranslate()

    def retranslate(self):
        self.cancel_button.setText(self.tr("Cancel"))
        self.export_button.setText(self.tr("Export CSV…"))
        if self._attributes:  # Each reading, then its probability under a short "%" (named in its tooltip).
            groups = [[shown(name), "%"] for name in self._attributes]
            self.table.setHorizontalHeaderLabels(
                [self.tr("File")] + [text for group in groups for text in group] + [self.tr("Error or note")])
            for name in self._attributes:
                self.table.horizontalHeaderItem(self.attribute_column(name) + 1).setToolTip(
                    plain_tooltip(self.tr("{attribute} probability").format(attribute=shown(name))))
        else:
            self.table.setHorizontalHeaderLabels([
                self.tr("File"), self.tr("Predicted class"), self.tr("Probability"), self.tr("Second"),
                self.tr("Error or note")])
        self._update_summary()
        self._update_calibrate_link()
        self._update_evaluate_link()

    def attribute_column(self, attribute):
        """The column of an attribute's reading (its probability is the next one)."""
        return 1 + 2 * self._attributes.index(attribute)

    def _set_columns(self, attributes):
        """One column group per attribute for a multi-attribute model, else the class columns."""
        attributes = list(attributes) if attributes else None
        if attributes == self._attributes:
            return
        self._attributes = attributes
        count = 2 + 2 * len(attributes) if attributes else 5
        self.table.setColumnCount(count)
        self.COLUMN_ERROR = count - 1  # The error column is the last in both layouts.
        header = self.table.horizontalHeader()
        for column in range(1, count - 1):
            header.resizeSection(column, 64 if attributes and column % 2 == 0 else 130)
        self.retranslate()

    def start(self, total, folder=None):
        """Clears the table and shows a running batch of `total` files (all from `folder`, if given)."""
        self._folder = None if folder is None else str(folder)
        self._class_folders = []
        self._running = True
        self._result = None
        self._progress = (0, total)
        self.table.setRowCount(0)
        self.progress.setRange(0, max(1, total))
        self.progress.setValue(0)
        self._update_controls()
        self._update_summary()

    def set_progress(self, done, total):
        """Updates the progress bar."""
        self._progress = (done, total)
        self.progress.setRange(0, max(1, total))
        self.progress.setValue(done)
        self._update_summary()

    def show_result(self, result):
        """Fills the table from a `gui.messages.BatchResult`."""
        self._running = False
        self._result = result
        self.table.setSortingEnabled(False)
        self.table.setRowCount(0)
        self._set_columns(getattr(result, "attributes", None))
        self.table.setRowCount(len(result.rows))
        for row, item in enumerate(result.rows):
            self._fill_row(row, item)
        self.table.setSortingEnabled(True)
        self._update_controls()
        self._update_summary()

    def offer_evaluation(self, class_folders):
        """Offers to evaluate the model on the classified folder, whose sub-folders `class_folders` are named
        like the model's classes (none: no offer)."""
        self._class_folders = list(class_folders)
        self._update_controls()

    def stop(self):
        """Shows that no batch is running (after a failure)."""
        self._running = False
        self._update_controls()
        self._update_summary()

    def result(self):
        """The shown `BatchResult`, or None."""
        return self._result

    def classified_folder(self):
        """The folder whose photos the table shows (or is classifying), or None for files from several places."""
        return self._folder

    def is_running(self):
        """Whether a batch is running."""
        return self._running

    def row_count(self):
        """Number of rows in the table."""
        return self.table.rowCount()

    def cell_text(self, row, column):
        """The text of a cell, in the current sort order."""
        item = self.table.item(row, column)
        return item.text() if item else ""

    def _fill_row(self, row, item):
        # Cells are plain text; names and messages are bounded, tooltips kept from reading as HTML.
        name = _SortableItem(shown(Path(item.path).name))
        name.setData(_PATH_ROLE, item.path)
        name.setToolTip(plain_tooltip(item.path))
        if item.thumbnail is not None:
            name.setIcon(QtGui.QIcon(array_to_pixmap(item.thumbnail)))
        self.table.setItem(row, self.COLUMN_FILE, name)
        if self._attributes:
            readings = item.attributes or {}
            for attribute in self._attributes:
                top = readings.get(attribute, {}).get("top") or []
                self._set_reading(row, self.attribute_column(attribute), top[0] if top else None)
        else:
            self._fill_classes(row, item)
        message = shown(localize(item.error), MAX_TEXT_CHARS) if item.error else ""
        text = message.split(": ", 1)[-1]  # The path is in the first column.
        if not item.error:
            text, message = self._notes(item)
        error = _SortableItem(text)
        error.setToolTip(plain_tooltip(message))
        if message:
            error.setForeground(QtGui.QColor("#b3261e" if item.error else WARNING_COLOR))
        self.table.setItem(row, self.COLUMN_ERROR, error)

    def _notes(self, item):
        """(cell text, tooltip) of a classified file's notes: no tongue found, unusual lighting; ("", "") if none."""
        texts, tooltips = [], []
        if item.tongue is False:  # A model that crops found no tongue: it saw the whole photo.
            texts.append(self.tr("No tongue found, so the whole photo was classified"))
            tooltips.append(texts[-1])
        if _unusual_lighting(item):  # Short in the cell; the tooltip says how the light differs.
            texts.append(self.tr("Unusual light"))
            how = lighting.directions_message(item.lighting.get("directions") or ())
            detail = "" if how is None else "\n" + localize(Message("lighting.compared", how=how))
            sentence = localize(Message("lighting.unusual"))
            tooltips.append(sentence[:1].upper() + sentence[1:] + detail)
        return "; ".join(texts), "\n".join(tooltips)

    def _set_reading(self, row, column, best):
        """A class in `column` and its probability in the next one (empty cells for None)."""
        self.table.setItem(row, column, _SortableItem(shown(best["label"]) if best else ""))
        probability = _SortableItem(format_percent(best["probability"]) if best else "")
        probability.setData(_SORT_ROLE, best["probability"] if best else -1.0)
        probability.setTextAlignment(QtCore.Qt.AlignRight | QtCore.Qt.AlignVCenter)
        self.table.setItem(row, column + 1, probability)

    def _fill_classes(self, row, item):
        best = item.top[0] if item.top else None
        second = item.top[1] if len(item.top) > 1 else None
        self._set_reading(row, self.COLUMN_CLASS, best)
        second_text = f"{shown(second['label'])} ({format_percent(second['probability'])})" if second else ""
        self.table.setItem(row, self.COLUMN_SECOND, _SortableItem(second_text))

    def _on_activated(self, item):
        path = self.table.item(item.row(), self.COLUMN_FILE).data(_PATH_ROLE)
        if path:
            self.file_activated.emit(path)

    def _update_controls(self):
        self.progress.setVisible(self._running)
        self.cancel_button.setVisible(self._running)
        self.export_button.setEnabled(bool(self._result and self._result.rows) and not self._running)
        self._update_calibrate_link()
        self._update_evaluate_link()

    def _update_evaluate_link(self):
        """A folder laid out by class measures the model: its photos' folders say the true class."""
        if self._running or not self._result or self._folder is None or not self._class_folders:
            self.evaluate_link.hide()
            return
        self.evaluate_link.setText(self.tr("Evaluate the model on “{folder}”: its sub-folders are named like its "
                                           "classes ({classes})…").format(
            folder=shown(Path(self._folder).name or self._folder),
            classes=", ".join(shown(name) for name in self._class_folders)))
        self.evaluate_link.setToolTip(plain_tooltip(self.tr(
            "Accuracy with its 95 % interval, the confusion matrix and the per-class figures, each photo's class "
            "read from its sub-folder (Model > Evaluate on Labelled Photos)")))
        self.evaluate_link.show()

    def _update_calibrate_link(self):
        """Offers a calibration from the folder when some of its photos had unusual light and it can give one."""
        unusual = bool(self._result) and any(not row.error and _unusual_lighting(row) for row in self._result.rows)
        if self._running or not unusual or self._folder is None or not has_images(Path(self._folder), MIN_PHOTOS):
            self.calibrate_link.hide()
            return
        self.calibrate_link.setText(self.tr("Calibrate the light from the photos in “{folder}”…").format(
            folder=shown(Path(self._folder).name or self._folder)))
        self.calibrate_link.setToolTip(plain_tooltip(self.tr(
            "Estimate the lamp from the photos of this folder (a usual mix of patients, all under one lamp), "
            "correct every photo to the training photos' light, and classify the folder again")))
        self.calibrate_link.show()

    def _update_summary(self):
        if self._running:
            done, total = self._progress
            self.summary.setText(self.tr("Classifying {done} of {total} files…").format(done=done, total=total))
        elif self._result is not None:
            result = self._result
            errors = sum(1 for row in result.rows if row.error)
            text = self.tr("{count} files in {seconds} s, {errors} could not be read").format(
                count=len(result.rows), seconds=QtCore.QLocale().toString(result.seconds, "f", 1), errors=errors)
            unusual = sum(1 for row in result.rows if not row.error and _unusual_lighting(row))
            if unusual:
                text += "  ·  " + self.tr(
                    "{count} with lighting unlike the training photos': if they were taken under another lamp, "
                    "calibrate the light from them (Ctrl+L)").format(count=unusual)
            if result.cancelled:
                text += "  ·  " + self.tr("cancelled")
            self.summary.setText(text)
        else:
            self.summary.setText(self.tr("Open a folder (Ctrl+Shift+O) or drop one here to classify every image in it"))


def _unusual_lighting(row):
    """Whether a `BatchRow`'s photo has light far from the training photos'."""
    return bool(row.lighting and row.lighting.get("unusual"))

