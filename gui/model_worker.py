"""The model worker: a long-lived thread that owns TensorFlow, the model and its one wrapper.

TensorFlow is imported on this thread, and the model and its one wrapper (an inspection engine, or a
plain `Classifier` for a model the engine cannot walk) are created and used only here (Keras state
is thread-local). It serves the widgets' model requests in order: load, show and classify one image,
feature maps, channels, filters, Grad-CAM, the tongue's outline, a folder (listed here too: a photo
archive takes seconds to list), a photo's one-page report, the layer table of a preset or a pattern,
and the light calibration (`core.calibration`) the wrapper applies to every photo until another
model loads. Results go out through the bridge's signals as plain data (`gui.messages`). A model
that crops photos to the tongue (`core.crop`) gets the photo cut as it was trained; the panel is
told where the tongue was (`TongueView`), and its Grad-CAM maps are placed on the box the model saw.
"""

import logging
import time
from pathlib import Path

import numpy as np
from PyQt5 import QtCore

from core import imagefiles
from core.messages import at_path
from gui import config
from gui.messages import (
    AttributePrediction, BatchResult, BatchRow, CalibrationView, ChannelView, FeatureMaps, FilterView, GradCamView,
    ImageShown, LayerRow, LayerTableView, ModelSummary, ModelTotals, Prediction, ReportSaved, SavedCopy, WeightsCheck)
from gui.threads import import_tensorflow
from gui.thumbnails import make_thumbnail
from gui.tongue_view import heat_on_photo, tongue_view
from gui.worker import RequestWorker, one_line

log = logging.getLogger(__name__)

# Request kinds; `failed` reports the kind so the window knows what could not be done.
STARTUP = "startup"
LOAD = "load"
IMAGE = "image"
FEATURES = "features"
CHANNEL = "channel"
FILTERS = "filters"
GRADCAM = "gradcam"
BATCH = "batch"
LAYER_TABLE = "layer_table"
CHECK_WEIGHTS = "check_weights"
REPORT = "report"
TONGUE = "tongue"
CALIBRATE = "calibrate"
SAVE_CALIBRATED = "save_calibrated"
KINDS = (LOAD, IMAGE, FEATURES, CHANNEL, FILTERS, GRADCAM, BATCH, LAYER_TABLE, REPORT, TONGUE, CALIBRATE,
         SAVE_CALIBRATED)

# Grad-CAM's colours, as `inspection.gradcam.overlay` draws them: blue cold, red hot.
HEAT_COLORMAP = "turbo"


