"""The bundled CJK font: Chinese class names render in plots without missing glyphs."""

import warnings

import matplotlib

matplotlib.use("Agg")

from core.fonts import CJK_FONT_PATH, use_cjk_font_in_matplotlib  # noqa: E402


def test_chinese_text_renders_without_missing_glyphs(tmp_path):
    import matplotlib.pyplot as plt

    assert CJK_FONT_PATH.is_file()
    assert use_cjk_font_in_matplotlib()
    figure, axes = plt.subplots(figsize=(2, 1))
    axes.set_title("淡白舌 pale / 黄苔")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        figure.savefig(tmp_path / "title.png")
    plt.close(figure)
    assert not [w for w in caught if "missing from font" in str(w.message)]
