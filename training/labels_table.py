"""Reading a labels table: one row per photo, one column per attribute, blank cells allowed.

    table = read_table("labels.csv")                      # .csv, .tsv, .txt or .xlsx
    rows, skipped, warnings = resolve_images(table, "photos/")

The column `image` (else the first column) names each photo: a path relative to the images
folder, or a bare ID that matches exactly one file's stem (`TE0001` for `TE0001.jpg`). Every
other column is an attribute whose values are its classes. An empty cell, `NA`, `NaN` or `-`
means "not labelled". Text files may be UTF-8 (with or without a byte-order mark) or GBK (what
a Chinese Excel saves as CSV); the encoding found is reported. Excel files are read with openpyxl
(the first sheet, cell values not formulas).

Pure Python: no TensorFlow, no Qt. Problems are raised as `training.dataset.DatasetError`
naming the table, so the trainer and the command line report them like a bad folder.
"""

import csv
import dataclasses
import io
import os
import zipfile
from pathlib import Path

from core import imagefiles
from core.messages import Message, at_path
from training.dataset import DatasetError

# Cell values that mean "not labelled" (compared after stripping spaces, case-insensitively).
BLANK_VALUES = frozenset({"", "na", "nan", "-"})
IMAGE_COLUMN = "image"
TEXT_SUFFIXES = (".csv", ".tsv", ".txt")
EXCEL_SUFFIXES = (".xlsx", ".xlsm")
# How a text table was decoded, as reported to the user.
ENCODING_UTF8 = "UTF-8"
ENCODING_UTF8_BOM = "UTF-8 with BOM"
ENCODING_GBK = "GBK"
ENCODING_EXCEL = "Excel"
# Bounds on a sheet's reading: Excel's own last row, and far more attribute columns than any table has.
MAX_SHEET_ROWS = 1_048_576
MAX_SHEET_COLUMNS = 1000
# The most an .xlsx part that openpyxl parses (a sheet, the shared strings) may unzip to. A real labels
# sheet of 100,000 rows x 20 columns unzips to about 110 MB as openpyxl writes it (inline strings, some
# 56 bytes a cell; Excel's shared strings take about half), so twice that leaves room for long values.
# A few KB of zip can expand to gigabytes, and openpyxl parses about 2.5 MB a second: this bound keeps
# the reading under two minutes, where such a file would run for hours.
MAX_UNZIPPED_PART = 256 * 1024 * 1024
# The parts of an .xlsx that openpyxl parses: XML, whatever their folder (pictures are only copied).
PARSED_PART_SUFFIXES = (".xml", ".rels", ".vml")


@dataclasses.dataclass
class LabelsTable:
    """A labels table as read, before its images are looked for.

    Attributes:
        path: the table file.
        encoding: how it was read: "UTF-8", "UTF-8 with BOM", "GBK" or "Excel".
        image_column: the header of the column that names the photos.
        attributes: the other columns' headers, in table order.
        rows: (line number, image reference, [value or None per attribute]); None is a blank cell.
    """

    path: str
    encoding: str
    image_column: str
    attributes: list
    rows: list


@dataclasses.dataclass
class LabelledPhoto:
    """One row whose image was found.

    Attributes:
        path: the image file.
        line: the row's line in the table (the header is line 1).
        values: the row's value per attribute (None when blank).
    """

    path: str
    line: int
    values: list


def is_blank(value):
    """Whether a cell means "not labelled": empty, `NA`, `NaN` or `-` (any case, spaces ignored)."""
    return value is None or str(value).strip().lower() in BLANK_VALUES


