"""Two models on the same labeled folder: both accuracies, and whether they differ by more than noise.

    result = compare_models(loaded_a, loaded_b, "test_photos/")
    result["a"]["value"], result["b"]["value"], result["p_value"], result["verdict"]

Each model is evaluated by `training.evaluate.evaluate` (its own input size, class names
matched by name); the two are then paired photo by photo, and McNemar's exact test
(`training.stats.mcnemar_exact`) asks whether the photos only one of them gets right lean
towards one model more than chance would. A photo counts when its class is a class of both
models and both could read it. Two models with one head per attribute are compared on a labels
table attribute by attribute (`compare_tables`), over the photos labelled for each.
"""

from core.messages import Message, at_path
from training import stats
from training.evaluate import evaluate


def compare_models(model_a, model_b, data_dir, on_progress=None, batch_size=64, should_stop=None,
                   keep_predictions=False):
    """Evaluates two loaded models on `data_dir` and compares them on the same photos.

    Args:
        model_a: the first `core.modelfile.LoadedModel` (A, e.g. the model in use).
        model_b: the second (B, e.g. a retrained one).
        data_dir: labeled folder, one sub-folder per class.
        on_progress: optional callable(done, total) on a 0..1000 scale (A, then B).
        batch_size: images per forward pass.
        should_stop: optional callable; True stops a scan (raises `dataset.ScanCancelled`).
        keep_predictions: leave each report its `predictions` (`training.evaluate.evaluate`'s),
            e.g. to list the photos either model reads wrong.

    Returns:
        The `stats.compare_paired` dict (n, a, b, difference, both_right, only_a_right,
        only_b_right, both_wrong, p_value, p_value_mid, test, significant, verdict) plus
        `report_a` and `report_b` (each model's own `evaluate` report on all the photos it
        could score), `classes` (the class names both models know, in A's order) and
        `warnings` (both reports' warnings and what was left out of the pairing).

    Raises:
        training.dataset.DatasetError: the folder holds no usable image.
    """
    report_a = evaluate(model_a, data_dir, _half(on_progress, 0), batch_size, should_stop, keep_predictions=True)
    report_b = evaluate(model_b, data_dir, _half(on_progress, 1), batch_size, should_stop, keep_predictions=True)
    result = paired(report_a, report_b, keep_predictions)
    warnings = list(dict.fromkeys(report_a["warnings"] + report_b["warnings"]))
    left_out = result.pop("left_out")
    if left_out:
        warnings.append(Message("evaluate.left_out_of_comparison", count=left_out))
    result["warnings"] = warnings
    return result


def compare_tables(model_a, model_b, data_dir, labels_path, on_progress=None, batch_size=64, should_stop=None,
                   keep_predictions=False):
    """Two models with one head per attribute on the same labels table: each attribute as `compare_models`.

    Args:
        model_a, model_b: `core.modelfile.LoadedModel`s (A, e.g. the model in use; B, a retrained one).
        data_dir: the photos' folder.
        labels_path: the labels table (`training.attribute_evaluate.evaluate_table`).
        on_progress, batch_size, should_stop, keep_predictions: as `compare_models`.

    Returns:
        {"attributes": {name: the `compare_models` dict of that attribute, over the photos labelled
        for it, without warnings}, "table_a" and "table_b" (each model's `evaluate_table` report,
        without its attributes), "warnings"}: an attribute only one model has is not compared,
        and said.

    Raises:
        training.dataset.DatasetError: a bad table, no usable photo, or no column matching a model.
    """
    tables = [_scored_table(model, data_dir, labels_path, batch_size, _half(on_progress, index), should_stop)
              for index, model in enumerate((model_a, model_b))]
    scored_a, scored_b = (table.pop("attributes") for table in tables)
    warnings = list(dict.fromkeys(tables[0]["warnings"] + tables[1]["warnings"]))
    attributes = {}
    for name in list(scored_a) + [name for name in scored_b if name not in scored_a]:
        if name not in scored_a or name not in scored_b:
            warnings.append(Message("compare.attribute_in_one_model", name=name))
            continue
        attributes[name] = paired(scored_a[name], scored_b[name], keep_predictions)
        left_out = attributes[name].pop("left_out")
        if left_out:
            warnings.append(Message("compare.attribute_left_out", name=name, count=left_out))
    return {"attributes": attributes, "table_a": tables[0], "table_b": tables[1], "warnings": warnings}


def _scored_table(model, data_dir, labels_path, batch_size, on_progress, should_stop):
    """`evaluate_table` of one model; a model with one output that the table cannot score is named."""
    from training import dataset
    from training.attribute_evaluate import evaluate_table

    try:
        return evaluate_table(model, data_dir, labels_path, batch_size, on_progress, should_stop,
                              keep_predictions=True)
    except dataset.DatasetError as error:
        refused = getattr(error.message, "values", {}).get("text")
        if model.info.attributes is None and getattr(refused, "key", "") == "labels.nothing_to_evaluate":
            raise dataset.DatasetError(at_path(model.path, Message("compare.one_output"))) from None
        raise


def paired(report_a, report_b, keep_predictions=False):
    """Two reports with predictions of the same photos, paired photo by photo (`stats.compare_paired`).

    A photo counts when its class is a class of both models and both could read it.

    Returns:
        The `stats.compare_paired` dict plus `report_a`, `report_b` (with their predictions only
        when `keep_predictions`), `classes` (the class names both know, in A's order) and
        `left_out` (how many photos only one model scored).
    """
    predictions_a, predictions_b = (_take_predictions(report, keep_predictions) for report in (report_a, report_b))
    by_path_b = {entry["path"]: entry for entry in predictions_b}
    shared = set(report_a["classes"]) & set(report_b["classes"])
    truth, predicted_a, predicted_b = [], [], []
    for entry in predictions_a:
        other = by_path_b.get(entry["path"])
        if other is None or entry["true"] not in shared:
            continue
        truth.append(entry["true"])
        predicted_a.append(entry["predicted"])
        predicted_b.append(other["predicted"])
    result = stats.compare_paired(truth, predicted_a, predicted_b)
    left_out = max(report_a["n"], report_b["n"]) - len(truth)
    classes = [name for name in report_a["classes"] if name in shared]
    result.update(report_a=report_a, report_b=report_b, classes=classes, left_out=left_out)
    return result


def _take_predictions(report, keep):
    """The report's predictions, left in it when `keep`."""
    return report["predictions"] if keep else report.pop("predictions")


def _half(on_progress, index):
    """Maps one model's 0..1000 progress onto its half of a shared 0..1000 scale."""
    if on_progress is None:
        return None

    def report(done, total):
        fraction = done / total if total else 1.0
        on_progress(index * 500 + int(round(500 * fraction)), 1000)

    return report
