"""Reading one photo for its report: every head's top classes from one forward pass, and its Grad-CAM.

    reading = read_photo(engine, "photo.jpg")       # a `core.photo_report.PhotoReading`
    html = core.photo_report.build_html(reading)

The Grad-CAM of each attribute explains that head's top class at the default layer (the last
convolutional feature map), drawn over the photo as the model saw it (its input size, enlarged).
"""

import numpy as np

from core import images, lighting
from core.messages import Message
from core.photo_report import AttributeReading, PhotoReading
from inspection import gradcam, render

# The photo is shown at most this many pixels on its longer side.
PHOTO_SIDE = 480
# Grad-CAM pictures are enlarged to at least this side.
GRADCAM_SIDE = 192


def read_photo(engine, path, k=3):
    """Reads one photo with a model for its report.

    Args:
        engine: an `inspection.engine.InspectionEngine` of the model.
        path: the photo.
        k: classes per attribute.

    Returns:
        A `core.photo_report.PhotoReading`.

    Raises:
        core.images.ImageError: the file is not a usable image.
    """
    rgb = images.load_rgb(path)
    rgb.thumbnail((PHOTO_SIDE, PHOTO_SIDE))
    model_input = engine.load_image(path)
    heads = engine.predict_all(model_input)
    figures = _validation_figures(engine.info)
    readings = []
    for index, probabilities in enumerate(heads):
        classes = engine.head_classes(index)
        order = np.argsort(-probabilities)[:max(1, min(k, len(classes)))]
        picture, note = _gradcam_picture(engine, model_input, int(order[0]), index)
        accuracy, count = figures[index] if index < len(figures) else (None, None)
        readings.append(AttributeReading(
            name=engine.attribute_names[index] if engine.attribute_names else None,
            top=[(classes[i], float(probabilities[i])) for i in order], gradcam=picture, gradcam_note=note,
            val_accuracy=accuracy, val_images=count))
    return PhotoReading(photo_path=str(path), photo=np.asarray(rgb, dtype=np.uint8), model_name=engine.loaded.name,
                        arch=engine.info.arch, attributes=readings, trained=_trained_line(engine.info.training or {}),
                        light=_light_line(engine), light_warning=_light_warning(engine.lighting_check(model_input)))


def _light_line(engine):
    """How the photo's light was corrected: "" (as photographed), or the calibration and whether the file
    carries it (a `core.messages.Message`)."""
    calibration = engine.calibration
    if calibration is None:
        return ""
    red, green, blue = (f"{gain:.2f}" for gain in calibration.gains)
    values = dict(photos=calibration.photos, red=red, green=green, blue=blue)
    if calibration == engine.file_calibration:
        return Message("report.calibrated_in_file", **values)
    return Message("report.calibrated", **values)


def _light_warning(check):
    """Why the colour reading may be unreliable (the photo's light is far from the training photos'), or ""."""
    if check is None or not check.unusual:
        return ""
    how = lighting.directions_message(check.directions)
    return Message("report.light_unusual") if how is None else Message("report.light_unusual_how", how=how)


def _gradcam_picture(engine, model_input, class_index, head):
    try:
        layer = engine.gradcam_layer()
        heat = gradcam.gradcam(engine, model_input, class_index, layer, attribute=head)
    except ValueError as error:  # A model without a spatial layer: the report says so.
        return None, str(error)
    large = render.upscale(model_input, GRADCAM_SIDE, "bilinear")
    return gradcam.overlay(large, heat), Message("report.gradcam_layer", layer=layer)


def _validation_figures(info):
    """[(validation accuracy, validation photos)] per head, from the training summary in the model file."""
    training = info.training or {}
    if info.attributes is not None:
        summary = {entry.get("name"): entry for entry in training.get("attributes") or []}
        return [(summary.get(entry["name"], {}).get("val_accuracy"), summary.get(entry["name"], {}).get("val_images"))
                for entry in info.attributes]
    return [(training.get("val_accuracy"), training.get("val_images"))]


def _trained_line(training):
    """How the model was trained, in parts joined by "; " (a `core.messages.Message`), or ""."""
    parts = []
    if training.get("data"):
        parts.append(str(training["data"]))
    elif training.get("data_dir"):
        parts.append(Message("report.on_data", data=training.get("labels") or training["data_dir"]))
    if training.get("train_images"):
        parts.append(Message("report.training_photos", count=training["train_images"]))
    if training.get("best_epoch"):
        parts.append(Message("report.best_epoch", best=training["best_epoch"], run=training.get("epochs_run")))
    if training.get("trained_at"):
        parts.append(str(training["trained_at"]))
    line = ""
    for part in reversed(parts):
        line = part if line == "" else Message("report.parts", first=part, rest=line)
    return line