def read_table(path):
    """Reads a labels table (.csv, .tsv, .txt or .xlsx).

    Returns:
        A `LabelsTable`.

    Raises:
        DatasetError: a missing or unreadable file, an unknown type, an undecodable text,
            or a header without an image column and at least one attribute.
    """
    path = Path(path)
    if not path.is_file():
        raise DatasetError(at_path(path, Message("labels.not_found")))
    suffix = path.suffix.lower()
    if suffix in EXCEL_SUFFIXES:
        grid, encoding = _read_excel(path), ENCODING_EXCEL
    elif suffix in TEXT_SUFFIXES:
        grid, encoding = _read_text(path)
    else:
        raise DatasetError(at_path(path, Message("labels.unknown_type", suffix=suffix or "none")))
    return _table_from_grid(path, grid, encoding)


def _read_text(path):
    try:
        data = path.read_bytes()
    except OSError as error:
        raise DatasetError(at_path(path, Message("labels.cannot_read", detail=error.strerror or str(error)))) from None
    text, encoding = decode_text(path, data)
    return _parse_text(path, text), encoding


def _parse_text(path, text):
    """The rows of a decoded text table; a row csv cannot take is refused naming its line.

    Raises:
        DatasetError: a cell over csv's field limit (often a quote never closed, which joins
            every later line into one cell), or another malformed row.
    """
    reader = csv.reader(io.StringIO(text, newline=""), dialect=_dialect(path, text))
    rows = []
    while True:
        first_line = reader.line_num + 1  # Where the row being read starts: a quoted cell may span lines.
        try:
            rows.append(next(reader))
        except StopIteration:
            return rows
        except csv.Error as error:
            raise DatasetError(at_path(path, _csv_problem(error, first_line))) from None


def _csv_problem(error, line):
    """Why csv refused the row that starts on `line`, as a message."""
    detail = str(error)
    if "field limit" in detail:  # csv has one error type; its text is how this case is told apart.
        return Message("labels.cell_too_long", line=line, limit=csv.field_size_limit())
    return Message("labels.cannot_read", detail=f"line {line}: {detail}")  # No other case is known in Python 3.11.


def decode_text(path, data):
    """Decodes a text table: UTF-8 (a byte-order mark is dropped), else GBK.

    GB18030 is used to decode GBK: it is its superset, so every GBK file reads the same.

    Returns:
        (text, encoding name).

    Raises:
        DatasetError: neither UTF-8 nor GBK.
    """
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace"), ENCODING_UTF8_BOM
    try:
        return data.decode("utf-8"), ENCODING_UTF8
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("gb18030"), ENCODING_GBK
    except UnicodeDecodeError:
        raise DatasetError(at_path(path, Message("labels.bad_encoding"))) from None


def _dialect(path, text):
    if path.suffix.lower() == ".tsv":
        return csv.excel_tab
    header = text.split("\n", 1)[0]
    # A table saved by a European Excel separates by semicolons; a .txt export often by tabs.
    counts = {delimiter: header.count(delimiter) for delimiter in (",", "\t", ";")}
    delimiter = max(counts, key=counts.get) if max(counts.values()) else ","
    return csv.excel_tab if delimiter == "\t" else _semicolon if delimiter == ";" else csv.excel


class _semicolon(csv.excel):  # noqa: N801  A csv dialect, named like csv's own.
    delimiter = ";"


def _read_excel(path):
    try:
        import openpyxl
    except ImportError:
        raise DatasetError(at_path(path, Message("labels.no_openpyxl"))) from None
    _check_unzipped_sizes(path)  # Before openpyxl parses anything.
    try:
        workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many types for a damaged or foreign file.
        raise _unreadable_workbook(path, error) from None
    try:
        sheet = workbook.worksheets[0]
        # The size a file declares is only its claim: openpyxl pads every row to it (XFD1048576 in 5 KB).
        sheet.reset_dimensions()
        return _sheet_rows(path, sheet)
    except DatasetError:
        raise
    except Exception as error:  # A read-only sheet is parsed as it is read: damage shows up here.
        raise _unreadable_workbook(path, error) from None
    finally:
        workbook.close()


