"""`train-segmenter`: train a tongue segmenter (U-Net) on photos with masks, with a progress bar and a summary."""

import sys
import threading

from cli.errors import CliError
from cli.train_command import ProgressPrinter, _first_interrupt_stops, print_problems
from training.progress import format_seconds


def register(subparsers):
    """Adds the `train-segmenter` subcommand."""
    parser = subparsers.add_parser(
        "train-segmenter",
        help="train a tongue segmenter (U-Net) on photos with hand-drawn masks",
        description="Trains a segmenter that finds the tongue in a photo. DATA_DIR holds images/ and masks/ "
                    "(a mask has its photo's file name; any non-zero pixel is tongue, grey and JPEG masks are "
                    "thresholded at half), or photos with labelme .json polygon files beside them. Pairs that "
                    "cannot be used (no mask, a mask of another size, an unreadable file) are listed and "
                    "skipped. Writes a run folder with model.keras (the best model by validation loss), "
                    "report.json (mean IoU and Dice on the held-out photos, at their own size), history.csv, "
                    "curves.png, skipped.txt, split.json and a checkpoint for --resume. Ctrl-C stops after the "
                    "current batch and keeps the best model.")
    parser.add_argument("data_dir", metavar="DATA_DIR", nargs="?",
                        help="images/ + masks/, or photos with labelme .json files (optional with --resume)")
    parser.add_argument("--arch", default="unet-mini", help="a segmenter: unet-mini or unet (default: unet-mini)")
    parser.add_argument("--size", metavar="PIXELS",
                        help="input size, a multiple of 16, e.g. 128 or 160x128 (default: the architecture's "
                             "own: 128 for unet-mini)")
    parser.add_argument("--epochs", type=int, default=40, help="the most epochs to train (default: 40)")
    parser.add_argument("--batch", type=int, default=16, help="photos per step (default: 16)")
    parser.add_argument("--val-split", type=float, default=0.2,
                        help="fraction of the photos held out for validation (default: 0.2)")
    parser.add_argument("--lr", type=float, default=1e-3, metavar="RATE",
                        help="initial learning rate of Adam, decayed along a cosine (default: 0.001)")
    parser.add_argument("--no-augment", action="store_true",
                        help="no random flips, rotation, zoom, shift, brightness or contrast while training")
    parser.add_argument("--out", metavar="RUN_DIR", help="run folder to create (default: runs/<date-time>)")
    parser.add_argument("--resume", metavar="RUN_DIR",
                        help="continue an interrupted run from its last checkpoint (its settings are reused)")
    parser.add_argument("--precision", default="auto", choices=("auto", "float32", "mixed_bfloat16"),
                        help="arithmetic while training (default: auto, bfloat16 on CPUs that have it); the saved "
                             "model is float32 either way")
    parser.add_argument("--patience", type=int, default=10,
                        help="stop after this many epochs without a better validation loss (default: 10)")
    parser.add_argument("--seed", type=int, default=1337, help="seed of the split and the training (default: 1337)")
    parser.set_defaults(func=run)


def run(args):
    """Runs `train-segmenter`; returns the exit code."""
    from cli.output import tolerate_undecodable_names
    from core import modelfile
    from training import dataset
    from training.segmentation import trainer

    tolerate_undecodable_names()
    config = _config(args)
    stop = threading.Event()
    printer = SegmenterProgressPrinter()
    with _first_interrupt_stops(stop, printer):
        try:
            result = trainer.train_segmenter(config, callback=printer, should_stop=stop.is_set)
        except (dataset.DatasetError, trainer.SegmenterTrainingError, modelfile.ModelFileError) as error:
            printer.end_line()
            print_problems(getattr(error, "skipped", []), getattr(error, "warnings", []))
            raise CliError(str(error)) from None
    print_summary(result)
    return 130 if result.cancelled else 0


def _config(args):
    from cli.output import parse_size
    from training.segmentation.trainer import SegmenterConfig

    if not args.data_dir and not args.resume:
        raise CliError("give DATA_DIR (images/ and masks/, or photos with labelme .json files) or --resume RUN_DIR")
    size = None
    if args.size:
        try:
            size = parse_size(args.size)[:2]
        except ValueError as error:
            raise CliError(f"--size: {error}") from None
    return SegmenterConfig(
        data_dir=args.data_dir, arch=args.arch, image_size=size, epochs=args.epochs, batch_size=args.batch,
        val_split=args.val_split, learning_rate=args.lr, augment=not args.no_augment, out_dir=args.out,
        resume=args.resume, precision=args.precision, seed=args.seed, patience=args.patience)


class SegmenterProgressPrinter(ProgressPrinter):
    """The classifier's progress printer; the scan line counts photos with masks."""

    def on_scan(self, scan):
        self.end_line()
        print_problems(scan.skipped, scan.warnings)
        self._print(f"{scan.data_dir}: {len(scan.pairs)} photos with masks ({scan.layout}); "
                    f"{len(scan.skipped)} skipped")


def print_summary(result):
    """Prints one screen about a finished segmenter run."""
    report = result.report
    print()
    if result.cancelled:
        print("Stopped before the end.")
    if result.model_path is None:
        print(f"No epoch finished, so no model was saved. Run folder: {result.run_dir}")
        return
    print(f"Run folder:  {result.run_dir}")
    print(f"Model:       {result.model_path}  (epoch {report['best_epoch']} of {report['epochs_run']} run; "
          f"{'stopped early' if report['stopped_early'] else 'planned ' + str(report['epochs'])})")
    print(f"Photos:      {report['train_photos']} training, {report['val_photos']} validation, "
          f"{len(report['skipped'])} skipped" + (" (see skipped.txt)" if report["skipped"] else ""))
    if report.get("val_mean_iou") is not None:
        print(f"Validation:  mean IoU {report['val_mean_iou']:.3f}, mean Dice {report['val_mean_dice']:.3f} "
              f"(each photo at its own size; worst IoU {report['val_min_iou']:.3f})")
    speed = report.get("train_photos_per_second")
    print(f"Time:        {format_seconds(report['seconds'])}" + (f"  ({speed:,.1f} training photos/s)" if speed else ""))
    print("Files:       model.keras, report.json, history.csv, curves.png, skipped.txt, split.json", file=sys.stdout)
