"""A labeled folder of SYNTHETIC tongue-like JPEGs (NOT medical data) for `train`: `main.py synth`.

Only files inside the output folder are written; a hidden manifest marks the folder as generated,
so a second run may replace its own earlier output but never a file it did not make.

With masks (`synth --masks`) the photos go to `images/<class>/` and a 0/255 PNG mask of each
tongue to `masks/<class>/` beside them, with the same stem: `train OUT/images` trains a
classifier, `train-segmenter OUT` a segmenter, and tests of the crop to the tongue need no
real photo.
"""

import json
import re
import zlib
from pathlib import Path

import numpy as np
from PIL import Image

from core import lighting
from core.atomic import atomic_path, write_text
from synthetic.classes import BODY_COLOURS, CLASS_SETS, CLASS_TABLE, SyntheticDataError, draw_attributes
from synthetic.drawing import check_size, draw_tongue, jpeg_bytes

MARKER_NAME = ".tonguelens-synthetic.json"
README_NAME = "README.txt"
GENERATOR_ID = "tonguelens-synthetic"
_GENERATOR_ID = GENERATOR_ID
_FILE_PATTERN = re.compile(r"^[a-z+-]+_[0-9]{4,}\.jpg$")
_MASK_PATTERN = re.compile(r"^[a-z+-]+_[0-9]{4,}\.png$")
# With masks: the photos' folder and the masks' folder (the layout `train-segmenter` reads).
IMAGES_FOLDER = "images"
MASKS_FOLDER = "masks"


def generate_dataset(out_dir, per_class=50, size=128, seed=0, task="color", on_progress=None, force=False,
                     light=None, masks=False):
    """Writes a labeled folder of SYNTHETIC tongue-like JPEGs (not medical data) for `train`.

    The layout is `out_dir/<class>/<key>_<nnnn>.jpg`, one sub-folder per class of
    `CLASS_SETS[task]`, plus `README.txt` (what these images are) and a hidden manifest
    `.tonguelens-synthetic.json` that marks the folder as generated. The attributes that are
    not the task's label (the coating when the task is body colour, cracks, tooth marks) are
    drawn at random. Each image has its own random stream derived from (seed, task, class,
    index), so the same arguments give byte-identical files.

    Only files inside `out_dir` are written. A folder that is not empty and holds no earlier
    synthetic output is refused unless `force` is set, and even then no existing file is
    overwritten or deleted. Re-running into an earlier output replaces it: its own images
    that the new run does not make are removed (files listed in its manifest only).

    Args:
        out_dir: the folder to write (created if missing).
        per_class: images per class (at least 1).
        size: width and height in pixels (16 to 2048).
        seed: a whole number >= 0.
        task: a key of `CLASS_SETS`: "color" (body colour, 4 classes), "coating" (4) or
            "color+coating" (16).
        on_progress: optional callable `(done, total)` called after every image.
        force: allow writing into a non-empty folder that is not an earlier output.
        light: None, or a `core.lighting` light (a name such as "warm", gains "1.2,1,0.8",
            "@0.7" for exposure) under which the same tongues are drawn: every picture is
            re-lit before it is saved, so the same seed gives the same tongues in any light.
        masks: write the photos to `out_dir/images/<class>/` and each tongue's mask (0/255
            PNG, the tongue drawn at least half opaque and not behind the teeth) to
            `out_dir/masks/<class>/<stem>.png`. The photos are the same as without masks.

    Returns:
        A dict {class folder name: number of images}, in class order.

    Raises:
        SyntheticDataError: a bad argument or a destination that must not be written.
        OSError: the disk refused a write.
    """
    _check_dataset_arguments(per_class, size, seed, task)
    light = _parse_light(light)
    out_dir = Path(out_dir)
    plan = _plan_files(per_class, seed, task, masks)
    outputs = _outputs(plan, masks)
    previous_files = _check_destination(out_dir, outputs, force)
    settings = {"task": task, "seed": seed, "size": size, "per_class": per_class,
                "light": light.name if light else None, "masks": bool(masks)}
    # The manifest goes first, so that an interrupted run is still known as ours.
    _write_manifest(out_dir, settings, sorted(set(previous_files) | set(outputs)), plan, complete=False)
    counts = {name: 0 for name in CLASS_SETS[task]}
    write_text(out_dir / README_NAME, _readme_text(settings, per_class))
    for done, (relative, item) in enumerate(plan.items(), start=1):
        rng = np.random.default_rng(item["stream"])
        draw_attributes(rng)  # Keeps every stream's layout the same whatever the label.
        drawn = draw_tongue(rng, size, item["body"], item["coating"], item["cracks"], item["tooth_marks"],
                            with_mask=masks)
        picture, mask = drawn if masks else (drawn, None)
        if light is not None:  # Re-lit after drawing: the mask (where the tongue is) stays the same.
            picture = Image.fromarray(lighting.relight(np.asarray(picture), light.gains, light.exposure))
        _write_image(out_dir / relative, picture)
        if masks:
            _write_mask(out_dir / mask_path(relative), mask)
        counts[item["class"]] += 1
        if on_progress is not None:
            on_progress(done, len(plan))
    _remove_stale_outputs(out_dir, previous_files, outputs)
    _write_manifest(out_dir, settings, sorted(outputs), plan, complete=True)
    return counts


