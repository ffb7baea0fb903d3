"""Results of classifying a folder: a sortable table with thumbnails, progress, cancel and CSV export.

A model with one head per attribute gets a column group per attribute (its reading and its
probability) instead of the class, probability and second-choice columns. Probabilities have
columns of their own, as wide as "100.0%": a cut number would read as another number. A file
that could not be read, or is not an image, shows why across the reading columns.
"""

from pathlib import Path

from PyQt5 import QtCore, QtGui, QtWidgets

from core import lighting
from core.calibration import MIN_PHOTOS
from core.messages import Message
from gui import config
from gui.core_text import localize
from gui.plaintext import MAX_TEXT_CHARS, plain_label, plain_tooltip, shown
from gui.qtimage import array_to_pixmap
from gui.widgets.common import ERROR_COLOR, WARNING_COLOR, Retranslatable, format_percent

# Sorting by probability must compare numbers, not their text.
_SORT_ROLE = QtCore.Qt.UserRole + 1
_PATH_ROLE = QtCore.Qt.UserRole + 2
_REASON_ROLE = QtCore.Qt.UserRole + 3  # On the file cell: why the file has no reading ("" when it has).
# Files of other types are not a problem, only listed: the secondary text colour, not the error colour.
_SKIPPED_COLOR = "#5f6368"
_READING_WIDTH, _FILE_WIDTH, _CLASS_WIDTH, _SECOND_WIDTH = 130, 200, 140, 130


class _SortableItem(QtWidgets.QTableWidgetItem):
    def __lt__(self, other):
        mine, theirs = self.data(_SORT_ROLE), other.data(_SORT_ROLE)
        if mine is not None and theirs is not None:
            return mine < theirs
        return super().__lt__(other)


class _MiddleElidingDelegate(QtWidgets.QStyledItemDelegate):
    """Cuts a cell's text in the middle: a file name keeps its start and its end (number and type)."""

    def initStyleOption(self, option, index):  # noqa: N802  Qt's name.
        super().initStyleOption(option, index)
        option.textElideMode = QtCore.Qt.ElideMiddle