class ModelWorker(RequestWorker):
    """Serves the model requests; its `start` imports TensorFlow before the first request."""

    def __init__(self, bridge):
        super().__init__(bridge)
        self._loaded = None
        self._model = None  # The one wrapper: an InspectionEngine, or a Classifier.
        self._engine = None  # The same object when it can inspect, else None.
        self._image_path = None
        self._input = None
        self._cropped = None  # The current image's `core.crop.Cropped`, when the model crops.
        self._display_size = None  # (width, height) of the current image as displayed.
        self._outliner = None  # The bundled segmenter, loaded for the first outline a whole-photo model needs.

    def start(self):
        """Imports TensorFlow (a few seconds) while the window is already on screen.

        Runs on the model thread before its event loop (`WorkerThread.prepare`): TensorFlow
        must be imported and first used under the Python thread state that later requests use.
        """
        self.bridge.activity.emit(STARTUP)
        try:
            self.bridge.tensorflow_ready.emit(import_tensorflow())
        except Exception as error:
            log.exception("TensorFlow import failed")
            message = QtCore.QCoreApplication.translate("ModelWorker", "TensorFlow could not be started: {reason}")
            self.bridge.failed.emit(STARTUP, message.format(reason=one_line(error)))
        finally:
            self.bridge.activity.emit("")

    def begin(self, kind):
        self.bridge.activity.emit(kind)

    def end(self, kind):
        self.bridge.activity.emit("")

    @staticmethod
    def failure_message(request, error):
        """As `RequestWorker`'s, but a missing or refused segmenter is not the photo's fault: its own line;
        and a report that cannot be written names the file it was to write."""
        from core import images

        if request.kind == TONGUE and not isinstance(error, images.ImageError):
            return one_line(error)
        if request.kind == REPORT and isinstance(error, OSError):
            return at_path(request.arguments[1], error.strerror or one_line(error))
        if request.kind == SAVE_CALIBRATED and isinstance(error, OSError):
            return at_path(request.arguments[0], error.strerror or one_line(error))
        return RequestWorker.failure_message(request, error)

    def forward_passes(self):
        """Forward passes the loaded model has run so far (0 before a model is loaded)."""
        return self._model.forward_passes if self._model is not None else 0

    # Requests. Each runs on the worker thread.

    def _load(self, request, path):
        from core import modelfile, predictor, segmenter

        self.bridge.model_loading.emit(path)
        began = time.perf_counter()
        loaded = modelfile.load_model(path)
        segmenter.refuse_as_classifier(loaded)  # Before the engine, which would take it for a foreign model.
        engine, note = _make_engine(loaded)
        model = engine or predictor.Classifier(loaded)
        self._loaded, self._model, self._engine = loaded, model, engine
        self._image_path = self._input = self._cropped = None
        self.bridge.model_loaded.emit(_summarize(loaded, engine, note, time.perf_counter() - began))
        # Traces the pass photos take (seconds for a large model) while the window shows the model.
        model.predict(np.zeros(tuple(loaded.info.input_shape), np.uint8))

    def _image(self, request, path):
        from core import images
        from core.predictor import top_k

        rgb = images.load_rgb(path)
        self._image_path, self._input, self._cropped = None, None, None
        display = rgb.copy()
        display.thumbnail((config.DISPLAY_MAX_SIDE, config.DISPLAY_MAX_SIDE))
        self._display_size = display.size
        self.bridge.image_shown.emit(ImageShown(path, np.asarray(display, dtype=np.uint8).copy(), rgb.size))
        if self._model is None:
            return
        began = time.perf_counter()
        model_input, cropped = self._model.prepare(rgb)  # Cut to the tongue first when the model crops.
        heads = self._model.predict_all(model_input)  # The engine's one pass also caches every layer.
        milliseconds = (time.perf_counter() - began) * 1000.0
        self._image_path, self._input, self._cropped = path, model_input, cropped
        probabilities = heads[0]
        self.bridge.prediction_ready.emit(Prediction(
            path=path, model_path=self._loaded.path, probabilities=np.asarray(probabilities).copy(),
            top=top_k(probabilities, self._model.class_names, config.TOP_K),
            class_index=int(np.argmax(probabilities)), milliseconds=milliseconds,
            attributes=_attribute_predictions(self._loaded.info.attributes, heads),
            lighting=self._model.lighting_check(model_input),
            model_view=self._model_view(model_input)))
        if cropped is not None:
            self.bridge.tongue_ready.emit(tongue_view(path, cropped, self._display_size, model_input))

    def _tongue(self, request, path):
        """The tongue's outline: the model's own crop, or the bundled segmenter's for a whole-photo model."""
        from core import crop as crops, images

        if self._cropped is not None and path == self._image_path:
            self.bridge.tongue_ready.emit(tongue_view(path, self._cropped, self._display_size, self._input))
            return
        if self._outliner is None:
            from core import segmenter as segmenters

            self._outliner = segmenters.load_segmenter()
        rgb = images.load_rgb(path)
        size = self._display_size if path == self._image_path else _display_size(rgb.size)
        cropped = crops.crop_with_mask(rgb, self._outliner.mask_of(rgb), crops.CropSpec())
        self.bridge.tongue_ready.emit(tongue_view(path, cropped, size))

    def _features(self, request, path, layer, sort_by_mean, max_channels):
        if not self._is_current(path) or self._engine is None:
            return
        from inspection import features

        activation = np.asarray(self._engine.activations(self._input, layer))
        self.bridge.features_ready.emit(_feature_maps(features, path, layer, activation, sort_by_mean, max_channels,
                                                      self._engine.gives_probabilities(layer)))

    def _channel(self, request, path, layer, channel):
        if not self._is_current(path) or self._engine is None:
            return
        from inspection import features

        activation = np.asarray(self._engine.activations(self._input, layer))
        values = features.as_maps(activation)[..., channel]
        vector = features.is_vector(activation)
        pixels = features.unit_bars(activation, channel) if vector else features.channel_image(activation, channel)
        units = features.as_maps(activation).shape[2] if vector else 0
        self.bridge.channel_ready.emit(ChannelView(
            path, layer, int(channel), np.asarray(pixels, dtype=np.uint8).copy(),
            float(values.min()), float(values.max()), float(values.mean()),
            units=units, rank=features.unit_rank(activation, channel) if vector else 0,
            label=_unit_label(self._model, layer, channel) if vector else ""))

    def _filters(self, request, layer):
        if self._loaded is None:
            return
        from inspection import filters

        try:
            pixels, note = filters.filter_grid(self._engine or self._loaded, layer)
        except ValueError as error:  # A layer without drawable weights (pooling, activation): say so.
            self.bridge.filters_ready.emit(FilterView(layer, None, one_line(error)))
            return
        pixels = None if pixels is None else np.asarray(pixels, dtype=np.uint8).copy()
        self.bridge.filters_ready.emit(FilterView(layer, pixels, note))

    def _gradcam(self, request, path, class_index, layer, attribute):
        if not self._is_current(path) or self._engine is None:
            return
        from inspection import gradcam

        layer = layer or self._engine.gradcam_layer()
        heatmap = np.asarray(gradcam.gradcam(self._engine, self._input, class_index=class_index, layer_name=layer,
                                             attribute=attribute), dtype=np.float32)
        rgba = _heat_rgba(heatmap)
        if self._cropped is not None:  # The model saw the crop only: its map goes on the crop's box.
            placed, inside = heat_on_photo(heatmap, self._cropped.box, self._cropped.photo_size, self._display_size)
            rgba = _heat_rgba(placed)
            rgba[..., 3] *= inside
        self.bridge.gradcam_ready.emit(GradCamView(
            path, int(class_index), layer, heatmap.copy(), rgba, _heat_legend(), int(attribute),
            map_size=tuple(self._engine.layer(layer).output_shape[:2])))

    def _report(self, request, path, html_path, pdf_path):
        """Writes the photo's one-page report (HTML and PDF), as `classify --report` does."""
        if self._engine is None:
            raise RuntimeError(f"{Path(self._loaded.path).name if self._loaded else 'model'}: "
                               "open a model that can be inspected to save a report")
        from core import atomic, pdf, photo_report
        from gui.core_text import localize
        from inspection.photo_reading import read_photo

        reading = read_photo(self._engine, path, k=config.TOP_K)
        # In the app's language (`localize` reads the installed translator, which is thread-safe).
        atomic.write_text(html_path, photo_report.build_html(reading, localize=localize))
        page, pictures = photo_report.build_html(reading, inline=False, localize=localize)
        pdf.write_pdf(page, pdf_path, pictures)  # QPainter on a QPrinter may run on a worker thread.
        self.bridge.report_saved.emit(ReportSaved(path, str(html_path), str(pdf_path)))

    def _batch(self, request, paths, skipped, folders=()):
        """Classifies `paths` and the images of `folders`, which are listed here first, off the GUI thread.

        `batch_started(total)` once the folders are listed, `batch_progress`, then `batch_finished`.
        A cancel while the folders are listed ends the batch with none of their files.

        Args:
            paths: image files.
            skipped: [{"path", "reason"}] of files known not to be images, listed with their reason.
            folders: folders to classify as `classify` does (`core.imagefiles.images_to_classify`).

        Raises:
            core.imagefiles.TooManyEntries: a folder holds far more entries than a folder of photos;
                its one-line message names it.
        """
        if self._model is None:
            raise RuntimeError("open a model before classifying a folder")
        began = time.perf_counter()
        cancelled = request.cancel.is_set
        found, others = _list_folders(folders, cancelled)
        paths, skipped = list(paths) + found, list(skipped) + others
        self.bridge.batch_started.emit(len(paths))
        results = [] if cancelled() else self._model.classify_files(
            paths, k=config.TOP_K, batch_size=config.BATCH_SIZE,
            on_progress=lambda done, count: self.bridge.batch_progress.emit(done, count), should_stop=cancelled)
        # After a cancel, the photos classified so far: they stay, to look at and export.
        rows = [_batch_row(result) for result in results] + [_skipped_row(item) for item in skipped]
        photos_at_top, photo_subfolders = _folder_layout(folders[0], found) if len(folders) == 1 else (0, [])
        self.bridge.batch_finished.emit(BatchResult(
            rows=rows, total=len(paths), cancelled=cancelled(), seconds=time.perf_counter() - began,
            model_path=self._loaded.path, attributes=_attribute_names(self._loaded.info.attributes),
            folders=[str(folder) for folder in folders], photos_at_top=photos_at_top,
            photo_subfolders=photo_subfolders))

    def _calibrate(self, request, folder, saved=None):
        """Calibrates the light from FOLDER's photos, or takes a `saved` one (its `to_json`), or clears it
        (both None); `calibration_changed` follows."""
        from core import calibration
        from core.imagefiles import images_to_classify

        if self._model is None:
            return
        found, skipped = None, []
        if saved is not None:
            found = calibration.Calibration.from_json(saved)
        elif folder is not None:
            photos, _ = images_to_classify(folder)
            found, skipped = calibration.calibrate_files(
                self._model, photos, source=folder, on_progress=self.bridge.calibration_progress.emit,
                should_stop=request.cancel.is_set)
            if found is None:  # Cancelled: the calibration before stays.
                return
        self._model.calibration = found
        self.bridge.calibration_changed.emit(CalibrationView(self._loaded.path, found, len(skipped)))

    def _save_calibrated(self, request, path):
        """Writes a copy of the model file that carries the calibration in use (`core.calibration`)."""
        from core import calibration

        if self._model is None:
            return
        calibration.save_calibrated(self._loaded, self._model.calibration, path)
        self.bridge.calibrated_copy_saved.emit(SavedCopy(self._loaded.path, str(path), self._model.calibration))

    def _layer_table(self, request, arch, input_shape, num_classes):
        """The table `main.py arch` prints (`models.layer_table`); a refused geometry is an answer too."""
        import models

        try:
            table, error = models.layer_table(arch, input_shape, num_classes), ""
        except ValueError as refusal:  # PatternError, GeometryError, a size or class count: one line.
            table, error = None, one_line(refusal)
        if not request.cancel.is_set():  # A newer request replaced this one while it was built.
            self.bridge.layer_table_ready.emit(LayerTableView(arch, tuple(input_shape), num_classes, table, error))

    def _check_weights(self, request, arch, path):
        """Loads a weights file into a small `arch` backbone, as the run would; a refusal is an answer too."""
        from models import pretrained

        try:
            layers, error = pretrained.check_weights_file(arch, path), ""
        except ValueError as refusal:  # WeightsError: a file that does not fit, in one line.
            layers, error = 0, one_line(refusal)
        if not request.cancel.is_set():  # Another file or backbone was chosen meanwhile.
            self.bridge.weights_checked.emit(WeightsCheck(arch, str(path), layers, error))

    def _is_current(self, path):
        return self._input is not None and path == self._image_path

    def _model_view(self, model_input):
        """The image as the model sees it (`core.predictor.Classifier.model_view`), as `inspect` draws it."""
        from core import images

        try:
            return np.asarray(self._model.model_view(model_input), dtype=np.uint8).copy()
        except Exception:  # A view, not the answer: the prediction stands without it.
            log.exception("the view as the model sees it failed")
            fed = images.match_channels(model_input, self._loaded.info.input_shape[-1])  # Gray stays gray.
            return np.asarray(images.match_channels(fed, 3), dtype=np.uint8).copy()


