"""Accuracy under other light: a model scored on re-lit copies of a labeled folder's photos.

    result = evaluate_relit(loaded, "photos/test", lights=("warm", "cool", "dim"))
    result["plain"]["accuracy"], result["relit"]["warm"]["accuracy"]

Every photo is decoded once, at the model's input size, through the loader `evaluate` and
`classify` use; each light re-lights those decoded pixels in memory (`core.lighting`; gains
commute with resizing, up to clipping) and the same `core.predictor.Classifier` forward pass
scores them. Nothing is written to disk. Gray (1-channel) models get the re-lit RGB photo
converted to gray the way every path converts it (`core.images.match_channels`).
"""

import numpy as np

from core import calibration, images, lighting
from core.messages import Message, at_path
from training import dataset, evaluate


def evaluate_relit(loaded_model, data_dir, lights=lighting.LIGHT_NAMES, space=lighting.SRGB, batch_size=64,
                   on_progress=None, should_stop=None, calibrate=False):
    """Evaluates a loaded model on `DATA_DIR/<class>/...` as photographed and under other lights.

    Args:
        loaded_model: a `core.modelfile.LoadedModel`.
        data_dir: labeled folder; sub-folder names are class names.
        lights: names from `core.lighting.LIGHTS`.
        space: where the gains apply, `"srgb"` or `"linear"` (see `core.lighting.relight`).
        batch_size: images per forward pass.
        on_progress: optional callable(done, total) on a 0..1000 scale: the scan makes the
            first half, the forward passes (as photographed, then each light) the second.
        should_stop: optional callable; True stops the scan (raises `dataset.ScanCancelled`).
        calibrate: calibrate the light of each pass from its own photos (`core.calibration`),
            as a clinic calibrates from a batch of photos taken under its lamp.

    Returns:
        A dict: `plain` (the `training.evaluate.classification_report` as photographed),
        `relit` ({light: report}), `lights` ({light: {gains, exposure, description}}),
        `space`, `classes`, `n`, `skipped`, `warnings` and `unknown_classes` (as `evaluate`);
        with `calibrate`, `calibrations` ({None or light: `Calibration.to_json()`}); for a model
        file that keeps its training photos' lighting profile, `warned` ({None or light: how many
        photos the lighting check calls unusual}).

    Raises:
        dataset.DatasetError: the folder holds no usable image.
        core.lighting.LightingError: an unknown light name.
        core.calibration.CalibrationError: `calibrate` without a lighting profile in the model
            or with too few photos.
    """
    from core.predictor import Classifier

    chosen = [lighting.get_light(name) for name in lights]
    info = loaded_model.info
    height, width, channels = info.input_shape
    profile = calibration.training_light(info) if calibrate else None
    classifier = Classifier(loaded_model)
    scan = dataset.scan_dataset(  # Cut to the tongue as `classifier.prepare` does, when the model crops.
        data_dir, on_progress=_scaled(on_progress, 0, 1), image_size=(height, width), channels=3, min_classes=1,
        should_stop=should_stop, crop=classifier.tongue_crop)
    classes = list(info.class_names)
    index_in_model = {name: index for index, name in enumerate(classes)}
    unknown = [name for name in scan.classes if name not in index_in_model]
    warnings = list(scan.warnings) + [
        at_path(data_dir, Message("evaluate.unknown_class", name=name)) for name in unknown]
    known = [i for i, (_, label) in enumerate(scan.files) if scan.classes[label] in index_in_model]
    truth = np.asarray([index_in_model[scan.classes[scan.files[i][1]]] for i in known], dtype=np.int64)
    rows = scan.rows[np.asarray(known, dtype=np.int64)] if known else np.zeros(0, dtype=np.int64)
    calibrations, warned = {}, {}
    try:
        passes = [None] + chosen
        predicted = {}
        for step, light in enumerate(passes):
            name = light.name if light else None
            progress = _scaled(on_progress, 1 + step / len(passes), 1 / len(passes))
            if profile is not None:
                classifier.calibration = calibration_from(
                    profile, scan.images, rows, light, space, channels, batch_size)
                calibrations[name] = classifier.calibration.to_json()
            predicted[name] = _predict(classifier, scan.images, rows, light, space, channels, batch_size, progress)
            warned[name] = _warned(classifier, scan.images, rows, light, space, channels, batch_size)
    finally:
        dataset.release_store(scan.images)
    plain = evaluate.classification_report(truth, predicted[None], classes)
    return {
        "plain": plain,
        "relit": {light.name: evaluate.classification_report(truth, predicted[light.name], classes)
                  for light in chosen},
        "lights": {light.name: {"gains": list(light.gains), "exposure": light.exposure,
                                "description": light.description} for light in chosen},
        "space": space, "classes": classes, "n": plain["n"], "skipped": scan.skipped, "warnings": warnings,
        "unknown_classes": unknown, **({"calibrations": calibrations} if calibrate else {}),
        **({"warned": warned} if warned.get(None) is not None else {}),
    }


