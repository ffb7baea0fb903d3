"""An honest evaluation of a model on a labeled folder: accuracy, per-class scores, confusion matrix.

Images go through the same loader and the same `core.predictor.Classifier` forward pass as
`classify`, so the two always agree. Class names are matched by name between the folder
and the model: a model's class order need not be the folder's.
"""

import numpy as np

from core import calibration
from core.messages import Message, at_path
from training import dataset, stats


def evaluate(loaded_model, data_dir, on_progress=None, batch_size=64, should_stop=None, keep_predictions=False,
             calibrate=False):
    """Evaluates a loaded model on `DATA_DIR/<class>/...`.

    Args:
        loaded_model: a `core.modelfile.LoadedModel`.
        data_dir: labeled folder; sub-folder names are class names.
        on_progress: optional callable(done, total): progress out of 1000, the scan making
            the first half and the predictions the second.
        batch_size: images per forward pass.
        should_stop: optional callable; True stops the scan (raises `dataset.ScanCancelled`).
        keep_predictions: also return every image's true and predicted class and the predicted
            class's probability (`predictions`), e.g. to compare two models on the same images
            (`training.compare`) or to list the photos read wrong, surest first.
        calibrate: calibrate the light from the evaluated photos themselves
            (`core.calibration`): the report then says how the model does under a lamp
            other than its training photos' once calibrated to it, and has `calibration`.

    Returns:
        The `classification_report` dict (accuracy with its count and 95 % interval, per-class
        figures with theirs, the confusion matrix, the model's class names), plus `skipped`
        ([{path, reason}]), `warnings` (`core.messages.Message`s; a class with fewer than
        `stats.SMALL_CLASS_PHOTOS` images is one), `unknown_classes` (folder classes the model
        does not know; their images are not counted) and, with `keep_predictions`, `predictions`: [{path (relative to
        `data_dir`), true, predicted, probability}] by class name; with `calibrate`, or a model file that carries
        a calibration, `calibration` (its `to_json`) and `calibration_in_file` (whether it is the file's);
        `lighting_unusual`: how many photos have light far from the training photos' (None when the
        model file keeps no lighting profile), with a warning when there are any.

    Raises:
        dataset.DatasetError: the folder holds no usable image.
        core.calibration.CalibrationError: `calibrate` without a lighting profile in the model
            or with too few photos.
    """
    from core.predictor import Classifier

    info = loaded_model.info
    height, width, channels = info.input_shape
    classifier = Classifier(loaded_model)
    scan = dataset.scan_dataset(  # Cut to the tongue as `classifier.prepare` does, when the model crops.
        data_dir, on_progress=_scaled(on_progress, 0, 1), image_size=(height, width), channels=channels,
        min_classes=1, should_stop=should_stop, crop=classifier.tongue_crop)
    classes = list(info.class_names)
    index_in_model = {name: index for index, name in enumerate(classes)}
    unknown = [name for name in scan.classes if name not in index_in_model]
    warnings = list(scan.warnings)
    for name in unknown:
        warnings.append(at_path(data_dir, Message("evaluate.unknown_class", name=name)))
    known = [i for i, (_, label) in enumerate(scan.files) if scan.classes[label] in index_in_model]
    truth = np.asarray([index_in_model[scan.classes[scan.files[i][1]]] for i in known], dtype=np.int64)
    try:
        if calibrate:
            classifier.calibration = calibration.calibrate(
                calibration.training_light(info), scan.images, scan.rows[np.asarray(known, dtype=np.int64)],
                source=str(data_dir))
        probabilities = _predict(classifier, scan, known, batch_size, on_progress)
        predicted = probabilities.argmax(axis=1)
        unusual = _unusual_lighting(classifier, scan, known)
    finally:
        dataset.release_store(scan.images)
    report = classification_report(truth, predicted, classes)
    if classifier.calibration is not None:  # Made here, or carried in the model file (`calibrate --out`).
        report["calibration"] = classifier.calibration.to_json()
        report["calibration_in_file"] = classifier.calibration == classifier.file_calibration
    warnings.extend(stats.small_class_warnings(
        {name: scores["support"] for name, scores in report["per_class"].items() if scores["support"]}, "test"))
    if unusual:
        warnings.append(at_path(data_dir, Message("evaluate.unusual_lighting", count=unusual, total=len(known))))
    report.update(skipped=scan.skipped, warnings=warnings, unknown_classes=unknown, lighting_unusual=unusual)
    if keep_predictions:
        report["predictions"] = [
            {"path": scan.relative_path(scan.files[i][0]), "true": classes[t], "predicted": classes[p],
             "probability": float(probability[p])}
            for i, t, p, probability in zip(known, truth.tolist(), predicted.tolist(), probabilities)]
    return report


