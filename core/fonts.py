"""The bundled CJK-capable font, so Chinese class names and UI text render on any machine.

WenQuanYi Micro Hei (Apache 2.0 / GPLv3 with font exception; see
`assets/fonts/wqy-microhei.COPYRIGHT`) ships with the repo: a fresh machine often has no
Chinese font at all, and then every Chinese label would show as boxes.
"""

import functools
from pathlib import Path

CJK_FONT_PATH = Path(__file__).resolve().parents[1] / "assets" / "fonts" / "wqy-microhei.ttc"
CJK_FONT_FAMILY = "WenQuanYi Micro Hei"


@functools.lru_cache(maxsize=None)
def use_cjk_font_in_matplotlib():
    """Registers the bundled font with matplotlib and puts it in the sans-serif fallback list.

    Safe to call many times; returns True when the font is available.
    """
    import matplotlib
    from matplotlib import font_manager

    if not CJK_FONT_PATH.is_file():
        return False
    font_manager.fontManager.addfont(str(CJK_FONT_PATH))
    families = list(matplotlib.rcParams["font.sans-serif"])
    if CJK_FONT_FAMILY not in families:
        # After DejaVu, so Latin text keeps its usual look and CJK glyphs fall back to ours.
        matplotlib.rcParams["font.sans-serif"] = ["DejaVu Sans", CJK_FONT_FAMILY] + families
    matplotlib.rcParams["font.family"] = ["DejaVu Sans", CJK_FONT_FAMILY]
    matplotlib.rcParams["axes.unicode_minus"] = False
    return True
