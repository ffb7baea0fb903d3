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