def validation_report(loaded_model, store, rows, truth, classes, batch_size=64, training_light=None):
    """A run's figures on its validation photos: the report, and the accuracy under other light.

    Args:
        loaded_model: the kept model, a `core.modelfile.LoadedModel`.
        store: uint8 array (n, height, width, channels) of decoded photos (a memmap is fine).
        rows: the validation photos' rows of `store`.
        truth: their true class indices.
        classes: the class names.
        batch_size: images per forward pass.
        training_light: the training photos' lighting profile, or None.

    Returns:
        The `training.evaluate.classification_report`, with `relit_accuracy` ({light: accuracy})
        and, for a model without a colour-correction layer given `training_light`,
        `relit_calibrated_accuracy`: each light calibrated from its own copies (what calibration
        keeps of a model that reads colours as photographed).
    """
    from core.predictor import Classifier
    from models import colour

    classifier = Classifier(loaded_model)
    predicted = evaluate.predict_rows(classifier, store, rows, batch_size).argmax(axis=1)
    report = evaluate.classification_report(truth, predicted, classes)
    report["relit_accuracy"] = relit_accuracies(classifier, store, rows, truth, batch_size=batch_size)
    if colour.colour_layer(loaded_model.model) is None:
        report["relit_calibrated_accuracy"] = relit_accuracies(
            classifier, store, rows, truth, batch_size=batch_size, profile=training_light) if training_light else {}
    return report


def relit_accuracies(classifier, store, rows, truth, lights=lighting.LIGHT_NAMES, batch_size=64, profile=None):
    """Accuracy on re-lit copies of decoded photos, such as a run's validation photos.

    Args:
        classifier: a `core.predictor.Classifier` of an RGB model.
        store: uint8 array (n, height, width, 3) at the model's input size (a memmap is fine).
        rows: which rows of `store` to score.
        truth: the true class index of each row.
        lights: names from `core.lighting.LIGHTS`.
        batch_size: images per forward pass.
        profile: a lighting profile (`core.lighting.lighting_profile`) to calibrate each light's
            copies to, from themselves (`core.calibration`), as `evaluate --relight --calibrate` does.

    Returns:
        {light: accuracy}, in the order of `lights`; {} for gray images, no rows, or (with a
        profile) fewer photos than a calibration needs.
    """
    rows = np.asarray(rows, dtype=np.int64)
    if store.shape[-1] != 3 or len(rows) == 0 or (profile is not None and len(rows) < calibration.MIN_PHOTOS):
        return {}
    truth = np.asarray(truth, dtype=np.int64)
    accuracies = {}
    try:
        for name in lights:
            light = lighting.get_light(name)
            if profile is not None:
                classifier.calibration = calibration_from(profile, store, rows, light, lighting.SRGB, 3, batch_size)
            predicted = _predict(classifier, store, rows, light, lighting.SRGB, 3, batch_size, None)
            accuracies[name] = float(np.mean(predicted == truth))
    finally:
        classifier.calibration = classifier.file_calibration
    return accuracies


