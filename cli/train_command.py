"""`train`: train a classifier on a folder of labeled images, with a progress bar and a summary."""

import signal
import sys
import threading
import time

from cli.errors import CliError
from cli.output import print_line
from cli.evaluate_command import accuracy_line, print_class_table
from training.progress import (
    PHASE_DOWNLOADING, PHASE_SCANNING, PHASE_TRAINING, PHASE_VALIDATING, TrainingCallback, format_seconds)
from training.stats import SMALL_CLASS_PHOTOS

_BAR_WIDTH = 24
# Progress lines are redrawn at most this often (seconds) on a terminal.
_REDRAW_INTERVAL = 0.1


def register(subparsers):
    """Adds the `train` subcommand."""
    from training import defaults  # Plain Python: `--help` loads nothing heavy.

    parser = subparsers.add_parser(
        "train",
        help="train a classifier on a folder of labeled images (one sub-folder per class)",
        description="Trains an image classifier on DATA_DIR, which holds one sub-folder of images per class "
                    "(sub-folder names are the class names; nested folders belong to their class). Every "
                    "image is checked once; files that cannot be read are skipped and listed. Writes a run "
                    "folder with model.keras (the best model, class names inside), report.json, history.csv, "
                    "curves.png, confusion.png, skipped.txt, split.json and a checkpoint for --resume. "
                    "Ctrl-C stops after the current batch and keeps the best model.")
    parser.add_argument("data_dir", metavar="DATA_DIR", nargs="?",
                        help="folder with one sub-folder of images per class, or the images of --labels "
                             "(optional with --resume)")
    parser.add_argument("--labels", metavar="TABLE",
                        help="a labels table (.csv, .tsv or .xlsx; UTF-8 or GBK): one row per photo, the column "
                             "'image' (else the first) a path under DATA_DIR or a file name without extension, "
                             "every other column an attribute; empty, NA, NaN or - = not labelled. Trains one "
                             "model with one softmax head per attribute; blank cells are left out of that "
                             "attribute's loss")
    parser.add_argument("--arch", default="vgg-mini",
                        help=f"a preset ({_preset_names()}), a keras.applications backbone ({_backbone_names()}) "
                             "or a cs231n pattern such as 'INPUT -> [[CONV -> RELU]*2 -> POOL]*3 -> FC' "
                             "(default: vgg-mini)")
    parser.add_argument("--weights", default="none", metavar="imagenet|none|FILE",
                        help="a backbone's starting weights: imagenet (Keras's ImageNet weights without top, "
                             "downloaded once into ~/.keras/models, with progress), FILE (that weights file, for "
                             "machines without network access), or none (random: from scratch). With pretrained "
                             "weights the run has two phases: the new head on the frozen backbone, then the top of "
                             "the backbone at a tenth of the learning rate (default: none: nothing is downloaded "
                             "unless asked for)")
    parser.add_argument("--size", metavar="PIXELS",
                        help="input size, e.g. 64 or 96x128 (default: the architecture's own: 64 for vgg-mini "
                             "and resnext-mini, 32 for a pattern)")
    parser.add_argument("--epochs", type=int, default=defaults.EPOCHS,
                        help=f"the most epochs to train (default: {defaults.EPOCHS})")
    parser.add_argument("--batch", type=int, default=32, help="images per step (default: 32)")
    parser.add_argument("--val-split", type=float, default=0.2,
                        help="fraction of each class held out for validation (default: 0.2); 0 trains on every "
                             "image without validation and keeps the last epoch")
    parser.add_argument("--val-dir", metavar="DIR", help="a separate labeled folder for validation")
    parser.add_argument("--lr", type=float, metavar="RATE",
                        help="initial learning rate of Adam, decayed along a cosine (default: 0.001, "
                             "0.0001 with --from)")
    parser.add_argument("--no-augment", action="store_true",
                        help="no random flips, rotation, zoom, contrast or brightness while training")
    parser.add_argument("--no-class-weights", action="store_true",
                        help="do not weight rare classes up in the loss")
    parser.add_argument("--from", dest="from_model", metavar="MODEL.keras",
                        help="fine-tune this model (its last layer is replaced when the classes differ)")
    parser.add_argument("--out", metavar="RUN_DIR", help="run folder to create (default: runs/<date-time>)")
    parser.add_argument("--resume", metavar="RUN_DIR",
                        help="continue an interrupted run from its last checkpoint (its settings are reused)")
    parser.add_argument("--strategy", default="auto", choices=("auto", "one", "mirrored", "multiworker"),
                        help="tf.distribute strategy: auto (all GPUs when there are several), one device, "
                             "mirrored (all local GPUs), multiworker (processes named in TF_CONFIG) (default: auto)")
    parser.add_argument("--precision", default="auto", choices=("auto", "float32", "mixed_bfloat16"),
                        help="arithmetic while training: mixed_bfloat16 computes in bfloat16 (about 1.4x faster "
                             "on CPUs with AVX512-BF16 or AMX), auto picks it on such CPUs; the saved model is "
                             "float32 either way (default: auto)")
    parser.add_argument("--patience", type=int, default=defaults.PATIENCE, metavar="EPOCHS",
                        help="stop early after EPOCHS epochs without a better (smoothed) validation loss "
                             "(default: no early stopping: the learning rate's schedule ends at the last epoch)")
    parser.add_argument("--ema", type=float, default=defaults.EMA_EPOCHS, metavar="EPOCHS",
                        help="validate and keep a moving average of the weights over about EPOCHS epochs (at most "
                             f"a tenth of --epochs); 0 keeps the raw weights (default: {defaults.EMA_EPOCHS:g})")
    parser.add_argument("--warmup", type=float, default=defaults.WARMUP_EPOCHS, metavar="EPOCHS",
                        help="raise the learning rate linearly from 0 over the first EPOCHS epochs (at most a tenth "
                             f"of --epochs); 0 starts at full rate (default: {defaults.WARMUP_EPOCHS:g})")
    parser.add_argument("--select", choices=("best", "smoothed", "last"), default=defaults.SELECT,
                        help="the model kept: the epoch of lowest validation loss (best), of lowest mean loss over "
                             f"3 epochs (smoothed), or the last (default: {defaults.SELECT})")
    parser.add_argument("--deterministic", action="store_true",
                        help="TensorFlow's deterministic kernels: the same command on the same machine gives "
                             "bit-identical weights (no measurable cost on CPU; may be slower on a GPU, see README)")
    parser.add_argument("--folds", type=int, metavar="K",
                        help="K-fold cross-validation: train K times, each fold validating on another K-th of "
                             "every class, print the spread, then train the model to keep on all images (with "
                             "--labels, per attribute)")
    parser.add_argument("--seed", type=int, default=defaults.SEED,
                        help=f"seed of the split and the training (default: {defaults.SEED})")
    parser.add_argument("--colour", "--color", dest="colour", metavar="MODE", default=None,
                        help="colour constancy, so another lamp or white balance does not change the answer: "
                             "none, augment (random light while training), an estimator in the model "
                             "(grey-world, shades-of-grey[:P], white-patch[:Q]), or ESTIMATOR+augment "
                             f"(default: {_default_colour()})")
    parser.add_argument("--crop", metavar="tongue|SEG.keras",
                        help="cut every photo to the tongue's box before resizing it, with the bundled segmenter "
                             "(tongue) or a segmenter file; the model keeps the segmenter inside and crops the same "
                             "way in the app, classify, evaluate, inspect (default: whole photos)")
    from core.crop import DEFAULT_MARGIN, DEFAULT_MASK_BACKGROUND  # No TensorFlow: a quick import.

    background = "mask" if DEFAULT_MASK_BACKGROUND else "keep"
    parser.add_argument("--crop-margin", type=float, default=DEFAULT_MARGIN, metavar="FRACTION",
                        help="with --crop: added on each side of the tongue's box, as a fraction of its width and "
                             f"height (default: {DEFAULT_MARGIN:g})")
    parser.add_argument("--crop-background", choices=("keep", "mask"), default=background,
                        help="with --crop: keep the pixels of the box around the tongue, or paint them black "
                             f"(default: {background}, chosen by measurement: see the README)")
    parser.set_defaults(func=run)


