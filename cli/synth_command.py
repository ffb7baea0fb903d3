"""`synth`: write a labeled folder of SYNTHETIC tongue-like images (not medical data)."""

import sys
import time

from cli.errors import CliError

_TASKS = ("color", "coating", "color+coating", "attributes")


def register(subparsers):
    """Adds the `synth` subcommand."""
    parser = subparsers.add_parser(
        "synth",
        help="write a folder of SYNTHETIC tongue-like images to try training on (not medical data)",
        description="Draws SYNTHETIC tongue-like pictures (simple shapes and colours, not photographs, "
                    "not medical data) into OUT_DIR/<class>/*.jpg, the layout `train` reads, with a "
                    "README.txt saying what they are. Body colour classes: 淡白舌 pale, 淡红舌 light-red, "
                    "红舌 red, 紫舌 purple; coating classes: 无苔 no-coating, 薄白苔 thin-white, "
                    "厚白苔 thick-white, 黄苔 yellow. --task attributes writes OUT_DIR/images/*.jpg and a labels "
                    "table OUT_DIR/labels.csv instead (body colour, coating, cracks, tooth marks; --blank of the "
                    "cells left blank), for `train OUT_DIR/images --labels OUT_DIR/labels.csv`. The same seed "
                    "gives byte-identical images.")
    parser.add_argument("out_dir", metavar="OUT_DIR",
                        help="folder to write; must be new, empty or an earlier synth output")
    parser.add_argument("--per-class", type=int, default=50, metavar="N",
                        help="images per class, per body colour with --task attributes (default 50)")
    parser.add_argument("--size", type=int, default=128, metavar="PIXELS",
                        help="width and height of the square images (default 128)")
    parser.add_argument("--seed", type=int, default=0,
                        help="random seed, a whole number >= 0 (default 0)")
    parser.add_argument("--task", choices=_TASKS, default="color",
                        help="what the class folders name: body colour (4 classes, default), "
                             "coating (4) or both (16); or attributes: a labels table with four attributes")
    parser.add_argument("--blank", type=float, default=0.0, metavar="FRACTION",
                        help="with --task attributes: the fraction of cells left blank (default 0)")
    parser.add_argument("--light", metavar="LIGHT",
                        help="draw the same tongues under another light: warm, cool, dim, or gains R,G,B with "
                             "an optional @EXPOSURE (e.g. 1.3,1,0.75 or 1,1,1@0.6); with the same seed the "
                             "tongues are those drawn without it (default: the light as drawn)")
    parser.add_argument("--masks", action="store_true",
                        help="also write a mask of each tongue: the pictures go to OUT_DIR/images/<class>/ and "
                             "0/255 PNG masks with the same names to OUT_DIR/masks/<class>/ (for train-segmenter; "
                             "train OUT_DIR/images for a classifier)")
    parser.add_argument("--force", action="store_true",
                        help="also write into a non-empty folder that is not an earlier synth output "
                             "(no existing file is overwritten or deleted)")
    parser.set_defaults(func=run)


def run(args):
    """Generates the dataset and prints one line per class; returns the exit code."""
    import synthetic

    started = time.perf_counter()
    if args.task == "attributes":
        return _run_attributes(args, started)
    try:
        counts = synthetic.generate_dataset(
            args.out_dir, per_class=args.per_class, size=args.size, seed=args.seed, task=args.task,
            on_progress=_progress_printer(), force=args.force, light=args.light, masks=args.masks)
    except synthetic.SyntheticDataError as error:
        raise CliError(str(error)) from None
    except OSError as error:
        raise CliError(f"{error.filename or args.out_dir}: cannot write ({error.strerror or error})") from None
    seconds = time.perf_counter() - started
    total = sum(counts.values())
    what = "images with tongue masks" if args.masks else "images"
    print(f"wrote {total} SYNTHETIC {what} (not medical data) to {args.out_dir} "
          f"in {seconds:.1f} s ({total / max(seconds, 1e-9):.0f} images/s)")
    for name, count in counts.items():
        print(f"  {name}: {count}")
    return 0


def _run_attributes(args, started):
    import synthetic

    try:
        counts = synthetic.generate_attribute_table(
            args.out_dir, per_class=args.per_class, size=args.size, seed=args.seed, blank=args.blank,
            on_progress=_progress_printer(), force=args.force)
    except synthetic.SyntheticDataError as error:
        raise CliError(str(error)) from None
    except OSError as error:
        raise CliError(f"{error.filename or args.out_dir}: cannot write ({error.strerror or error})") from None
    total = 4 * args.per_class
    print(f"wrote {total} SYNTHETIC images (not medical data) to {args.out_dir}/images and their labels table "
          f"{args.out_dir}/labels.csv in {time.perf_counter() - started:.1f} s")
    for column, classes in counts["classes"].items():
        listed = ", ".join(f"{name} {count}" for name, count in classes.items())
        print(f"  {column}: {listed}; {counts['blank'][column]} blank")
    return 0


def _progress_printer():
    """A progress callback that redraws one line on a terminal and stays silent otherwise."""
    from cli.output import write_control

    if not sys.stderr.isatty():
        return None

    def show(done, total):
        if done == total or done % 25 == 0:
            end = "\n" if done == total else ""
            write_control(sys.stderr, "\r")
            print(f"drawing synthetic images: {done}/{total}", end=end, file=sys.stderr, flush=True)

    return show