def _make_engine(loaded):
    """The inspection engine of a model, or (None, why) when inspection is not possible."""
    try:
        from inspection.engine import InspectionEngine
    except ImportError:
        return None, QtCore.QCoreApplication.translate("ModelWorker", "Inspection is not available in this install")
    try:
        return InspectionEngine(loaded), ""
    except Exception as error:  # A foreign model the engine cannot take: classify still works.
        log.exception("inspection engine failed")
        # `translate` is thread-safe: this runs on the model thread.
        message = QtCore.QCoreApplication.translate("ModelWorker", "{name}: cannot inspect this model ({reason})")
        return None, message.format(name=Path(loaded.path).name, reason=one_line(error))


def _summarize(loaded, engine, note, seconds):
    table = _architecture(loaded, engine)
    rows = _layer_rows(loaded, engine, table)
    conv_rows = [row for row in rows if row.is_conv and row.spatial]
    spatial_rows = [row for row in rows if row.spatial and row.inspectable]
    default = (conv_rows or spatial_rows or [None])[0]
    last_conv = ""
    if engine is not None:
        try:
            last_conv = engine.gradcam_layer() or ""
        except ValueError:  # No layer with a spatial output: nothing for Grad-CAM to map.
            last_conv = ""
    info = loaded.info
    return ModelSummary(
        name=loaded.name, path=loaded.path, class_names=list(info.class_names),
        input_shape=tuple(info.input_shape), arch=info.arch or "", training=dict(info.training or {}),
        layers=rows, default_layer=default.name if default else "", last_conv_layer=last_conv, totals=_totals(table),
        total_params=int(loaded.model.count_params()), seconds=seconds, inspection_note=note,
        colour_mode=_colour_mode(loaded), light_calibration=_carried_calibration(loaded),
        attributes=[{"name": entry["name"], "classes": list(entry["classes"])} for entry in info.attributes]
        if info.attributes else None,
        crop=info.crop.describe() if info.crop is not None else "")


