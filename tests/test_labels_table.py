"""Labels tables: reading csv/tsv/xlsx (UTF-8, BOM, GBK), blanks, bare IDs, skipped rows, the split on the rarest attribute."""

import json

import numpy as np
import pytest
from PIL import Image

from training import attribute_data, labels_table
from training.dataset import DatasetError


def _photos(folder, names, size=16):
    rng = np.random.default_rng(0)
    for name in names:
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        Image.fromarray(rng.integers(0, 255, (size, size, 3), dtype=np.uint8)).save(path)


def test_csv_blanks_in_every_spelling_are_not_labelled(tmp_path):
    table = tmp_path / "labels.csv"
    table.write_text("image,colour,cracks\na.jpg,red,yes\nb.jpg,,no\nc.jpg,NA,nan\nd.jpg, - ,NaN\ne.jpg,na,\n",
                     encoding="utf-8")

    read = labels_table.read_table(table)

    assert read.encoding == "UTF-8" and read.image_column == "image" and read.attributes == ["colour", "cracks"]
    assert [values for _, _, values in read.rows] == [
        ["red", "yes"], [None, "no"], [None, None], [None, None], [None, None]]
    assert [line for line, _, _ in read.rows] == [2, 3, 4, 5, 6]


@pytest.mark.parametrize("encoding, expected", [("utf-8-sig", "UTF-8 with BOM"), ("gbk", "GBK"),
                                                ("utf-8", "UTF-8")])
def test_chinese_tables_in_utf8_with_or_without_bom_and_in_gbk(tmp_path, encoding, expected):
    table = tmp_path / "标签.csv"
    table.write_bytes("图片,舌色,苔色\n一.jpg,淡红舌,薄白苔\n二.jpg,红舌,\n".encode(encoding))

    read = labels_table.read_table(table)

    assert read.encoding == expected
    assert read.image_column == "图片" and read.attributes == ["舌色", "苔色"]
    assert read.rows[0][1:] == ("一.jpg", ["淡红舌", "薄白苔"])


def test_text_that_is_neither_utf8_nor_gbk_is_refused_in_one_line(tmp_path):
    table = tmp_path / "labels.csv"
    table.write_bytes(b"image,colour\n\xff\xfe\xff\xfe,\x81\x20\n")

    with pytest.raises(DatasetError, match="neither UTF-8 nor GBK"):
        labels_table.read_table(table)


def test_tsv_and_xlsx_read_the_same_table(tmp_path):
    import openpyxl

    rows = [["image", "舌色", "cracks"], ["a.jpg", "红舌", "1"], ["b.jpg", None, "0"]]
    (tmp_path / "labels.tsv").write_text("\n".join("\t".join(cell or "" for cell in row) for row in rows),
                                         encoding="utf-8")
    workbook = openpyxl.Workbook()
    for row in rows:
        workbook.active.append([1 if cell == "1" else 0 if cell == "0" else cell for cell in row])
    workbook.save(tmp_path / "labels.xlsx")

    tsv, xlsx = labels_table.read_table(tmp_path / "labels.tsv"), labels_table.read_table(tmp_path / "labels.xlsx")

    assert xlsx.encoding == "Excel"
    assert tsv.attributes == xlsx.attributes == ["舌色", "cracks"]
    assert [row[1:] for row in tsv.rows] == [row[1:] for row in xlsx.rows] == [
        ("a.jpg", ["红舌", "1"]), ("b.jpg", [None, "0"])]


@pytest.mark.parametrize("text", [
    "image,colour\na.jpg,red\nb.jpg," + "x" * 200_000 + "\n",  # One cell over csv's 128 KiB limit.
    "image,colour\na.jpg,red\nb.jpg,\"blue\n" + "c.jpg,red\n" * 20_000,  # A quote never closed.
], ids=["long cell", "unclosed quote"])
def test_a_cell_over_the_csv_limit_is_refused_in_one_line_naming_table_and_line(tmp_path, text):
    (tmp_path / "t.csv").write_text(text, encoding="utf-8")

    with pytest.raises(DatasetError) as caught:
        labels_table.read_table(tmp_path / "t.csv")

    assert str(caught.value) == (f"{tmp_path / 't.csv'}: line 3: a cell is longer than 131072 characters, or a "
                                 "quotation mark opened there is never closed; the table is not read")


