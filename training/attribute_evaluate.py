"""Evaluation per attribute: a model with one head per attribute against a labels table.

    report = evaluate_table(loaded, "photos/", "labels.csv")
    report["attributes"]["舌色 body-colour"]["roc_auc"]   # one-vs-rest, per class

For each attribute of the model that is a column of the table, over the photos labelled for it
(blank cells are not counted, nor values the model does not know): accuracy, per-class
precision/recall/F1, macro F1, one-vs-rest ROC-AUC per class (rank-based, ties counted half)
and the confusion matrix. Photos go through the same loader and `core.predictor.Classifier`
forward pass as `classify`: one pass per photo for every attribute.
"""

from collections import namedtuple

import numpy as np

from core import calibration, lighting
from core.messages import Message, at_path
from training import attribute_data, dataset
from training.evaluate import classification_report


def roc_auc(scores, positive):
    """The area under the ROC curve of `scores` for telling `positive` photos from the others.

    Computed as the Mann-Whitney statistic: the probability that a random positive scores
    higher than a random negative, a tie counting one half (average ranks).

    Args:
        scores: one score per photo.
        positive: booleans, True for the positive class.

    Returns:
        A float in [0, 1], or None when there is no positive or no negative photo.
    """
    scores = np.asarray(scores, dtype=np.float64)
    positive = np.asarray(positive, dtype=bool)
    n_positive = int(positive.sum())
    n_negative = len(positive) - n_positive
    if n_positive == 0 or n_negative == 0:
        return None
    ranks = _average_ranks(scores)
    rank_sum = ranks[positive].sum()
    return float((rank_sum - n_positive * (n_positive + 1) / 2.0) / (n_positive * n_negative))


def _average_ranks(values):
    """Ranks from 1, tied values sharing the mean of their ranks."""
    order = np.argsort(values, kind="mergesort")
    sorted_values = values[order]
    ranks = np.empty(len(values), dtype=np.float64)
    start = 0
    while start < len(values):
        end = start
        while end + 1 < len(values) and sorted_values[end + 1] == sorted_values[start]:
            end += 1
        ranks[order[start:end + 1]] = (start + end) / 2.0 + 1.0
        start = end + 1
    return ranks


def attribute_report(truth, probabilities, classes):
    """One attribute's scores over labelled photos.

    Args:
        truth: the true class index of each photo (no blanks).
        probabilities: (photos, classes) from the attribute's head.
        classes: the head's class names.

    Returns:
        `training.evaluate.classification_report` plus `macro_f1`, `roc_auc` ({class: AUC or
        None}) and `macro_roc_auc` (the mean over classes that have one, or None).
    """
    truth = np.asarray(truth, dtype=np.int64)
    probabilities = np.asarray(probabilities, dtype=np.float64).reshape(len(truth), len(classes))
    report = classification_report(truth, probabilities.argmax(axis=1) if len(truth) else truth, classes)
    present = [scores["f1"] for scores in report["per_class"].values() if scores["support"]]
    report["macro_f1"] = float(np.mean(present)) if present else 0.0
    aucs = {name: roc_auc(probabilities[:, index], truth == index) for index, name in enumerate(classes)}
    report["roc_auc"] = aucs
    known = [value for value in aucs.values() if value is not None]
    report["macro_roc_auc"] = float(np.mean(known)) if known else None
    return report


def evaluate_heads(labels, per_attribute, attributes):
    """Scores every head over the photos labelled for its attribute.

    Args:
        labels: int array (photos, attributes), -1 for blank, in the heads' class order.
        per_attribute: one (photos, classes) probability array per head.
        attributes: the heads' `training.attribute_data.Attribute`s.

    Returns:
        {"attributes": {name: attribute_report + "blank"}, "accuracy": the mean accuracy over
        attributes, "confusion_matrix": None, "per_class": None, "n": photos}.
    """
    labels = np.asarray(labels, dtype=np.int64)
    results = {}
    for k, attribute in enumerate(attributes):
        labelled = labels[:, k] >= 0
        report = attribute_report(labels[labelled, k], per_attribute[k][labelled], attribute.classes)
        report["blank"] = int((~labelled).sum())
        results[attribute.name] = report
    accuracies = [report["accuracy"] for report in results.values() if report["n"]]
    return {"attributes": results, "accuracy": float(np.mean(accuracies)) if accuracies else 0.0,
            "confusion_matrix": None, "per_class": None, "n": int(len(labels))}


