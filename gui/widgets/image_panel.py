"""The image side of the main window: the image on screen, its Grad-CAM overlay, the tongue and the prediction.

The image is the photo as opened, or, with the "As the model sees it" switch, the model's own
input: scaled to its input size and after its colour correction (`ModelViewToggle`); the
Grad-CAM map is blended over either.

The panel holds its own view state (the model, the image on screen and its size, its
prediction, the Grad-CAM map blended over it, where the tongue is), asks the bridge
(`gui.model_manager.ModelManager`) for Grad-CAM maps and tongue outlines and drops those of
another image or class. The main window tells it when the model, the image or the prediction
changes. A model that crops to the tongue sends where the tongue is with each prediction.
"""

from pathlib import Path

from PyQt5 import QtCore, QtWidgets

from gui.model_worker import TONGUE
from gui.plaintext import plain_label, plain_tooltip, shown
from gui.widgets.common import Retranslatable
from gui.widgets.gradcam_controls import GradCamControls
from gui.widgets.image_view import ImageView
from gui.widgets.model_view_toggle import ModelViewToggle
from gui.widgets.pane_splitter import PaneSplitter
from gui.widgets.prediction_panel import PredictionPanel
from gui.widgets.tongue_panel import TonguePanel

translate = QtCore.QCoreApplication.translate  # The texts belong to the main window's translations.


