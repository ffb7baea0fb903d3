"""The run folder's pictures: learning curves and the confusion matrix (matplotlib, Agg, no pyplot).

No pyplot state is used, so these are safe to call from a worker thread of the app.
Files are written atomically. Class names in Chinese need a CJK font; when none is installed
the names that cannot be drawn become `class N` rather than boxes.
"""

import contextlib
import functools
import warnings

import numpy as np

from core import atomic

# Fonts that draw Chinese, most common first (Linux, Windows, macOS).
_CJK_FONTS = (
    "Noto Sans CJK SC", "Noto Sans CJK TC", "Noto Sans CJK JP", "Noto Sans SC", "Source Han Sans SC",
    "Source Han Sans CN", "WenQuanYi Zen Hei", "WenQuanYi Micro Hei", "Droid Sans Fallback", "AR PL UMing CN",
    "Microsoft YaHei", "SimHei", "PingFang SC", "Heiti SC", "STHeiti", "Arial Unicode MS",
)
_BASE_FONT = "DejaVu Sans"
_MAX_ANNOTATED_CLASSES = 30


def save_curves(history, path, best_epoch=None):
    """Draws loss and accuracy per epoch, training and validation, into a PNG.

    Args:
        history: {"loss": [...], "accuracy": [...], "val_loss": [...], "val_accuracy": [...]}
            (missing keys are left out).
        path: the PNG to write.
        best_epoch: optional epoch (counted from 1) to mark, the one whose model was kept.
    """
    with _figure((10, 4), path) as figure:
        _draw_curves(figure, history, best_epoch)


def _draw_curves(figure, history, best_epoch):
    from matplotlib import ticker

    for position, (metric, title) in enumerate((("loss", "Loss"), ("accuracy", "Accuracy")), start=1):
        axes = figure.add_subplot(1, 2, position)
        for key, label, style in ((metric, "training", "-o"), (f"val_{metric}", "validation", "-s")):
            values = [np.nan if value is None else value for value in history.get(key, [])]
            if values:
                axes.plot(range(1, len(values) + 1), values, style, markersize=3, label=label)
        if best_epoch:
            axes.axvline(best_epoch, color="gray", linestyle="--", linewidth=1, label=f"best epoch ({best_epoch})")
        axes.set_title(title)
        axes.set_xlabel("epoch")
        axes.xaxis.set_major_locator(ticker.MaxNLocator(integer=True))
        axes.grid(alpha=0.3)
        axes.legend(loc="best", fontsize="small")


def save_confusion(matrix, classes, path, title="Validation confusion matrix"):
    """Draws a confusion matrix: counts in the cells, shading normalised per true class (row).

    Args:
        matrix: square counts, rows = true class, columns = predicted class.
        classes: class names in matrix order.
        path: the PNG to write.
        title: the figure title.
    """
    matrix = np.asarray(matrix, dtype=np.int64)
    side = min(24.0, max(4.5, 0.6 * len(classes) + 2.5))
    with _figure((side + 1.0, side), path) as figure:
        _draw_confusion(figure, matrix, classes, title)


def _draw_confusion(figure, matrix, classes, title):
    count = len(classes)
    row_totals = matrix.sum(axis=1, keepdims=True)
    shares = np.divide(matrix, row_totals, out=np.zeros(matrix.shape, dtype=float), where=row_totals > 0)
    axes = figure.add_subplot(1, 1, 1)
    image = axes.imshow(shares, cmap="Blues", vmin=0.0, vmax=1.0)
    figure.colorbar(image, ax=axes, fraction=0.046, pad=0.04, label="share of the true class")
    names = drawable_names(classes)
    # Class names are drawn as written: "$" would start matplotlib's math mode ("$\\frac$" fails to draw).
    axes.set_xticks(range(count), names, rotation=45, ha="right", rotation_mode="anchor", parse_math=False)
    axes.set_yticks(range(count), names, parse_math=False)
    axes.set_xlabel("predicted class")
    axes.set_ylabel("true class")
    axes.set_title(title)
    if count <= _MAX_ANNOTATED_CLASSES:
        for row in range(count):
            for column in range(count):
                color = "white" if shares[row, column] > 0.5 else "black"
                axes.text(column, row, str(matrix[row, column]), ha="center", va="center", color=color,
                          fontsize="small")


def drawable_names(classes):
    """Class names as they can be drawn with the installed fonts; others become `class N`."""
    fonts = _font_files()
    return [name if _can_draw(name, fonts) else f"class {index + 1}" for index, name in enumerate(classes)]


@functools.lru_cache(maxsize=1)
def cjk_font_name():
    """The name of an installed font that draws Chinese, or None."""
    from matplotlib import font_manager

    from core import fonts

    if fonts.use_cjk_font_in_matplotlib():  # The font bundled with TongueLens.
        return fonts.CJK_FONT_FAMILY
    installed = {font.name for font in font_manager.fontManager.ttflist}
    return next((name for name in _CJK_FONTS if name in installed), None)


@functools.lru_cache(maxsize=1)
def _font_files():
    from matplotlib import font_manager

    families = [_BASE_FONT] + ([cjk_font_name()] if cjk_font_name() else [])
    files = []
    for family in families:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            files.append(font_manager.findfont(font_manager.FontProperties(family=family), fallback_to_default=True))
    return tuple(files)


def _can_draw(text, font_files):
    from matplotlib import ft2font

    fonts = [ft2font.FT2Font(path) for path in font_files]
    return all(any(font.get_char_index(ord(char)) for font in fonts) for char in text if not char.isspace())


@contextlib.contextmanager
def _figure(size, path):
    """Yields a new Agg figure drawn with a CJK-capable font list, then saves it atomically."""
    import matplotlib
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    families = [_BASE_FONT] + ([cjk_font_name()] if cjk_font_name() else [])
    with matplotlib.rc_context({"font.family": families}), warnings.catch_warnings():
        warnings.simplefilter("ignore")  # "Glyph missing" for names drawable_names already replaced.
        figure = Figure(figsize=size, dpi=100, layout="constrained")
        FigureCanvasAgg(figure)
        yield figure
        with atomic.atomic_path(path, suffix=".png") as temporary:
            figure.savefig(temporary, format="png")