def _default_colour():
    from models.colour import DEFAULT_MODE  # Plain Python: no Keras import.

    return DEFAULT_MODE


def _preset_names():
    from models import PRESET_NAMES  # Plain Python: no Keras import.

    return ", ".join(PRESET_NAMES)


def _backbone_names():
    from models.backbones import BACKBONE_NAMES  # Plain Python: no Keras import.

    return ", ".join(BACKBONE_NAMES)


def run(args):
    """Runs `train`; returns the exit code."""
    from cli.output import tolerate_undecodable_names

    tolerate_undecodable_names()
    config = _config(args)
    from core import modelfile, tfruntime
    from models.pretrained import DownloadCancelled
    from training import dataset, phases, strategy, trainer
    from training.config import check_config

    from training import folds

    stop = threading.Event()
    printer = ProgressPrinter()
    with _first_interrupt_stops(stop, printer):
        try:
            if not config.resume:  # Before TensorFlow's import: a bad setting or offline fails at once.
                check_config(config)
                phases.fetch_weights(config, printer, stop.is_set)
            tfruntime.import_tensorflow()
            if args.folds is not None:
                result = folds.cross_validate(config, args.folds, callback=printer, should_stop=stop.is_set)
            else:
                result = trainer.train(config, callback=printer, should_stop=stop.is_set)
        except trainer.TrainingFailed as error:  # TensorFlow failed mid-run: one line, the details in error.txt.
            printer.end_line()
            raise CliError(str(error), exit_code=1) from None
        except DownloadCancelled:
            printer.end_line()
            raise CliError("download cancelled; nothing was written", exit_code=130) from None
        except (dataset.DatasetError, trainer.TrainingError, strategy.StrategyError,
                modelfile.ModelFileError, folds.FoldsError) as error:
            printer.end_line()
            print_problems(getattr(error, "skipped", []), getattr(error, "warnings", []))
            raise CliError(str(error)) from None
    if args.folds is not None:
        from cli.folds_output import print_folds

        print_folds(result)
    else:
        print_summary(result)
    if result.cancelled:
        return 130
    return 0