def _check_unzipped_sizes(path):
    """Refuses a workbook with an XML part that unzips past `MAX_UNZIPPED_PART`.

    The sizes are those the zip's directory declares (`ZipInfo.file_size`); zipfile, and so
    openpyxl, never unzips more of a part than its declared size, so nothing larger is parsed.
    A file that is not a zip is left for openpyxl to report.

    Raises:
        DatasetError: naming the file, the part and its size.
    """
    try:
        with zipfile.ZipFile(path) as archive:
            parts = [part for part in archive.infolist() if part.filename.lower().endswith(PARSED_PART_SUFFIXES)]
    except Exception:  # zipfile raises several types for a damaged file; openpyxl reports it in its words.
        return
    largest = max(parts, key=lambda part: part.file_size, default=None)
    if largest is not None and largest.file_size > MAX_UNZIPPED_PART:
        raise DatasetError(at_path(path, Message(
            "labels.part_too_large", part=largest.filename, size=largest.file_size // 2 ** 20,
            limit=MAX_UNZIPPED_PART // 2 ** 20)))


def _unreadable_workbook(path, error):
    reason = " ".join(str(error).split())[:200] or type(error).__name__
    return DatasetError(at_path(path, Message("labels.cannot_read", detail=reason)))


def _sheet_rows(path, sheet):
    """The non-blank rows of a read-only sheet, from its header on, each as wide as the header.

    Cells right of the header are dropped as a text table drops them, so the work is bounded
    by the header's width and Excel's last row, whatever the file claims.

    Raises:
        DatasetError: a header wider than `MAX_SHEET_COLUMNS`, or a row past `MAX_SHEET_ROWS`.
    """
    header_row, header = _sheet_header(path, sheet)
    if header is None:
        return []
    rows = [header]
    cells = sheet.iter_rows(min_row=header_row + 1, max_col=len(header), values_only=True)
    for row_number, row in enumerate(cells, start=header_row + 1):
        _check_row_number(path, row_number)
        if row.count(None) < len(row):
            rows.append([_excel_cell(value) for value in row])
    return rows


def _sheet_header(path, sheet):
    """(row number, cells without the trailing empty ones) of the first non-blank row, else (0, None)."""
    for row_number, row in enumerate(sheet.iter_rows(max_col=MAX_SHEET_COLUMNS + 1, values_only=True), start=1):
        _check_row_number(path, row_number)
        if row.count(None) == len(row):
            continue  # Quick: a gap in the sheet is one shared tuple of None.
        cells = [_excel_cell(value) for value in row]
        while cells and not cells[-1].strip():
            cells.pop()
        if len(cells) > MAX_SHEET_COLUMNS:
            raise DatasetError(at_path(path, Message("labels.too_many_columns", limit=MAX_SHEET_COLUMNS)))
        if cells:
            return row_number, cells
    return 0, None


def _check_row_number(path, row_number):
    if row_number > MAX_SHEET_ROWS:
        raise DatasetError(at_path(path, Message("labels.too_many_rows", limit=MAX_SHEET_ROWS)))


def _excel_cell(value):
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))  # 1.0 in a cell that shows 1.
    return str(value)


def _table_from_grid(path, grid, encoding):
    grid = [row for row in grid if any(str(cell).strip() for cell in row)]
    if not grid:
        raise DatasetError(at_path(path, Message("labels.empty")))
    header = [str(cell).strip() for cell in grid[0]]
    while header and not header[-1]:
        header.pop()  # Trailing empty header cells: Excel's leftovers.
    if len(header) < 2:
        raise DatasetError(at_path(path, Message("labels.no_attributes")))
    if any(not name for name in header):
        raise DatasetError(at_path(path, Message("labels.empty_header", column=header.index("") + 1)))
    duplicates = sorted({name for name in header if header.count(name) > 1})
    if duplicates:
        raise DatasetError(at_path(path, Message("labels.duplicate_header", columns=", ".join(duplicates))))
    image_index = next((i for i, name in enumerate(header) if name.lower() == IMAGE_COLUMN), 0)
    attribute_indices = [i for i in range(len(header)) if i != image_index]
    rows = []
    for line, cells in enumerate(grid[1:], start=2):
        cells = [str(cell).strip() for cell in cells] + [""] * (len(header) - len(cells))
        values = [None if is_blank(cells[i]) else cells[i] for i in attribute_indices]
        rows.append((line, cells[image_index], values))
    return LabelsTable(str(path), encoding, header[image_index], [header[i] for i in attribute_indices], rows)


def resolve_images(table, images_dir, should_stop=None):
    """Finds each row's image under `images_dir`.

    A reference is a path relative to the folder (`/` or `\\` separators), or a bare ID that
    matches exactly one image file's stem anywhere under the folder. A row whose image is
    missing, ambiguous, named twice or outside the folder (`..`, an absolute path elsewhere)
    is skipped with a reason.

    Args:
        table: a `LabelsTable`.
        images_dir: the folder of its photos.
        should_stop: optional callable; True ends the folder's listing early (the caller, which
            asked to stop, throws the answer away).

    Returns:
        ([LabelledPhoto], skipped, warnings): skipped is [{"path", "reason"}] with
        `core.messages.Message` reasons; warnings are messages.

    Raises:
        DatasetError: the folder holds more files and folders than any folder of photos.
    """
    images_dir = Path(images_dir)
    warnings = []
    try:
        paths, _ = imagefiles.list_image_files(images_dir, warnings, should_stop=should_stop)
    except imagefiles.TooManyEntries as error:
        raise DatasetError(error.message) from None
    by_stem = {}
    for path in paths:
        by_stem.setdefault(Path(path).stem, []).append(path)
    listed = {_normalized(path) for path in paths}
    found, skipped, seen = [], [], {}
    for line, reference, values in table.rows:
        path, reason = _find_image(images_dir, reference, by_stem, line, listed)
        if path is not None:
            key = os.path.normcase(os.path.abspath(path))
            if key in seen:
                path, reason = None, Message("labels.named_twice", line=line, first=seen[key])
            else:
                seen[key] = line
        if path is None:
            shown = str(images_dir / reference) if reference else table.path
            skipped.append({"path": shown, "reason": reason})
            continue
        found.append(LabelledPhoto(str(path), line, values))
    return found, skipped, warnings


def _find_image(images_dir, reference, by_stem, line, listed):
    """(path, None) for a found image, else (None, reason).

    A path must stay inside the images folder: `..` or an absolute path elsewhere (or a link
    out of it that the folder's listing does not follow) is refused, as a folder scan stays
    inside its folder.
    """
    if not reference:
        return None, Message("labels.no_image_name", line=line)
    relative = reference.replace("\\", "/")
    candidate = images_dir / relative  # An absolute reference replaces the folder.
    if not _is_inside(candidate, images_dir, listed):
        if os.path.isabs(relative):
            return None, Message("labels.absolute_path", line=line)
        return None, Message("labels.outside_folder", line=line)
    if candidate.is_file():
        return str(candidate), None
    if "/" not in relative:
        matches = by_stem.get(relative, [])
        if len(matches) == 1:
            return matches[0], None
        if len(matches) > 1:
            shown = ", ".join(os.path.relpath(match, images_dir) for match in matches[:3])
            return None, Message("labels.ambiguous_id", line=line, count=len(matches), files=shown)
    return None, Message("labels.image_missing", line=line)


def _is_inside(candidate, images_dir, listed):
    """Whether `candidate` lies in the images folder, as written and once its links are resolved.

    A photo that the folder's own listing reaches (`listed`: normalized paths) is inside even
    when a link takes it to another disk: the listing follows such links.
    """
    written, folder = _normalized(candidate), _normalized(images_dir)
    if not _is_under(written, folder):
        return False
    return written in listed or _is_under(os.path.realpath(written), os.path.realpath(folder))


def _normalized(path):
    return os.path.normcase(os.path.normpath(os.path.abspath(path)))


def _is_under(path, folder):
    try:
        return os.path.commonpath([path, folder]) == folder
    except ValueError:  # Another drive (Windows).
        return False
