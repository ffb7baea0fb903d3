"""`segment`: tongue masks of photos (files or folders), and their IoU and Dice against hand-drawn masks."""

import os
import sys
from pathlib import Path

from cli.errors import CliError, files_exit_code
from cli.output import print_line


def register(subparsers):
    """Adds the `segment` subcommand."""
    parser = subparsers.add_parser(
        "segment",
        help="find the tongue in photos: write masks, score them against ground truth",
        description="Writes OUT/<stem>.png for each photo, in the sub-folders the photo has inside the folder "
                    "given (<stem>_2.png, ... when two photos would share a name; each line says which): a mask "
                    "at the photo's own size, 255 on the tongue and 0 elsewhere (the largest region, its holes "
                    "filled). Folders are searched recursively. A mask file that is already in OUT is never "
                    "overwritten without --force (nothing is segmented then), and OUT may not be a folder of "
                    "photos given, nor inside one. "
                    "With --masks GT_DIR each photo is also scored against GT_DIR/<stem>.<png|jpg|...> or a "
                    "labelme GT_DIR/<stem>.json (or the same in GT_DIR/<its folder>/, as synth --masks lays "
                    "them out), and the mean IoU and Dice are printed. A file that cannot be read gets an error "
                    "line and never stops the others (a photo without ground truth is segmented, not scored). "
                    "Exit code: 0 when every photo was segmented, 1 when some failed (the others' masks are "
                    "written), 2 when nothing was done (bad arguments, an unreadable model, every photo "
                    "failed).")
    parser.add_argument("paths", metavar="PATH", nargs="+", help="photos or folders of photos")
    parser.add_argument("--model", metavar="SEG.keras",
                        help="a segmenter (default: the bundled demo/tongue-segmenter.keras)")
    parser.add_argument("--out", metavar="DIR", help="folder to write the masks to")
    parser.add_argument("--force", action="store_true",
                        help="overwrite mask files already in --out (never a photo being segmented)")
    parser.add_argument("--masks", metavar="GT_DIR", help="folder of ground-truth masks to score against")
    parser.add_argument("--batch", type=int, default=8, help="photos per forward pass (default: 8)")
    parser.add_argument("--no-postprocess", action="store_true",
                        help="keep the thresholded mask as it is (no largest region, no hole filling)")
    parser.add_argument("--json", action="store_true",
                        help="print JSON: {photos: [{path, mask, tongue_fraction, box, iou, dice} or {path, error}], "
                             "mean_iou, mean_dice}")
    parser.set_defaults(func=run)


def run(args):
    """Runs `segment`; returns the exit code."""
    from cli.classify_command import expand_paths
    from cli.output import print_json, tolerate_undecodable_names
    from core import modelfile, segmenter as segmenters

    tolerate_undecodable_names()
    if not args.out and not args.masks:
        raise CliError("give --out DIR to write the masks, --masks GT_DIR to score them, or both")
    if args.batch < 1:
        raise CliError(f"--batch must be at least 1. Received: batch={args.batch}")
    if args.masks and not Path(args.masks).is_dir():
        raise CliError(f"{args.masks}: folder not found (--masks)")
    paths = expand_paths(args.paths)
    if not paths:
        raise CliError(f"no image found in {', '.join(args.paths)}")
    mask_paths = None
    if args.out:
        check_out_folder(args.out, args.paths)
        mask_paths = plan_mask_paths(paths, args.out, _mask_names(args.paths))
        check_mask_paths(mask_paths, paths, args.force)
    try:
        segmenter = segmenters.load_segmenter(args.model)
    except (modelfile.ModelFileError, segmenters.SegmenterError) as error:
        raise CliError(str(error)) from None
    rows = segment_paths(segmenter, paths, args, quiet=args.json, mask_paths=mask_paths)
    summary = summarise(rows)
    if args.json:
        print_json(dict(summary, photos=rows))
    else:
        print_summary(summary, scored=bool(args.masks))
    return files_exit_code(summary["errors"], len(rows), f"no photo could be segmented ({len(rows)} tried)")


def refuse_segmenter(path, command):
    """Raises `CliError` when `path` is a segmenter file: `command` needs a classifier.

    Only our files say so (`"task": "segmentation"`); a model file that cannot be read is left
    for the command's own loader to report.
    """
    from core import modelfile, segmenter as segmenters

    try:
        task = segmenters.read_task(path)
    except modelfile.ModelFileError:
        return
    if task == segmenters.SEGMENTATION_TASK:
        raise CliError(f"{path}: a tongue segmenter, not a classifier: `{command}` needs a classifier; "
                       "use `main.py segment PHOTOS --model` with a segmenter")


def segment_paths(segmenter, paths, args, quiet=False, mask_paths=None):
    """Segments, writes and scores every photo; returns one row per photo ({path, error} for a bad one).

    `mask_paths` is the mask path of each photo, in the order of `paths` (`plan_mask_paths`), when
    `args.out` is given.
    """
    from core import masks
    from core.images import ImageError
    from training.segmentation import evaluate

    rows = []
    results = segmenter.iter_file_masks(paths, args.batch, postprocess=not args.no_postprocess)
    for index, (path, mask, error) in enumerate(results):
        if error is not None:
            print_line(f"error: {error}", file=sys.stderr)
            rows.append({"path": path, "error": error})
            continue
        region = masks.tongue_box(mask, margin=0)
        row = {"path": path, "tongue_fraction": round(float(mask.mean()), 4),
               "box": list(region.box) if region else None}
        if args.out:
            written = _write_mask(path, mask_paths[index], mask)
            if written is not None:
                rows.append(written)
                continue
            row["mask"] = mask_paths[index]
        if args.masks:
            try:
                truth_path, truth = evaluate.read_truth(path, args.masks, mask.shape)
                row.update(truth=truth_path, iou=masks.iou(mask, truth), dice=masks.dice(mask, truth))
            except ImageError as problem:
                print_line(f"not scored: {problem}", file=sys.stderr)
                row["truth_error"] = str(problem)
        if not quiet:
            print_line(_line(row), flush=True)
        rows.append(row)
    return rows


