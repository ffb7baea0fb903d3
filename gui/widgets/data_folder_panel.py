"""The Train dialog's data folder: the folder, its classes and counts, and every file left out and why.

With a labels table (one row per photo, one column per attribute, `main.py train --labels`)
the folder is the photos' folder, and the panel shows each attribute with its classes, their
counts and its blank cells.

Choosing a folder asks the bridge to scan it on the training thread (`ModelManager.scan_folder`):
every image is decoded and checked once and kept at the chosen input size, so that a run
started from this scan decodes nothing again. The size can change afterwards without a new
scan: the images smaller than it are listed again from the sizes the scan read.
"""

from pathlib import Path

from PyQt5 import QtCore, QtGui, QtWidgets

from gui.core_text import localize
from gui.plaintext import MAX_TEXT_CHARS, plain_label, plain_tooltip, shown
from gui.training_worker import SCAN
from gui.widgets.common import (
    ERROR_COLOR, WARNING_COLOR, Retranslatable, format_count, readonly_table, set_colored_text)

translate = QtCore.QCoreApplication.translate  # The texts belong to the Train dialog's translations.
# Rows of the class table kept in view: a usual folder's classes, without scrolling.
VISIBLE_CLASSES = 5
# The list of skipped files and warnings: two lines at least, scrolled for more.
SKIPPED_MIN_HEIGHT = 48