def _config(args):
    from cli.output import parse_size
    from training.trainer import TrainConfig

    if not args.data_dir and not args.resume:
        raise CliError("give DATA_DIR (a folder with one sub-folder of images per class) or --resume RUN_DIR")
    if args.folds is not None and (args.resume or args.val_dir):
        raise CliError("--folds makes its own validation sets: it cannot be used with --resume or --val-dir")
    import models  # Plain Python: no Keras import.

    if models.is_segmenter(args.arch):
        raise CliError(f"{args.arch} is a segmenter (a mask per photo, not a class): train it with "
                       f"`main.py train-segmenter DATA_DIR --arch {args.arch}`")
    size = None
    if args.size:
        try:
            size = parse_size(args.size)[:2]
        except ValueError as error:
            raise CliError(f"--size: {error}") from None
    return TrainConfig(
        data_dir=args.data_dir, arch=args.arch, image_size=size, epochs=args.epochs, batch_size=args.batch,
        val_split=args.val_split, val_dir=args.val_dir, learning_rate=args.lr, augment=not args.no_augment,
        class_weights=not args.no_class_weights, from_model=args.from_model, out_dir=args.out,
        resume=args.resume, strategy=args.strategy, precision=args.precision, seed=args.seed,
        patience=args.patience, ema_epochs=args.ema, warmup_epochs=args.warmup, select=args.select,
        deterministic=args.deterministic, weights=args.weights, labels=args.labels,
        colour=args.colour or _default_colour(), crop=args.crop, crop_margin=args.crop_margin,
        crop_mask=args.crop_background == "mask")