def _list_folders(folders, should_stop):
    """The images of `folders` and their files of other types, as `classify` lists them.

    Args:
        folders: the folders to list, in order.
        should_stop: asked before each folder and inside each walk; once True, nothing found counts.

    Returns:
        (image paths, skipped): both empty after a cancel (the user asked to stop).

    Raises:
        core.imagefiles.TooManyEntries: as `core.imagefiles.images_to_classify`.
    """
    images, skipped = [], []
    for folder in folders:
        if should_stop():
            break
        found, others = imagefiles.images_to_classify(folder, should_stop=should_stop)
        images.extend(found)
        skipped.extend(others)
    return ([], []) if should_stop() else (images, skipped)


def _folder_layout(folder, photos):
    """How many of `photos` (listed from `folder`) lie in the folder itself, and the names of its
    sub-folders that hold the others, sorted."""
    top, subfolders = 0, set()
    for photo in photos:
        parts = Path(photo).relative_to(folder).parts
        if not parts:  # An empty folder named like an image, given as its own "photo".
            continue
        if len(parts) == 1:
            top += 1
        else:
            subfolders.add(parts[0])
    return top, sorted(subfolders)


def _batch_row(result):
    """The table row of one classified file (`core.predictor.Classifier.classify_files`'s result)."""
    return BatchRow(path=result["path"], top=result.get("top", []), error=result.get("error", ""),
                    thumbnail=make_thumbnail(result["path"]), attributes=result.get("attributes"),
                    tongue=result.get("tongue"), lighting=result.get("lighting"))