class DataFolderPanel(Retranslatable, QtWidgets.QGroupBox):
    """The data folder group of the Train dialog.

    Args:
        manager: the `ModelManager` that scans.
        input_shape: callable() -> (height, width, channels) the run will use.
        crop: callable() -> the run's crop ("tongue", a segmenter file, or None for whole photos):
            the scan keeps the images cut as the run will need them.
        parent: the parent widget.

    Signals:
        changed(): the scan began, ended or changed (the dialog updates its buttons).
    """

    changed = QtCore.pyqtSignal()

    def __init__(self, manager, input_shape, crop=lambda: None, parent=None):
        super().__init__(parent)
        self.manager = manager
        self._input_shape = input_shape
        self._crop = crop
        self._scan = None
        self._scan_error = ""
        self._refused_scan = None  # The DatasetError of a refused folder: its skipped files and warnings.
        self._scanned = ("", "", None)  # (folder, labels table, crop) of the scan asked for last.
        self._scan_request = None  # The bridge's number of the running scan; its end comes after its answer.
        self._build()
        manager.scan_progress.connect(self._on_scan_progress)
        manager.scan_finished.connect(self._on_scanned)
        manager.failed.connect(self._on_failed)
        manager.request_ended.connect(self._on_request_ended)
        self.retranslate()

    def _build(self):
        self.folder_edit = QtWidgets.QLineEdit()
        self.browse_button = QtWidgets.QPushButton()
        self.labels_label = plain_label()
        self.labels_edit = QtWidgets.QLineEdit()
        self.labels_edit.setClearButtonEnabled(True)
        self.labels_browse_button = QtWidgets.QPushButton()
        self.scan_label = plain_label()
        self.scan_label.setWordWrap(True)
        self.scan_bar = QtWidgets.QProgressBar()  # Shown while the images are checked.
        self.scan_bar.setTextVisible(False)
        self.scan_bar.setMaximumHeight(6)
        self.scan_bar.hide()
        self.class_table = QtWidgets.QTableWidget(0, 2)
        readonly_table(self.class_table)
        self.class_table.verticalHeader().setVisible(False)
        self.class_table.horizontalHeader().setSectionResizeMode(0, QtWidgets.QHeaderView.Stretch)
        self.class_table.horizontalHeader().setSectionResizeMode(1, QtWidgets.QHeaderView.ResizeToContents)
        # As tall as the panel allows (a labels table lists 20 rows and more), at least `VISIBLE_CLASSES`
        # rows (`_show_rows`): its own preferred height would make the Train dialog too tall for a laptop.
        self.class_table.setSizePolicy(QtWidgets.QSizePolicy.Preferred, QtWidgets.QSizePolicy.Ignored)
        self.skipped_label = plain_label()
        self.skipped_list = QtWidgets.QListWidget()
        self.skipped_list.setWordWrap(True)
        self.skipped_list.setMaximumHeight(90)
        self.skipped_list.setMinimumHeight(SKIPPED_MIN_HEIGHT)
        folder_row = QtWidgets.QHBoxLayout()
        folder_row.addWidget(self.folder_edit, 1)
        folder_row.addWidget(self.browse_button)
        labels_row = QtWidgets.QHBoxLayout()
        labels_row.addWidget(self.labels_label)
        labels_row.addWidget(self.labels_edit, 1)
        labels_row.addWidget(self.labels_browse_button)
        layout = QtWidgets.QVBoxLayout(self)
        layout.addLayout(folder_row)
        layout.addLayout(labels_row)
        layout.addWidget(self.scan_label)
        layout.addWidget(self.scan_bar)
        layout.addWidget(self.class_table, 3)
        layout.addWidget(self.skipped_label)
        layout.addWidget(self.skipped_list)
        self.browse_button.clicked.connect(self._choose_folder)
        self.folder_edit.editingFinished.connect(lambda: self.set_folder(self.folder_edit.text()))
        self.labels_browse_button.clicked.connect(self._choose_labels)
        self.labels_edit.editingFinished.connect(lambda: self.set_labels(self.labels_edit.text()))
        self.labels_edit.textChanged.connect(lambda text: not text and self.set_labels(""))  # The clear button.

    def retranslate(self):
        self.setTitle(translate("TrainDialog", "Data"))
        self.folder_edit.setPlaceholderText(translate(
            "TrainDialog", "Folder with one sub-folder per class, or the photos of a labels table"))
        self.browse_button.setText(translate("TrainDialog", "Browse…"))
        self.folder_edit.setToolTip(translate(
            "TrainDialog", "One sub-folder per class (its name is the class name), or the photos a labels table "
            "names; the folder is only read"))
        self.labels_label.setText(translate("TrainDialog", "Labels table:"))
        self.labels_edit.setPlaceholderText(translate(
            "TrainDialog", "Optional: .csv, .tsv or .xlsx, one row per photo, one column per attribute"))
        self.labels_edit.setToolTip(translate(
            "TrainDialog", "A table with one row per photo: a column names the photo in the folder (the column "
            "image, else the first) and every other column is an attribute; a blank cell, NA or - means not labelled. "
            "One model learns every attribute."))
        self.labels_browse_button.setText(translate("TrainDialog", "Browse…"))
        self.refresh()

    # The folder and its scan.

    def set_folder(self, folder):
        """Scans `folder` on the training thread; classes, counts and skipped files appear when done.

        The images are kept at the run's input size, so that a run started before the folder or
        the size changes does not decode them again.
        """
        folder = str(folder).strip()
        if self.folder_edit.text() != folder:
            self.folder_edit.setText(folder)
        self._rescan()

    def set_labels(self, path):
        """Uses the labels table `path` ("" for none: the folder's sub-folders are the classes) and scans again.

        A table chosen before its folder takes the table's own folder as the photos' folder.
        """
        path = str(path).strip()
        if self.labels_edit.text() != path:
            self.labels_edit.blockSignals(True)
            self.labels_edit.setText(path)
            self.labels_edit.blockSignals(False)
        if path and not self.folder():
            self.folder_edit.setText(str(Path(path).parent))
        self._rescan()

    def set_source(self, folder, labels):
        """Uses `folder` with the labels table `labels` ("" for none) and scans them once (a remembered setup)."""
        self.folder_edit.setText(str(folder).strip())
        self.set_labels(labels)

    def folder(self):
        """The folder typed or chosen."""
        return self.folder_edit.text().strip()

    def labels(self):
        """The labels table typed or chosen, or "" (the folder's sub-folders are the classes)."""
        return self.labels_edit.text().strip()

    def _rescan(self):
        folder, labels, crop = self.folder(), self.labels(), self._crop()
        if not folder or (folder, labels, crop) == self._scanned:
            return
        self._scanned = (folder, labels, crop)
        self._scan = None
        self._scan_error = ""
        self._refused_scan = None
        height, width, channels = self._input_shape()
        self.scan_bar.setRange(0, 0)
        self._scan_request = self.manager.scan_folder(folder, (height, width), channels, labels=labels or None,
                                                      crop=crop)
        self.refresh()
        self.changed.emit()

    def rescan(self):
        """Scans the chosen folder again (the run's crop changed, so its images must be cut otherwise)."""
        self._scanned = None
        self._rescan()

    def scan(self):
        """The `DatasetScan` of the chosen folder, or None."""
        return self._scan

    def is_scanning(self):
        """Whether the folder's scan is going on."""
        return self._scan_request is not None and self.manager.is_running()

    def refresh(self):
        """Shows the scan again: its classes, skipped files and warnings at the size chosen now."""
        scan = self._scan
        self.scan_bar.setVisible(self.is_scanning() and not self._scan_error)
        self.class_table.setRowCount(0)
        self.skipped_list.clear()
        problems = scan if scan is not None else self._refused_scan
        if not _is_table(scan):
            self._set_columns([translate("TrainDialog", "Class"), translate("TrainDialog", "Images")])
        if self._scan_error:
            set_colored_text(self.scan_label, self._scan_error, ERROR_COLOR)
        elif self.is_scanning():
            set_colored_text(self.scan_label, translate("TrainDialog", "Checking the images…"), None)
        elif scan is None:
            set_colored_text(self.scan_label, translate(
                "TrainDialog", "Choose a folder that holds one sub-folder of images per class."), None)
        elif _is_table(scan):
            self._show_attributes(scan)
        else:
            total = sum(scan.counts.values())
            set_colored_text(self.scan_label, translate("TrainDialog", "{classes} classes, {images} images").format(
                classes=len(scan.classes), images=format_count(total)), None)
            self.class_table.setRowCount(len(scan.classes))
            for row, name in enumerate(scan.classes):
                self.class_table.setItem(row, 0, QtWidgets.QTableWidgetItem(shown(name)))
                count = QtWidgets.QTableWidgetItem(format_count(scan.counts.get(name, 0)))
                count.setTextAlignment(QtCore.Qt.AlignRight | QtCore.Qt.AlignVCenter)
                self.class_table.setItem(row, 1, count)
        if problems is not None:
            for item in problems.skipped:
                text = f"{shown(Path(item['path']).name)}: {localize(item['reason'])}"
                entry = QtWidgets.QListWidgetItem(shown(text, MAX_TEXT_CHARS))
                entry.setToolTip(plain_tooltip(item["path"]))
                self.skipped_list.addItem(entry)
            for warning in self._warnings(problems):
                entry = QtWidgets.QListWidgetItem(shown(localize(warning), MAX_TEXT_CHARS))
                entry.setForeground(QtGui.QColor(WARNING_COLOR))
                self.skipped_list.addItem(entry)
        skipped = len(problems.skipped) if problems is not None else 0
        warnings = self.skipped_list.count() - skipped
        self.skipped_label.setText(translate("TrainDialog", "Skipped files: {skipped}   Warnings: {warnings}").format(
            skipped=skipped, warnings=warnings))
        # An empty list would only take the rows the class table needs.
        self.skipped_list.setVisible(self.skipped_list.count() > 0)
        _show_rows(self.class_table, VISIBLE_CLASSES)

    def _set_columns(self, headers):
        self.class_table.setColumnCount(len(headers))
        self.class_table.setHorizontalHeaderLabels(headers)
        header = self.class_table.horizontalHeader()
        for column in range(len(headers)):
            header.setSectionResizeMode(column, QtWidgets.QHeaderView.Stretch if column == len(headers) - 2
                                        else QtWidgets.QHeaderView.ResizeToContents)

    def _show_attributes(self, scan):
        """A labels table's attributes: each class with its photos, then the photos blank for it."""
        self._set_columns([translate("TrainDialog", "Attribute"), translate("TrainDialog", "Class"),
                           translate("TrainDialog", "Images")])
        set_colored_text(self.scan_label, translate(
            "TrainDialog", "{attributes} attributes, {images} photos (labels table read as {encoding})").format(
            attributes=len(scan.attributes), images=format_count(len(scan.files)),
            encoding=localize(_encoding_name(scan.encoding))), None)
        counts, blanks = scan.counts(), scan.blanks()
        rows = []
        for attribute in scan.attributes:
            for index, name in enumerate(attribute.classes):
                rows.append((attribute.name if index == 0 else "", shown(name), counts[attribute.name][name], False))
            rows.append(("", translate("TrainDialog", "blank (not labelled)"), blanks[attribute.name], True))
        self.class_table.setRowCount(len(rows))
        for row, (attribute, label, count, blank) in enumerate(rows):
            name_item = QtWidgets.QTableWidgetItem(shown(attribute))
            font = name_item.font()
            font.setBold(True)
            name_item.setFont(font)
            self.class_table.setItem(row, 0, name_item)
            class_item = QtWidgets.QTableWidgetItem(label)
            count_item = QtWidgets.QTableWidgetItem(format_count(count))
            count_item.setTextAlignment(QtCore.Qt.AlignRight | QtCore.Qt.AlignVCenter)
            if blank:  # Not a class: the photos this attribute's loss leaves out.
                for item in (class_item, count_item):
                    item.setForeground(QtGui.QColor("#5f6368"))
            self.class_table.setItem(row, 1, class_item)
            self.class_table.setItem(row, 2, count_item)

    def attribute_rows(self):
        """[(attribute, class, count text)] of the table shown for a labels table (blank rows included)."""
        if self.class_table.columnCount() != 3:
            return []
        rows, attribute = [], ""
        for row in range(self.class_table.rowCount()):
            attribute = self.class_table.item(row, 0).text() or attribute
            rows.append((attribute, self.class_table.item(row, 1).text(), self.class_table.item(row, 2).text()))
        return rows

    def cancel(self):
        """Asks a running scan to stop."""
        self.manager.cancel(SCAN)

    def _warnings(self, problems):
        """The scan's warnings, with the images smaller than the size chosen now."""
        from training.dataset import small_image_warnings  # Pure Python: no TensorFlow.

        warnings = list(problems.warnings)
        if problems is self._scan:
            # A folder's files are (path, class) pairs; a table's are paths.
            files = [(path, 0) for path in problems.files] if _is_table(problems) else problems.files
            if problems.image_size:  # The scan listed those smaller than its own size: listed again below.
                own = set(small_image_warnings(files, problems.sizes, problems.image_size))
                warnings = [warning for warning in warnings if warning not in own]
            height, width, _ = self._input_shape()
            warnings += small_image_warnings(files, problems.sizes, (height, width))
        return warnings

    def _choose_labels(self):
        path, _ = QtWidgets.QFileDialog.getOpenFileName(
            self, translate("TrainDialog", "Labels Table"), self.labels() or self.folder(),
            translate("TrainDialog", "Labels tables (*.csv *.tsv *.txt *.xlsx)"))
        if path:
            self.set_labels(path)

    def _choose_folder(self):
        folder = QtWidgets.QFileDialog.getExistingDirectory(
            self, translate("TrainDialog", "Data Folder"), self.folder_edit.text())
        if folder:
            self.set_folder(folder)

    # The bridge's answers.

    def _on_scan_progress(self, done, total):
        self.scan_bar.setRange(0, max(total, 1))
        self.scan_bar.setValue(done)

    def _on_scanned(self, result):
        if self._scanned is None or (result.folder, result.labels or "") != self._scanned[:2]:
            return  # An earlier folder's or table's (a newer scan replaced it).
        if result.refusal is not None:  # A refused folder (DatasetError), with what was wrong in it.
            self._scan_error = " ".join(str(result.refusal).split())
            self._refused_scan = result.refusal
        else:
            self._scan = result.scan
        self.refresh()
        self.changed.emit()

    def _on_failed(self, kind, message):
        if kind == SCAN and self._scan_request is not None:
            self._scan_error = message
            self.refresh()
            self.changed.emit()

    def _on_request_ended(self, kind, number):
        if kind == SCAN and number == self._scan_request:
            self._scan_request = None
            self.refresh()
            self.changed.emit()


def _is_table(scan):
    """Whether a scan is a labels table's (`training.attribute_data.AttributeScan`)."""
    return hasattr(scan, "attributes")


def _show_rows(table, rows):
    """Makes `table` at least tall enough for its header and its first `rows` rows (or all it has)."""
    shown_rows = min(rows, table.rowCount()) or rows
    row_height = table.rowHeight(0) if table.rowCount() else table.verticalHeader().defaultSectionSize()
    header = table.horizontalHeader().sizeHint().height()
    table.setMinimumHeight(header + shown_rows * row_height + 2 * table.frameWidth())


def _encoding_name(encoding):
    """How a table was read: "UTF-8 with BOM" as a core message (in the app's language), else as named."""
    from training.attribute_data import encoding_name  # Plain Python: no TensorFlow.

    return encoding_name(encoding)