class _first_interrupt_stops:  # noqa: N801  Used as a `with` statement.
    """The first Ctrl-C asks the run to stop after the current batch; the second one interrupts."""

    def __init__(self, stop, printer):
        self.stop = stop
        self.printer = printer
        self.previous = None

    def __enter__(self):
        if threading.current_thread() is threading.main_thread():
            self.previous = signal.signal(signal.SIGINT, self._on_interrupt)
        return self

    def __exit__(self, *exc):
        if self.previous is not None:
            signal.signal(signal.SIGINT, self.previous)
        return False

    def _on_interrupt(self, signum, frame):
        if self.stop.is_set():
            raise KeyboardInterrupt
        self.stop.set()
        self.printer.end_line()
        print("stopping after this batch (Ctrl-C again to abort)", file=sys.stderr, flush=True)


class ProgressPrinter(TrainingCallback):
    """Prints a progress bar per epoch, problems on stderr, one line per problem."""

    def __init__(self, stream=None):
        self.stream = stream or sys.stdout
        self.interactive = self.stream.isatty()
        self.last_draw = 0.0
        self.open_line = False

    def on_scan(self, scan):
        self.end_line()
        print_problems(scan.skipped, scan.warnings)
        if hasattr(scan, "attributes"):  # A labels table.
            self._print(f"{scan.labels_path}: {len(scan.files)} photos, {len(scan.attributes)} attribute(s); "
                        f"{len(scan.skipped)} skipped")
            for line in scan.summary():
                self._print(f"  {line}")
            return
        counts = ", ".join(f"{name} {count}" for name, count in scan.counts.items())
        self._print(f"{scan.data_dir}: {len(scan.files)} images in {len(scan.classes)} classes ({counts}); "
                    f"{len(scan.skipped)} skipped")

    def on_train_begin(self, info):
        start = f", resuming after epoch {info['initial_epoch']}" if info["initial_epoch"] else ""
        self._print(f"Training {info['arch']} ({info['parameters']:,} parameters, input "
                    f"{'x'.join(map(str, info['input_shape']))}) on {info['train_images']} images, validating on "
                    f"{info['val_images']}; {info['replicas']} device(s), {info['precision']}{start}")
        self._print(f"Run folder: {info['run_dir']}")

    def on_batch_end(self, progress):
        if not self.interactive:
            return  # A log gets the epoch lines and messages only.
        now = time.monotonic()
        if now - self.last_draw < _REDRAW_INTERVAL and progress.batch < progress.batches:
            return
        self.last_draw = now
        self._draw(_progress_line(progress))

    def on_epoch_end(self, progress):
        self.end_line()
        self._print(_progress_line(progress, final=True))

    def on_message(self, text):
        self._print(text)

    def on_warning(self, text):
        self.end_line()
        print_line(f"warning: {text}", file=sys.stderr, flush=True)

    def end_line(self):
        """Ends a progress line left open by the last redraw."""
        if self.open_line:
            self.stream.write("\n")
            self.stream.flush()
            self.open_line = False

    def _draw(self, line):
        from cli.output import write_control

        write_control(self.stream, "\r")
        self.stream.write(line)
        write_control(self.stream, "\033[K")
        self.stream.flush()
        self.open_line = True

    def _print(self, line):
        self.end_line()
        print(line, file=self.stream, flush=True)


def print_problems(skipped, warnings):
    """Prints one line per skipped file and per warning on stderr."""
    for entry in skipped:
        print_line(f"skipped: {entry['path']}: {entry['reason']}", file=sys.stderr)
    for warning in warnings:
        print_line(f"warning: {warning}", file=sys.stderr)