class _LinkButton(QtWidgets.QPushButton):
    """A flat button drawn as a link whose text is cut on the right ("…") when the room is short.

    A push button cannot be narrower than its whole text; a long folder name or class list
    would then widen the window beyond the screen.
    """

    def __init__(self, name, parent=None):
        super().__init__(parent)
        self.setObjectName(name)  # The stylesheet draws it as a link.
        self.setFlat(True)
        self.setCursor(QtCore.Qt.PointingHandCursor)
        self.setSizePolicy(QtWidgets.QSizePolicy.Preferred, QtWidgets.QSizePolicy.Fixed)

    def minimumSizeHint(self):  # noqa: N802  Qt's name.
        return QtCore.QSize(self.fontMetrics().averageCharWidth() * 12, super().minimumSizeHint().height())

    def shown_text(self):
        """The text as drawn now: whole, or cut on the right to the button's width."""
        option = QtWidgets.QStyleOptionButton()
        self.initStyleOption(option)
        room = self.style().subElementRect(QtWidgets.QStyle.SE_PushButtonContents, option, self).width()
        return self.fontMetrics().elidedText(self.text(), QtCore.Qt.ElideRight, room)

    def paintEvent(self, _event):  # noqa: N802  Qt's name.
        option = QtWidgets.QStyleOptionButton()
        self.initStyleOption(option)
        option.text = self.shown_text()
        QtWidgets.QStylePainter(self).drawControl(QtWidgets.QStyle.CE_PushButton, option)


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

    COLUMN_FILE, COLUMN_CLASS, COLUMN_PROBABILITY, COLUMN_SECOND, COLUMN_SECOND_PROBABILITY, COLUMN_ERROR = range(6)

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
        self.filter_edit = QtWidgets.QLineEdit()  # Shows only the rows whose file, class or note holds its text.
        self.filter_edit.setClearButtonEnabled(True)
        self.filter_edit.setMaximumWidth(160)
        self.calibrate_link = _LinkButton("calibrateLink")  # Under the summary, when photos had unusual light.
        self.calibrate_link.hide()
        self.evaluate_link = _LinkButton("evaluateLink")  # Under the summary, when the folder is laid out by class.
        self.evaluate_link.hide()
        self.table = QtWidgets.QTableWidget(0, self.COLUMN_ERROR + 1)
        self.table.setSelectionBehavior(QtWidgets.QAbstractItemView.SelectRows)
        self.table.setEditTriggers(QtWidgets.QAbstractItemView.NoEditTriggers)
        self.table.setTabKeyNavigation(False)  # Tab moves on; arrows move between photos.
        self.table.setAlternatingRowColors(True)
        self.table.setShowGrid(False)
        self.table.setWordWrap(False)
        self.table.setIconSize(QtCore.QSize(config.THUMBNAIL_SIZE, config.THUMBNAIL_SIZE))
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(config.THUMBNAIL_SIZE + 6)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QtWidgets.QHeaderView.Interactive)
        header.setStretchLastSection(True)  # The error column takes what is left.
        header.resizeSection(self.COLUMN_FILE, _FILE_WIDTH)
        self._size_reading_columns()
        self.table.setTextElideMode(QtCore.Qt.ElideRight)  # A class name keeps its start.
        self.table.setItemDelegateForColumn(self.COLUMN_FILE, _MiddleElidingDelegate(self.table))
        header.setSortIndicator(self.COLUMN_FILE, QtCore.Qt.AscendingOrder)  # As a file manager lists them.
        self.table.setSortingEnabled(True)
        # Sorting moves the rows but not the spans of the rows without a reading: they follow here.
        self.table.model().layoutChanged.connect(self._span_reasons)
        self.table.model().layoutChanged.connect(self._apply_filter)  # Hidden rows are positions, not photos.

        bar = QtWidgets.QHBoxLayout()
        bar.addWidget(self.summary, 1)
        bar.addWidget(self.filter_edit)
        bar.addWidget(self.progress)
        bar.addWidget(self.cancel_button)
        bar.addWidget(self.export_button)
        layout = QtWidgets.QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addLayout(bar)
        layout.addWidget(self.calibrate_link, 0, QtCore.Qt.AlignLeft)
        layout.addWidget(self.evaluate_link, 0, QtCore.Qt.AlignLeft)
        layout.addWidget(self.table, 1)

        self.filter_edit.textChanged.connect(self._apply_filter)
        self.cancel_button.clicked.connect(self.cancel_requested)
        self.export_button.clicked.connect(self.export_requested)
        self.calibrate_link.clicked.connect(lambda: self.calibrate_requested.emit(self._folder or ""))
        self.evaluate_link.clicked.connect(lambda: self.evaluate_requested.emit(self._folder or ""))
        self.table.itemActivated.connect(self._on_activated)
        self.table.itemDoubleClicked.connect(self._on_activated)
        self._update_controls()
        self.retranslate()

    def retranslate(self):
        self.filter_edit.setPlaceholderText(self.tr("Filter"))
        self.filter_edit.setToolTip(self.tr(
            "Show only the photos whose file name, predicted class or note holds this text (Export CSV still "
            "writes every photo)"))
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
            self.table.setHorizontalHeaderLabels([  # Probabilities under a short "%", as above.
                self.tr("File"), self.tr("Predicted class"), "%", self.tr("Second"), "%", self.tr("Error or note")])
            self.table.horizontalHeaderItem(self.COLUMN_PROBABILITY).setToolTip(self.tr("Probability"))
            self.table.horizontalHeaderItem(self.COLUMN_SECOND_PROBABILITY).setToolTip(
                self.tr("Probability of the second choice"))
        self._fit_probability_columns()  # The headers' widths count too.
        self._fit_reading_headers()
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
        count = 2 + 2 * len(attributes) if attributes else type(self).COLUMN_ERROR + 1
        self.table.setColumnCount(count)
        self.COLUMN_ERROR = count - 1  # The error column is the last in both layouts.
        self._size_reading_columns()
        self.retranslate()  # Sizes the probability columns to their headers too.

    def _size_reading_columns(self):
        """Starting widths of the columns between the file and the notes (probabilities: `_fit_probability_columns`)."""
        header = self.table.horizontalHeader()
        for column in range(1, self.COLUMN_ERROR):
            header.setSectionResizeMode(column, QtWidgets.QHeaderView.Interactive)
            header.resizeSection(column, _READING_WIDTH)
        if not self._attributes:  # Narrow enough that the notes ("Unusual light") are readable 1,400 px wide.
            header.resizeSection(self.COLUMN_CLASS, _CLASS_WIDTH)
            header.resizeSection(self.COLUMN_SECOND, _SECOND_WIDTH)

    def _probability_columns(self):
        """The columns that hold a probability."""
        if self._attributes:
            return [self.attribute_column(name) + 1 for name in self._attributes]
        return [self.COLUMN_PROBABILITY, self.COLUMN_SECOND_PROBABILITY]

    def _fit_reading_headers(self):
        """Widens a reading column whose header (an attribute's name) would be cut: it names what the column is."""
        header = self.table.horizontalHeader()
        probabilities = set(self._probability_columns())
        for column in range(1, self.COLUMN_ERROR):
            if column not in probabilities and header.sectionSize(column) < header.sectionSizeHint(column):
                header.resizeSection(column, header.sectionSizeHint(column))

    def _fit_probability_columns(self):
        """Makes each probability column as wide as "100.0%" and its header, and keeps it so.

        A number cut to "1…%" reads as 1 %: these columns are never narrower than their widest number.
        """
        margins = 2 * (self.table.style().pixelMetric(QtWidgets.QStyle.PM_FocusFrameHMargin, None, self.table) + 1)
        widest = self.table.fontMetrics().horizontalAdvance(format_percent(1.0)) + margins
        header = self.table.horizontalHeader()
        for column in self._probability_columns():
            header.setSectionResizeMode(column, QtWidgets.QHeaderView.Fixed)
            header.resizeSection(column, max(widest, header.sectionSizeHint(column)))

    def start(self, total, folder=None):
        """Clears the table and shows a running batch.

        Args:
            total: how many files it classifies; None while the model thread still lists the folders
                (a busy bar: how many photos there are is not known yet).
            folder: the one folder the files all come from, else None.
        """
        self._folder = None if folder is None else str(folder)
        self._class_folders = []
        self._running = True
        self._result = None
        self._progress = (0, total)
        self.table.setRowCount(0)
        self.progress.setRange(0, 0 if total is None else max(1, total))  # 0 to 0: Qt's busy bar.
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
        self._fit_reading_headers()  # A sortable header needs room for its sort arrow too.
        self._span_reasons()
        self._apply_filter()
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
        message = shown(localize(item.error), MAX_TEXT_CHARS) if item.error else ""
        reason = message.split(": ", 1)[-1]  # The path is in the first column.
        name = _SortableItem(shown(Path(item.path).name))
        name.setData(_PATH_ROLE, item.path)
        name.setData(_REASON_ROLE, reason)
        name.setToolTip(plain_tooltip(f"{item.path}\n{reason}" if reason else item.path))
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
        text = reason
        if not item.error:
            text, message = self._notes(item)
        color = (_SKIPPED_COLOR if item.skipped else ERROR_COLOR) if item.error else WARNING_COLOR
        self.table.setItem(row, self.COLUMN_ERROR, _note_item(text, message, color))
        if item.error:  # Shown where the readings would be (`_span_reasons`); far right, it went unseen.
            self.table.setItem(row, self._first_reading_column(), _note_item(reason, message, color))

    def _first_reading_column(self):
        """The column of the first reading: the class, or the first attribute's reading."""
        return self.attribute_column(self._attributes[0]) if self._attributes else self.COLUMN_CLASS

    def _span_reasons(self):
        """Lets the reason of each row without a reading run across its reading and note columns."""
        self.table.clearSpans()
        first = self._first_reading_column()
        for row in range(self.table.rowCount()):
            name = self.table.item(row, self.COLUMN_FILE)
            if name is not None and name.data(_REASON_ROLE):
                self.table.setSpan(row, first, 1, self.table.columnCount() - first)

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
        self._set_reading(row, self.COLUMN_SECOND, second)

    def _on_activated(self, item):
        path = self.table.item(item.row(), self.COLUMN_FILE).data(_PATH_ROLE)
        if path:
            self.file_activated.emit(path)

    def visible_rows(self):
        """How many rows the filter shows."""
        return sum(1 for row in range(self.table.rowCount()) if not self.table.isRowHidden(row))

    def _apply_filter(self):
        wanted = self.filter_edit.text().strip().casefold()
        # The file, the predicted class (of each attribute) and the note; not the second choice.
        readings = [self.attribute_column(name) for name in self._attributes] if self._attributes else \
            [self.COLUMN_CLASS]
        columns = [self.COLUMN_FILE, *readings, self.COLUMN_ERROR]
        for row in range(self.table.rowCount()):
            texts = (self.table.item(row, column).text() if self.table.item(row, column) else "" for column in columns)
            self.table.setRowHidden(row, bool(wanted) and not any(wanted in text.casefold() for text in texts))
        self._update_summary()

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
        _set_link(self.evaluate_link, self.tr(
            "Evaluate the model on “{folder}”: its sub-folders are named like its classes ({classes})…").format(
            folder=shown(Path(self._folder).name or self._folder),
            classes=", ".join(shown(name) for name in self._class_folders)), self.tr(
            "Accuracy with its 95 % interval, the confusion matrix and the per-class figures, each photo's class "
            "read from its sub-folder (Model > Evaluate on Labelled Photos)"))

    def _update_calibrate_link(self):
        """Offers a calibration from the folder when some of its photos had unusual light and it can give one."""
        unusual = bool(self._result) and any(not row.error and _unusual_lighting(row) for row in self._result.rows)
        if self._running or not unusual or self._folder is None or self._result.photos_at_top < MIN_PHOTOS:
            self.calibrate_link.hide()
            return
        _set_link(self.calibrate_link, self.tr("Calibrate the light from the photos in “{folder}”…").format(
            folder=shown(Path(self._folder).name or self._folder)), self.tr(
            "Estimate the lamp from the photos of this folder (a usual mix of patients, all under one lamp), "
            "correct every photo to the training photos' light, and classify the folder again"))

    def is_listing(self):
        """Whether the running batch is still looking for the photos (their number not known yet)."""
        return self._running and self._progress[1] is None

    def _running_text(self):
        """What a running batch is doing: looking for the photos, then classifying them."""
        done, total = self._progress
        if total is not None:
            return self.tr("Classifying {done} of {total} files…").format(done=done, total=total)
        if self._folder is None:  # Several folders, or files and folders: no one name to give.
            return self.tr("Looking for photos…")
        name = Path(self._folder).name or self._folder  # "/" has no name.
        return self.tr("Looking for photos in {folder}…").format(folder=shown(name))

    def _update_summary(self):
        if self._running:
            self.summary.setText(self._running_text())
        elif self._result is not None:
            result = self._result
            errors = sum(1 for row in result.rows if row.error and not row.skipped)
            read = sum(1 for row in result.rows if not row.skipped)
            seconds = QtCore.QLocale().toString(result.seconds, "f", 1)
            if result.cancelled and read < result.total:
                text = self.tr("{count} of {total} files in {seconds} s, {errors} could not be read").format(
                    count=read, total=result.total, seconds=seconds, errors=errors)
            else:
                text = self.tr("{count} files in {seconds} s, {errors} could not be read").format(
                    count=read, seconds=seconds, errors=errors)
            skipped = sum(1 for row in result.rows if row.skipped)
            if skipped:
                text += "  ·  " + self.tr("{count} skipped (not images)").format(count=skipped)
            no_tongue = sum(1 for row in result.rows if not row.error and row.tongue is False)
            if no_tongue:  # A model that crops saw these whole: as classify's notes say.
                text += "  ·  " + self.tr("{count} with no tongue found (classified whole)").format(count=no_tongue)
            unusual = sum(1 for row in result.rows if not row.error and _unusual_lighting(row))
            if unusual:
                text += "  ·  " + self.tr(
                    "{count} with lighting unlike the training photos': if they were taken under another lamp, "
                    "calibrate the light from them (Ctrl+L)").format(count=unusual)
            if result.cancelled:
                text += "  ·  " + self.tr("cancelled")
            if self.filter_edit.text().strip():
                text += "  ·  " + self.tr("{shown} shown").format(shown=self.visible_rows())
            self.summary.setText(text)
        else:
            self.summary.setText(self.tr("Open a folder (Ctrl+Shift+O) or drop one here to classify every image in it"))


def _note_item(text, tooltip, color):
    """A cell of a reason or note, its whole text in the tooltip, coloured when there is one."""
    item = _SortableItem(text)
    item.setToolTip(plain_tooltip(tooltip))
    if tooltip:
        item.setForeground(QtGui.QColor(color))
    return item


def _set_link(link, text, explanation):
    """Shows a link with its whole text first in its tooltip (the link may be cut), then what it does."""
    link.setText(text)
    link.setToolTip(plain_tooltip(f"{text}\n{explanation}"))
    link.show()


def _unusual_lighting(row):
    """Whether a `BatchRow`'s photo has light far from the training photos'."""
    return bool(row.lighting and row.lighting.get("unusual"))

