"""Probability bars: in an attribute's group (two groups side by side) the usual class names fit whole."""

from gui.widgets.probability_bars import ProbabilityBars

# About the width of one attribute group in the image panel of a 1,280-pixel window.
GROUP_WIDTH = 330


def _name_needing(bars, share):
    """A class name as wide as `share` of the group, in the widget's font (fonts differ between machines)."""
    name = "淡红舌"
    while bars.fontMetrics().horizontalAdvance(name) < share * GROUP_WIDTH:
        name += "x"
    return name


def test_a_compact_group_draws_a_name_of_half_its_width_whole_and_keeps_a_bar(qtbot):
    bars = ProbabilityBars(compact=True)
    qtbot.addWidget(bars)
    bars.resize(GROUP_WIDTH, bars.height())
    # "厚白苔 thick-white" in the app's font, in a group of a 1,280-pixel window: it read "厚白苔 thick-w…".
    name = _name_needing(bars, 0.49)
    bars.set_top([{"label": name, "probability": 0.98}, {"label": "无苔 no-coating", "probability": 0.02}])

    # The name is drawn in its width less 8 pixels of gap (`paintEvent`).
    assert bars.label_width() - 8 >= bars.fontMetrics().horizontalAdvance(name)
    value = bars.fontMetrics().horizontalAdvance("100.0%") + 10
    assert GROUP_WIDTH - bars.label_width() - value >= 28  # The bar keeps room to be read.


def test_a_name_of_any_length_leaves_the_bar_its_share(qtbot):
    bars = ProbabilityBars(compact=True)
    qtbot.addWidget(bars)
    bars.set_top([{"label": "a class name far too long for any panel of the app " * 3, "probability": 0.6}])
    bars.resize(GROUP_WIDTH, bars.height())

    value = bars.fontMetrics().horizontalAdvance("100.0%") + 10
    assert GROUP_WIDTH // 2 < bars.label_width() and GROUP_WIDTH - bars.label_width() - value >= 28


def test_in_a_1024_pixel_window_a_name_of_most_of_the_group_is_whole(qtbot):
    bars = ProbabilityBars(compact=True)
    qtbot.addWidget(bars)
    bars.resize(265, bars.height())  # One group of the image panel in a 1,024-pixel window.
    name = "淡红舌"
    while bars.fontMetrics().horizontalAdvance(name) < 0.55 * 265:  # "淡红舌 light-red" read "淡红舌 light-r…".
        name += "x"
    bars.set_top([{"label": name, "probability": 0.996}])

    assert bars.label_width() - 8 >= bars.fontMetrics().horizontalAdvance(name)
    assert 265 - bars.label_width() - (bars.fontMetrics().horizontalAdvance("100.0%") + 10) >= 28
