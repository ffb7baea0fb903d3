"""Writing classification results to CSV, in the very format of `classify --csv` (`core.results`)."""

from core import results as core_results


def write_results_csv(destination, rows, k=3):
    """Writes results to `destination` atomically, as `python main.py classify --csv` does.

    Columns: path, label_1, probability_1, ..., label_k, probability_k, error (UTF-8 with a
    BOM, so spreadsheet apps read Chinese class names).

    Args:
        destination: the CSV file.
        rows: objects or dicts with `path`, `top` ([{"label", "probability"}]) and `error`.
        k: how many (class, probability) pairs per file.
    """
    results = []
    for row in rows:
        path, top, error = _get(row, "path"), _get(row, "top") or [], _get(row, "error") or ""
        results.append({"path": str(path), "error": error} if error else {"path": str(path), "top": top})
    core_results.write_csv(destination, results, k)


def results_rows(batch_result, prediction):
    """What Export Results writes: the folder's rows, else the one prediction shown, else []."""
    if batch_result is not None and batch_result.rows:
        return batch_result.rows
    if prediction is not None:
        return [{"path": prediction.path, "top": prediction.top}]
    return []


def _get(row, name):
    return row.get(name) if isinstance(row, dict) else getattr(row, name, None)