def test_a_sheet_claiming_the_whole_excel_grid_reads_its_few_cells_quickly(tmp_path):
    import time

    import openpyxl

    workbook = openpyxl.Workbook()
    for row in (["image", "colour"], ["a.jpg", "red"], ["b.jpg", None]):
        workbook.active.append(row)
    workbook.active.cell(row=1_048_576, column=16_384, value="x")  # The file now declares A1:XFD1048576.
    workbook.save(tmp_path / "bomb.xlsx")
    began = time.perf_counter()

    read = labels_table.read_table(tmp_path / "bomb.xlsx")

    assert time.perf_counter() - began < 10  # Padded to its claim, it took 30 s, then a MemoryError.
    assert read.attributes == ["colour"] and [row[1:] for row in read.rows] == [("a.jpg", ["red"]), ("b.jpg", [None])]


def _xlsx_with_row_number(path, row_number):
    """A two-row sheet whose second row claims `row_number`, which openpyxl would not write."""
    import zipfile

    import openpyxl

    workbook = openpyxl.Workbook()
    for row in (["image", "colour"], ["a.jpg", "red"]):
        workbook.active.append(row)
    workbook.save(path.with_suffix(".tmp"))
    with zipfile.ZipFile(path.with_suffix(".tmp")) as source, zipfile.ZipFile(path, "w") as target:
        for item in source.infolist():
            data = source.read(item)
            if item.filename == "xl/worksheets/sheet1.xml":
                for old in (b'r="2"', b'r="A2"', b'r="B2"'):
                    data = data.replace(old, old.replace(b"2", str(row_number).encode()))
            target.writestr(item, data)


def test_sheets_past_excel_rows_or_wider_than_any_table_are_refused_in_one_line(tmp_path):
    import openpyxl

    _xlsx_with_row_number(tmp_path / "deep.xlsx", labels_table.MAX_SHEET_ROWS + 1)
    workbook = openpyxl.Workbook()
    workbook.active.append(["image"] + [f"c{i}" for i in range(labels_table.MAX_SHEET_COLUMNS)])
    workbook.save(tmp_path / "wide.xlsx")

    with pytest.raises(DatasetError) as deep:
        labels_table.read_table(tmp_path / "deep.xlsx")
    with pytest.raises(DatasetError) as wide:
        labels_table.read_table(tmp_path / "wide.xlsx")

    assert str(deep.value) == (f"{tmp_path / 'deep.xlsx'}: the sheet has rows past row 1048576, the last Excel "
                               "allows; the table is not read")
    assert str(wide.value) == (f"{tmp_path / 'wide.xlsx'}: the sheet's header has more than 1000 columns; the table "
                               "is not read")
    _xlsx_with_row_number(tmp_path / "last.xlsx", labels_table.MAX_SHEET_ROWS)  # Excel's last row is read.
    assert labels_table.read_table(tmp_path / "last.xlsx").rows == [(2, "a.jpg", ["red"])]