def mask_path(relative):
    """The mask's relative path of a photo's `images/<class>/<stem>.jpg`: `masks/<class>/<stem>.png`."""
    parts = relative.split("/")
    return "/".join([MASKS_FOLDER, *parts[1:-1], parts[-1][:-len(".jpg")] + ".png"])


def _outputs(plan, masks):
    """Every file the dataset writes (photos, and masks when asked for), relative to the folder."""
    return [*plan, *(mask_path(relative) for relative in plan)] if masks else list(plan)


def _check_dataset_arguments(per_class, size, seed, task):
    if task not in CLASS_SETS:
        raise SyntheticDataError(f"unknown task {task!r}; expected one of {', '.join(CLASS_SETS)}")
    check_arguments(per_class, size, seed)


def check_arguments(per_class, size, seed):
    """Refuses a bad count per class, image size or seed."""
    if not isinstance(per_class, (int, np.integer)) or per_class < 1:
        raise SyntheticDataError(f"images per class must be a whole number >= 1, got {per_class!r}")
    check_size(size)
    if not isinstance(seed, (int, np.integer)) or seed < 0:
        raise SyntheticDataError(f"seed must be a whole number >= 0, got {seed!r}")



def _parse_light(light):
    """The `core.lighting.Light` to draw under, or None for the light as drawn."""
    if light is None:
        return None
    try:
        parsed = lighting.parse_light(light)
    except lighting.LightingError as error:
        raise SyntheticDataError(str(error)) from None
    return None if parsed.name == "none" else parsed


def _plan_files(per_class, seed, task, masks=False):
    """Returns {"<class>/<file>.jpg": what to draw} for every image of the dataset, in order.

    With `masks` the photos' paths start with `images/`.
    """
    prefix = f"{IMAGES_FOLDER}/" if masks else ""
    task_code = zlib.crc32(task.encode("utf-8"))
    plan = {}
    for class_index, (name, body, coating) in enumerate(CLASS_TABLE[task]):
        key = "+".join(part for part in (body, coating) if part)
        for index in range(per_class):
            stream = [seed, task_code, class_index, index]
            rng = np.random.default_rng(stream)
            random_coating, cracks, tooth_marks = draw_attributes(rng)
            random_body = BODY_COLOURS[int(rng.integers(len(BODY_COLOURS)))]
            plan[f"{prefix}{name}/{key}_{index:04d}.jpg"] = {
                "class": name, "stream": stream,
                "body": body or random_body, "coating": coating or random_coating,
                "cracks": cracks, "tooth_marks": tooth_marks}
    return plan


def _check_destination(out_dir, plan, force, extra_files=()):
    """Refuses destinations that must not be written; returns the files an earlier run made there.

    Args:
        out_dir: the folder.
        plan: the relative paths the run writes.
        force: allow a non-empty folder that is not an earlier output.
        extra_files: other files the run writes (a labels table): ours when an earlier run's
            manifest is there, else they must not exist.
    """
    if out_dir.exists() and not out_dir.is_dir():
        raise SyntheticDataError(f"{out_dir}: exists and is not a folder")
    previous = _read_manifest(out_dir)
    if previous is None:
        if out_dir.is_dir() and any(out_dir.iterdir()) and not force:
            raise SyntheticDataError(
                f"{out_dir}: the folder is not empty and holds no earlier synthetic output; "
                "choose a new or empty folder, or allow it with --force (no file is overwritten or deleted)")
        ours = set()
    else:
        ours = {*previous, README_NAME, *extra_files}
    for folder in sorted(_folders(plan)):
        path = out_dir / folder
        if path.is_symlink() or (path.exists() and not path.is_dir()):
            raise SyntheticDataError(f"{path}: exists and is not a plain folder; refusing to write into it")
    for relative in [README_NAME, *extra_files, *plan]:
        path = out_dir / relative
        if (path.exists() or path.is_symlink()) and relative not in ours:
            raise SyntheticDataError(f"{path}: already exists and was not made by synth; refusing to overwrite it")
    return previous or []


def _read_manifest(out_dir):
    """The file list of an earlier run in `out_dir`, or None when there is no valid manifest."""
    try:
        manifest = json.loads((out_dir / MARKER_NAME).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError):
        return None
    if not isinstance(manifest, dict) or manifest.get("generator") != _GENERATOR_ID:
        return None
    files = manifest.get("files")
    if not isinstance(files, list):
        return None
    # The manifest is a file on disk like any other: only names of our own form are trusted.
    return [relative for relative in files if isinstance(relative, str) and _is_own_image_name(relative)]


