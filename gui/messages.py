"""Plain data the workers send to the widgets: no Qt, no TensorFlow objects inside.

Arrays are copies owned by the message, so the worker thread never touches them again.
"""

import dataclasses

import numpy as np


@dataclasses.dataclass
class LayerRow:
    """One row of the layer list.

    Attributes:
        name: the layer name (unique in the engine).
        type: the Keras layer class name.
        output_shape: output shape without the batch axis, e.g. (32, 32, 16).
        params: number of parameters, or None when unknown.
        macs: multiply-adds for one image, or None when unknown.
        values: activation values its output holds per image, or None when unknown or not counted
            (activations, batch norm and the like reuse memory counted before: the cs231n convention).
        receptive_field: pixels of input one output unit sees, or None.
        inspectable: whether activations can be shown for it.
        spatial: whether its output is a (H, W, C) volume (feature maps) rather than a vector.
        is_conv: whether it is a convolution (has filters to show).
        window: a convolution's or pool's `models.layer_formulas.Window` (F, S, P), or None.
        notes: the architecture table's notes about the layer (`core.messages.Message`s).
    """

    name: str
    type: str
    output_shape: tuple
    params: object = None
    receptive_field: object = None
    inspectable: bool = False
    spatial: bool = False
    is_conv: bool = False
    macs: object = None
    values: object = None
    window: object = None
    notes: tuple = ()


@dataclasses.dataclass
class CalibrationView:
    """The light calibration now applied to the loaded model's photos.

    Attributes:
        model_path: the model it was made for (a calibration is relative to its training light).
        calibration: a `core.calibration.Calibration`, or None: photos are used as they are.
        skipped: photos of the folder that could not be read (left out).
    """

    model_path: str
    calibration: object = None
    skipped: int = 0


@dataclasses.dataclass
class SavedCopy:
    """A copy of the model file written with the calibration in use (None: without one)."""

    model_path: str
    path: str
    calibration: object = None


@dataclasses.dataclass
class ModelTotals:
    """A model's totals, as `main.py arch MODEL` prints them (`models.table.ArchTable`).

    Attributes:
        params, trainable, non_trainable: parameters in all, and of each kind.
        macs: multiply-adds for one image.
        values: activation values held for one image (the input, CONV, POOL, FC and add outputs).
    """

    params: int
    trainable: int
    non_trainable: int
    macs: int
    values: int


@dataclasses.dataclass
class ModelSummary:
    """A loaded model, as the widgets see it."""

    name: str
    path: str
    class_names: list
    input_shape: tuple
    arch: str
    training: dict
    layers: list
    default_layer: str = ""
    last_conv_layer: str = ""
    total_params: int = 0
    seconds: float = 0.0
    inspection_note: str = ""
    attributes: list = None  # [{"name", "classes"}] of a model with one head per attribute, else None
    colour_mode: str = "none"  # The colour correction inside the model (`models.colour.mode_of_model`).
    crop: object = ""  # How the model cuts photos to the tongue (`core.crop.CropSpec.describe`); "" for whole photos.
    light_calibration: object = None  # The `core.calibration.Calibration` the file carries in its network, or None.
    totals: ModelTotals = None  # None when the architecture table cannot be computed for this model.


@dataclasses.dataclass
class ImageShown:
    """An image decoded for display (longest side at most `config.DISPLAY_MAX_SIDE`)."""

    path: str
    pixels: np.ndarray
    original_size: tuple  # (width, height) of the file


@dataclasses.dataclass
class Prediction:
    """The classification of one image."""

    path: str
    model_path: str
    probabilities: np.ndarray
    top: list  # [{"label", "probability"}], best first
    class_index: int
    milliseconds: float
    # How far the photo's light is from the training photos' (`core.lighting.LightingCheck`), or
    # None when the model keeps no lighting profile.
    lighting: object = None
    # uint8 (height, width, channels): the image as the model sees it, at its input size and after
    # its colour correction (the model's input itself when it has none).
    model_view: np.ndarray = None
    # A model with one head per attribute: one `AttributePrediction` per head (`top` and
    # `class_index` above are the first head's); None for a one-output model.
    attributes: list = None


@dataclasses.dataclass
class AttributePrediction:
    """One head's answer for an image: the attribute, its top classes and the best class's index."""

    name: str
    top: list  # [{"label", "probability"}], best first
    class_index: int


