"""The answer for the current image: predicted class, top-k probability bars, time taken."""

from PyQt5 import QtCore, QtWidgets

from gui.plaintext import plain_label, set_plain_text, shown
from gui.widgets.common import Retranslatable, format_percent
from gui.widgets.probability_bars import ProbabilityBars


class PredictionPanel(Retranslatable, QtWidgets.QFrame):
    """Shows a `gui.messages.Prediction`, or a hint while there is none."""

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
        self.bars = ProbabilityBars()
        self.timing = plain_label()
        self.timing.setObjectName("secondaryText")
        layout = QtWidgets.QVBoxLayout(self)
        layout.setContentsMargins(12, 10, 12, 10)
        layout.setSpacing(6)
        layout.addWidget(self.title)
        layout.addWidget(self.predicted)
        layout.addWidget(self.bars)
        layout.addWidget(self.timing)
        layout.addStretch(1)
        self.retranslate()

    def show_prediction(self, prediction):
        """Shows a `Prediction`."""
        self._prediction = prediction
        self.retranslate()

    def prediction(self):
        """The shown `Prediction`, or None."""
        return self._prediction

    def clear(self, hint=""):
        """Removes the prediction and shows `hint` instead."""
        self._prediction = None
        self._hint = hint
        self.retranslate()

    def predicted_label(self):
        """The predicted class name shown, or ""."""
        return self._prediction.top[0]["label"] if self._prediction else ""

    def retranslate(self):
        self.title.setText(self.tr("Prediction"))
        prediction = self._prediction
        if prediction is None:
            set_plain_text(self.predicted, self._hint)
            self.predicted.setProperty("empty", True)
            self.bars.set_top([])
            self.timing.setText("")
        else:
            best = prediction.top[0]
            self.predicted.setText(self.tr("{label}  ·  {percent}").format(
                label=shown(best["label"]), percent=format_percent(best["probability"])))
            self.predicted.setProperty("empty", False)
            self.bars.set_top(prediction.top)
            self.timing.setText(self.tr("Classified in {ms} ms").format(
                ms=QtCore.QLocale().toString(prediction.milliseconds, "f", 0)))
        self.predicted.style().unpolish(self.predicted)
        self.predicted.style().polish(self.predicted)