def _is_own_image_name(relative):
    parts = relative.split("/")
    if "\\" in relative or any(part in ("", ".", "..") or part.startswith(".") for part in parts[:-1]):
        return False
    if len(parts) == 2:
        return _FILE_PATTERN.match(parts[1]) is not None
    if len(parts) == 3 and parts[0] == IMAGES_FOLDER:
        return _FILE_PATTERN.match(parts[2]) is not None
    return len(parts) == 3 and parts[0] == MASKS_FOLDER and _MASK_PATTERN.match(parts[2]) is not None


def _write_manifest(out_dir, settings, files, plan, complete):
    manifest = {
        "generator": _GENERATOR_ID,
        "note": "SYNTHETIC images drawn by TongueLens (synthetic/drawing.py); not medical data.",
        **settings,
        "classes": CLASS_SETS[settings["task"]],
        "complete": complete,
        "files": files,
        "attributes": {relative: {key: item[key] for key in ("body", "coating", "cracks", "tooth_marks")}
                       for relative, item in plan.items()},
    }
    write_text(out_dir / MARKER_NAME, json.dumps(manifest, ensure_ascii=False, indent=1) + "\n")


def _remove_stale_outputs(out_dir, previous_files, plan):
    """Deletes the earlier run's files this run did not remake, and its folders left empty."""
    for relative in sorted(set(previous_files) - set(plan)):
        path = out_dir / relative
        if path.is_file() and not path.is_symlink() and not path.parent.is_symlink():
            path.unlink()
    for folder in sorted(_folders(previous_files), key=lambda name: -name.count("/")):  # Class folders first.
        path = out_dir / folder
        if path.is_dir() and not path.is_symlink() and not any(path.iterdir()):
            path.rmdir()


def _folders(relatives):
    """Every folder the relative paths lie in (`images/red/x.jpg`: `images` and `images/red`)."""
    return {"/".join(relative.split("/")[:depth]) for relative in relatives for depth in range(1, relative.count("/") + 1)}


def _write_image(path, picture):
    # Atomic but not fsync'ed: a dataset that can be made again needs no flush per image,
    # which would cost more than drawing it.
    with atomic_path(path, durable=False) as temporary:
        temporary.write_bytes(jpeg_bytes(picture, quality=92))


def _write_mask(path, mask):
    """A 0/255 grey PNG (lossless: the mask's edge stays where it was drawn)."""
    with atomic_path(path, suffix=".png", durable=False) as temporary:
        Image.fromarray(np.where(mask, 255, 0).astype(np.uint8), "L").save(temporary, format="PNG")



def _light_option(settings):
    return f" --light {settings['light']}" if settings.get("light") else ""


def _readme_text(settings, per_class):
    task = settings["task"]
    lines = [
        "SYNTHETIC IMAGES - NOT MEDICAL DATA",
        "合成图像 —— 不是医学数据",
        "",
        "These tongue-like pictures were drawn by a program (TongueLens `synth`, synthetic/drawing.py)",
        "from simple shapes and colours. They are not photographs of anyone and say nothing about real",
        "tongues. They exist to try out training, classifying and the visualisations. Do not use them,",
        "or a model trained on them, to judge a real tongue.",
        "",
        "这些舌象图片由程序（TongueLens 的 synth 命令，synthetic/drawing.py）用简单的形状和颜色绘制而成，",
        "不是任何人的照片，也不反映真实舌象，仅用于演示训练、分类和可视化流程。",
        "请勿用这些图片或用它们训练的模型判断真实的舌象。",
        "",
        f"Task: {task}; seed {settings['seed']}; {settings['size']}x{settings['size']} px; "
        f"{per_class} images per class" + (f"; drawn under the light {settings['light']}." if settings.get("light")
                                           else "."),
        "Classes (one sub-folder each" + (" of images/" if settings.get("masks") else "") + "):",
        *[f"  {name}" for name in CLASS_SETS[task]],
        *(["",
           "images/<class>/<name>.jpg are the pictures; masks/<class>/<name>.png mark each tongue (255) for",
           "`main.py train-segmenter OUT_DIR`; `main.py train OUT_DIR/images` trains a classifier."]
          if settings.get("masks") else []),
        "",
        "Made with:",
        f"  python main.py synth OUT_DIR --per-class {per_class} --size {settings['size']} "
        f"--seed {settings['seed']} --task {task}" + _light_option(settings)
        + (" --masks" if settings.get("masks") else ""),
        "The same command gives byte-identical images (with the same numpy and Pillow versions).",
        f"{MARKER_NAME} lists every generated file with its drawn attributes.",
    ]
    return "\n".join(lines) + "\n"



# The pieces `synthetic.attributes` shares with the folder generator.
check_destination = _check_destination
write_image = _write_image
remove_stale_outputs = _remove_stale_outputs
