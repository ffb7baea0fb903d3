"""The answer for the current image: predicted class, top-k probability bars, time taken, and a
lighting warning when the photo's light is far from the training photos' (`core.lighting`). When
the photo's folder holds enough photos for a light calibration (`core.calibration`), a link under
the warning calibrates from them.

A model with one head per attribute gets one group per attribute instead: its name, its
reading with the probability, and the bars of its best classes, groups side by side.
"""

from pathlib import Path

from PyQt5 import QtCore, QtWidgets

from core.calibration import MIN_PHOTOS
from core.imagefiles import has_images
from core.lighting import unusual_lighting_note
from gui import config
from gui.core_text import localize
from gui.plaintext import WrappedPlainLabel, plain_label, plain_tooltip, set_plain_text, shown
from gui.widgets.common import Retranslatable, format_percent
from gui.widgets.probability_bars import ProbabilityBars


class PredictionPanel(Retranslatable, QtWidgets.QFrame):
    """Shows a `gui.messages.Prediction`, or a hint while there is none.

    Signals:
        calibrate_requested(str): the user asked to calibrate the light from this folder's photos.
    """

    calibrate_requested = QtCore.pyqtSignal(str)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("predictionPanel")
        self._prediction = None
        self._hint = ""
        self.title = plain_label()
        self.title.setObjectName("panelTitle")
        self.predicted = plain_label()
        self.predicted.setObjectName("predictedClass")
        self.predicted.setTextInteractionFlags(QtCore.Qt.TextSelectableByMouse)
        self.predicted.setWordWrap(True)
        self.lighting_warning = plain_label()
        self.lighting_warning.setObjectName("lightingWarning")
        self.lighting_warning.setWordWrap(True)
        self.lighting_warning.hide()
        self.calibrate_link = QtWidgets.QPushButton()
        self.calibrate_link.setObjectName("calibrateLink")
        self.calibrate_link.setFlat(True)
        self.calibrate_link.setCursor(QtCore.Qt.PointingHandCursor)
        self.calibrate_link.clicked.connect(self._ask_calibration)
        self.calibrate_link.hide()
        self.bars = ProbabilityBars()
        self.groups = []  # An `AttributeGroup` per head of a multi-attribute model.
        self.groups_box = QtWidgets.QWidget()
        self._groups_layout = QtWidgets.QGridLayout(self.groups_box)
        self._groups_layout.setContentsMargins(0, 0, 0, 0)
        self._groups_layout.setHorizontalSpacing(16)
        self._groups_layout.setVerticalSpacing(8)
        self.groups_box.hide()
        self.timing = plain_label()
        self.timing.setObjectName("secondaryText")
        layout = QtWidgets.QVBoxLayout(self)
        layout.setContentsMargins(12, 10, 12, 10)
        layout.setSpacing(6)
        layout.addWidget(self.title)
        layout.addWidget(self.predicted)
        layout.addWidget(self.lighting_warning)
        layout.addWidget(self.calibrate_link, 0, QtCore.Qt.AlignLeft)
        layout.addWidget(self.bars)
        layout.addWidget(self.groups_box)
        layout.addWidget(self.timing)
        layout.addStretch(1)
        self.retranslate()

    def show_prediction(self, prediction):
        """Shows a `Prediction`."""
        self._prediction = prediction
        self._set_groups(len(prediction.attributes) if prediction.attributes else 0)
        self.retranslate()

    def prediction(self):
        """The shown `Prediction`, or None."""
        return self._prediction

    def clear(self, hint=""):
        """Removes the prediction and shows `hint` instead."""
        self._prediction = None
        self._hint = hint
        self._set_groups(0)
        self.retranslate()

    def lighting_warning_text(self):
        """The lighting warning shown beside the prediction, or "" when there is none."""
        return self.lighting_warning.text() if not self.lighting_warning.isHidden() else ""

    def predicted_label(self):
        """The predicted class name shown (the first attribute's for a multi-attribute model), or ""."""
        return self._prediction.top[0]["label"] if self._prediction else ""

    def attribute_readings(self):
        """[(attribute, shown top list)] of the groups on screen; [] for a one-output model."""
        return [(group.name, group.bars.top()) for group in self.groups]

    def retranslate(self):
        self.title.setText(self.tr("Prediction"))
        prediction = self._prediction
        if prediction is None:
            set_plain_text(self.predicted, self._hint)
            self.predicted.setProperty("empty", True)
            self.bars.set_top([])
            self.timing.setText("")
            self._show_lighting(None)
        else:
            best = prediction.top[0]
            self.predicted.setText(self.tr("{label}  ·  {percent}").format(
                label=shown(best["label"]), percent=format_percent(best["probability"])))
            self.predicted.setProperty("empty", False)
            self.bars.set_top(prediction.top)
            for group, attribute in zip(self.groups, prediction.attributes or []):
                group.show_reading(attribute)
            self.timing.setText(self.tr("Classified in {ms} ms").format(
                ms=QtCore.QLocale().toString(prediction.milliseconds, "f", 0)))
            self._show_lighting(prediction.lighting)
        grouped = bool(self.groups)
        self.predicted.setVisible(not grouped)
        self.bars.setVisible(not grouped)
        self.groups_box.setVisible(grouped)
        self.predicted.style().unpolish(self.predicted)
        self.predicted.style().polish(self.predicted)

    def _show_lighting(self, check):
        """Warns, under the predicted class, when the photo's light is unusual for the model."""
        sentence, detail = unusual_lighting_note(check)
        self._show_calibrate_link(sentence is not None)
        if sentence is None:
            self.lighting_warning.hide()
            self.lighting_warning.setText("")
            self.lighting_warning.setToolTip("")
            return
        text = localize(sentence)
        set_plain_text(self.lighting_warning, "⚠ " + text[:1].upper() + text[1:])
        tip = self.tr("Lighting distance {distance} (warning above {threshold}).").format(
            distance=QtCore.QLocale().toString(check.distance, "f", 1),
            threshold=QtCore.QLocale().toString(check.threshold, "f", 1))
        if detail is not None:
            tip = localize(detail) + "\n" + tip
        tip += "\n" + self.tr("If your photos now come from another lamp or camera, calibrate the light from "
                              "photos taken under it: Model > Calibrate Light from Photos (Ctrl+L).")
        self.lighting_warning.setToolTip(plain_tooltip(tip))
        self.lighting_warning.show()

    def _show_calibrate_link(self, warned):
        """Offers a calibration from the photo's folder when the photo was warned about and the folder can give one."""
        folder = Path(self._prediction.path).parent if warned and self._prediction is not None else None
        if folder is None or not has_images(folder, MIN_PHOTOS):
            self.calibrate_link.hide()
            return
        self.calibrate_link.setText(self.tr("Calibrate the light from the photos in “{folder}”…").format(
            folder=shown(folder.name or str(folder))))
        self.calibrate_link.setToolTip(plain_tooltip(self.tr(
            "Estimate this lamp from the photos of this folder (a usual mix of patients, all under this lamp) and "
            "correct every photo to the training photos' light")))
        self.calibrate_link.show()

    def _ask_calibration(self):
        if self._prediction is not None:
            self.calibrate_requested.emit(str(Path(self._prediction.path).parent))

    def _set_groups(self, count):
        """Keeps `count` attribute groups (0 for a one-output model or no prediction)."""
        while len(self.groups) > count:
            group = self.groups.pop()
            self._groups_layout.removeWidget(group)
            group.deleteLater()
        while len(self.groups) < count:
            group = AttributeGroup()
            index = len(self.groups)
            self._groups_layout.addWidget(group, index // config.ATTRIBUTE_COLUMNS, index % config.ATTRIBUTE_COLUMNS,
                                          QtCore.Qt.AlignTop)
            self.groups.append(group)


class AttributeGroup(QtWidgets.QWidget):
    """One attribute's reading: "name: class · percent" and the bars of its best classes."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.name = ""
        self.heading = WrappedPlainLabel()  # Two groups side by side must not hold the window wide.
        self.heading.setObjectName("attributeReading")
        self.heading.setTextInteractionFlags(QtCore.Qt.TextSelectableByMouse)
        self.bars = ProbabilityBars(compact=True)
        layout = QtWidgets.QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.heading)
        layout.addWidget(self.bars)

    def show_reading(self, attribute):
        """Shows an `AttributePrediction`."""
        self.name = attribute.name
        best = attribute.top[0]
        self.heading.setText(QtCore.QCoreApplication.translate("PredictionPanel", "{attribute}: {label}  ·  {percent}")
                             .format(attribute=shown(attribute.name), label=shown(best["label"]),
                                     percent=format_percent(best["probability"])))
        self.bars.set_top(attribute.top[:config.ATTRIBUTE_TOP_K])
