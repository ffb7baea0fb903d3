"""A SYNTHETIC labels table (NOT medical data): tongue pictures with four attributes, some cells blank.

    generate_attribute_table("tongues/", per_class=50, blank=0.2)   # main.py synth --task attributes

Writes `out_dir/images/<body>_<nnnn>.jpg` and `out_dir/labels.csv` (UTF-8 with a byte-order mark,
so spreadsheet programs read the Chinese headers): one row per picture, the column `image` and
four attributes, each drawn so that it can be seen: body colour (the tongue's colour), coating
(a patch of colour on the tongue), cracks (dark lines) and tooth marks (notches along the edge).
Each cell is left blank with probability `blank`, as a reader leaves a cell empty when unsure.
The same arguments give byte-identical files. Only files inside `out_dir` are written, with the
same rules as `synthetic.folder` (a hidden manifest marks the folder as generated).
"""

import csv
import io
import json
from pathlib import Path

import numpy as np

from core.atomic import write_text
from synthetic import folder as folders
from synthetic.classes import BODY_COLOURS, BODY_FOLDERS, COATINGS, SyntheticDataError
from synthetic.drawing import draw_tongue

TASK = "attributes"
LABELS_NAME = "labels.csv"
IMAGES_FOLDER = "images"
# The table's columns: header and, per drawn value, the class written in the cell.
BODY_COLUMN = "舌色 body-colour"
COATING_COLUMN = "苔色 coating"
CRACKS_COLUMN = "裂纹 cracks"
TOOTH_MARKS_COLUMN = "齿痕 tooth-marks"
COLUMNS = (BODY_COLUMN, COATING_COLUMN, CRACKS_COLUMN, TOOTH_MARKS_COLUMN)
COATING_CLASSES = {"none": "无苔 no-coating", "thin-white": "薄白苔 thin-white", "thick-white": "厚白苔 thick-white",
                   "yellow": "黄苔 yellow"}
CRACKS_CLASSES = {True: "有裂纹 cracked", False: "无裂纹 none"}
TOOTH_MARKS_CLASSES = {True: "有齿痕 tooth-marked", False: "无齿痕 none"}
# Cracks and tooth marks are drawn this much deeper and wider than in the colour datasets (see `draw_tongue`).
EMPHASIS = 2.0
# Seed stream of the blank cells, apart from the pictures' streams.
_BLANK_STREAM = 7919


def cells(item):
    """The four classes of one planned picture, in `COLUMNS` order."""
    return [BODY_FOLDERS[item["body"]], COATING_CLASSES[item["coating"]], CRACKS_CLASSES[item["cracks"]],
            TOOTH_MARKS_CLASSES[item["tooth_marks"]]]


def plan_pictures(per_class, seed):
    """{"images/<body>_<nnnn>.jpg": what to draw}: `per_class` pictures per body colour, the rest at random.

    Coatings are drawn uniformly, cracks and tooth marks each on half of the pictures, so that
    every attribute has enough of each class to learn from. Each picture's "stream" seeds its
    drawing (pose, light, background, noise), independent of its attributes.
    """
    plan = {}
    for body_index, body in enumerate(BODY_COLOURS):
        for index in range(per_class):
            stream = [seed, _BLANK_STREAM - 1, body_index, index]
            # The attributes come from a stream of their own: drawn from the picture's stream, the
            # pose, light and background would follow from them and give the attributes away.
            rng = np.random.default_rng(stream + [1])
            plan[f"{IMAGES_FOLDER}/{body}_{index:04d}.jpg"] = {
                "stream": stream, "body": body, "coating": COATINGS[int(rng.integers(len(COATINGS)))],
                "cracks": bool(rng.random() < 0.5), "tooth_marks": bool(rng.random() < 0.5)}
    return plan