def robustness_rows(result):
    """One row per condition for a table: [{"light", "accuracy", "change", "correct", "n", "warned"}].

    `change` is the accuracy minus the accuracy as photographed (None for that row); `warned`
    how many photos the lighting check called unusual (None without a lighting profile).
    """
    plain, warned = result["plain"], result.get("warned", {})
    rows = [_row("as photographed", plain, None, warned.get(None))]
    rows.extend(_row(name, report, plain["accuracy"], warned.get(name)) for name, report in result["relit"].items())
    return rows


def to_model_input(batch, channels):
    """RGB uint8 images as the model takes them (`core.images.match_channels`: gray for 1-channel models)."""
    if channels == 3:
        return batch
    return np.stack([images.match_channels(image, channels) for image in batch])


def _predict(classifier, store, rows, light, space, channels, batch_size, on_progress):
    if len(rows) == 0:
        return np.zeros(0, dtype=np.int64)
    outputs = []
    for start in range(0, len(rows), batch_size):
        batch = store[rows[start:start + batch_size]]
        if light is not None:
            batch = lighting.relight(batch, light.gains, light.exposure, space)
        outputs.append(classifier.probabilities(to_model_input(batch, channels)).argmax(axis=1))
        if on_progress is not None:
            on_progress(min(start + batch_size, len(rows)), len(rows))
    return np.concatenate(outputs)


def calibration_from(profile, store, rows, light, space, channels, batch_size=64):
    """The calibration from the photos of `rows`, re-lit by `light` (None: as photographed).

    Measured in the model's channels, as its lighting profile was (gray: brightness only).
    """
    features = []
    for start in range(0, len(rows), batch_size):
        batch = store[rows[start:start + batch_size]]
        if light is not None:
            batch = lighting.relight(batch, light.gains, light.exposure, space)
        model_batch = to_model_input(batch, channels)
        features.append(lighting.lighting_features(model_batch, np.arange(len(model_batch))))
    found = np.concatenate(features) if features else np.zeros((0, len(lighting.FEATURES)))
    return calibration.calibrate_features(profile, found, source=light.name if light else "")


def _row(name, report, plain_accuracy, warned=None):
    correct = int(round(report["accuracy"] * report["n"]))
    change = None if plain_accuracy is None else report["accuracy"] - plain_accuracy
    return {"light": name, "accuracy": report["accuracy"], "change": change, "correct": correct, "n": report["n"],
            "warned": warned}


def _warned(classifier, store, rows, light, space, channels, batch_size):
    """How many of the photos (re-lit by `light`) the lighting check calls unusual; None without a profile."""
    flags = unusual_flags(classifier, store, rows, light, space, channels, batch_size)
    return None if flags is None else int(flags.sum())


def unusual_flags(classifier, store, rows, light, space, channels, batch_size=64):
    """Which photos of `rows` (re-lit by `light`, None: as photographed) the lighting check calls
    unusual: a bool array, or None when the model file keeps no lighting profile."""
    flags = []
    for start in range(0, len(rows), batch_size):
        batch = store[rows[start:start + batch_size]]
        if light is not None:
            batch = lighting.relight(batch, light.gains, light.exposure, space)
        for image in to_model_input(batch, channels):
            check = classifier.lighting_check(image)
            if check is None:
                return None
            flags.append(bool(check.unusual))
    return np.asarray(flags, dtype=bool)


def _scaled(on_progress, before, weight):
    """Maps a (done, total) step onto a shared 0..1000 scale: the scan, then the forward passes."""
    if on_progress is None:
        return None

    def report(done, total):
        fraction = done / total if total else 1.0
        on_progress(int(round((before + weight * fraction) * 500)), 1000)

    return report
