"""Folders to classify are listed on the model thread, in the batch, never on the GUI thread (pytest-qt).

A photo archive on a network drive takes seconds to list; the window stays usable meanwhile, the
batch table says it is looking for photos, and Cancel stops the listing.
"""

import pytest

pytestmark = pytest.mark.gui


def test_the_table_looks_for_photos_with_a_busy_bar_then_counts_them(qtbot, tmp_path):
    from gui.widgets.batch_table import BatchTable

    table = BatchTable()
    qtbot.addWidget(table)
    table.show()

    table.start(None, folder=tmp_path / "archive")
    assert table.summary.text() == "Looking for photos in archive…"
    assert table.is_running() and table.is_listing() and table.cancel_button.isVisible()
    assert table.progress.isVisible() and (table.progress.minimum(), table.progress.maximum()) == (0, 0)  # Busy.
    table.start(None)
    assert table.summary.text() == "Looking for photos…"

    table.start(12, folder=tmp_path / "archive")
    assert table.summary.text() == "Classifying 0 of 12 files…" and not table.is_listing()
    assert (table.progress.minimum(), table.progress.maximum()) == (0, 12)