@dataclasses.dataclass
class TongueView:
    """Where the tongue is in the image on screen (`gui.tongue_view.tongue_view` draws it).

    Attributes:
        path: the image.
        outline: uint8 RGBA of the displayed image's size: the tongue's outline (and the box the
            model saw, for a cropping model), transparent elsewhere.
        found: whether a tongue was found.
        crop: uint8 RGB of what the model was given (the crop at its input size), or None when
            the model takes whole photos.
        box: (left, top, right, bottom) of the crop in the photo's pixels.
        by_model: whether this is the model's own crop (else only the outline was asked for).
    """

    path: str
    outline: np.ndarray
    found: bool
    crop: object = None
    box: tuple = None
    by_model: bool = False


@dataclasses.dataclass
class FeatureMaps:
    """A layer's activations for the current image, as one grid picture.

    Attributes:
        path: the image they belong to.
        layer: the layer name.
        grid: uint8 RGB grid of channel tiles (`inspection.features.feature_grid`).
        channels: how many channels the layer has.
        shown: channel index per tile, in tile order.
        shape: the activation's shape without the batch axis.
        value_range: (low, high), the values drawn darkest and brightest when every tile shares
            one scale (a vector: Dense units, or maps of 1x1); None when each channel has its own.
        probabilities: the tiles are class probabilities, on a scale from 0 to 1.
    """

    path: str
    layer: str
    grid: np.ndarray
    channels: int
    shown: list
    shape: tuple
    value_range: tuple = None
    probabilities: bool = False

    def channel_at(self, x, y):
        """The channel index of the tile at grid pixel (x, y), or None between tiles."""
        from inspection.features import channel_at  # Pure numpy: safe on the GUI thread.

        return channel_at(self.grid.shape, len(self.shown), x, y, order=self.shown)

    def tile_rects(self):
        """[(x, y, width, height)] of each tile in the grid's pixels, in the order of `shown`."""
        from inspection.features import tile_rects  # Pure Python: safe on the GUI thread.

        return tile_rects(self.grid.shape, len(self.shown))

    def is_sorted(self):
        """Whether the tiles are out of the channels' own order (sorted by mean): then tiles need numbers."""
        return self.shown != list(range(len(self.shown)))


@dataclasses.dataclass
class ChannelView:
    """One channel of a layer shown large; of a vector output (a Dense layer), one unit among the others.

    `units` is the vector's length (0 for maps) and `rank` where the unit's value ranks, 1 the largest;
    `label` the class a unit of an output layer stands for ("" otherwise).
    """

    path: str
    layer: str
    channel: int
    pixels: np.ndarray
    minimum: float
    maximum: float
    mean: float
    units: int = 0
    rank: int = 0
    label: str = ""


@dataclasses.dataclass
class FilterView:
    """A layer's learned filters as a picture, with a note of what is shown."""

    layer: str
    pixels: object  # uint8 RGB array, or None when the layer has no filters to show
    note: str


@dataclasses.dataclass
class GradCamView:
    """A Grad-CAM heat map for one class of one image.

    Attributes:
        path: the image.
        class_index: the class explained.
        layer: the layer the map comes from.
        heatmap: float (height, width) in [0, 1] at the model's input size.
        rgba: the map coloured for blending (uint8 RGBA; alpha grows with the heat, so cold
            places keep only a faint tint, as `inspection.gradcam.overlay` blends).
        legend: the colour scale, uint8 RGB (1, 256, 3), cold on the left.
        map_size: (height, width) of the layer's map; a 1x1 map cannot show where (its heat map is 0).
    """

    path: str
    class_index: int
    layer: str
    heatmap: np.ndarray
    rgba: np.ndarray
    legend: np.ndarray = None
    attribute: int = 0  # the head explained (0 for a one-output model)
    map_size: tuple = ()


@dataclasses.dataclass
class BatchRow:
    """One file of a folder classification."""

    path: str
    top: list  # [{"label", "probability"}], empty on error
    error: str = ""
    thumbnail: object = None  # uint8 RGB array or None
    attributes: dict = None  # {attribute: {"top": [...]}} for a model with one head per attribute
    tongue: object = None  # A model that crops: whether a tongue was found (False: classified whole); else None.
    lighting: dict = None  # `core.predictor.lighting_summary` of the photo, or None (no profile in the model).
    skipped: bool = False  # A file of another type (`error` says which): listed, never read as an image.