def mistakes(predictions, cell=None):
    """The photos read wrong, surest first: a photo read wrong with a high probability may be labelled wrong.

    Args:
        predictions: `evaluate(..., keep_predictions=True)`'s `predictions`.
        cell: (true class, predicted class) to list that confusion-matrix cell's photos instead
            (right ones too, on the diagonal).

    Returns:
        The entries ({path, true, predicted, probability}), the highest probability first.
    """
    if cell is None:
        chosen = [entry for entry in predictions if entry["true"] != entry["predicted"]]
    else:
        chosen = [entry for entry in predictions if (entry["true"], entry["predicted"]) == tuple(cell)]
    return sorted(chosen, key=lambda entry: -entry["probability"])


def classification_report(truth, predicted, classes):
    """Accuracy, per-class precision/recall/F1/support and the confusion matrix.

    Args:
        truth: true class indices.
        predicted: predicted class indices.
        classes: class names, indexed like `truth` and `predicted`.

    Returns:
        A dict with `accuracy`, `correct` (images right), `n`, `accuracy_ci95` ([low, high], the
        95 % Wilson interval), `per_class` ({class: {precision, recall, f1, support, correct,
        predicted, recall_ci95, precision_ci95}}: `correct` of the `support` images of the class
        are right, `predicted` images were called this class), `confusion_matrix`, `classes`.
    """
    count = len(classes)
    truth = np.asarray(truth, dtype=np.int64)
    predicted = np.asarray(predicted, dtype=np.int64)
    matrix = confusion_matrix(truth, predicted, count)
    per_class = {}
    for index, name in enumerate(classes):
        hits = int(matrix[index, index])
        predicted_as = int(matrix[:, index].sum())
        support = int(matrix[index].sum())
        precision = hits / predicted_as if predicted_as else 0.0
        recall = hits / support if support else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        per_class[name] = {"precision": precision, "recall": recall, "f1": f1, "support": support,
                           "correct": hits, "predicted": predicted_as,
                           "recall_ci95": list(stats.wilson_interval(hits, support)),
                           "precision_ci95": list(stats.wilson_interval(hits, predicted_as))}
    n = int(len(truth))
    correct = int(np.trace(matrix))
    return {
        "accuracy": correct / n if n else 0.0,
        "correct": correct,
        "n": n,
        "accuracy_ci95": list(stats.wilson_interval(correct, n)),
        "per_class": per_class,
        "confusion_matrix": matrix.tolist(),
        "classes": list(classes),
    }


def confusion_matrix(truth, predicted, count):
    """Counts (true, predicted) pairs into a count x count matrix."""
    matrix = np.zeros((count, count), dtype=np.int64)
    np.add.at(matrix, (np.asarray(truth, dtype=np.int64), np.asarray(predicted, dtype=np.int64)), 1)
    return matrix


def predict_rows(classifier, store, rows, batch_size=64, on_batch=None):
    """Class probabilities for stored images, through the classifier's compiled forward pass.

    Args:
        classifier: a `core.predictor.Classifier`.
        store: uint8 array of images at the model's input size.
        rows: which rows of `store` to predict.
        batch_size: images per forward pass.
        on_batch: optional callable(done, total).

    Returns:
        A float array (len(rows), classes).
    """
    rows = np.asarray(rows, dtype=np.int64)
    outputs = []
    for start in range(0, len(rows), batch_size):
        outputs.append(classifier.probabilities(store[rows[start:start + batch_size]]))
        if on_batch is not None:
            on_batch(min(start + batch_size, len(rows)), len(rows))
    if not outputs:
        return np.zeros((0, len(classifier.class_names)), dtype=np.float32)
    return np.concatenate(outputs)


def _predict(classifier, scan, indices, batch_size, on_progress):
    """The class probabilities of the scanned images `indices`: (images, classes)."""
    if not indices:
        return np.zeros((0, len(classifier.class_names)), dtype=np.float32)
    rows = scan.rows[np.asarray(indices, dtype=np.int64)]
    return predict_rows(classifier, scan.images, rows, batch_size, _scaled(on_progress, 1, 1))


def _unusual_lighting(classifier, scan, indices):
    """How many of the photos have light far from the training photos' (`core.lighting`); None without a profile."""
    checks = [classifier.lighting_check(scan.images[row]) for row in scan.rows[np.asarray(indices, dtype=np.int64)]]
    if not checks or checks[0] is None:
        return None
    return sum(1 for check in checks if check.unusual)


def _scaled(on_progress, before, weight):
    """Maps a (done, total) step onto a shared 0..1000 progress scale (scan then predict)."""
    if on_progress is None:
        return None

    def report(done, total):
        fraction = done / total if total else 1.0
        on_progress(int(round((before + weight * fraction) * 500)), 1000)

    return report