def _skipped_row(item):
    """The table row of a file that is not an image ({"path", "reason"}): listed with why, never read."""
    return BatchRow(path=item["path"], top=[], error=at_path(item["path"], item["reason"]), skipped=True)


def _attribute_names(attributes):
    return [entry["name"] for entry in attributes] if attributes else None


def _attribute_predictions(attributes, heads):
    """One `AttributePrediction` per head of a model with one head per attribute, else None."""
    from core.predictor import top_k

    if not attributes:
        return None
    return [AttributePrediction(entry["name"], top_k(probabilities, entry["classes"], config.TOP_K),
                                int(np.argmax(probabilities)))
            for entry, probabilities in zip(attributes, heads)]


def _unit_label(classifier, layer, unit):
    """The class a unit of an output layer stands for ("" for a unit of any other layer)."""
    names = list(getattr(classifier.model, "output_names", None) or [])
    if layer not in names:
        return ""
    classes = classifier.head_classes(names.index(layer))
    return classes[unit] if 0 <= unit < len(classes) else ""


def _colour_mode(loaded):
    from models import colour

    return colour.mode_of_model(loaded.model)


def _carried_calibration(loaded):
    from core import calibration

    return calibration.carried(loaded)


def _display_size(size):
    """The (width, height) an image of `size` is displayed at (as `Image.thumbnail` makes it)."""
    width, height = size
    scale = min(1.0, config.DISPLAY_MAX_SIDE / max(width, height))
    return max(1, round(width * scale)), max(1, round(height * scale))


