"""Writing classification results to CSV, in the very format of `classify --csv` (`core.results`)."""

from core import results as core_results
from core.predictor import lighting_summary


def write_results_csv(destination, rows, k=3, model=""):
    """Writes results to `destination` atomically, as `python main.py classify --csv` does.

    Columns: path, label_1, probability_1, ..., label_k, probability_k, error, lighting, model (UTF-8
    with a BOM, so spreadsheet apps read Chinese class names); rows of a model with one head per
    attribute get one such column group per attribute.

    Args:
        destination: the CSV file.
        rows: objects or dicts with `path`, `top` ([{"label", "probability"}]), `error`, and
            `attributes` ({attribute: {"top": [...]}}, or None for a one-output model) and
            `lighting` (`core.predictor.lighting_summary`, or None).
        k: how many (class, probability) pairs per file.
        model: the model file that read them (`results_model`).
    """
    results = []
    for row in rows:
        path, top, error = _get(row, "path"), _get(row, "top") or [], _get(row, "error") or ""
        if error:
            results.append({"path": str(path), "error": error})
            continue
        results.append({"path": str(path), "top": top})
        if _get(row, "attributes"):
            results[-1]["attributes"] = _get(row, "attributes")
        if _get(row, "lighting"):
            results[-1]["lighting"] = _get(row, "lighting")
    core_results.write_csv(destination, results, k, model=model)


def results_rows(batch_result, prediction):
    """What Export Results writes: the folder's rows, else the one prediction shown, else []."""
    if batch_result is not None and batch_result.rows:
        return batch_result.rows
    if prediction is not None:  # A multi-attribute model's reading: every attribute's top classes too.
        attributes = {attribute.name: {"top": attribute.top} for attribute in prediction.attributes or []}
        lighting = lighting_summary(prediction.lighting) if prediction.lighting is not None else None
        return [{"path": prediction.path, "top": prediction.top, "attributes": attributes or None,
                 "lighting": lighting}]
    return []


def results_model(batch_result, prediction):
    """The model file that read `results_rows`' rows: the folder's, else the one prediction's, else ""."""
    if batch_result is not None and batch_result.rows:
        return batch_result.model_path or ""
    return prediction.model_path or "" if prediction is not None else ""


def _get(row, name):
    return row.get(name) if isinstance(row, dict) else getattr(row, name, None)