def _xlsx_bomb(path, unzipped_size):
    """A valid workbook whose sheet XML, rows of the same cells over and over, unzips to `unzipped_size` bytes.

    Written at the fastest compression in blocks: well under a second, about 2 MB on disk for 256 MB.
    """
    import zipfile

    _xlsx_with_row_number(path.with_suffix(".seed"), 2)
    row = b'<row r="3"><c r="A3" t="inlineStr"><is><t>c.jpg</t></is></c><c r="B3" t="inlineStr"><is><t>red</t></is></c></row>'
    block = row * 10_000
    with zipfile.ZipFile(path.with_suffix(".seed")) as source, \
            zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as target:
        for item in source.infolist():
            data = source.read(item)
            if item.filename != "xl/worksheets/sheet1.xml":
                target.writestr(item.filename, data)
                continue
            head, tail = data.split(b"</sheetData>")
            with target.open(item.filename, "w", force_zip64=True) as stream:
                stream.write(head)
                for _ in range((unzipped_size - len(data)) // len(block) + 1):
                    stream.write(block)
                stream.write(b"</sheetData>" + tail)


def test_a_sheet_that_unzips_past_any_labels_table_is_refused_before_it_is_parsed(tmp_path):
    import time

    _xlsx_bomb(tmp_path / "bomb.xlsx", labels_table.MAX_UNZIPPED_PART + 2 ** 20)
    assert (tmp_path / "bomb.xlsx").stat().st_size < labels_table.MAX_UNZIPPED_PART // 50
    began = time.perf_counter()

    with pytest.raises(DatasetError) as caught:
        labels_table.read_table(tmp_path / "bomb.xlsx")

    assert time.perf_counter() - began < 1  # openpyxl would parse it for about two minutes.
    assert str(caught.value) == (f"{tmp_path / 'bomb.xlsx'}: xl/worksheets/sheet1.xml inside the workbook unzips to "
                                 "257 MB, more than any labels table needs (at most 256 MB); the table is not read")


def test_a_sheet_damaged_after_its_first_rows_is_refused_in_one_line(tmp_path):
    _xlsx_with_row_number(tmp_path / "fine.xlsx", 2)
    import zipfile

    with zipfile.ZipFile(tmp_path / "fine.xlsx") as source, zipfile.ZipFile(tmp_path / "cut.xlsx", "w") as target:
        for item in source.infolist():
            data = source.read(item)
            target.writestr(item, data[:data.index(b"</sheetData>")] if item.filename.endswith("sheet1.xml") else data)

    with pytest.raises(DatasetError, match="cannot read the labels table") as caught:
        labels_table.read_table(tmp_path / "cut.xlsx")
    assert str(caught.value).startswith(str(tmp_path / "cut.xlsx") + ": ") and "\n" not in str(caught.value)


def test_first_column_names_the_photos_without_an_image_column(tmp_path):
    (tmp_path / "t.csv").write_text("photo;colour\nx;red\n", encoding="utf-8")
    read = labels_table.read_table(tmp_path / "t.csv")
    assert read.image_column == "photo" and read.attributes == ["colour"] and read.rows[0][1] == "x"


@pytest.mark.parametrize("text, message", [
    ("image\na.jpg\n", "at least one attribute column"),
    ("image,colour,colour\na.jpg,red,red\n", "names these columns twice: colour"),
    ("image,,colour\na.jpg,x,red\n", "column 2 of the header has no name"),
    ("", "empty"),
])
def test_bad_headers_are_refused_naming_the_table(tmp_path, text, message):
    (tmp_path / "t.csv").write_text(text, encoding="utf-8")
    with pytest.raises(DatasetError, match=message) as caught:
        labels_table.read_table(tmp_path / "t.csv")
    assert str(caught.value).startswith(str(tmp_path / "t.csv"))


def test_paths_bare_ids_ambiguous_ids_missing_and_repeated_images(tmp_path):
    _photos(tmp_path / "img", ["a.jpg", "sub/b.png", "x/dup.jpg", "y/dup.png", "TE01.jpg"])
    (tmp_path / "t.csv").write_text(
        "image,colour\na.jpg,red\nsub\\b.png,blue\nTE01,red\ndup,red\nnothere.jpg,blue\nTE01.jpg,red\n,red\n",
        encoding="utf-8")

    found, skipped, _ = labels_table.resolve_images(labels_table.read_table(tmp_path / "t.csv"), tmp_path / "img")

    assert [(p.path.split("img/")[1], p.line) for p in found] == [("a.jpg", 2), ("sub/b.png", 3), ("TE01.jpg", 4)]
    reasons = {entry["path"].split("/")[-1] or "": str(entry["reason"]) for entry in skipped}
    assert "matches 2 files" in reasons["dup"] and "row 5" in reasons["dup"]
    assert reasons["nothere.jpg"].startswith("row 6: no such image")
    assert reasons["TE01.jpg"] == "row 7: the same image as row 4; this row is skipped"
    assert any("row 8: the image cell is empty" == str(entry["reason"]) for entry in skipped)


def test_scan_decodes_each_photo_once_skips_unreadable_and_unlabelled_rows(tmp_path):
    _photos(tmp_path / "img", ["a.jpg", "b.jpg", "c.jpg", "d.jpg", "e.jpg"])
    (tmp_path / "img" / "broken.jpg").write_bytes(b"\xff\xd8 not a jpeg")
    (tmp_path / "t.csv").write_text(
        "image,colour,cracks\na,red,yes\nb,blue,\nc,,no\nd,,\ne,red,no\nbroken,blue,yes\n", encoding="utf-8")
    told = []

    scan = attribute_data.scan_labels(tmp_path / "img", tmp_path / "t.csv", image_size=(8, 8), on_message=told.append)

    assert [a.to_json() for a in scan.attributes] == [{"name": "colour", "classes": ["blue", "red"]},
                                                      {"name": "cracks", "classes": ["no", "yes"]}]
    assert [f.split("/")[-1] for f in scan.files] == ["a.jpg", "b.jpg", "c.jpg", "e.jpg"]
    assert scan.labels.tolist() == [[1, 1], [0, -1], [-1, 0], [1, 0]]
    assert scan.images.shape == (5, 8, 8, 3) and len(scan.rows) == 4
    assert [str(entry["reason"]).split(":")[0] for entry in scan.skipped] == ["row 7"]
    assert any("1 photo(s) have no label in any column" in str(w) for w in scan.warnings)
    assert scan.counts() == {"colour": {"blue": 1, "red": 2}, "cracks": {"no": 2, "yes": 1}}
    assert scan.blanks() == {"colour": 1, "cracks": 1}
    assert "read 6 rows as UTF-8; 2 attribute(s): colour, cracks" in told[0]


def test_a_column_with_one_class_is_refused_before_decoding(tmp_path):
    _photos(tmp_path / "img", ["a.jpg", "b.jpg"])
    (tmp_path / "t.csv").write_text("image,colour,tongue\na,red,yes\nb,blue,yes\n", encoding="utf-8")

    with pytest.raises(DatasetError, match="column 'tongue' has 1 class\\(es\\) \\(yes\\); an attribute needs at "
                                           "least 2"):
        attribute_data.scan_labels(tmp_path / "img", tmp_path / "t.csv", image_size=(8, 8))
    # Evaluating needs only one class per column.
    scan = attribute_data.scan_labels(tmp_path / "img", tmp_path / "t.csv", min_classes=1)
    assert [a.classes for a in scan.attributes] == [["blue", "red"], ["yes"]]


def test_split_is_stratified_on_the_rarest_attribute_and_spreads_its_blanks():
    rng = np.random.default_rng(3)
    common = rng.integers(0, 2, 400)  # Two classes of about 200 photos.
    rare = np.full(400, -1)
    rare[:100] = np.repeat([0, 1, 2, 3], [40, 40, 10, 10])  # Its rarest class has 10 photos; 300 blank.
    labels = np.stack([common, rng.permutation(rare)], axis=1)

    split, rarest = attribute_data.split_photos(labels, 0.2, seed=5)
    again, _ = attribute_data.split_photos(labels, 0.2, seed=5)

    assert rarest == 1 and attribute_data.rarest_attribute(labels) == 1
    assert np.array_equal(split.train, again.train) and np.array_equal(split.val, again.val)
    assert len(np.intersect1d(split.train, split.val)) == 0 and len(split.train) + len(split.val) == 400
    val = labels[split.val, 1]
    assert [(val == c).sum() for c in (0, 1, 2, 3)] == [8, 8, 2, 2]
    assert (val == -1).sum() == 60  # The photos blank for it: 20 % of them, like every class.


def test_one_attribute_without_blanks_splits_exactly_like_a_folder():
    from training.split import stratified_split

    labels = np.random.default_rng(0).integers(0, 3, 90)
    split, _ = attribute_data.split_photos(labels[:, None], 0.2, seed=1337)
    folder = stratified_split(labels, 0.2, 1337)
    assert np.array_equal(split.train, folder.train) and np.array_equal(split.val, folder.val)


def test_split_json_reproduces_the_split_by_relative_path(tmp_path):
    _photos(tmp_path / "img", [f"p{i}.jpg" for i in range(10)])
    (tmp_path / "t.csv").write_text("image,c\n" + "".join(f"p{i},{'ab'[i % 2]}\n" for i in range(10)),
                                    encoding="utf-8")
    scan = attribute_data.scan_labels(tmp_path / "img", tmp_path / "t.csv")
    split, rarest = attribute_data.split_photos(scan.labels, 0.3, seed=2)

    attribute_data.save_split(tmp_path / "split.json", split, scan, "c")
    loaded, stratified_on, notes = attribute_data.load_split(tmp_path / "split.json", scan)

    saved = json.loads((tmp_path / "split.json").read_text(encoding="utf-8"))
    assert saved["val"][0][1] in ({"c": "a"}, {"c": "b"}) and saved["stratified_on"] == "c"
    assert np.array_equal(loaded.train, split.train) and np.array_equal(loaded.val, split.val) and notes == []


def test_class_weights_per_attribute_ignore_blanks():
    labels = np.array([[0, -1], [0, 1], [0, 1], [1, -1], [-1, 0]])
    weights = attribute_data.class_weights(labels, [attribute_data.Attribute("a", ["x", "y"]),
                                                    attribute_data.Attribute("b", ["p", "q", "r"])])
    assert weights[0] == pytest.approx([4 / (2 * 3), 4 / (2 * 1)])
    assert weights[1] == pytest.approx([3 / (2 * 1), 3 / (2 * 2), 1.0])


def test_a_scan_matches_its_table_until_the_table_a_photo_or_the_size_changes(tmp_path):
    import os

    _photos(tmp_path / "img", ["a.png", "b.png", "c.png", "d.png"])
    table = tmp_path / "labels.csv"
    table.write_text("image,colour\na,red\nb,blue\nc,red\nd,blue\n", encoding="utf-8")
    scan = attribute_data.scan_labels(tmp_path / "img", table, image_size=(8, 8))

    assert attribute_data.matches_table(scan, tmp_path / "img", table, (8, 8))
    assert not attribute_data.matches_table(scan, tmp_path / "img", table, (16, 16))
    assert not attribute_data.matches_table(scan, tmp_path / "img", table, (8, 8), channels=1)
    assert not attribute_data.matches_table(attribute_data.scan_labels(tmp_path / "img", table), tmp_path / "img",
                                            table, (8, 8))  # Checked at no size: no images to hand over.
    _photos(tmp_path / "img", ["b.png"], size=12)  # A photo replaced.
    assert not attribute_data.matches_table(scan, tmp_path / "img", table, (8, 8))
    scan = attribute_data.scan_labels(tmp_path / "img", table, image_size=(8, 8))
    table.write_text("image,colour\na,red\nb,red\nc,red\nd,blue\n", encoding="utf-8")  # A label changed.
    os.utime(table, ns=(0, os.stat(table).st_mtime_ns + 1))
    assert not attribute_data.matches_table(scan, tmp_path / "img", table, (8, 8))


def test_rows_naming_photos_outside_the_images_folder_are_skipped_each_with_its_reason(tmp_path):
    _photos(tmp_path, ["secret.jpg", "img/a.jpg", "img/sub/b.jpg", "elsewhere/c.jpg"])
    (tmp_path / "img" / "linked").symlink_to(tmp_path / "elsewhere")  # A class folder on another disk: followed.
    secret, inside = tmp_path / "secret.jpg", tmp_path / "img" / "a.jpg"
    (tmp_path / "t.csv").write_text(
        f"image,colour\n../secret.jpg,red\nsub/../../secret.jpg,red\n{secret},red\n..\\secret.jpg,red\n"
        f"{inside},blue\nlinked/c.jpg,blue\nsub/b.jpg,red\n", encoding="utf-8")

    found, skipped, _ = labels_table.resolve_images(labels_table.read_table(tmp_path / "t.csv"), tmp_path / "img")

    assert [(photo.path, photo.line) for photo in found] == [
        (str(inside), 6), (str(tmp_path / "img" / "linked" / "c.jpg"), 7), (str(tmp_path / "img" / "sub" / "b.jpg"), 8)]
    outside = "the path leads out of the images folder; only photos inside it are read"
    assert [str(entry["reason"]) for entry in skipped] == [
        f"row 2: {outside}", f"row 3: {outside}",
        "row 4: an absolute path outside the images folder; name the photo by its path inside the images folder",
        f"row 5: {outside}"]
