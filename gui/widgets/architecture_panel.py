"""The Train dialog's architecture: a preset, a backbone or a cs231n pattern, with its live layer table.

A backbone (`models.backbones`) comes with the choice of its starting weights (`WeightsPanel`).
Every change asks the bridge for the layer table (`ModelManager.request_layer_table`), the
same table `main.py arch` prints: a pattern's comes at once, with the formula of any
geometry that does not fit; a preset is built with Keras on the model thread, so it is asked
for only while the panel is shown. A newer request replaces an older one.
"""

from PyQt5 import QtCore, QtGui, QtWidgets

from gui.core_text import localize
from gui.model_worker import CHECK_WEIGHTS, LAYER_TABLE
from gui.plaintext import plain_label, plain_tooltip, shown
from gui.widgets.common import (
    ERROR_COLOR, WARNING_COLOR, Retranslatable, format_count, format_shape, readonly_table, set_colored_text)
from gui.widgets.layer_table import (
    COLUMN_COUNT, OUTPUT_COLUMN, LayerColumnsTable, mark_noted, name_tooltip, number_cells, short_type)
from gui.widgets.weights_panel import WeightsPanel

translate = QtCore.QCoreApplication.translate  # The texts belong to the Train dialog's translations.

# The first entry of the architecture list: "write a pattern".
_PATTERN_ENTRY = ""
# What the pattern box holds at first: the seed notes' example, a good start for 32-64 px images.
DEFAULT_PATTERN = "INPUT -> [[CONV -> RELU]*2 -> POOL]*3 -> FC(N=128) -> RELU -> DROPOUT -> FC"
_PATTERN_DELAY_MS = 150
# The layer table's height at least: its header and four rows.
LAYER_TABLE_MIN_HEIGHT = 130


