"""Test material for the app's tests: tiny models whose answers are known, and small images.

Models are built with hand-set weights, so their predictions are exact, not learned:
`color_model` says "red" for a red image and "blue" for a blue one.
"""

import os
import urllib.parse
from pathlib import Path

import numpy as np
from PIL import Image
from PyQt5 import QtCore, QtGui, QtWidgets

SIZE = 32
RED = (220, 30, 30)
BLUE = (30, 40, 220)


def solid_image(path, color, size=SIZE, noise=12, seed=0):
    """Writes a noisy single-colour image to `path` and returns the path."""
    rng = np.random.default_rng(seed)
    pixels = np.clip(np.array(color, np.float32) + rng.normal(0, noise, (size, size, 3)), 0, 255).astype(np.uint8)
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    Image.fromarray(pixels).save(path)
    return path


def color_model(path, class_names=("blue", "red"), conv_layers=2):
    """Saves a small conv net that scores the mean red minus the mean blue of an image.

    Args:
        path: the `.keras` file to write.
        class_names: names of the (blue-ish, red-ish) outputs, in output order.
        conv_layers: 1 or 2 convolutions (a different architecture for "switch models").

    Returns:
        The path.
    """
    import keras

    from core.modelfile import ModelInfo, save_model

    inputs = keras.Input((SIZE, SIZE, 3), name="image")
    x = keras.layers.Rescaling(1.0 / 255, name="rescaling")(inputs)
    x = keras.layers.Conv2D(4, 3, padding="same", activation="relu", name="conv1")(x)
    x = keras.layers.MaxPooling2D(2, name="pool1")(x)
    if conv_layers > 1:
        x = keras.layers.Conv2D(4, 3, padding="same", activation="relu", name="conv2")(x)
    x = keras.layers.GlobalAveragePooling2D(name="gap")(x)
    outputs = keras.layers.Dense(2, activation="softmax", name="predictions")(x)
    model = keras.Model(inputs, outputs, name="color_net")

    # conv1: channel 0 copies red, channel 1 copies blue, channels 2-3 see green (a pattern to show).
    kernel = np.zeros((3, 3, 3, 4), np.float32)
    kernel[1, 1, 0, 0] = 1.0
    kernel[1, 1, 2, 1] = 1.0
    kernel[:, :, 1, 2] = np.array([[1, 0, -1]] * 3, np.float32)
    kernel[:, :, 1, 3] = np.array([[1, 0, -1]] * 3, np.float32).T
    model.get_layer("conv1").set_weights([kernel, np.zeros(4, np.float32)])
    if conv_layers > 1:
        identity = np.zeros((3, 3, 4, 4), np.float32)
        for channel in range(4):
            identity[1, 1, channel, channel] = 1.0
        model.get_layer("conv2").set_weights([identity, np.zeros(4, np.float32)])
    dense = np.zeros((4, 2), np.float32)
    dense[0, 1], dense[1, 1] = 10.0, -10.0  # "red" output: red minus blue
    dense[0, 0], dense[1, 0] = -10.0, 10.0  # "blue" output: blue minus red
    model.get_layer("predictions").set_weights([dense, np.zeros(2, np.float32)])

    save_model(model, path, ModelInfo(class_names=list(class_names), input_shape=(SIZE, SIZE, 3), arch="color-test"))
    return Path(path)