def _progress_line(progress, final=False):
    if progress.phase == PHASE_DOWNLOADING:
        return f"{_bar(progress.batch, progress.batches)}  {progress.message}"
    if progress.phase == PHASE_SCANNING:
        return f"Checking images {progress.batch}/{progress.batches}"
    if progress.phase not in (PHASE_TRAINING, PHASE_VALIDATING):
        return progress.message
    head = f"Epoch {progress.epoch}/{progress.epochs}"
    parts = [head, _bar(progress.batch, progress.batches), f"{progress.batch}/{progress.batches}"]
    if progress.phase == PHASE_VALIDATING:
        parts.append("validating")
    if progress.loss is not None:
        parts.append(f"loss {progress.loss:.4f}")
    if progress.accuracy is not None:
        parts.append(f"acc {progress.accuracy:.3f}")
    if final or progress.phase == PHASE_TRAINING:
        if progress.val_loss is not None:
            parts.append(f"val_loss {progress.val_loss:.4f}")
        if progress.val_accuracy is not None:
            parts.append(f"val_acc {progress.val_accuracy:.3f}")
    parts.append(f"ETA {format_seconds(progress.eta_seconds)}")
    return "  ".join(parts)


def _bar(done, total):
    filled = int(_BAR_WIDTH * done / total) if total else 0
    return "[" + "=" * filled + (">" if filled < _BAR_WIDTH else "") + "." * max(0, _BAR_WIDTH - filled - 1) + "]"


def _validation_figures(report):
    return {"accuracy": report["val_accuracy"], "n": report["val_images"], "correct": report.get("val_correct"),
            "accuracy_ci95": report.get("val_accuracy_ci95")}


def print_summary(result):
    """Prints one screen about a finished run."""
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
    print(f"Images:      {report['train_images']} training, {report['val_images']} validation, "
          f"{len(report['skipped'])} skipped" + (" (see skipped.txt)" if report["skipped"] else ""))
    if report.get("weights"):
        print(f"Weights:     {report['weights']['source']}, {report['weights']['path']}")
    if len(report.get("phases") or ()) > 1:
        print("Phases:      " + "; ".join(
            f"{phase['name']} epochs {phase['first_epoch']}-{phase['last_epoch']} ({phase['epochs_run']} run, "
            f"learning rate {phase['learning_rate']:g})" for phase in report["phases"]))
    if report.get("crop"):
        print(f"Crop:        {report['crop']['description']}")
    if report.get("attributes"):
        print(f"Validation:  mean accuracy over attributes {report['val_accuracy']:.1%}, mean loss "
              f"{report['val_loss']:.4f}")
        for attribute in report["attributes"]:
            print(f"  {attribute['name']}: accuracy {attribute['val_accuracy']:.1%} on {attribute['val_images']} "
                  f"labelled photos, macro F1 {attribute['val_macro_f1']:.2f}")
            print_class_table(attribute["val_per_class"], indent="    ")
    elif report["val_accuracy"] is None:
        print("Validation:  none (trained on every image; the last epoch is kept)")
    else:
        print(f"Validation:  accuracy {accuracy_line(_validation_figures(report), 'validation images')}, "
              f"loss {report['val_loss']:.4f}")
    if report.get("colour"):
        print(f"Colour:      {report['colour']} (colour constancy; see --colour)")
    if report.get("val_relit_accuracy"):
        relit = ", ".join(f"{light} {value:.1%}" for light, value in report["val_relit_accuracy"].items())
        print(f"Re-lit:      validation accuracy {relit} (see evaluate --relight)")
    if report.get("val_relit_calibrated_accuracy"):
        relit = ", ".join(f"{light} {value:.1%}" for light, value in report["val_relit_calibrated_accuracy"].items())
        print(f"Calibrated:  re-lit validation accuracy {relit} (see evaluate --calibrate)")
    if not report.get("attributes") and report["val_accuracy"] is not None:
        print_class_table(report["val_per_class"], indent="  ")
    small = report.get("val_small_classes") or {}
    if small:
        print(f"  Few validation images (under {SMALL_CLASS_PHOTOS}): "
              + ", ".join(f"{name} {count}" for name, count in small.items())
              + ": their figures are uncertain (see the intervals); add images or use --folds")
    speed = report.get("train_images_per_second")
    rate = f"  ({speed:,.0f} training images/s)" if speed else ""
    print(f"Time:        {format_seconds(report['seconds'])}{rate}")
    confusion = "confusion_<attribute>.png" if report.get("attributes") else "confusion.png"
    print(f"Files:       model.keras, report.json, history.csv, curves.png, {confusion}, skipped.txt, split.json")
