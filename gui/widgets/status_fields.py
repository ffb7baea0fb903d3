"""The main window's status bar fields: what the model worker is doing, and which model is loaded."""

from PyQt5 import QtCore, QtWidgets

from gui.model_worker import (
    BATCH, CALIBRATE, CHECK_WEIGHTS, FEATURES, FILTERS, GRADCAM, IMAGE, LOAD, REPORT, SAVE_CALIBRATED, STARTUP)
from gui.plaintext import plain_label, plain_tooltip, shown

translate = QtCore.QCoreApplication.translate  # The texts belong to the main window's translations.

# The most class names the classes field lists (the label shows the first few, its tooltip more).
_LISTED_CLASSES = 50
# The class or attribute names take at most this share of the status bar, and this many pixels: the rest
# is for passing messages ("Saved 6 results to …"), which read "Model l" at 1,024 pixels.
_NAMES_SHARE = 0.22
_NAMES_MAX_WIDTH = 320
# Below this width the names field is left out (the prediction panel names the classes, and the model
# field's tooltip lists them), so a passing message has room.
_NAMES_FIELD_MIN_BAR_WIDTH = 1100


class StatusFields(QtCore.QObject):
    """A busy indicator on the left of a status bar, the model's name, classes and input on the right.

    The busy indicator is a normal status bar widget (a passing message covers it); the model
    fields are permanent ones. Call `retranslate` when the language changes.

    Args:
        status_bar: the `QStatusBar` to fill.
    """

    def __init__(self, status_bar):
        super().__init__(status_bar)
        self._status_bar = status_bar
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
        self._names_width = self._fitting_names_width()
        status_bar.installEventFilter(self)

    def eventFilter(self, watched, event):  # noqa: N802  Qt's name.
        if watched is self._status_bar and event.type() == QtCore.QEvent.Resize:
            if self._fitting_names_width() != self._names_width:  # The names elided anew for the new width.
                self._names_width = self._fitting_names_width()
                self.show_model(self._model)
            self._show_names_field()
        return False

    def _show_names_field(self):
        wide = self._status_bar.width() >= _NAMES_FIELD_MIN_BAR_WIDTH
        self.classes_label.setVisible(wide and bool(self.classes_label.text()))

    def _fitting_names_width(self):
        return max(80, min(_NAMES_MAX_WIDTH, int(self._status_bar.width() * _NAMES_SHARE)))

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
            REPORT: translate("MainWindow", "Writing the report…"),
            CALIBRATE: translate("MainWindow", "Calibrating the light…"),
            SAVE_CALIBRATED: translate("MainWindow", "Saving the calibrated model…"),
            CHECK_WEIGHTS: translate("MainWindow", "Checking the weights file…"),
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
            self._show_names_field()
            return
        self.model_label.setText(translate("MainWindow", "Model: {name}").format(name=shown(model.name)))
        metrics = self.classes_label.fontMetrics()
        if model.attributes:  # One head per attribute: the attributes, each with its classes in the tooltip.
            names = _class_list([attribute["name"] for attribute in model.attributes])
            self.classes_label.setText(translate("MainWindow", "{count} attributes: {names}").format(
                count=len(model.attributes), names=metrics.elidedText(names, QtCore.Qt.ElideRight, self._names_width)))
            listed = "\n".join(f"{shown(attribute['name'])}: {_class_list(attribute['classes'])}"
                               for attribute in model.attributes)
        else:
            names = _class_list(model.class_names)
            self.classes_label.setText(translate("MainWindow", "{count} classes: {names}").format(
                count=len(model.class_names), names=metrics.elidedText(names, QtCore.Qt.ElideRight, self._names_width)))
            listed = names
        self.classes_label.setToolTip(plain_tooltip(listed))
        # The names again, for when their own field is left out of a narrow window.
        self.model_label.setToolTip(plain_tooltip(_model_tooltip(model) + "\n" + listed))
        self._show_names_field()
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
    training = model.training if isinstance(model.training, dict) else {}
    accuracy = training.get("val_accuracy")
    if isinstance(accuracy, (int, float)):
        lines.append(translate("MainWindow", "Validation accuracy when trained: {percent}").format(
            percent=_accuracy_text(accuracy, training.get("val_correct"), training.get("val_images"))))
    lines.extend(_cross_validation_lines(training.get("cross_validation")))
    return "\n".join(lines)


def _percent(value):
    return QtCore.QLocale().toString(float(value) * 100.0, "f", 1) + "%"


def _accuracy_text(accuracy, correct, images):
    """The accuracy, with its count and 95 % interval when the file has them."""
    if not isinstance(correct, int) or not isinstance(images, int) or not 0 <= correct <= images or not images:
        return _percent(accuracy)
    from training import stats  # Plain Python: no TensorFlow.

    low, high = stats.wilson_interval(correct, images)
    return translate("MainWindow", "{percent} ({right}/{images} images right; 95 % CI {low}–{high})").format(
        percent=_percent(correct / images), right=correct, images=images, low=_percent(low), high=_percent(high))


def _cross_validation_lines(figures):
    """The cross-validation a model was kept after (`training.folds`), if its file says so."""
    try:
        folds, accuracy, pooled = int(figures["folds"]), figures["accuracy"], figures["pooled"]
        line = translate("MainWindow", "Cross-validation, {folds} folds: mean {mean}, standard deviation {std} "
                                       "points; all images together {pooled}").format(
            folds=folds, mean=_percent(accuracy["mean"]),
            std=QtCore.QLocale().toString(100.0 * float(accuracy["std"]), "f", 1),
            pooled=_accuracy_text(pooled["value"], pooled["successes"], pooled["n"]))
    except (KeyError, TypeError, ValueError):  # No cross-validation, or a file from elsewhere.
        return []
    return [line]