def gray_model(path, class_names=("pale", "red", "purple")):
    """Saves a LeNet-like net that reads one gray channel, its weights drawn from fixed seeds.

    Its maps go 28x28 (conv1), 14x14, 10x10 (conv2), 5x5 and 1x1 (conv3, as LeNet-5's C5),
    then Dense layers fc4 (6 units) and predictions (softmax).

    Returns:
        The path.
    """
    import keras

    from core.modelfile import ModelInfo, save_model

    def seeded(seed):
        return {"kernel_initializer": keras.initializers.GlorotUniform(seed=seed),
                "bias_initializer": keras.initializers.RandomUniform(-0.05, 0.05, seed=seed + 100)}

    inputs = keras.Input((SIZE, SIZE, 1), name="image")
    x = keras.layers.Rescaling(1.0 / 255, name="rescaling")(inputs)
    x = keras.layers.Conv2D(4, 5, activation="relu", name="conv1", **seeded(1))(x)
    x = keras.layers.MaxPooling2D(2, name="pool1")(x)
    x = keras.layers.Conv2D(6, 5, activation="relu", name="conv2", **seeded(2))(x)
    x = keras.layers.MaxPooling2D(2, name="pool2")(x)
    x = keras.layers.Conv2D(8, 5, activation="relu", name="conv3", **seeded(3))(x)
    x = keras.layers.Flatten(name="flatten")(x)
    x = keras.layers.Dense(6, activation="relu", name="fc4", **seeded(4))(x)
    outputs = keras.layers.Dense(len(class_names), activation="softmax", name="predictions", **seeded(5))(x)
    model = keras.Model(inputs, outputs, name="gray_net")
    save_model(model, path, ModelInfo(class_names=list(class_names), input_shape=(SIZE, SIZE, 1), arch="gray-test"))
    return Path(path)


# The attributes of `attribute_model`: a red image reads "red" and "warm", a blue one "blue" and "cool".
ATTRIBUTES = [{"name": "颜色 colour", "classes": ["blue", "red"]},
              {"name": "tone", "classes": ["cool", "neutral", "warm"]}]


def attribute_model(path, attributes=ATTRIBUTES):
    """Saves a model with two heads (`ATTRIBUTES`) on `color_model`'s convolutions, hand-weighted.

    The colour head scores red minus blue as `color_model` does; the tone head scores "warm" for
    red minus blue, "cool" for blue minus red, and "neutral" a little for neither.

    Args:
        path: the `.keras` file to write.
        attributes: other names for the two attributes and their 2 and 3 classes, in that shape.

    Returns:
        The path.
    """
    import keras

    from core.modelfile import ModelInfo, save_model

    base = keras.models.load_model(color_model(Path(path).with_name("base.keras")), compile=False)
    features = base.get_layer("gap").output
    colour = keras.layers.Dense(2, activation="softmax", name="predictions_colour")(features)
    tone = keras.layers.Dense(3, activation="softmax", name="predictions_tone")(features)
    model = keras.Model(base.inputs, [colour, tone], name="attribute_net")
    model.get_layer("predictions_colour").set_weights(base.get_layer("predictions").get_weights())
    dense = np.zeros((4, 3), np.float32)
    dense[0, 2], dense[1, 2] = 10.0, -10.0
    dense[0, 0], dense[1, 0] = -10.0, 10.0
    model.get_layer("predictions_tone").set_weights([dense, np.array([0.0, 1.0, 0.0], np.float32)])
    attributes = [dict(entry, output=output) for entry, output in zip(attributes, ("predictions_colour",
                                                                                   "predictions_tone"))]
    save_model(model, path, ModelInfo(class_names=attributes[0]["classes"], input_shape=(SIZE, SIZE, 3),
                                      arch="attribute-test", attributes=attributes))
    return Path(path)