def predict_rows(classifier, store, rows, batch_size=64, on_batch=None, light=None, space=lighting.SRGB,
                 channels=None):
    """Every head's probabilities for stored images: one (len(rows), classes) array per head.

    Args:
        light: a `core.lighting` light to re-light the images by first (None: as stored).
        space: where its gains apply (`core.lighting.relight`).
        channels: the model's channels, when the store's are RGB and the model's are not.
    """
    from training.robustness import to_model_input

    rows = np.asarray(rows, dtype=np.int64)
    chunks = []
    for start in range(0, len(rows), batch_size):
        batch = store[rows[start:start + batch_size]]
        if light is not None:
            batch = lighting.relight(batch, light.gains, light.exposure, space)
        if channels is not None and batch.shape[-1] != channels:
            batch = to_model_input(batch, channels)
        chunks.append(classifier.attribute_probabilities(batch))
        if on_batch is not None:
            on_batch(min(start + batch_size, len(rows)), len(rows))
    heads = model_attributes(classifier.info)
    if not chunks:
        return [np.zeros((0, len(attribute.classes)), dtype=np.float32) for attribute in heads]
    return [np.concatenate([chunk[k] for chunk in chunks]) for k in range(len(heads))]


def model_attributes(info):
    """The model's heads as `Attribute`s; a one-output model is one unnamed attribute (name None)."""
    if info.attributes is None:
        return [attribute_data.Attribute(None, list(info.class_names))]
    return [attribute_data.Attribute(entry["name"], list(entry["classes"])) for entry in info.attributes]


def evaluate_table(loaded_model, data_dir, labels_path, batch_size=64, on_progress=None, should_stop=None,
                   keep_predictions=False, lights=(), space=lighting.SRGB, calibrate=False):
    """Evaluates a loaded model on a labels table, per attribute.

    Columns are matched to the model's attributes by name. A one-output model is matched
    to a table with exactly one attribute column.

    Args:
        keep_predictions: also keep, per attribute, every labelled photo's true and predicted
            class and the predicted class's probability (`predictions`, as
            `training.evaluate.evaluate` keeps them), e.g. to list the photos read wrong.
        lights: names from `core.lighting.LIGHTS`: also score re-lit copies of the photos, as
            `training.robustness.evaluate_relit` does for a folder per class.
        space: where the lights' gains apply (`core.lighting.relight`).
        calibrate: calibrate the light from the photos themselves first (and each light's copies
            from their own), as `training.evaluate.evaluate` does.

    Returns:
        {"attributes": {name: attribute_report + "blank" (+ "predictions", + "relight": {"rows":
        `robustness.robustness_rows`, "reports": {light: attribute_report}})}, "n" (photos used),
        "labels", "encoding", "skipped", "warnings" (messages)}; with `lights`, "relight":
        {"space", "lights" ({name: {gains, exposure, description}}), with `calibrate` "calibrations"};
        with a calibration in use, "calibration" and "calibration_in_file" (as `evaluate`).

    Raises:
        dataset.DatasetError: a bad table, no usable photo, or no column matching the model.
        core.calibration.CalibrationError: `calibrate` without a lighting profile in the model
            or with too few photos.
    """
    from core.predictor import Classifier

    chosen = [lighting.get_light(name) for name in lights]
    height, width, channels = loaded_model.info.input_shape
    profile = calibration.training_light(loaded_model.info) if calibrate else None
    relit = bool(chosen) or calibrate
    notes = []
    classifier = Classifier(loaded_model)
    scan = attribute_data.scan_labels(  # Cut to the tongue as `classifier.prepare` does, when the model crops.
        data_dir, labels_path, image_size=(height, width), channels=3 if relit else channels, min_classes=1,
        on_progress=_half(on_progress, 0), should_stop=should_stop, on_message=notes.append,
        drop_unlabelled=False, crop=classifier.tongue_crop)
    try:
        heads = model_attributes(loaded_model.info)
        matched, warnings = _match_columns(heads, scan, labels_path)
        passes = _score_passes(classifier, scan, [None] + chosen, space, channels, profile, batch_size,
                               _half(on_progress, 1))
    finally:
        dataset.release_store(scan.images)
    results = {}
    for head_index, column in matched:
        head = heads[head_index]
        truth, keep, unknown = _truth_in_model_order(scan, column, head.classes)
        for value, count in unknown.items():
            warnings.append(Message("labels.unknown_value", name=scan.attributes[column].name, value=value,
                                    count=count))
        plain = passes[None].probabilities[head_index]
        report = attribute_report(truth[keep], plain[keep], head.classes)
        report["blank"] = int((scan.labels[:, column] < 0).sum())
        if keep_predictions:
            report["predictions"] = _predictions(scan, truth, keep, plain, head.classes)
        if chosen:
            report["relight"] = _relit_figures(report, passes, truth, keep, head_index, head.classes)
        results[scan.attributes[column].name] = report
    table = {"attributes": results, "n": len(scan.files), "labels": str(labels_path), "encoding": scan.encoding,
             "skipped": scan.skipped, "warnings": list(scan.warnings) + warnings, "notes": notes}
    used = passes[None].calibration
    if used is not None:  # Made here, or carried in the model file (`calibrate --out`).
        table["calibration"] = used.to_json()
        table["calibration_in_file"] = used == classifier.file_calibration
    if chosen:
        table["relight"] = {"space": space, "lights": {light.name: {
            "gains": list(light.gains), "exposure": light.exposure, "description": light.description}
            for light in chosen}}
        if calibrate:
            table["relight"]["calibrations"] = {name or "as photographed": scored.calibration.to_json()
                                                for name, scored in passes.items()}
    return table


