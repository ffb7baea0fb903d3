"""`python main.py gui`: open the desktop app (also what `python main.py` alone does)."""

from pathlib import Path

from cli.errors import CliError


def register(subparsers):
    """Adds the `gui` subcommand."""
    parser = subparsers.add_parser(
        "gui", help="open the desktop app (the default without a subcommand)",
        description="Open the TongueLens desktop app. Without --model it opens the model you opened last, "
                    "if it still exists, else the bundled demo model (always with --screenshot), and likewise "
                    "the photo you opened last, else a sample image, when they are present. Drag images, folders or .keras files onto the window.")
    parser.add_argument("--model", metavar="FILE", help="a .keras model file to load at start")
    parser.add_argument("--image", metavar="FILE", help="an image to show and classify at start")
    parser.add_argument(
        "--screenshot", metavar="OUT.png",
        help="wait until the prediction, feature maps and Grad-CAM are shown, save a picture of the whole "
             "window to OUT.png and exit (works without a display: Qt's offscreen platform is used)")
    parser.add_argument("--lang", choices=("en", "zh_CN"), help="interface language (default: saved or system)")
    parser.set_defaults(func=run)


def run(args):
    """Opens the app; returns its exit code."""
    from gui.settings import AppSettings  # Qt's QSettings only: the window is made by `app.run`.

    settings = AppSettings()
    model, remember_model = args.model, True
    if model is None:
        model, remember_model = starting_model(settings, screenshot=args.screenshot is not None)
    image, remember_image = args.image, True
    if image is None:
        image, remember_image = starting_photo(settings, screenshot=args.screenshot is not None)
    for label, path in (("model", model), ("image", image)):
        if path is not None and not Path(path).exists():
            raise CliError(f"{path}: {label} file not found")
    if args.screenshot is not None and not str(args.screenshot).lower().endswith(".png"):
        raise CliError(f"{args.screenshot}: the screenshot file name must end in .png")

    from gui import app

    try:
        return app.run(model_path=model, image_path=image, screenshot_path=args.screenshot, language=args.lang,
                       remember_model=remember_model, remember_image=remember_image, settings=settings)
    except app.ScreenshotError as error:
        raise CliError(f"screenshot not saved: {error}", exit_code=1) from None


def starting_photo(settings, screenshot=False):
    """The photo to show when none is named on the command line: the user's last one if it still
    exists, else (and for a screenshot) the first bundled sample.

    Returns:
        (path or None, whether it is the user's own choice, to be remembered as such).
    """
    from gui import files

    recent = [] if screenshot else settings.recent("photos")
    if recent:
        return recent[0], True
    sample = files.first_sample_image()
    return (str(sample) if sample else None), False


def starting_model(settings, screenshot=False):
    """The model to open when none is named on the command line.

    The one the user opened last, if it still exists; else (and for a screenshot, which shows the
    demo whatever was opened before) the bundled demo model.

    Returns:
        (path or None, whether it is the user's own choice, to be remembered as such).
    """
    from gui import files

    last = "" if screenshot else settings.last_model()
    if last and Path(last).is_file():
        return last, True
    demo = files.first_demo_model()
    return (str(demo) if demo else None), False