@dataclasses.dataclass
class BatchResult:
    """A folder classification, possibly stopped early."""

    rows: list
    total: int
    cancelled: bool
    seconds: float
    model_path: str
    attributes: list = None  # the attribute names of a model with one head per attribute, else None
    folders: list = dataclasses.field(default_factory=list)  # the folders listed for it, as given
    # Of the one folder listed (else 0 and []): its photos not in a sub-folder, and its sub-folders
    # holding photos. Known from the listing, so the window reads no folder to offer calibration or evaluation.
    photos_at_top: int = 0
    photo_subfolders: list = dataclasses.field(default_factory=list)


@dataclasses.dataclass
class ReportSaved:
    """A photo's one-page report, written (`core.photo_report`): its HTML and PDF files."""

    photo: str
    html: str
    pdf: str


@dataclasses.dataclass
class LayerTableView:
    """The layer table of an architecture for one input and class count, or why it cannot be made.

    Attributes:
        arch: the preset name or pattern asked for.
        input_shape: (height, width, channels) asked for.
        num_classes: the class count asked for.
        table: the `models.table.ArchTable` (rows, totals, a pattern's sizing warnings), or None.
        error: the one-line refusal (a syntax error, a geometry that does not fit), or "".
    """

    arch: str
    input_shape: tuple
    num_classes: int
    table: object = None
    error: str = ""


@dataclasses.dataclass
class WeightsCheck:
    """Whether a weights file fits a backbone, found by loading it as a run would (`models.pretrained`).

    Attributes:
        arch: the backbone.
        path: the weights file.
        layers: how many backbone layers received weights (0 when refused).
        error: the one-line refusal (a `core.messages.Message` or str), or "".
    """

    arch: str
    path: str
    layers: int = 0
    error: object = ""


@dataclasses.dataclass
class ExportDone:
    """An export of a model file, written and checked, or refused.

    Attributes:
        model_path: the model file exported.
        format: "onnx", "litert" or "savedmodel".
        out: the export folder asked for.
        files: the names written in it (empty when refused).
        images: how many images the check ran.
        max_difference: the largest probability difference against the `.keras` model.
        runtime: the runtime the check ran the export in.
        error: the one-line refusal (`core.export.ExportError`), or "".
    """

    model_path: str
    format: str
    out: str
    files: list = dataclasses.field(default_factory=list)
    images: int = 0
    max_difference: float = 0.0
    runtime: str = ""
    error: str = ""


@dataclasses.dataclass
class DataScan:
    """A data folder checked for training.

    Attributes:
        folder: the folder asked for.
        scan: the `training.dataset.DatasetScan` (its decoded images are handed to the
            trainer), or None when the folder was refused.
        refusal: the `training.dataset.DatasetError` of a refused folder (its message, skipped
            files and warnings), or None.
        labels: the labels table read with the folder, or None; `scan` is then a
            `training.attribute_data.AttributeScan`.
    """

    folder: str
    scan: object = None
    refusal: object = None
    labels: str = None


@dataclasses.dataclass
class Evaluation:
    """A model scored on a labelled folder (Model > Evaluate on Labelled Photos).

    Attributes:
        folder: the folder, one sub-folder of photos per class.
        model_path: the model file scored (A of a comparison).
        report: `training.evaluate.evaluate`'s report: accuracy with its count and interval,
            per-class figures, confusion matrix, skipped files, warnings, `lighting_unusual`,
            `calibration` when the light was calibrated, and each photo's `predictions` ({path
            relative to `folder`, true, predicted, probability}).
        relit: `training.robustness.robustness_rows` (accuracy as photographed and under each
            other light), or None when not asked for.
        comparison: `training.compare.compare_models`'s result against `other_path`, or None;
            with a labels table, `training.compare.compare_tables`'s (one such result per attribute).
        other_path: the model file compared with (B), or "".
        labels: the labels table of a per-attribute evaluation, or "": `report` is then
            `training.attribute_evaluate.evaluate_table`'s ({"attributes": {name: report}, ...}; in a
            comparison, A's, over the attributes compared).
    """

    folder: str
    model_path: str
    report: dict
    relit: list = None
    comparison: dict = None
    other_path: str = ""
    labels: str = ""
