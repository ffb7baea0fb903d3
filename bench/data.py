"""The benchmark's inputs: folders of synthetic images, made once and kept in a cache folder.

Nothing here imports TensorFlow (the models are built by the `prepare` job, in its own
process). Images come from `synthetic.generate_dataset`; the large folder for the
memory job (10,000 images at 224 px) is made of fewer unique images, each hard-linked under
several names, because drawing 10,000 images at 224 px takes minutes on 2 cores while
decoding them, which is what the job measures, costs the same for a linked copy.
"""

import concurrent.futures
import json
import os
import shutil
from pathlib import Path

import synthetic

DEFAULT_CACHE = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "tonguelens-bench"
_MARKER = ".bench-folder.json"
TASK = "color"
CLASSES = len(synthetic.CLASS_SETS[TASK])


def image_folder(cache, name, count, size, seed=7, unique=None):
    """Returns a folder `cache/name` of `count` synthetic images (`size` px), making it if needed.

    Args:
        cache: the cache folder.
        name: the folder's name inside `cache`.
        count: how many images in all (spread evenly over the classes of the color task).
        size: side of the images in pixels.
        seed: generator seed.
        unique: how many different images; the rest are hard links to them (None: all different).

    Returns:
        The folder (one sub-folder per class).
    """
    folder = Path(cache) / name
    settings = {"count": count, "size": size, "seed": seed, "unique": unique, "task": TASK, "version": 1}
    if _read_marker(folder) == settings:
        return folder
    if folder.exists():
        shutil.rmtree(folder)  # Our own cache folder, made by an earlier bench run with other settings.
    per_class = -(-count // CLASSES)
    unique_per_class = per_class if unique is None else max(1, min(per_class, -(-unique // CLASSES)))
    source = folder.with_name(folder.name + ".unique") if unique_per_class < per_class else folder
    _generate_parallel(source, unique_per_class, size, seed)
    if source != folder:
        _replicate(source, folder, per_class)
        shutil.rmtree(source)
    _trim(folder, count)
    (folder / _MARKER).write_text(json.dumps(settings))
    return folder


def image_files(folder):
    """Every image file under `folder`, sorted (the order `classify` uses)."""
    from core.images import is_image_name

    found = []
    for root, folders, names in os.walk(folder):
        folders[:] = sorted(name for name in folders if not name.startswith("."))
        found.extend(str(Path(root) / name) for name in sorted(names) if is_image_name(name))
    return found


def _read_marker(folder):
    try:
        return json.loads((Path(folder) / _MARKER).read_text())
    except (OSError, ValueError):
        return None


def _generate_parallel(folder, per_class, size, seed):
    """Draws the images on two processes (one seed each), then merges them into `folder`."""
    workers = max(1, min(2, os.cpu_count() or 1, per_class))
    if workers == 1:
        synthetic.generate_dataset(folder, per_class=per_class, size=size, seed=seed, task=TASK, force=True)
        return
    halves = [per_class - per_class // 2, per_class // 2]
    parts = [folder.with_name(f"{folder.name}.part{index}") for index in range(workers)]
    with concurrent.futures.ProcessPoolExecutor(workers) as pool:
        jobs = [pool.submit(synthetic.generate_dataset, part, per_class=count, size=size, seed=seed + index,
                            task=TASK, force=True)
                for index, (part, count) in enumerate(zip(parts, halves))]
        for job in jobs:
            job.result()
    folder.mkdir(parents=True, exist_ok=True)
    for index, part in enumerate(parts):
        for class_folder in sorted(path for path in part.iterdir() if path.is_dir()):
            target = folder / class_folder.name
            target.mkdir(exist_ok=True)
            for image in sorted(class_folder.iterdir()):
                image.rename(target / f"s{index}_{image.name}")
        shutil.rmtree(part)


def _replicate(source, folder, per_class):
    """Fills `folder/<class>` with `per_class` names, linking the unique images round-robin."""
    for class_folder in sorted(path for path in source.iterdir() if path.is_dir()):
        originals = sorted(class_folder.iterdir())
        target = folder / class_folder.name
        target.mkdir(parents=True, exist_ok=True)
        for index in range(per_class):
            original = originals[index % len(originals)]
            link = target / f"r{index:05d}_{original.name}"
            try:
                os.link(original, link)
            except OSError:  # A file system without hard links.
                shutil.copyfile(original, link)


def _trim(folder, count):
    """Removes images beyond `count` (classes hold at most one image more than another)."""
    files = image_files(folder)
    by_class = {}
    for path in files:
        by_class.setdefault(Path(path).parent, []).append(path)
    extra = len(files) - count
    while extra > 0:
        for paths in sorted(by_class.values(), key=len, reverse=True):
            if extra <= 0:
                break
            os.unlink(paths.pop())
            extra -= 1