def _write_mask(photo, mask_path, mask):
    """Writes `mask` to `mask_path`; returns None, or the photo's error row when it cannot be written.

    A full disk or a folder made read-only meanwhile fails this photo, not the masks already written.
    """
    from cli import os_error_text
    from core import masks

    try:
        masks.save_mask(mask_path, mask)
        return None
    except OSError as problem:
        error = f"{photo}: mask not written ({os_error_text(problem)})"
        print_line(f"error: {error}", file=sys.stderr)
        return {"path": photo, "error": error}


def _mask_names(given):
    """{photo: its sub-folder inside the folder given for it} for the photos of the folders in `given`."""
    from core.imagefiles import images_to_classify

    names = {}
    for folder in (Path(each) for each in given):
        if folder.is_dir():
            images, _ = images_to_classify(folder)  # The list `expand_paths` took; its notes are said.
            names.update({image: str(Path(image).parent.relative_to(folder)) for image in images})
    return names


def check_out_folder(out, given):
    """Refuses an `--out` that is a file, or a folder given (or inside one): its masks would lie among the photos.

    Raises:
        CliError: one line naming `out`.
    """
    out = Path(out)
    if out.exists() and not out.is_dir():
        raise CliError(f"{out}: not a folder (--out takes the folder to write the masks to)")
    resolved = out.resolve()
    for folder in (Path(each) for each in given):
        if folder.is_dir() and (resolved == folder.resolve() or folder.resolve() in resolved.parents):
            raise CliError(f"{out}: inside the photo folder {folder}; the masks would lie among the photos. "
                           "Choose another --out")


def plan_mask_paths(paths, out, mask_names):
    """The mask path of each photo of `paths`, in order: OUT/<its sub-folder>/<stem>.png (`_free_name`).

    Args:
        paths: the photos, as `expand_paths` gives them.
        out: the `--out` folder.
        mask_names: {photo: its sub-folder inside the folder given for it} (`_mask_names`); a photo
            not in it gets its mask at the top.
    """
    names, planned = set(), []
    for path in paths:
        folder = Path(out) / mask_names.get(path, "")
        planned.append(str(folder / _free_name(folder, Path(path).stem, names)))
    return planned


def check_mask_paths(mask_paths, photos, force=False):
    """Refuses, before any photo is segmented, to overwrite a file that is already there.

    A photo being segmented is never overwritten, even with `force`; other files only with it.

    Raises:
        CliError: one line: how many would be overwritten, and the first.
    """
    resolved_photos = {Path(photo).resolve() for photo in photos}
    for path in mask_paths:
        if Path(path).resolve() in resolved_photos:
            raise CliError(f"{path}: a photo being segmented; its mask would overwrite it. Choose another --out")
    existing = [path for path in mask_paths if os.path.lexists(path)]
    if existing and not force:
        raise CliError(f"{len(existing)} mask file(s) already exist in the --out folder, the first {existing[0]}; "
                       "give --force to overwrite them, or choose another --out")
    for path in existing:
        if os.path.isdir(path):
            raise CliError(f"{path}: a folder where a mask would go")


def _free_name(folder, stem, names):
    """`<stem>.png`, or `<stem>_2.png`, ... when two photos would share it in `folder`."""
    name, count = f"{stem}.png", 1
    while str(folder / name) in names:
        count += 1
        name = f"{stem}_{count}.png"
    names.add(str(folder / name))
    return name


def _line(row):
    parts = [f"{row['path']}: tongue {row['tongue_fraction']:.1%} of the photo"]
    if row["box"] is None:
        parts = [f"{row['path']}: no tongue found"]
    if "iou" in row:
        parts.append(f"IoU {row['iou']:.3f}, Dice {row['dice']:.3f}")
    if "mask" in row:
        parts.append(f"-> {row['mask']}")
    return "  ".join(parts)


def summarise(rows):
    """Counts and, for the scored photos, mean IoU and Dice (None when none was scored)."""
    scored = [row for row in rows if "iou" in row]
    return {
        "segmented": sum(1 for row in rows if "error" not in row),
        "errors": sum(1 for row in rows if "error" in row),
        "scored": len(scored),
        "mean_iou": sum(row["iou"] for row in scored) / len(scored) if scored else None,
        "mean_dice": sum(row["dice"] for row in scored) / len(scored) if scored else None,
    }


def print_summary(summary, scored):
    """Prints the totals, and the mean scores when ground truth was given."""
    print(f"{summary['segmented']} photo(s) segmented, {summary['errors']} error(s)")
    if scored:
        if summary["scored"]:
            print(f"mean IoU {summary['mean_iou']:.4f}, mean Dice {summary['mean_dice']:.4f} "
                  f"over {summary['scored']} photo(s) with ground truth")
        else:
            print("no photo had a usable ground-truth mask")