class ImagePanel(Retranslatable, QtWidgets.QWidget):
    """The image with its title, the Grad-CAM controls and the prediction.

    A divider (`splitter`) parts the photo from the controls and the prediction below it: they
    keep their natural height until the user drags it to enlarge the photo, then they scroll.

    Args:
        manager: the `ModelManager` asked for Grad-CAM maps.
        parent: the parent widget.

    Signals:
        gradcam_toggled(bool): the overlay was switched on or off (the window's action follows).
        view_updated(): something shown changed (for screenshot timing).
    """

    gradcam_toggled = QtCore.pyqtSignal(bool)
    view_updated = QtCore.pyqtSignal()

    def __init__(self, manager, parent=None):
        super().__init__(parent)
        self.manager = manager
        self._model = None  # ModelSummary
        self._shown_path = ""
        self._shown_size = (0, 0)
        self._pixels = None  # The photo as decoded for display (`ImageShown.pixels`).
        self._prediction = None
        self._gradcam = None  # The GradCamView blended over the image
        self._gradcam_layer = ""  # The layer Grad-CAM maps from ("": the model's last convolutional block)
        self._tongue = None  # The TongueView of the image on screen
        self.title = plain_label()
        self.title.setObjectName("panelTitle")
        self.image_view = ImageView(smooth=True)
        self.gradcam_controls = GradCamControls()
        self.gradcam_controls.setEnabled(False)  # Until a model can explain anything.
        self.model_view_toggle = ModelViewToggle()
        self.prediction_panel = PredictionPanel()
        self.tongue_panel = TonguePanel()
        self.splitter = PaneSplitter(self._photo_pane(), self._controls_pane())
        layout = QtWidgets.QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 4, 8)
        layout.addWidget(self.splitter)
        self.gradcam_controls.changed.connect(self._on_gradcam_changed)
        self.gradcam_controls.opacity_changed.connect(self.image_view.set_overlay_opacity)
        self.model_view_toggle.toggled.connect(self._on_model_view_toggled)
        manager.gradcam_ready.connect(self._on_gradcam)
        manager.tongue_ready.connect(self._on_tongue)
        manager.failed.connect(self._on_failed)
        self.tongue_panel.outline_toggled.connect(self._on_outline_toggled)
        self.retranslate()

    def _photo_pane(self):
        """The title and the photo: above the divider, taking the room the controls leave."""
        pane = QtWidgets.QWidget()
        layout = QtWidgets.QVBoxLayout(pane)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.title)
        layout.addWidget(self.image_view, 1)
        return pane

    def _controls_pane(self):
        """The switches, the Grad-CAM controls and the prediction: below the divider, scrolled when the
        user gives the photo their room."""
        pane = QtWidgets.QWidget()
        layout = QtWidgets.QVBoxLayout(pane)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.model_view_toggle)
        layout.addWidget(self.tongue_panel)
        layout.addWidget(self.gradcam_controls)
        layout.addWidget(self.prediction_panel)
        return pane

    def retranslate(self):
        self._update_title()

    # What the window tells.

    def set_model(self, summary):
        """A model was loaded: no prediction yet, Grad-CAM for its classes if it can explain."""
        self._model = summary
        self._prediction = None
        self._gradcam = None
        self._gradcam_layer = ""  # Another model's layers are others.
        self.image_view.set_overlay(None)
        self.gradcam_controls.set_model(summary.class_names, summary.attributes)
        self.gradcam_controls.setEnabled(bool(summary.last_conv_layer))
        self.model_view_toggle.set_model(summary)
        self.prediction_panel.clear()
        self._clear_tongue()
        self.tongue_panel.set_model(summary.crop)
        self._refresh_image()

    def show_image(self, shown):
        """Shows a decoded image (`ImageShown`); its prediction follows."""
        self._shown_path = shown.path
        self._shown_size = shown.original_size
        self._prediction = None
        self._gradcam = None
        self._pixels = shown.pixels
        self.image_view.set_image(shown.pixels)
        self.gradcam_controls.show_map_info(None)
        self._clear_tongue()
        if self.tongue_panel.is_outline_on() and not self._model_crops():
            self.manager.request_tongue(shown.path)  # A cropping model sends it with its prediction.
        self._update_title()
        if self._model is not None:
            self.prediction_panel.clear(translate("MainWindow", "Classifying…"))

    def show_prediction(self, prediction):
        """Shows the image's `Prediction`, and asks for its Grad-CAM map when the overlay is on."""
        self._prediction = prediction
        self.prediction_panel.show_prediction(prediction)
        self._refresh_image()
        if self.gradcam_controls.is_on():
            self._request_gradcam()

    def show_hints(self, image_hint):
        """Placeholders that say what to do next: `image_hint` where no image is shown yet."""
        self._update_title()
        if not self._shown_path:
            self.image_view.set_placeholder(image_hint)
        if self._prediction is None:
            if self._model is None and self._shown_path:
                self.prediction_panel.clear(translate(
                    "MainWindow", "Open a model (Ctrl+M) or drop a .keras file to classify this image"))
            elif self._model is None:
                self.prediction_panel.clear(translate("MainWindow", "No model loaded"))
            elif not self._shown_path:
                self.prediction_panel.clear(translate("MainWindow", "No image yet"))

    # What the window reads.

    def shown_path(self):
        """The path of the image on screen, or ""."""
        return self._shown_path

    def prediction(self):
        """The `Prediction` on screen, or None."""
        return self._prediction

    def gradcam_shown(self):
        """The `GradCamView` blended over the image, or None."""
        return self._gradcam

    def shows_model_view(self):
        """Whether the image on screen is the model's view (its input after colour correction)."""
        return self._model_view() is not None

    def tongue_shown(self):
        """The `TongueView` of the image on screen, or None."""
        return self._tongue

    def is_settled(self):
        """Whether the Grad-CAM map and the tongue asked for are shown (or none is asked for)."""
        wanted = self.gradcam_controls.is_on() and self._model is not None and self._model.last_conv_layer
        tongue_wanted = bool(self._shown_path) and (
            self.tongue_panel.is_outline_on() or (self._model_crops() and self._prediction is not None))
        return (not wanted or self._gradcam is not None) and (not tongue_wanted or self._tongue is not None)

    # The tongue.

    def set_outline(self, on):
        """Switches the tongue's outline over the photo on or off."""
        self.tongue_panel.set_outline_on(on)

    def _model_crops(self):
        return self._model is not None and bool(self._model.crop)

    def _clear_tongue(self):
        self._tongue = None
        self.image_view.set_outline(None)
        self.tongue_panel.clear()

    def _on_outline_toggled(self, on):
        if not on:
            self.image_view.set_outline(None)
        elif self._tongue is not None:
            self.image_view.set_outline(self._tongue.outline)
        elif self._shown_path and (not self._model_crops() or self._prediction is None):
            self.manager.request_tongue(self._shown_path)
        self.view_updated.emit()

    def _on_failed(self, kind, message):
        if kind == TONGUE:  # No segmenter to draw with: the switch goes off; the window shows why.
            self.tongue_panel.set_outline_on(False)

    def _on_tongue(self, view):
        if view.path != self._shown_path:
            return
        self._tongue = view
        self.tongue_panel.show_view(view)
        if self.tongue_panel.is_outline_on():
            self.image_view.set_outline(view.outline)
        self.view_updated.emit()

    # Grad-CAM.

    def set_gradcam(self, on, class_index=None, attribute=None):
        """Switches the Grad-CAM overlay on or off, for `class_index` (None: the predicted class) of the
        head `attribute` (an index; None keeps the one picked)."""
        if attribute is not None:
            self.gradcam_controls.set_chosen_attribute(attribute)
        self.gradcam_controls.set_chosen_class(class_index)
        self.gradcam_controls.set_on(on)

    def set_gradcam_layer(self, layer):
        """Grad-CAM from `layer` from now on ("" for the model's last convolutional block); turns the
        overlay on, so the map of the chosen layer shows at once."""
        self._gradcam_layer = layer or ""
        if self.gradcam_controls.is_on():
            self._on_gradcam_changed()
        else:
            self.gradcam_controls.set_on(True)

    def gradcam_layer(self):
        """The layer chosen for Grad-CAM, or "" for the model's default."""
        return self._gradcam_layer

    def _on_gradcam_changed(self):
        on = self.gradcam_controls.is_on()
        self._gradcam = None
        self.image_view.set_overlay(None)
        self.gradcam_controls.show_map_info(None)
        if on:
            self._request_gradcam()
        self.gradcam_toggled.emit(on)
        self.view_updated.emit()

    def _request_gradcam(self):
        if self._prediction is None or self._model is None or not self._model.last_conv_layer:
            return
        attribute = self.gradcam_controls.chosen_attribute()
        self.manager.request_gradcam(self._prediction.path, self._chosen_class(), layer=self._gradcam_layer or None,
                                     attribute=attribute)

    def _chosen_class(self):
        """The class to explain: the picked one, or the chosen attribute's predicted class."""
        prediction = self._prediction
        attribute = self.gradcam_controls.chosen_attribute()
        predicted = prediction.attributes[attribute].class_index if prediction.attributes else prediction.class_index
        return self.gradcam_controls.chosen_class(predicted)

    def _on_gradcam(self, view):
        if self._prediction is None or view.path != self._prediction.path or not self.gradcam_controls.is_on():
            return
        if view.class_index != self._chosen_class() or view.attribute != self.gradcam_controls.chosen_attribute():
            return
        self._gradcam = view
        self.image_view.set_overlay(view.rgba)
        self.image_view.set_overlay_opacity(self.gradcam_controls.opacity_value())
        self.gradcam_controls.show_map_info(view)
        self.view_updated.emit()

    # The photo, or the model's view of it.

    def _model_view(self):
        """The model's view of the photo on screen when the switch asks for it, else None."""
        prediction = self._prediction
        if not self.model_view_toggle.is_on() or prediction is None or prediction.path != self._shown_path:
            return None
        return prediction.model_view

    def _refresh_image(self):
        """Shows the photo or the model's view of it, with the Grad-CAM map over it."""
        if self._pixels is None:
            return
        view = self._model_view()
        self.image_view.set_image(self._pixels if view is None else view)
        self.image_view.set_smooth(view is None)  # The model's input as its pixels, not blurred between them.
        if self._gradcam is not None:
            self.image_view.set_overlay(self._gradcam.rgba)
            self.image_view.set_overlay_opacity(self.gradcam_controls.opacity_value())

    def _on_model_view_toggled(self, _on):
        self._refresh_image()
        self.view_updated.emit()

    def _update_title(self):
        if not self._shown_path:
            self.title.setText(translate("MainWindow", "No image"))
            self.title.setToolTip("")
            return
        width, height = self._shown_size
        self.title.setText(translate("MainWindow", "{name}  ·  {width}×{height}").format(
            name=shown(Path(self._shown_path).name), width=width, height=height))
        self.title.setToolTip(plain_tooltip(self._shown_path))