def attribute_table(folder, count=24):
    """Writes `folder/photos/*.png` and `folder/labels.csv`: attributes "颜色 colour" (red/blue) and "size".

    Every fourth colour cell is blank ("", "NA" or "-"); the size column is the photo's index parity.

    Returns:
        (photos folder, labels table).
    """
    folder = Path(folder)
    lines = ["image,颜色 colour,size"]
    for index in range(count):
        colour = ("red", "blue")[index % 2]
        solid_image(folder / "photos" / f"p{index:02d}.png", RED if colour == "red" else BLUE, noise=25, seed=index)
        cell = ("", "NA", "-")[index % 3] if index % 4 == 0 else colour
        lines.append(f"p{index:02d},{cell},{('small', 'large')[(index // 2) % 2]}")
    (folder / "labels.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder / "photos", folder / "labels.csv"


def cropping_color_model(path, segmenter_path, class_names=("blue", "red"), mask_background=True):
    """`color_model` that classifies photos cut to the tongue by the segmenter file `segmenter_path`.

    Its crop keeps a 10 % margin and paints the box's background black, so on
    `tests.segmentation_data.crop_test_photo` it says "blue" (the purple tongue) where the
    whole photo would say "red".
    """
    import hashlib

    from core.crop import CropSpec
    from core.modelfile import load_model, save_model

    loaded = load_model(color_model(path, class_names))
    data = Path(segmenter_path).read_bytes()
    loaded.info.crop = CropSpec(0.1, mask_background, Path(segmenter_path).name, hashlib.sha256(data).hexdigest())
    loaded.info.attached_segmenter = data
    save_model(loaded.model, path, loaded.info)
    return Path(path)


def color_dataset(folder, per_class=10):
    """Writes `folder/red/*.png` and `folder/blue/*.png` and returns the folder."""
    folder = Path(folder)
    for name, color in (("red", RED), ("blue", BLUE)):
        for index in range(per_class):
            solid_image(folder / name / f"{name}_{index:02d}.png", color, noise=25, seed=index)
    return folder


def file_url(path):
    """A `file:` URL as a file manager sends it: the name's bytes percent-encoded, UTF-8 or not."""
    if os.name != "posix":
        return QtCore.QUrl.fromLocalFile(str(path))
    encoded = urllib.parse.quote_from_bytes(os.fsencode(os.path.abspath(path)))
    return QtCore.QUrl.fromEncoded(b"file://" + encoded.encode("ascii"))


def drop(widget, paths):
    """Drags `paths` onto `widget` and drops them, as a file manager would.

    Sends real `QDragEnterEvent` and `QDropEvent`s carrying a `QMimeData` of file URLs.

    Returns:
        Whether the drag was accepted (and so the drop made).
    """
    mime = QtCore.QMimeData()
    mime.setUrls([file_url(path) for path in paths])
    position = widget.rect().center()
    enter = QtGui.QDragEnterEvent(position, QtCore.Qt.CopyAction, mime, QtCore.Qt.LeftButton, QtCore.Qt.NoModifier)
    QtWidgets.QApplication.sendEvent(widget, enter)
    if not enter.isAccepted():
        return False
    event = QtGui.QDropEvent(QtCore.QPointF(position), QtCore.Qt.CopyAction, mime, QtCore.Qt.LeftButton,
                             QtCore.Qt.NoModifier)
    QtWidgets.QApplication.sendEvent(widget, event)
    return event.isAccepted()


def shows_whole(table, row, column):
    """Whether a `BatchTable` cell's text fits its column, so Qt draws it whole, without "…".

    Qt's styles draw an item's text inside its cell less a margin of `PM_FocusFrameHMargin + 1` on each side.
    """
    widget = table.table
    margins = 2 * (widget.style().pixelMetric(QtWidgets.QStyle.PM_FocusFrameHMargin, None, widget) + 1)
    room = widget.visualRect(widget.model().index(row, column)).width() - margins
    return widget.fontMetrics().horizontalAdvance(table.cell_text(row, column)) <= room


def drag_divider(splitter, index, offset):
    """Drags the divider before `splitter`'s pane `index` by `offset` pixels (down or right), as a user does.

    Sends real mouse press, move and release events to the divider's handle.
    """
    handle = splitter.handle(index)
    start = handle.rect().center()
    pressed_at = handle.mapToGlobal(start)  # The handle follows the mouse: later points are counted from here.
    step = QtCore.QPoint(0, offset) if splitter.orientation() == QtCore.Qt.Vertical else QtCore.QPoint(offset, 0)
    for kind, moved, button, buttons in (
            (QtCore.QEvent.MouseButtonPress, QtCore.QPoint(), QtCore.Qt.LeftButton, QtCore.Qt.LeftButton),
            (QtCore.QEvent.MouseMove, step, QtCore.Qt.NoButton, QtCore.Qt.LeftButton),
            (QtCore.QEvent.MouseButtonRelease, step, QtCore.Qt.LeftButton, QtCore.Qt.NoButton)):
        position = handle.mapFromGlobal(pressed_at + moved)
        event = QtGui.QMouseEvent(kind, QtCore.QPointF(position), QtCore.QPointF(pressed_at + moved),
                                  button, buttons, QtCore.Qt.NoModifier)
        QtWidgets.QApplication.sendEvent(handle, event)
