"""Classification results as rows: the one format `classify` prints and writes and the app exports.

A result is the dict `core.predictor.Classifier.classify_files` gives for each file:
`{"path", "top": [{"label", "probability"}]}`, or `{"path", "error"}` for a file that could not
be classified (`classify --json` prints exactly these).

Pure Python: no TensorFlow, no Qt.
"""

import csv

from core import atomic
from core.safetext import csv_cell

# UTF-8 with a byte-order mark: spreadsheet programs then read Chinese class names correctly.
CSV_ENCODING = "utf-8-sig"


def csv_header(top):
    """path, label_1, probability_1, ..., label_k, probability_k, error."""
    header = ["path"]
    for rank in range(1, top + 1):
        header += [f"label_{rank}", f"probability_{rank}"]
    header.append("error")
    return header


def csv_row(result, top):
    """The CSV cells of one result, matching `csv_header(top)` (probabilities with 6 decimals).

    Text from files (paths, class names, errors) is written spreadsheet-safe: a cell that would
    start with `=`, `+`, `-` or `@` gets a leading apostrophe (`core.safetext.csv_cell`).
    """
    row = [csv_cell(result["path"])]
    entries = result.get("top", [])
    for rank in range(top):
        if rank < len(entries):
            row += [csv_cell(entries[rank]["label"]), f"{entries[rank]['probability']:.6f}"]
        else:
            row += ["", ""]
    row.append(csv_cell(result.get("error", "")))
    return row


def write_csv(path, results, top):
    """Writes results to a CSV file, atomically: a header, then one row per result.

    Args:
        path: the CSV file.
        results: result dicts, in the order to write.
        top: how many (label, probability) pairs per row.
    """
    with atomic.atomic_open(path, "w", encoding=CSV_ENCODING, newline="") as stream:
        writer = csv.writer(stream)
        writer.writerow(csv_header(top))
        for result in results:
            writer.writerow(csv_row(result, top))