def _architecture(loaded, engine):
    """The model's `models.table.ArchTable` (the engine's own when there is one), or None when it fails."""
    try:
        if engine is not None:
            return engine.architecture()
        from models import table

        return table.architecture_table(loaded.model)
    except Exception:  # The table is a help, not a must: the model still classifies.
        log.exception("architecture table failed")
        return None


def _totals(table):
    """The totals `main.py arch` prints for the model, or None without a table."""
    if table is None:
        return None
    return ModelTotals(params=table.total_params, trainable=table.trainable_params,
                       non_trainable=table.non_trainable_params, macs=table.macs, values=table.activation_values)


def _layer_rows(loaded, engine, table):
    """The layer list: the architecture table's rows, marked with what the engine can show.

    The engine pairs its layers with the table's rows itself (one walk gives both); a model
    the engine cannot walk lists the table's rows, or Keras's own layers, none inspectable.
    """
    if engine is not None:
        return [_layer_row(info, row) for info, row in engine.layer_list()]
    if table is not None:
        return [_layer_row(None, row) for row in table.rows]
    return [LayerRow(name=layer.name, type=type(layer).__name__, output_shape=_output_shape(layer),
                     params=layer.count_params()) for layer in loaded.model.layers]


def _layer_row(info, row):
    """One `LayerRow` from the engine's `LayerInfo` and the table's `ArchRow` (either may be None)."""
    source = row if info is None else info
    return LayerRow(
        name=source.name, type=source.type, output_shape=tuple(source.output_shape or ()),
        params=row.params if row is not None else None,
        macs=row.macs if row is not None else None,
        values=row.activation_values if row is not None and row.counted else None,
        receptive_field=row.receptive_field if row is not None else None,
        window=row.window if row is not None else None, notes=tuple(row.notes) if row is not None else (),
        inspectable=info is not None, spatial=bool(info is not None and info.has_spatial_output),
        is_conv=bool(info is not None and info.is_conv))


def _output_shape(layer):
    try:
        return tuple(layer.output.shape[1:])
    except Exception:  # Layers with several outputs have no single shape.
        return ()


def _feature_maps(features, path, layer, activation, sort_by_mean, max_channels, probabilities=False):
    """Draws the grid with the inspection module and keeps which channel each tile shows, and on which scale."""
    grid = features.feature_grid(activation, sort_by_mean=sort_by_mean, max_channels=max_channels,
                                 probabilities=probabilities)
    shown = features.shown_channels(activation, sort_by_mean, max_channels)
    maps = features.as_maps(activation)
    shape = tuple(np.shape(activation)[1:]) if np.ndim(activation) >= 2 else tuple(maps.shape)
    return FeatureMaps(path=path, layer=layer, grid=np.asarray(grid, dtype=np.uint8).copy(),
                       channels=int(maps.shape[2]), shown=shown, shape=shape,
                       value_range=features.shared_scale(activation, shown, probabilities), probabilities=probabilities)


def _heat_legend():
    from inspection import colormaps

    return np.asarray(colormaps.lookup_table(HEAT_COLORMAP), dtype=np.uint8)[None].copy()


def _heat_rgba(heatmap):
    """Colours a heat map for blending; alpha follows `inspection.gradcam.overlay`'s weights."""
    from inspection import colormaps

    heat = np.clip(np.nan_to_num(np.asarray(heatmap, dtype=np.float32)), 0.0, 1.0)
    alpha = np.round(255.0 * (0.15 + 0.85 * heat)).astype(np.uint8)[..., None]
    return np.concatenate([colormaps.apply(heat, HEAT_COLORMAP), alpha], axis=-1)
