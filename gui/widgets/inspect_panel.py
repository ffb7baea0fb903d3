"""The Inspect page: the model's layers, and for the chosen one its feature maps and its filters.

The panel holds its own view state (the model, the prediction on screen, the chosen layer,
which maps are shown), asks the bridge (`gui.model_manager.ModelManager`) for maps, channels
and filters, and drops answers that belong to another image or layer. The main window tells
it when the model, the image or the prediction changes.
"""

from PyQt5 import QtCore, QtWidgets

from gui.model_worker import CHANNEL, FEATURES
from gui.plaintext import shown
from gui.widgets.common import Retranslatable
from gui.widgets.feature_map_view import FeatureMapView
from gui.widgets.filter_view import FilterView
from gui.widgets.layer_table import LayerTable, LayerTotals

translate = QtCore.QCoreApplication.translate  # The texts belong to the main window's translations.


class InspectPanel(Retranslatable, QtWidgets.QSplitter):
    """The layer list above, feature maps and filters below.

    Args:
        manager: the `ModelManager` asked for maps, channels and filters.
        parent: the parent widget.

    Signals:
        view_updated(): something shown changed (for screenshot timing).
    """

    view_updated = QtCore.pyqtSignal()

    def __init__(self, manager, parent=None):
        super().__init__(QtCore.Qt.Vertical, parent)
        self.manager = manager
        self._model = None  # ModelSummary
        self._prediction = None  # The prediction on screen: its image is the one to inspect.
        self._layer = ""
        self._features_for = None  # (path, layer) of the feature maps on screen
        self._has_image = False  # An image is on screen (it stays when the model changes).
        self.layer_table = LayerTable()
        self.layer_totals = LayerTotals()
        self.feature_maps = FeatureMapView()
        self.filter_view = FilterView()
        self.tabs = QtWidgets.QTabWidget()
        self.tabs.setDocumentMode(True)
        self.tabs.addTab(self.feature_maps, "")
        self.tabs.addTab(self.filter_view, "")
        self.addWidget(_stacked(self.layer_table, self.layer_totals))
        self.addWidget(self.tabs)
        self.setStretchFactor(0, 2)
        self.setStretchFactor(1, 3)
        self.setSizes([260, 420])
        self.setChildrenCollapsible(False)
        self.layer_table.layer_selected.connect(self.select_layer)
        self.feature_maps.channel_clicked.connect(self._request_channel)
        self.feature_maps.options_changed.connect(self._request_features)
        self.tabs.currentChanged.connect(lambda _index: self._request_filters())
        manager.features_ready.connect(self._on_features)
        manager.channel_ready.connect(self._on_channel)
        manager.filters_ready.connect(self._on_filters)
        manager.failed.connect(self._on_failed)
        self.retranslate()

    def retranslate(self):
        self.tabs.setTabText(0, translate("MainWindow", "Feature maps"))
        self.tabs.setTabText(1, translate("MainWindow", "Filters"))
        self.show_hints()

    # What the window tells.

    def set_model(self, summary):
        """Lists a newly loaded model's layers and chooses its default one."""
        self._model = summary
        self._prediction = None
        self._features_for = None
        self._layer = ""
        self.filter_view.clear()
        sides = [side for side in summary.input_shape[:2] if side]  # None: a model of any input size.
        self.layer_table.set_layers(summary.layers, max(sides, default=None))
        self.layer_totals.set_totals(summary.totals)
        self.feature_maps.set_layer_channels(None)
        if summary.default_layer:
            self.select_layer(summary.default_layer)

    def show_image(self):
        """Another image is on screen: its maps come with its prediction."""
        self._has_image = True
        self._prediction = None
        self._features_for = None

    def show_prediction(self, prediction):
        """The image on screen is classified: its maps can be asked for."""
        self._prediction = prediction
        self._request_features()

    def show_hints(self):
        """Placeholders that say what to do next, where nothing is shown yet."""
        if self._features_for is None:
            if self._model is None:
                hint = translate("MainWindow", "Open a model to see its layers")
            elif self._model.inspection_note:
                hint = self._model.inspection_note
            elif not self._layer:
                hint = translate("MainWindow", "Choose a layer in the list above")
            elif not self._has_image:
                hint = translate("MainWindow", "Open an image to see this layer's feature maps")
            else:
                hint = translate("MainWindow", "Layer {layer} has no feature maps to show").format(
                    layer=shown(self._layer))
            self.feature_maps.clear(hint)
        if self.filter_view.filters() is None:
            self.filter_view.clear(translate("MainWindow", "Choose a convolution layer to see its filters"))

    # The layer.

    def select_layer(self, name):
        """Shows the feature maps (and filters) of layer `name` for the current image."""
        if name == self._layer:
            return
        self._layer = name
        if self.layer_table.selected_layer() != name:
            self.layer_table.select_layer(name)
        self.feature_maps.set_layer_channels(self._channel_count(name))
        self._features_for = None
        self._request_features()
        self._request_filters()
        self.show_hints()

    def selected_layer(self):
        """The selected layer's name, or ""."""
        return self._layer

    def is_settled(self, shown_path):
        """Whether the maps and the enlarged channel of the chosen layer are those of `shown_path`."""
        if not self._layer or not self._is_inspectable(self._layer):
            return True
        if self._features_for != (shown_path, self._layer):
            return False
        channel = self.feature_maps.shown_channel()
        return channel is not None and (channel.path, channel.layer) == (shown_path, self._layer)

    # Requests and answers.

    def _request_features(self):
        if self._prediction is None or not self._layer or not self._is_inspectable(self._layer):
            return
        self.manager.request_features(self._prediction.path, self._layer, self.feature_maps.sort_by_mean_checked(),
                                      self.feature_maps.channel_limit())

    def _request_channel(self, channel):
        if self._prediction is not None and self._layer:
            self.manager.request_channel(self._prediction.path, self._layer, channel)

    def _request_filters(self):
        if self._model is None or not self._layer or self.tabs.currentWidget() is not self.filter_view:
            return
        current = self.filter_view.filters()
        if current is None or current.layer != self._layer:
            self.manager.request_filters(self._layer)

    def _channel_count(self, name):
        """The channels (or units) of layer `name`'s output, or None when unknown."""
        for row in self.layer_table.layers():
            if row.name == name and row.output_shape and isinstance(row.output_shape[-1], int):
                return row.output_shape[-1] if row.output_shape[-1] > 0 else None
        return None

    def _is_inspectable(self, name):
        return any(row.name == name and row.inspectable for row in self.layer_table.layers())

    def _is_current(self, path, layer):
        return self._prediction is not None and path == self._prediction.path and layer == self._layer

    def _on_features(self, maps):
        if not self._is_current(maps.path, maps.layer):
            return
        self._features_for = (maps.path, maps.layer)
        self.feature_maps.show_maps(maps)
        channel = self.feature_maps.shown_channel()
        if maps.shown and (channel is None or channel.path != maps.path):
            self._request_channel(maps.shown[0])  # Something to look at before the first click.
        self.view_updated.emit()

    def _on_channel(self, view):
        if self._is_current(view.path, view.layer):
            self.feature_maps.show_channel(view)
            self.view_updated.emit()

    def _on_filters(self, filters):
        if filters.layer == self._layer:
            self.filter_view.show_filters(filters)

    def _on_failed(self, kind, message):
        if kind in (FEATURES, CHANNEL):
            self.feature_maps.clear(message)  # Shown where the maps would be; the rest works on.


def _stacked(table, line):
    """The layer table with its totals' line under it, as one pane of the splitter."""
    pane = QtWidgets.QWidget()
    layout = QtWidgets.QVBoxLayout(pane)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.setSpacing(2)
    layout.addWidget(table, 1)
    layout.addWidget(line)
    return pane
