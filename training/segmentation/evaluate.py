"""Scoring a segmenter against hand-drawn masks: IoU and Dice per photo, at the photo's own size.

The predicted mask is made exactly as `main.py segment` makes it (resize, forward pass, the
probabilities resized back to the photo, threshold, largest region, holes filled), then
compared with the ground truth at full resolution: the score says how well the saved
masks fit, not how well a 128 px map fits a 128 px target.
"""

from pathlib import Path

import numpy as np

from core import images, masks
from core.messages import Message
from training.segmentation import data


# How many of a photo's folders a ground-truth folder may mirror (`masks/<class>/<stem>.png`).
_TRUTH_FOLDER_DEPTH = 3


def truth_for(photo, truth_dir):
    """The ground-truth mask file of a photo in `truth_dir`: the same stem, a mask image or a labelme `.json`.

    Looked for in `truth_dir` itself, then in its sub-folders named as the photo's own folders
    (`masks/<class>/` beside `images/<class>/`, the layout `synth --masks` and `train-segmenter` use).

    Returns:
        The path, or None when there is none.
    """
    photo = Path(photo)
    # Not the root: a path joined to "/" would be the photo's own folder, and the photo its own truth.
    folders = photo.parent.parts[1:] if photo.parent.anchor else photo.parent.parts
    for depth in range(min(len(folders), _TRUTH_FOLDER_DEPTH) + 1):
        found = _truth_in(Path(truth_dir, *folders[len(folders) - depth:]), photo.stem)
        if found is not None:
            return found
    return None


def _truth_in(folder, stem):
    """The preferred mask file of `stem` directly in `folder`, or None."""
    if not folder.is_dir():
        return None
    candidates = sorted((path for path in folder.glob(f"{_glob_escape(stem)}.*")
                         if path.stem == stem and (images.is_image_name(path) or path.suffix.lower() == ".json")),
                        key=lambda path: data._preference(str(path)))  # noqa: SLF001  One ranking of mask types.
    return str(candidates[0]) if candidates else None


def read_truth(photo, truth_dir, size):
    """The ground-truth mask of a photo of `size` = (height, width), from `truth_dir`.

    Returns:
        (the mask file's path, bool mask).

    Raises:
        core.images.ImageError: no mask of the photo's stem there, or one that cannot be used.
    """
    path = truth_for(photo, truth_dir)
    if path is None:
        raise images.ImageError(photo, Message("segdata.no_truth", stem=Path(photo).stem, folder=str(truth_dir)))
    return path, data.read_mask_for(path, size, photo)


def _glob_escape(text):
    return "".join(f"[{char}]" if char in "*?[" else char for char in text)


def score_pairs(segmenter, pairs, batch_size=8, on_progress=None, should_stop=None):
    """Segments the photos of `pairs` and scores each against its mask.

    Args:
        segmenter: a `core.segmenter.Segmenter`.
        pairs: `training.segmentation.data.Pair`s.
        batch_size: photos per forward pass.
        on_progress: optional callable(done, total).
        should_stop: optional callable; True stops early (the photos done so far are scored).

    Returns:
        A dict: `photos` scored, `mean_iou`, `mean_dice`, `median_iou`, `min_iou` (None when
        no photo was scored), `per_photo` [{"path", "iou", "dice"}] worst IoU first, and
        `skipped` [{"path", "reason"}].
    """
    scored, skipped = [], []
    for start in range(0, len(pairs), batch_size):
        if should_stop is not None and should_stop():
            break
        batch = []
        for pair in pairs[start:start + batch_size]:
            try:
                batch.append((pair, *data.read_pair(pair)))
            except images.ImageError as error:
                skipped.append({"path": error.path, "reason": error.reason})
        predicted = segmenter.masks_of([photo for _, photo, _ in batch])
        for (pair, _, truth), mask in zip(batch, predicted):
            scored.append({"path": pair.image, "iou": masks.iou(mask, truth), "dice": masks.dice(mask, truth)})
        if on_progress is not None:
            on_progress(min(start + batch_size, len(pairs)), len(pairs))
    return summarise(scored, skipped)


def summarise(scored, skipped=()):
    """The summary `score_pairs` returns, from [{"path", "iou", "dice"}] rows."""
    ious = np.asarray([row["iou"] for row in scored], dtype=np.float64)
    dices = np.asarray([row["dice"] for row in scored], dtype=np.float64)
    return {
        "photos": len(scored),
        "mean_iou": float(ious.mean()) if len(ious) else None,
        "mean_dice": float(dices.mean()) if len(dices) else None,
        "median_iou": float(np.median(ious)) if len(ious) else None,
        "min_iou": float(ious.min()) if len(ious) else None,
        "per_photo": sorted(({"path": row["path"], "iou": round(float(row["iou"]), 4),
                              "dice": round(float(row["dice"]), 4)} for row in scored), key=lambda row: row["iou"]),
        "skipped": list(skipped),
    }
