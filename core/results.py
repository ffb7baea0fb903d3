"""Classification results as rows: the one format `classify` prints and writes and the app exports.

A result is the dict `core.predictor.Classifier.classify_files` gives for each file:
`{"path", "top": [{"label", "probability"}]}`, or `{"path", "error"}` for a file that could not
be classified (`classify --json` prints exactly these). A model with one head per attribute adds
`"attributes": {name: {"top": [...]}}`; its CSV has one column group per attribute. A model file
that keeps its training photos' lighting profile adds `"lighting"` (`core.predictor.lighting_summary`);
the CSV's lighting column says "differs: warmer, darker" for a photo whose light is unusual. The last
column names the model file that read the photos, so results of several models can be told apart.

Pure Python: no TensorFlow, no Qt.
"""

import csv

from core import atomic
from core.safetext import csv_cell

# UTF-8 with a byte-order mark: spreadsheet programs then read Chinese class names correctly.
CSV_ENCODING = "utf-8-sig"


def csv_header(top, attributes=None):
    """path, label_1, probability_1, ..., label_k, probability_k, error, lighting, model.

    With `attributes` (the names of a multi-attribute model's heads): one group per attribute,
    `<attribute> label_1`, `<attribute> probability_1`, ..., then error, lighting and model.
    """
    header = ["path"]
    for prefix in [f"{csv_cell(name)} " for name in attributes] if attributes else [""]:
        for rank in range(1, top + 1):
            header += [f"{prefix}label_{rank}", f"{prefix}probability_{rank}"]
    return header + ["error", "lighting", "model"]


def csv_row(result, top, attributes=None, model=""):
    """The CSV cells of one result, matching `csv_header(top, attributes)` (probabilities with 6 decimals).

    `model` is the model file that read it, as the user named it.

    Text from files (paths, class names, errors) is written spreadsheet-safe: a cell that would
    start with `=`, `+`, `-` or `@` gets a leading apostrophe (`core.safetext.csv_cell`).
    """
    row = [csv_cell(result["path"])]
    if attributes:
        readings = result.get("attributes", {})
        for name in attributes:
            row += _ranked_cells(readings.get(name, {}).get("top", []), top)
    else:
        row += _ranked_cells(result.get("top", []), top)
    return row + [csv_cell(result.get("error", "")), lighting_cell(result), csv_cell(str(model))]


def lighting_cell(result):
    """"differs: warmer, darker" when the result's light is far from the training photos', else ""."""
    lighting = result.get("lighting") or {}
    if not lighting.get("unusual"):
        return ""
    return "differs: " + ", ".join(lighting.get("directions") or ["unlike the training photos"])


def _ranked_cells(entries, top):
    cells = []
    for rank in range(top):
        if rank < len(entries):
            cells += [csv_cell(entries[rank]["label"]), f"{entries[rank]['probability']:.6f}"]
        else:
            cells += ["", ""]
    return cells


def attribute_names(results):
    """The attribute names of multi-attribute results (in their order), or None for one-label results."""
    for result in results:
        if "attributes" in result:
            return list(result["attributes"])
    return None


def write_csv(path, results, top, model=""):
    """Writes results to a CSV file, atomically: a header, then one row per result.

    Results of a multi-attribute model (with "attributes") get one column group per attribute.

    Args:
        path: the CSV file.
        results: result dicts, in the order to write.
        top: how many (label, probability) pairs per row (per attribute).
        model: the model file that read them, for the last column.
    """
    attributes = attribute_names(results)
    with atomic.atomic_open(path, "w", encoding=CSV_ENCODING, newline="") as stream:
        writer = csv.writer(stream)
        writer.writerow(csv_header(top, attributes))
        for result in results:
            writer.writerow(csv_row(result, top, attributes, model))
