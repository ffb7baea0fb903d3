"""The Grad-CAM switch under the image: on/off, which attribute and class to explain, and the overlay opacity.

The attribute picker shows only for a model with one head per attribute; it chooses the head
whose classes the class picker then lists.
"""

from PyQt5 import QtCore, QtWidgets

from gui import config
from gui.plaintext import WrappedPlainLabel, plain_label, shown
from gui.qtimage import array_to_pixmap
from gui.widgets.common import Retranslatable


class GradCamControls(Retranslatable, QtWidgets.QWidget):
    """A checkbox, an attribute picker (multi-attribute models), a class picker and an opacity slider.

    Signals:
        changed(): the switch, the attribute or the class changed (a new heat map is needed).
        opacity_changed(float): the opacity changed (only the blend is redone).
    """

    changed = QtCore.pyqtSignal()
    opacity_changed = QtCore.pyqtSignal(float)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.enabled_box = QtWidgets.QCheckBox()
        self.attribute_label = plain_label()
        self.attribute_picker = QtWidgets.QComboBox()
        self.attribute_picker.setSizeAdjustPolicy(QtWidgets.QComboBox.AdjustToMinimumContentsLengthWithIcon)
        self.attribute_picker.setMinimumContentsLength(5)  # Narrow windows: the list opens whole.
        self.class_label = plain_label()
        self.class_picker = QtWidgets.QComboBox()
        self.class_picker.setSizeAdjustPolicy(QtWidgets.QComboBox.AdjustToMinimumContentsLengthWithIcon)
        self.class_picker.setMinimumContentsLength(5)
        self.opacity_label = plain_label()
        self.opacity = QtWidgets.QSlider(QtCore.Qt.Horizontal)
        self.opacity.setRange(0, 100)
        self.opacity.setValue(int(config.GRADCAM_OPACITY * 100))
        self.opacity.setMinimumWidth(60)
        self.opacity.setMaximumWidth(120)
        self.legend_low = plain_label()
        self.legend_low.setObjectName("secondaryText")
        self.legend = plain_label()
        self.legend.setFixedSize(90, 10)
        self.legend.setScaledContents(True)
        self.legend_high = plain_label()
        self.legend_high.setObjectName("secondaryText")
        self.caption = WrappedPlainLabel()  # Its wrapped lines keep their room in a short window.
        self.caption.setObjectName("secondaryText")
        legend_row = QtWidgets.QHBoxLayout()
        legend_row.setContentsMargins(0, 0, 0, 0)
        legend_row.setSpacing(6)
        # Opacity beside the colour scale, where the map is: the row above keeps its room for the pickers.
        legend_row.addWidget(self.opacity_label)
        legend_row.addWidget(self.opacity)
        legend_row.addSpacing(12)
        legend_row.addWidget(self.legend_low)
        legend_row.addWidget(self.legend)
        legend_row.addWidget(self.legend_high)
        legend_row.addStretch(1)
        # The caption under them, the whole width: beside them it wrapped to 4 lines at 1024 px, and the
        # window grew taller than a 1024x768 screen.
        legend_column = QtWidgets.QVBoxLayout()
        legend_column.setContentsMargins(0, 0, 0, 0)
        legend_column.setSpacing(0)
        legend_column.addLayout(legend_row)
        legend_column.addWidget(self.caption)
        self.legend_box = QtWidgets.QWidget()
        self.legend_box.setLayout(legend_column)
        self.legend_box.hide()
        controls = QtWidgets.QHBoxLayout()
        controls.setContentsMargins(0, 0, 0, 0)
        outer = QtWidgets.QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(2)
        outer.addLayout(controls)
        outer.addWidget(self.legend_box)
        layout = controls
        layout.addWidget(self.enabled_box)
        layout.addSpacing(6)
        layout.addWidget(self.attribute_label)
        layout.addWidget(self.attribute_picker, 1)
        layout.addWidget(self.class_label)
        layout.addWidget(self.class_picker, 1)
        self.enabled_box.toggled.connect(self._on_toggled)
        self.class_picker.currentIndexChanged.connect(self._on_class)
        self.attribute_picker.currentIndexChanged.connect(self._on_attribute)
        self.opacity.valueChanged.connect(lambda value: self.opacity_changed.emit(value / 100.0))
        self._shown = None
        self._class_names = []
        self._attributes = []  # [{"name", "classes"}] of a multi-attribute model, else []
        self._show_attribute_picker(False)
        self._set_sub_enabled(False)
        self.retranslate()

    def show_map_info(self, view):
        """Shows the colour scale and what the heat map explains (a `GradCamView`), or hides them (None)."""
        self._shown = view
        if view is not None and view.legend is not None:
            self.legend.setPixmap(array_to_pixmap(view.legend))
        self.legend_box.setVisible(view is not None)
        self.retranslate()

    def retranslate(self):
        self.enabled_box.setText(self.tr("Grad-CAM"))
        self.enabled_box.setToolTip(self.tr("Show which parts of the image the prediction relies on"))
        self.attribute_label.setText(self.tr("Attribute:"))
        self.attribute_picker.setToolTip(self.tr("Which of the model's attributes (heads) to explain"))
        self.class_label.setText(self.tr("Class:"))
        self.class_picker.setToolTip(self.tr("The class whose evidence the map shows: the predicted one, or any other"))
        self.opacity_label.setText(self.tr("Opacity:"))
        if self.class_picker.count():
            self.class_picker.setItemText(0, self.tr("Predicted class"))
        self.legend_low.setText(self.tr("low"))
        self.legend_high.setText(self.tr("high"))
        view = self._shown
        classes = self._attributes[view.attribute]["classes"] if view is not None and self._attributes else (
            self._class_names)
        if view is not None and 0 <= view.class_index < len(classes):
            if self._attributes:
                self.caption.setText(self.tr("Evidence for {attribute}: {label}, from layer {layer}").format(
                    attribute=shown(self._attributes[view.attribute]["name"]), label=shown(classes[view.class_index]),
                    layer=shown(view.layer)))
            else:
                self.caption.setText(self.tr("Evidence for {label}, from layer {layer}").format(
                    label=shown(classes[view.class_index]), layer=shown(view.layer)))
            if len(view.map_size) == 2:  # How coarse the map is: a 4x4 map is drawn as smoothly as a 56x56 one.
                self.caption.setText(self.tr("{caption} ({height}×{width} map)").format(
                    caption=self.caption.text(), height=view.map_size[0], width=view.map_size[1]))
            if tuple(view.map_size) == (1, 1):  # Its map is blank, not "no evidence": say why.
                self.caption.setText(self.caption.text() + "\n" + self.tr(
                    "A 1×1 map cannot show where: no place is marked"))

    def set_model(self, class_names, attributes=None):
        """Fills the pickers for a model: its attributes ([{"name", "classes"}] or None) and classes."""
        self._attributes = list(attributes or [])
        self.attribute_picker.blockSignals(True)
        self.attribute_picker.clear()
        for attribute in self._attributes:
            self.attribute_picker.addItem(shown(attribute["name"]))
        self.attribute_picker.setCurrentIndex(0 if self._attributes else -1)
        self.attribute_picker.blockSignals(False)
        self._show_attribute_picker(bool(self._attributes))
        self.set_classes(self._attributes[0]["classes"] if self._attributes else class_names)

    def set_classes(self, names):
        """Fills the class picker: "Predicted class" first, then the class names."""
        self.class_picker.blockSignals(True)
        self.class_picker.clear()
        self.class_picker.addItem("")
        for name in names:
            self.class_picker.addItem(shown(name))  # Combo items are plain text; a long name is bounded.
        self.class_picker.setCurrentIndex(0)
        self.class_picker.blockSignals(False)
        self._class_names = list(names)
        self.show_map_info(None)  # Also names the first item.

    def is_on(self):
        """Whether Grad-CAM is switched on."""
        return self.enabled_box.isChecked()

    def set_on(self, on):
        """Switches Grad-CAM on or off."""
        self.enabled_box.setChecked(bool(on))

    def chosen_attribute(self):
        """The head to explain: the picked attribute's index (0 for a one-output model)."""
        return max(0, self.attribute_picker.currentIndex()) if self._attributes else 0

    def set_chosen_attribute(self, attribute):
        """Picks the attribute (head) `attribute` by index; its classes fill the class picker."""
        if self._attributes:
            self.attribute_picker.setCurrentIndex(int(attribute))

    def chosen_class(self, predicted_index):
        """The class index to explain: the picked one, or `predicted_index` for "Predicted class"."""
        index = self.class_picker.currentIndex()
        return predicted_index if index <= 0 else index - 1

    def set_chosen_class(self, class_index):
        """Picks class `class_index` (None: the predicted class)."""
        self.class_picker.setCurrentIndex(0 if class_index is None else class_index + 1)

    def opacity_value(self):
        """The overlay opacity in [0, 1]."""
        return self.opacity.value() / 100.0

    def set_opacity_value(self, value):
        """Sets the overlay opacity, in [0, 1] (a value outside is ignored: a hand-edited settings file's)."""
        if 0.0 <= value <= 1.0:
            self.opacity.setValue(round(value * 100))

    def _on_toggled(self, on):
        self._set_sub_enabled(on)
        self.changed.emit()

    def _on_class(self, _index):
        if self.is_on():
            self.changed.emit()

    def _on_attribute(self, index):
        if 0 <= index < len(self._attributes):
            self.set_classes(self._attributes[index]["classes"])  # "Predicted class" of this head.
        if self.is_on():
            self.changed.emit()

    def _show_attribute_picker(self, visible):
        self.attribute_label.setVisible(visible)
        self.attribute_picker.setVisible(visible)

    def _set_sub_enabled(self, on):
        for widget in (self.attribute_label, self.attribute_picker, self.class_label, self.class_picker,
                       self.opacity_label, self.opacity):
            widget.setEnabled(on)
