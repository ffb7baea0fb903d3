"""The run folder's pictures: curves and confusion matrix, Chinese class names drawn, not boxes."""

from PIL import Image

from training import plots


def test_confusion_and_curves_are_png_with_chinese_names_drawn(tmp_path):
    classes = ["淡白舌 pale", "红舌 red", "紫舌"]
    plots.save_confusion([[5, 1, 0], [0, 4, 2], [0, 0, 0]], classes, tmp_path / "confusion.png")
    plots.save_curves({"loss": [1.0, 0.5, 0.4], "val_loss": [1.1, None, 0.6], "accuracy": [0.5, 0.7, 0.8]},
                      tmp_path / "curves.png", best_epoch=3)

    assert plots.drawable_names(classes) == classes  # The bundled CJK font draws them.
    for name in ("confusion.png", "curves.png"):
        with Image.open(tmp_path / name) as image:
            assert image.format == "PNG" and image.width > 300
    assert [path.name for path in tmp_path.iterdir() if path.name.startswith(".")] == []  # No temporaries left.


def test_names_no_font_can_draw_become_numbered():
    assert plots.drawable_names(["ok", "\U000e0041"]) == ["ok", "class 2"]


def test_class_names_with_dollar_signs_are_drawn_as_written_not_as_math(tmp_path):
    from matplotlib.figure import Figure

    classes = [r"a$\frac$b", "cost $5 and $6", "<b>bold</b>"]  # Folder names; "$\frac$" is not valid math.
    plots.save_confusion([[1, 0, 0], [0, 1, 0], [0, 0, 1]], classes, tmp_path / "confusion.png")

    with Image.open(tmp_path / "confusion.png") as image:
        assert image.format == "PNG"
    figure = Figure()
    plots._draw_confusion(figure, plots.np.eye(3, dtype=int), classes, "title")
    axes = figure.axes[0]
    for labels in (axes.get_xticklabels(), axes.get_yticklabels()):
        assert [label.get_text() for label in labels] == classes
        assert not any(label.get_parse_math() for label in labels)
