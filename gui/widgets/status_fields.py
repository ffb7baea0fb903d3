"""The main window's status bar fields: what the model worker is doing, and which model is loaded."""

from PyQt5 import QtCore, QtWidgets

from gui.model_worker import BATCH, FEATURES, FILTERS, GRADCAM, IMAGE, LOAD, STARTUP
from gui.plaintext import plain_label, plain_tooltip, shown

translate = QtCore.QCoreApplication.translate  # The texts belong to the main window's translations.

# The most class names the classes field lists (the label shows the first few, its tooltip more).
_LISTED_CLASSES = 50


class StatusFields:
    """A busy indicator on the left of a status bar, the model's name, classes and input on the right.

    The busy indicator is a normal status bar widget (a passing message covers it); the model
    fields are permanent ones. Call `retranslate` when the language changes.

    Args:
        status_bar: the `QStatusBar` to fill.
    """

    def __init__(self, status_bar):
        self.busy_label = plain_label()
        self.busy_bar = QtWidgets.QProgressBar()
        self.busy_bar.setRange(0, 0)
        self.busy_bar.setFixedWidth(90)
        self.busy_bar.setMaximumHeight(14)
        self.busy_bar.setTextVisible(False)
        self.model_label = plain_label()
        self.classes_label = plain_label()
        self.input_label = plain_label()
        for label in (self.model_label, self.classes_label, self.input_label):
            label.setObjectName("statusField")
        status_bar.addWidget(self.busy_bar)
        status_bar.addWidget(self.busy_label, 1)
        status_bar.addPermanentWidget(self.model_label)
        status_bar.addPermanentWidget(self.classes_label)
        status_bar.addPermanentWidget(self.input_label)
        self.busy_bar.hide()
        self._model = None
        self._activity = ""

    def retranslate(self):
        """Sets the texts again in the current language."""
        self.show_activity(self._activity)
        self.show_model(self._model)

    def show_activity(self, kind):
        """Says what the model worker is doing (a request kind), or nothing when idle ("")."""
        self._activity = kind
        texts = {
            STARTUP: translate("MainWindow", "Starting TensorFlow…"),
            LOAD: translate("MainWindow", "Loading model…"),
            IMAGE: translate("MainWindow", "Classifying…"),
            FEATURES: translate("MainWindow", "Computing feature maps…"),
            FILTERS: translate("MainWindow", "Drawing filters…"),
            GRADCAM: translate("MainWindow", "Computing Grad-CAM…"),
            BATCH: translate("MainWindow", "Classifying folder…"),
        }
        self.busy_label.setText(texts.get(kind, translate("MainWindow", "Working…") if kind else ""))
        self.busy_bar.setVisible(bool(kind))

    def show_model(self, model):
        """Shows a `ModelSummary`'s name, classes and input size (None: no model)."""
        self._model = model
        if model is None:
            self.model_label.setText(translate("MainWindow", "No model"))
            self.classes_label.setText("")
            self.input_label.setText("")
            self.model_label.setToolTip("")
            return
        self.model_label.setText(translate("MainWindow", "Model: {name}").format(name=shown(model.name)))
        self.model_label.setToolTip(plain_tooltip(_model_tooltip(model)))
        names = _class_list(model.class_names)
        metrics = self.classes_label.fontMetrics()
        self.classes_label.setText(translate("MainWindow", "{count} classes: {names}").format(
            count=len(model.class_names), names=metrics.elidedText(names, QtCore.Qt.ElideRight, 320)))
        self.classes_label.setToolTip(plain_tooltip(names))
        height, width, channels = model.input_shape
        self.input_label.setText(translate("MainWindow", "Input {height}×{width}×{channels}").format(
            height=height, width=width, channels=channels))


def _class_list(names):
    """The class names joined with commas, each bounded (`gui.plaintext`), the first few only."""
    listed = [shown(name) for name in names[:_LISTED_CLASSES]]
    if len(names) > _LISTED_CLASSES:
        listed.append("…")
    return ", ".join(listed)


def _model_tooltip(model):
    lines = [shown(model.path)]
    if model.arch:
        lines.append(translate("MainWindow", "Architecture: {arch}").format(arch=shown(model.arch)))
    lines.append(translate("MainWindow", "Parameters: {count}").format(
        count=QtCore.QLocale().toString(model.total_params)))
    accuracy = model.training.get("val_accuracy") if model.training else None
    if isinstance(accuracy, (int, float)):
        lines.append(translate("MainWindow", "Validation accuracy when trained: {percent}").format(
            percent=QtCore.QLocale().toString(accuracy * 100.0, "f", 1) + "%"))
    return "\n".join(lines)