class ArchitecturePanel(Retranslatable, QtWidgets.QGroupBox):
    """The architecture group of the Train dialog.

    Args:
        manager: the `ModelManager` that computes layer tables.
        image_size: callable() -> the chosen image side (the table is for that input).
        class_count: callable() -> the number of classes (the last FC's units).
        parent: the parent widget.

    Signals:
        size_suggested(int): a preset was chosen: its own image side; or "Pattern" again after one, the
            image size left as the preset's: the command line's default (a pattern at AlexNet's 227 px
            was refused at once).
        changed(): the architecture, its table or its error changed.
    """

    size_suggested = QtCore.pyqtSignal(int)
    changed = QtCore.pyqtSignal()

    def __init__(self, manager, image_size, class_count, parent=None):
        super().__init__(parent)
        self.manager = manager
        self._image_size = image_size
        self._class_count = class_count
        self._table = None  # The ArchTable of `_table_key`, once the model worker answered.
        self._table_key = None  # (arch, input shape, classes) asked for last; None: to ask when shown.
        self._table_request = None  # The bridge's number of that request until it ends.
        self._error = ""
        self._preset_size = None  # The side suggested for the preset chosen last, while the size keeps it.
        self._timer = QtCore.QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(_PATTERN_DELAY_MS)
        self._timer.timeout.connect(self.update_table)
        self._build()
        manager.layer_table_ready.connect(self._on_layer_table)
        manager.weights_checked.connect(self.weights_panel.set_check)
        manager.failed.connect(self._on_failed)
        manager.request_ended.connect(self._on_request_ended)
        self.retranslate()

    def _build(self):
        self.arch_combo = QtWidgets.QComboBox()
        self.arch_combo.addItem("", _PATTERN_ENTRY)
        for name in _preset_names():
            self.arch_combo.addItem(name, name)
        self.arch_combo.insertSeparator(self.arch_combo.count())
        for name in _backbone_names():  # After a line: the keras.applications backbones.
            self.arch_combo.addItem(name, name)
        self.weights_panel = WeightsPanel()
        self.pattern_edit = QtWidgets.QPlainTextEdit(DEFAULT_PATTERN)
        self.pattern_edit.setFont(QtGui.QFontDatabase.systemFont(QtGui.QFontDatabase.FixedFont))
        self.pattern_edit.setTabChangesFocus(True)
        lines = self.pattern_edit.fontMetrics().lineSpacing()
        self.pattern_edit.setFixedHeight(int(lines * 3 + 12))
        self.pattern_status = plain_label()
        self.pattern_status.setWordWrap(True)
        self.pattern_status.setTextInteractionFlags(QtCore.Qt.TextSelectableByMouse)
        # Windows Keras rounds down or pads unevenly: one line a student checking (W-F+2P)/S+1 sees, all in its tooltip.
        self.notes_label = plain_label()
        self.notes_label.setWordWrap(True)
        self.notes_label.setVisible(False)
        # Numbers whole, names before types, a scroll bar when too narrow (`LayerColumnsTable`).
        self.layer_table = LayerColumnsTable(0, COLUMN_COUNT)
        readonly_table(self.layer_table)
        self.layer_table.verticalHeader().setVisible(False)
        # As tall as the panel allows, at least a few rows: its own preferred height made the Train dialog
        # scroll on a 1366x768 laptop.
        self.layer_table.setSizePolicy(QtWidgets.QSizePolicy.Expanding, QtWidgets.QSizePolicy.Ignored)
        self.layer_table.setMinimumHeight(LAYER_TABLE_MIN_HEIGHT)
        layout = QtWidgets.QVBoxLayout(self)
        layout.addWidget(self.arch_combo)
        layout.addWidget(self.weights_panel)
        layout.addWidget(self.pattern_edit)
        layout.addWidget(self.pattern_status)
        layout.addWidget(self.notes_label)
        layout.addWidget(self.layer_table, 1)
        self.arch_combo.currentIndexChanged.connect(self._on_arch_changed)
        self.pattern_edit.textChanged.connect(self._timer.start)
        self.weights_panel.changed.connect(self.changed)
        self.weights_panel.check_wanted.connect(self.manager.check_weights)

    def retranslate(self):
        self.setTitle(translate("TrainDialog", "Architecture"))
        self.arch_combo.setItemText(0, translate("TrainDialog", "Pattern (type below)"))
        self.arch_combo.setToolTip(translate(
            "TrainDialog", "A preset network, a cs231n pattern you type, or (below the line) a backbone that can "
            "start from pretrained weights"))
        self.layer_table.retranslate_headers()  # The main window's layer table's texts.
        self._fill_table()  # Its tooltips put windows and notes in words.
        self._show_status()

    # The architecture.

    def architecture(self):
        """The chosen preset name or the typed pattern."""
        preset = self.arch_combo.currentData()
        return preset if preset else self.pattern_text()

    def pattern_text(self):
        """The typed pattern, on one line."""
        return " ".join(self.pattern_edit.toPlainText().split())

    def set_architecture(self, arch):
        """Chooses a preset by name, or types `arch` as a pattern."""
        index = self.arch_combo.findData(arch)
        if index > 0:
            self.arch_combo.setCurrentIndex(index)
            self._on_arch_changed()
        else:
            self.arch_combo.setCurrentIndex(0)
            self.pattern_edit.setPlainText(arch)
            self.update_table()

    def channels(self):
        """The chosen architecture's channels: its own for a preset (LeNet-5 reads gray), else RGB."""
        preset = self.arch_combo.currentData()
        if not preset:
            return 3
        import models  # Plain Python: no Keras import.

        return models.default_input_shape(preset)[2]

    def error(self):
        """The geometry or syntax error of the chosen architecture, or ""."""
        return self._error

    def weights(self):
        """The starting weights: "none", "imagenet" or a weights file's path (`TrainConfig.weights`)."""
        return self.weights_panel.weights()

    def layer_rows(self):
        """Rows of the layer table of the chosen architecture, once computed, or []."""
        return list(self._table.rows) if self._table is not None else []

    def is_computing(self):
        """Whether the layer table asked for last has not come yet."""
        return self._table_request is not None and self.manager.is_running()

    def set_running(self, running):
        """Locks the choice while a run trains."""
        self.arch_combo.setEnabled(not running)
        self.pattern_edit.setEnabled(not running)
        self.weights_panel.setEnabled(not running)

    # The layer table.

    def schedule_update(self):
        """Asks for the layer table again shortly (after a size, class count or pattern change)."""
        self._timer.start()

    def update_table(self):
        """Asks the model worker for the layer table of the chosen architecture at the chosen size.

        A pattern's table comes at once (pure Python); a preset is built with Keras, so it is
        asked for only while the panel is shown.
        """
        self._timer.stop()
        preset = self.arch_combo.currentData()
        size = self._image_size()
        key = (self.architecture(), (size, size, self.channels()), self._class_count())
        if key != self._table_key:
            self._table_key = key
            self._error = ""
            if preset:
                self._table = None  # "Computing its layer table…" rather than another preset's.
            if preset and not self.isVisible():
                self._table_key = None  # Asked for when the panel is shown.
            else:
                self._table_request = self.manager.request_layer_table(*key)
        self._fill_table()
        self._show_status()
        self.changed.emit()

    def cancel(self):
        """Stops waiting for a layer table."""
        self._timer.stop()
        self.manager.cancel(LAYER_TABLE)

    def showEvent(self, event):  # noqa: N802  Qt's name.
        super().showEvent(event)
        if self._table_key is None:
            self.update_table()  # A preset's table is deferred while hidden: it builds a model.

    def _on_arch_changed(self):
        preset = self.arch_combo.currentData()
        # A preset is not a pattern: its box would show the last typed one as if it were the preset's.
        # Hidden, it keeps that pattern for when "Pattern" is chosen again.
        self.pattern_edit.setVisible(not preset)
        self.weights_panel.set_architecture(preset or "")
        if preset:
            import models

            self._preset_size = models.default_input_shape(preset)[0]
            self.size_suggested.emit(self._preset_size)
        elif self._preset_size is not None and self._image_size() == self._preset_size:
            from training.config import TrainConfig  # Plain Python: the command line's defaults.

            self._preset_size = None
            self.size_suggested.emit(TrainConfig.image_size)
        self.update_table()

    def _on_layer_table(self, view):
        if (view.arch, view.input_shape, view.num_classes) != self._table_key:
            return  # The answer to a request made before the last change.
        self._table = view.table
        self._error = view.error
        self._fill_table()
        self._show_status()
        self.changed.emit()

    def _on_failed(self, kind, message):
        if kind == CHECK_WEIGHTS:
            self.weights_panel.check_failed()
        if kind == LAYER_TABLE and self._table_request is not None:  # Not a refusal (those are answers): a bug.
            self._error = translate("TrainDialog", "The layer table could not be computed") + f": {message}"
            self._fill_table()
            self._show_status()
            self.changed.emit()

    def _on_request_ended(self, kind, number):
        if kind == LAYER_TABLE and number == self._table_request:
            self._table_request = None

    def _fill_table(self):
        rows = [] if self._error else self.layer_rows()
        side = max(self._table.input_shape[:2]) if rows else None
        self.layer_table.setRowCount(len(rows))
        for index, row in enumerate(rows):
            # The name's tooltip gives the type too: its column gives way when the table is narrow.
            name = name_tooltip(f"{shown(row.name)} ({shown(row.type)})", row.window, row.notes)
            cells = [(shown(row.name), name), (shown(short_type(row.type)), shown(row.type))] + number_cells(
                row.output_shape, row.params, row.macs, row.activation_values if row.counted else None,
                row.receptive_field, row.window, row.notes, side)
            for column, (value, tooltip) in enumerate(cells):
                item = QtWidgets.QTableWidgetItem(value)
                item.setToolTip(plain_tooltip(tooltip or value))
                if column >= 2:
                    item.setTextAlignment(QtCore.Qt.AlignRight | QtCore.Qt.AlignVCenter)
                if column == OUTPUT_COLUMN:
                    mark_noted(item, row.notes)
                self.layer_table.setItem(index, column, item)
        self.layer_table.fit_columns()
        self._show_notes([] if self._error or self._table is None else self._table.notes)

    def _show_notes(self, notes):
        """The line under the status: which windows Keras rounds down or pads unevenly, every note in its tooltip."""
        self.notes_label.setVisible(bool(notes))
        set_colored_text(self.notes_label, notes_summary(notes), WARNING_COLOR)
        self.notes_label.setToolTip(plain_tooltip("\n".join(localize(note) for note in notes)))

    def _show_status(self):
        preset = self.arch_combo.currentData()
        table = None if self._error else self._table
        if self._error:  # A pattern's or a window's refusal: a core message, in the app's language.
            set_colored_text(self.pattern_status, localize(self._error), ERROR_COLOR)
        elif preset:
            import models

            shape = format_shape(models.default_input_shape(preset))
            if table is None:
                set_colored_text(self.pattern_status, translate(
                    "TrainDialog", "Preset {name}, made for {shape} images: computing its layer table…").format(
                    name=preset, shape=shape), None)
            else:
                # With this run's classes: AlexNet's 60,965,224 of the paper are for its 1000 (the README's).
                set_colored_text(self.pattern_status, translate(
                    "TrainDialog", "Preset {name}, made for {shape} images: {params} parameters for {classes} classes, "
                    "{macs} multiply-adds per image").format(
                    name=preset, shape=shape, params=format_count(table.total_params), classes=table.classes,
                    macs=format_count(table.macs)), None)
        elif table is not None:
            text = translate("TrainDialog", "{params} parameters for {classes} classes, {macs} multiply-adds per "
                                            "image").format(params=format_count(table.total_params),
                                                            classes=table.classes, macs=format_count(table.macs))
            if table.warnings:
                warnings = "\n".join(localize(warning) for warning in table.warnings)
                set_colored_text(self.pattern_status, text + "\n" + warnings, WARNING_COLOR)
            else:
                set_colored_text(self.pattern_status, text, None)
        else:
            set_colored_text(self.pattern_status, "", None)