# One scoring of every photo under one light: each head's probabilities, which photos the lighting
# check calls unusual (None without a lighting profile), and the calibration used (or None).
ScoredPass = namedtuple("ScoredPass", "probabilities unusual calibration")


def _score_passes(classifier, scan, lights, space, channels, profile, batch_size, on_progress):
    """{light name (None: as photographed): ScoredPass} for the photos of `scan`."""
    from training.robustness import calibration_from, unusual_flags

    passes = {}
    for step, light in enumerate(lights):
        if profile is not None:
            classifier.calibration = calibration_from(profile, scan.images, scan.rows, light, space, channels,
                                                      batch_size)
        probabilities = predict_rows(classifier, scan.images, scan.rows, batch_size,
                                     _share(on_progress, step, len(lights)), light, space, channels)
        unusual = (unusual_flags(classifier, scan.images, scan.rows, light, space, channels, batch_size)
                   if len(lights) > 1 else None)
        passes[light.name if light else None] = ScoredPass(probabilities, unusual, classifier.calibration)
    return passes


def _relit_figures(report, passes, truth, keep, head_index, classes):
    """One attribute under each light: its robustness rows and each light's report."""
    from training.robustness import robustness_rows

    reports = {name: attribute_report(truth[keep], scored.probabilities[head_index][keep], classes)
               for name, scored in passes.items() if name is not None}
    warned = {name: int(scored.unusual[keep].sum()) for name, scored in passes.items()
              if scored.unusual is not None}
    result = {"plain": report, "relit": reports, **({"warned": warned} if warned else {})}
    return {"rows": robustness_rows(result), "reports": reports}


def _share(on_progress, step, steps):
    """Maps one pass's (done, total) onto its share of `on_progress`'s (done, total)."""
    if on_progress is None:
        return None

    def report(done, total):
        fraction = done / total if total else 1.0
        on_progress(int(round(1000 * (step + fraction) / steps)), 1000)

    return report


def _match_columns(heads, scan, labels_path):
    """[(head index, column index)] of the attributes to evaluate, and warnings about the others."""
    names = scan.attribute_names
    warnings = []
    if len(heads) == 1 and heads[0].name is None:
        if len(names) != 1:
            raise dataset.DatasetError(at_path(labels_path, Message(
                "labels.nothing_to_evaluate", attributes=Message("word.none"))))
        return [(0, 0)], warnings
    matched = []
    for index, head in enumerate(heads):
        if head.name in names:
            matched.append((index, names.index(head.name)))
        else:
            warnings.append(Message("labels.model_attribute_missing", name=head.name))
    for name in names:
        if name not in [head.name for head in heads]:
            warnings.append(Message("labels.column_not_in_model", name=name))
    if not matched:
        raise dataset.DatasetError(at_path(labels_path, Message(
            "labels.nothing_to_evaluate", attributes=", ".join(head.name for head in heads))))
    return matched, warnings


def _predictions(scan, truth, keep, probabilities, classes):
    """[{path (relative to the photos' folder), true, predicted, probability}] of the labelled photos."""
    entries = []
    for index in np.flatnonzero(keep):
        predicted = int(np.argmax(probabilities[index]))
        entries.append({"path": scan.relative_path(scan.files[index]), "true": classes[truth[index]],
                        "predicted": classes[predicted], "probability": float(probabilities[index][predicted])})
    return entries


def _truth_in_model_order(scan, column, model_classes):
    """Each photo's class index in the model's order; `keep` marks the labelled, known ones."""
    index_in_model = {name: index for index, name in enumerate(model_classes)}
    classes = scan.attributes[column].classes
    mapping = np.asarray([index_in_model.get(name, -1) for name in classes], dtype=np.int64)
    labels = scan.labels[:, column]
    truth = np.where(labels >= 0, mapping[np.maximum(labels, 0)], -1)
    unknown = {}
    for index, name in enumerate(classes):
        if name not in index_in_model:
            unknown[name] = int((labels == index).sum())
    return truth, truth >= 0, unknown


def _half(on_progress, part):
    """Maps (done, total) onto a shared 0..1000 scale: the scan the first half, predictions the second."""
    if on_progress is None:
        return None

    def report(done, total):
        fraction = done / total if total else 1.0
        on_progress(int(round((part + fraction) * 500)), 1000)

    return report