def generate_attribute_table(out_dir, per_class=50, size=128, seed=0, blank=0.0, on_progress=None, force=False):
    """Writes SYNTHETIC pictures (not medical data) and their labels table with blank cells.

    Args:
        out_dir: the folder to write (created if missing).
        per_class: pictures per body colour (4 colours).
        size: width and height in pixels (16 to 2048).
        seed: a whole number >= 0.
        blank: the fraction of cells left blank, from 0 to 0.9.
        on_progress: optional callable `(done, total)` after every picture.
        force: allow writing into a non-empty folder that is not an earlier output (no file
            that is not ours is overwritten).

    Returns:
        {column: {class: labelled pictures}}, with "blank" counts per column under "blank".

    Raises:
        SyntheticDataError: a bad argument or a destination that must not be written.
    """
    folders.check_arguments(per_class, size, seed)
    if not isinstance(blank, (int, float)) or not 0.0 <= blank <= 0.9:
        raise SyntheticDataError(f"the blank fraction must be from 0 to 0.9, got {blank!r}")
    out_dir = Path(out_dir)
    plan = plan_pictures(per_class, seed)
    previous = folders.check_destination(out_dir, plan, force, extra_files=(LABELS_NAME,))
    settings = {"task": TASK, "seed": seed, "size": size, "per_class": per_class, "blank": blank}
    columns = {relative: cells(item) for relative, item in plan.items()}
    blank_rng = np.random.default_rng([seed, _BLANK_STREAM])
    for relative in plan:
        columns[relative] = [None if blank_rng.random() < blank else value for value in columns[relative]]
    _write_manifest(out_dir, settings, sorted(set(previous) | set(plan)), plan, columns, complete=False)
    write_text(out_dir / folders.README_NAME, _readme_text(settings))
    for done, (relative, item) in enumerate(plan.items(), start=1):
        rng = np.random.default_rng(item["stream"])
        picture = draw_tongue(rng, size, item["body"], item["coating"], item["cracks"], item["tooth_marks"],
                              emphasis=EMPHASIS)
        folders.write_image(out_dir / relative, picture)
        if on_progress is not None:
            on_progress(done, len(plan))
    write_text(out_dir / LABELS_NAME, _table_text(columns))
    folders.remove_stale_outputs(out_dir, previous, plan)
    _write_manifest(out_dir, settings, sorted(plan), plan, columns, complete=True)
    return _counts(columns)


def _table_text(columns):
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["image", *COLUMNS])
    for relative, values in columns.items():
        writer.writerow([relative.split("/", 1)[1]] + ["" if value is None else value for value in values])
    return "\ufeff" + buffer.getvalue()


def _counts(columns):
    counts = {name: {} for name in COLUMNS}
    blanks = {name: 0 for name in COLUMNS}
    for values in columns.values():
        for name, value in zip(COLUMNS, values):
            if value is None:
                blanks[name] += 1
            else:
                counts[name][value] = counts[name].get(value, 0) + 1
    return {"classes": {name: dict(sorted(found.items())) for name, found in counts.items()}, "blank": blanks}


def _write_manifest(out_dir, settings, files, plan, columns, complete):
    manifest = {
        "generator": folders.GENERATOR_ID,
        "note": "SYNTHETIC images drawn by TongueLens (synthetic/drawing.py); not medical data.",
        **settings, "columns": list(COLUMNS), "complete": complete, "files": files,
        "attributes": {relative: {key: item[key] for key in ("body", "coating", "cracks", "tooth_marks")}
                       for relative, item in plan.items()},
    }
    write_text(out_dir / folders.MARKER_NAME, json.dumps(manifest, ensure_ascii=False, indent=1) + "\n")


def _readme_text(settings):
    lines = [
        "SYNTHETIC IMAGES - NOT MEDICAL DATA",
        "合成图像 —— 不是医学数据",
        "",
        "Tongue-like pictures drawn by a program (TongueLens `synth --task attributes`, synthetic/drawing.py),",
        "not photographs of anyone. They say nothing about real tongues. Do not use them, or a model trained",
        "on them, to judge a real tongue.",
        "这些舌象图片由程序绘制，不是任何人的照片，仅用于演示。",
        "",
        f"{LABELS_NAME}: one row per picture in {IMAGES_FOLDER}/; columns: image, {', '.join(COLUMNS)}.",
        f"About {settings['blank']:.0%} of the cells are left blank (not labelled), on purpose.",
        f"Seed {settings['seed']}; {settings['size']}x{settings['size']} px; {settings['per_class']} pictures per "
        "body colour.",
        "",
        "Made with:",
        f"  python main.py synth OUT_DIR --task attributes --per-class {settings['per_class']} --size "
        f"{settings['size']} --seed {settings['seed']} --blank {settings['blank']}",
        f"Train on it with: python main.py train OUT_DIR/{IMAGES_FOLDER} --labels OUT_DIR/{LABELS_NAME}",
    ]
    return "\n".join(lines) + "\n"