def notes_summary(notes):
    """One line per kind of note: the first layer's formula worked out, the other layers named.

    "4 windows do not fit and are rounded down: conv1 (224-11+2*0)/4+1 = 54.25 → 54; also pool1, pool2, pool5".
    """
    rounded = [note for note in notes if note.key.startswith("geometry.rounded_down")]
    uneven = [note for note in notes if note.key == "geometry.same_padding"]
    lines = []
    if rounded:
        text = translate("TrainDialog", "A window does not fit and is rounded down: {first}") if len(rounded) == 1 \
            else translate("TrainDialog", "{count} windows do not fit and are rounded down: {first}")
        first = rounded[0].values
        lines.append(text.format(count=len(rounded), first=_worked_out(first, f"{first['exact']} → {first['rounded']}"))
                     + _also(rounded))
    if uneven:
        text = translate("TrainDialog", "Keras 'same' pads a layer unevenly: {first}") if len(uneven) == 1 \
            else translate("TrainDialog", "Keras 'same' pads {count} layers unevenly: {first}")
        first = uneven[0].values
        lines.append(text.format(count=len(uneven), first=_worked_out(first, first["exact"])) + _also(uneven))
    return "\n".join(lines)


def _worked_out(values, result):
    """"conv1 (224-11+2*0)/4+1 = 54.25 → 54": the numbers only (the tooltip gives the formula with its
    letters); they read alike in every language."""
    numbers = values["formula"].split(" = ")[-1]
    return f"{localize(values['where'])} {numbers} = {result}"


def _also(notes):
    """"; also pool1, pool2" for the layers after the first."""
    if len(notes) < 2:
        return ""
    return translate("TrainDialog", "; also {layers}").format(
        layers=", ".join(localize(note.values["where"]) for note in notes[1:]))


def _preset_names():
    import models  # Lists names only: models/__init__ imports no Keras.

    return list(models.PRESET_NAMES)


def _backbone_names():
    from models import presets  # Lists names only: no Keras.

    return [name for name in presets.architecture_names() if name not in presets.PRESET_NAMES]
