"""The switch under the image: show the photo as it is, or as the model sees it.

"As the model sees it" is the model's own input (`core.predictor.Classifier.model_view`): the
photo scaled to the model's input size, in gray for a one-channel model, and passed through the
model's colour correction (`models.colour`, `train --colour`), the picture the feature maps and
the Grad-CAM map are computed from. A caption says which
correction the model applies, so a user sees what the correction does to a photo taken under
another lamp.
"""

from PyQt5 import QtCore, QtWidgets

from gui.plaintext import WrappedPlainLabel, shown
from gui.widgets.common import Retranslatable


class ModelViewToggle(Retranslatable, QtWidgets.QWidget):
    """A checkbox and a caption naming the model's input size and colour correction.

    Signals:
        toggled(bool): the view was switched.
    """

    toggled = QtCore.pyqtSignal(bool)

    def __init__(self, parent=None):
        super().__init__(parent)
        self._model = None  # ModelSummary
        self._calibrated = False  # A light calibration corrects the photos before the model (`core.calibration`).
        self.box = QtWidgets.QCheckBox()
        self.box.setObjectName("modelViewBox")
        # Wrapped, "64×64, colour corrected (…)" does not hold the window wide, and keeps its lines' room.
        self.caption = WrappedPlainLabel()
        self.caption.setObjectName("secondaryText")
        layout = QtWidgets.QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.box)
        layout.addWidget(self.caption, 1)
        self.box.toggled.connect(self.toggled)
        self.setEnabled(False)  # Until a model is loaded.
        self.retranslate()

    def set_model(self, summary):
        """A model was loaded: its input size and colour correction go into the caption."""
        self._model = summary
        self._calibrated = False
        self.setEnabled(True)
        self.retranslate()

    def set_calibrated(self, calibrated):
        """Says in the caption whether a light calibration corrects the photos before the model."""
        self._calibrated = bool(calibrated)
        self.retranslate()

    def is_on(self):
        """Whether the image is shown as the model sees it."""
        return self.box.isChecked()

    def set_on(self, on):
        """Switches the view (emits `toggled` when it changes)."""
        self.box.setChecked(bool(on))

    def retranslate(self):
        self.box.setText(self.tr("As the model sees it"))
        self.box.setToolTip(self.tr(
            "Show the image the model takes in: scaled to its input size and after its colour correction, "
            "the picture the feature maps and Grad-CAM are computed from"))
        model = self._model
        if model is None:
            self.caption.setText("")
            return
        height, width = model.input_shape[:2]
        corrected = bool(model.colour_mode) and model.colour_mode != "none"
        if corrected and self._calibrated:
            text = self.tr("{width}×{height}, light calibrated, colour corrected ({mode})").format(
                width=width, height=height, mode=shown(model.colour_mode))
        elif corrected:
            text = self.tr("{width}×{height}, colour corrected ({mode})").format(
                width=width, height=height, mode=shown(model.colour_mode))
        elif self._calibrated:
            text = self.tr("{width}×{height}, light calibrated").format(width=width, height=height)
        else:
            text = self.tr("{width}×{height}, no colour correction in this model").format(width=width, height=height)
        if len(model.input_shape) == 3 and model.input_shape[2] == 1:  # LeNet and the like: shown as they read it.
            text = self.tr("{caption}; in gray: the model reads one channel").format(caption=text)
        self.caption.setText(text)
