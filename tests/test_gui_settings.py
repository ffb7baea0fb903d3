"""What the app remembers between sessions, and settings files it did not write itself.

Each "session" is a new `AppSettings` (and window) on the same INI file, as a restart is.
"""

import pytest
from PyQt5 import QtCore

pytestmark = pytest.mark.gui


def write_ini(path, text):
    """Writes a settings file as a user or another tool might have left it."""
    path.write_text(text, encoding="utf-8")
    return path


def test_an_unreadable_version_resets_the_settings_and_the_window_opens(qtbot, tmp_path):
    from gui import config
    from gui.main_window import MainWindow
    from gui.settings import AppSettings

    # version=abc made PyQt5's value(type=int) raise TypeError: the app did not start at all.
    path = write_ini(tmp_path / "settings.ini", "[General]\nversion=abc\nlanguage=zh_CN\n")
    settings = AppSettings(path)

    assert settings.language() == ""  # Reset, as an older layout is.
    settings.sync()
    assert f"version={config.SETTINGS_VERSION}\n" in path.read_text(encoding="utf-8")
    window = MainWindow(settings)
    qtbot.addWidget(window)
    window.show()
    assert window.isVisible()


def test_values_of_the_wrong_type_read_as_the_defaults(tmp_path):
    from pathlib import Path

    from gui import config
    from gui.settings import AppSettings

    path = write_ini(tmp_path / "settings.ini", (
        f"[General]\nversion={config.SETTINGS_VERSION}\nlanguage=en, zh_CN\nlast_folder=@Variant(\\0\\0\\0\\x2\\0\\0\\0*)\n"
        "evaluation_folder=a, b\n[window]\ngeometry=hello\n[splitters]\nmain=12\n"))
    settings = AppSettings(path)

    assert settings.language() == ""
    assert settings.last_folder() == str(Path.home())
    assert settings.evaluation_folder() == ""
    assert settings.geometry() is None and settings.splitter_state("main") is None
    assert settings.light_calibration(tmp_path / "model.keras") is None


@pytest.mark.parametrize("stored, expected", [("{model}", ["{model}"]), ("42", []), ("@Variant(\\0\\0\\0\\x2\\0\\0\\0*)", [])])
def test_a_recent_list_stored_as_one_bare_value_is_read_and_rewritten(qtbot, tmp_path, stored, expected):
    from gui import config
    from gui.settings import AppSettings
    from gui.widgets.recent_menu import RecentMenu

    model = tmp_path / "model.keras"
    model.write_bytes(b"")
    other = tmp_path / "other.keras"
    other.write_bytes(b"")
    path = write_ini(tmp_path / "settings.ini", (
        f"[General]\nversion={config.SETTINGS_VERSION}\n[recent]\nmodels={stored.format(model=model)}\n"))
    settings = AppSettings(path)
    expected = [entry.format(model=model) for entry in expected]

    # A single path (no comma) raised TypeError in recent(), at every model load and menu opening.
    assert settings.recent("models") == expected
    menu = RecentMenu(settings, "models", lambda chosen: None)
    qtbot.addWidget(menu)
    menu.fill()
    entries = [action for action in menu.actions()
               if action.isEnabled() and not action.isSeparator() and action is not menu.clear_action]
    assert len(entries) == len(expected)
    settings.add_recent("models", other)
    settings.sync()
    assert AppSettings(path).recent("models") == [str(other.resolve())] + expected


def test_a_damaged_splitter_state_leaves_the_default_layout(qtbot, tmp_path):
    from gui import config
    from gui.main_window import MainWindow
    from gui.settings import AppSettings

    # A truncated state: restoreState took it, set the orientation to 0 and stacked the panes.
    damaged = "\\0\\0\\0\\xff\\0\\0\\0\\x1\\0\\0\\0\\x2\\0\\0\\0\\0\\0\\0\\0\\0"
    path = write_ini(tmp_path / "settings.ini", (
        f"[General]\nversion={config.SETTINGS_VERSION}\n[splitters]\nmain=@ByteArray({damaged})\n"
        f"inspect=@ByteArray({damaged})\nimage=@ByteArray({damaged})\n"))
    settings = AppSettings(path)
    window = MainWindow(settings)
    qtbot.addWidget(window)
    window.show()

    assert window.main_splitter.orientation() == QtCore.Qt.Horizontal
    assert window.inspect_panel.orientation() == QtCore.Qt.Vertical
    assert window.image_panel.splitter.orientation() == QtCore.Qt.Vertical
    assert not window.image_panel.splitter.sized_by_user()  # The photo's divider where a first start puts it.
    splitters = (window.main_splitter, window.inspect_panel, window.image_panel.splitter)
    assert all(size > 0 for splitter in splitters for size in splitter.sizes())
    window.close()  # The default layout is saved, not the damaged one again.
    again = MainWindow(AppSettings(path))
    qtbot.addWidget(again)
    assert again.main_splitter.orientation() == QtCore.Qt.Horizontal
    assert again.main_splitter.sizes()[0] > 0
    again.grab().save(str(tmp_path / "layout.png"))
    again.shutdown()


@pytest.fixture(scope="module")
def color_model(tmp_path_factory):
    from tests import gui_helpers

    folder = tmp_path_factory.mktemp("settings_material")
    return {"model": gui_helpers.color_model(folder / "color.keras"),
            "red": gui_helpers.solid_image(folder / "red.png", gui_helpers.RED)}


def new_session(qtbot, settings_path, model=None, remember_model=True):
    """A window as a new start of the app makes it, on the settings file `settings_path`."""
    from gui.main_window import MainWindow
    from gui.settings import AppSettings

    window = MainWindow(AppSettings(settings_path))
    qtbot.addWidget(window)
    window.show()
    if model is None:
        window.start()
    else:
        with qtbot.waitSignal(window.model_changed, timeout=LOAD_TIMEOUT_MS):
            window.start(model, remember_model=remember_model)
    return window


LOAD_TIMEOUT_MS = 90_000


def test_the_view_switches_and_the_tab_are_as_they_were_at_the_last_close(qtbot, tmp_path, color_model):
    path = tmp_path / "settings.ini"
    first = new_session(qtbot, path)
    first.image_panel.gradcam_controls.set_on(True)
    first.actions.outline.trigger()
    first.actions.model_view.trigger()
    first.right_tabs.setCurrentWidget(first.batch_table)
    first.close()

    second = new_session(qtbot, path, color_model["model"])
    assert second.actions.gradcam.isChecked() and second.actions.outline.isChecked()
    assert second.actions.model_view.isChecked()
    assert second.right_tabs.currentWidget() is second.batch_table
    second.open_image(color_model["red"])  # A daily Grad-CAM user finds it on.
    qtbot.waitUntil(lambda: second.gradcam_shown() is not None, timeout=LOAD_TIMEOUT_MS)
    qtbot.waitUntil(second.is_settled, timeout=LOAD_TIMEOUT_MS)
    assert second.image_panel.shows_model_view()
    second.actions.gradcam.trigger()
    second.right_tabs.setCurrentIndex(0)
    second.close()

    third = new_session(qtbot, path)
    assert not third.actions.gradcam.isChecked() and third.right_tabs.currentIndex() == 0
    third.close()


def test_a_remembered_tab_that_does_not_exist_leaves_the_first(qtbot, tmp_path):
    from gui import config

    path = write_ini(tmp_path / "settings.ini", f"[General]\nversion={config.SETTINGS_VERSION}\n[view]\ntab=7\n"
                                                "gradcam=maybe\ngradcam_opacity=7\ninspect_tab=-1\nchannels=0\n")
    window = new_session(qtbot, path)
    assert window.right_tabs.currentIndex() == 0 and not window.actions.gradcam.isChecked()
    assert window.image_panel.gradcam_controls.opacity_value() == config.GRADCAM_OPACITY
    assert window.inspect_panel.tabs.currentIndex() == 0
    assert window.inspect_panel.feature_maps.max_channels.value() == config.MAX_CHANNELS
    window.close()


def test_the_gradcam_opacity_the_inspect_tab_and_the_channels_are_as_they_were_at_the_last_close(
        qtbot, tmp_path, color_model):
    from gui import config

    path = tmp_path / "settings.ini"
    first = new_session(qtbot, path)
    # A fresh start shows the defaults.
    assert first.image_panel.gradcam_controls.opacity_value() == config.GRADCAM_OPACITY
    assert first.inspect_panel.tabs.currentWidget() is first.inspect_panel.feature_maps
    assert first.inspect_panel.feature_maps.max_channels.value() == config.MAX_CHANNELS
    first.image_panel.gradcam_controls.opacity.setValue(30)
    first.inspect_panel.tabs.setCurrentWidget(first.inspect_panel.filter_view)
    first.inspect_panel.feature_maps.max_channels.setValue(20)
    first.close()

    second = new_session(qtbot, path, color_model["model"])  # Its layers have 4 channels: the box shows 4.
    assert second.image_panel.gradcam_controls.opacity.value() == 30
    assert second.inspect_panel.tabs.currentWidget() is second.inspect_panel.filter_view
    assert second.inspect_panel.feature_maps.max_channels.value() == 4
    second.close()

    third = new_session(qtbot, path)  # The user's 20 is kept, not the 4 a narrow layer showed.
    assert third.image_panel.gradcam_controls.opacity_value() == pytest.approx(0.3)
    assert third.inspect_panel.tabs.currentWidget() is third.inspect_panel.filter_view
    assert third.inspect_panel.feature_maps.max_channels.value() == 20
    third.close()


def test_reset_window_layout_puts_the_window_as_on_a_first_start_and_forgets_the_saved_layout(qtbot, tmp_path):
    from gui.settings import AppSettings
    from gui.window_layout import VIEW_DEFAULTS

    path = tmp_path / "settings.ini"
    first = new_session(qtbot, path)
    first.resize(900, 640)
    first.main_splitter.setSizes([200, 700])
    first.inspect_panel.setSizes([480, 120])
    first.image_panel.splitter.setSizes([520, 40])
    first.image_panel.gradcam_controls.set_on(True)
    first.image_panel.gradcam_controls.opacity.setValue(20)
    first.actions.outline.trigger()
    first.actions.model_view.trigger()
    first.actions.batch_tab.trigger()
    first.inspect_panel.tabs.setCurrentWidget(first.inspect_panel.filter_view)
    first.inspect_panel.feature_maps.max_channels.setValue(12)
    first.close()

    second = new_session(qtbot, path)
    assert second.size() == QtCore.QSize(900, 640)  # Restored, as it was left.
    assert second.window_layout.view_state() != VIEW_DEFAULTS
    view_menu = [action for action in second.view_menu.actions() if not action.isSeparator()]
    assert view_menu[-1] is second.actions.reset_layout and second.actions.reset_layout.text() == "&Reset Window Layout"
    second.actions.reset_layout.trigger()
    fresh = new_session(qtbot, tmp_path / "fresh.ini")  # A first start.

    layout = lambda window: (window.size(), window.main_splitter.sizes(), window.inspect_panel.sizes(),  # noqa: E731
                             window.image_panel.splitter.sizes())
    qtbot.waitUntil(lambda: layout(second) == layout(fresh), timeout=5_000)
    assert second.window_layout.view_state() == fresh.window_layout.view_state() == VIEW_DEFAULTS
    assert not second.actions.outline.isChecked() and not second.actions.model_view.isChecked()
    assert second.right_tabs.currentWidget() is second.inspect_panel
    text = path.read_text(encoding="utf-8")  # Forgotten at once, not only at the next close.
    assert "[window]" not in text and "[splitters]" not in text and "[view]" not in text
    settings = AppSettings(path)
    assert settings.geometry() is None and settings.window_state() is None and settings.splitter_state("main") is None
    second.close()
    fresh.close()


def test_the_photos_divider_is_where_the_user_left_it_and_reset_window_layout_puts_it_back(
        qtbot, tmp_path, color_model):
    from tests import gui_helpers

    path = tmp_path / "settings.ini"
    first = new_session(qtbot, path)
    splitter = first.image_panel.splitter
    first_start = splitter.sizes()
    gui_helpers.drag_divider(splitter, 1, 60)  # A larger photo.
    qtbot.wait(50)
    dragged = splitter.sizes()
    assert dragged[0] == first_start[0] + 60
    first.close()

    # The next start keeps the user's sizes, even with a model whose reading needs more room: it scrolls.
    second = new_session(qtbot, path, color_model["model"])
    with qtbot.waitSignal(second.manager.prediction_ready, timeout=LOAD_TIMEOUT_MS):
        second.open_image(color_model["red"])
    splitter = second.image_panel.splitter
    qtbot.wait(50)
    assert splitter.sized_by_user() and splitter.sizes() == dragged
    assert splitter.natural_lower_height() > dragged[1]

    second.actions.reset_layout.trigger()  # The part below the photo has its natural height again.
    qtbot.waitUntil(lambda: splitter.sizes()[1] == splitter.natural_lower_height(), timeout=5_000)
    assert not splitter.sized_by_user() and splitter.scroll_area.verticalScrollBar().maximum() == 0
    second.close()

    third = new_session(qtbot, path)  # Closed after the reset: nothing to restore, as on a first start.
    assert not third.image_panel.splitter.sized_by_user() and third.image_panel.splitter.sizes() == first_start
    third.close()


def test_the_train_dialog_opens_with_the_setup_of_the_last_session(qtbot, tmp_path):
    from models import colour as colours
    from tests import gui_helpers

    data = gui_helpers.color_dataset(tmp_path / "data", per_class=2)
    path = tmp_path / "settings.ini"
    first = new_session(qtbot, path)
    dialog = first.show_train_dialog()
    dialog.set_data_folder(data)
    dialog.set_architecture("lenet5")
    dialog.size_spin.setValue(40)
    dialog.epochs_spin.setValue(3)
    dialog.batch_spin.setValue(8)
    dialog.val_spin.setValue(0.25)
    dialog.augment_box.setChecked(False)
    dialog.colour_combo.setCurrentIndex(dialog.colour_combo.findData(colours.NONE))
    dialog.set_folds(4)
    dialog.out_edit.setText(str(tmp_path / "runs" / "mine"))
    qtbot.waitUntil(lambda: dialog.scan() is not None, timeout=LOAD_TIMEOUT_MS)
    dialog.close_button.click()
    first.close()

    second = new_session(qtbot, path)
    dialog = second.show_train_dialog()
    assert dialog.data_panel.folder() == str(data) and dialog.architecture() == "lenet5"
    assert (dialog.size_spin.value(), dialog.epochs_spin.value(), dialog.batch_spin.value()) == (40, 3, 8)
    assert dialog.val_spin.value() == pytest.approx(0.25) and not dialog.augment_box.isChecked()
    assert dialog.colour() == colours.NONE and dialog.folds() == 4
    assert dialog.out_edit.text() == ""  # Each run gets a new folder.
    qtbot.waitUntil(lambda: dialog.scan() is not None, timeout=LOAD_TIMEOUT_MS)  # The folder is scanned again.
    assert sorted(dialog.scan().classes) == ["blue", "red"]
    second.close()


def test_a_remembered_setup_that_no_longer_fits_keeps_the_defaults(qtbot, tmp_path, manager):
    from gui import config
    from gui.settings import AppSettings
    from gui.widgets.train_dialog import SETUP_DEFAULTS, TrainDialog

    path = write_ini(tmp_path / "settings.ini", (
        f"[General]\nversion={config.SETTINGS_VERSION}\n[train]\nfolder={tmp_path / 'moved'}\n"
        f"labels={tmp_path / 'gone.csv'}\narch=no-such-net\nimage_size=5000\nepochs=abc\nbatch_size=0\n"
        "val_split=0.9\naugment=maybe\ncolour=purple\ncrop=@Invalid()\nfolds=1\n"))
    dialog = TrainDialog(manager, settings=AppSettings(path))
    qtbot.addWidget(dialog)

    assert dialog.setup() == SETUP_DEFAULTS
    assert not dialog.is_scanning()
    dialog.shutdown()


def test_crop_and_a_labels_table_are_remembered(qtbot, tmp_path, manager):
    from gui.settings import AppSettings
    from gui.widgets.train_dialog import TrainDialog

    table = tmp_path / "labels.csv"
    table.write_text("file,colour\n", encoding="utf-8")
    settings = AppSettings(tmp_path / "settings.ini")
    settings.set_group_values("train", {"folder": str(tmp_path), "labels": str(table), "crop": True})
    dialog = TrainDialog(manager, settings=settings)
    qtbot.addWidget(dialog)

    assert dialog.data_panel.labels() == str(table) and dialog.data_panel.folder() == str(tmp_path)
    assert dialog.crop_box.isChecked() == dialog.crop_box.isEnabled()  # Only where the segmenter is installed.
    qtbot.waitUntil(lambda: not dialog.is_scanning(), timeout=LOAD_TIMEOUT_MS)
    dialog.shutdown()


def test_the_demo_opened_at_start_is_not_recent_and_the_users_model_opens_next_time(qtbot, tmp_path, color_model):
    from cli.gui_command import starting_model
    from gui import files
    from gui.settings import AppSettings
    from tests import gui_helpers

    demo = gui_helpers.color_model(tmp_path / "demo.keras", class_names=("cool", "warm"), conv_layers=1)
    path = tmp_path / "settings.ini"
    assert starting_model(AppSettings(path)) == (str(files.first_demo_model()), False)  # A fresh machine.

    first = new_session(qtbot, path, demo, remember_model=False)  # As `main.py gui` opens the bundled demo.
    # The demo took the first Recent Models slot at every start, above the user's own model.
    assert first.settings.recent("models") == [] and first.settings.last_model() == ""
    with qtbot.waitSignal(first.model_changed, timeout=LOAD_TIMEOUT_MS):
        first.load_model(color_model["model"])
    first.close()

    settings = AppSettings(path)
    mine = str(color_model["model"].resolve())
    assert settings.recent("models") == [mine]
    assert starting_model(settings) == (mine, True)
    assert starting_model(settings, screenshot=True) == (str(files.first_demo_model()), False)
    settings.set_last_model(tmp_path / "moved.keras")
    assert starting_model(settings) == (str(files.first_demo_model()), False)


def test_a_demo_the_user_opens_is_remembered(qtbot, tmp_path, color_model):
    window = new_session(qtbot, tmp_path / "settings.ini", color_model["model"], remember_model=False)
    with qtbot.waitSignal(window.model_changed, timeout=LOAD_TIMEOUT_MS):
        window.load_model(color_model["model"])  # File > Open Model: the user's choice.
    assert window.settings.last_model() == str(color_model["model"].resolve())
    assert window.settings.recent("models") == [str(color_model["model"].resolve())]
    window.close()


def test_photos_the_user_opens_are_recent_and_the_last_one_opens_next_time_not_the_sample(
        qtbot, tmp_path, color_model):
    from cli.gui_command import starting_photo
    from gui import files
    from gui.settings import AppSettings

    path = tmp_path / "settings.ini"
    assert starting_photo(AppSettings(path)) == (str(files.first_sample_image()), False)  # A fresh machine.
    window = new_session(qtbot, path, color_model["model"])
    with qtbot.waitSignal(window.manager.prediction_ready, timeout=LOAD_TIMEOUT_MS):
        window.open_image(files.first_sample_image(), remember=False)  # As `main.py gui` shows the sample.
    assert window.settings.recent("photos") == []
    with qtbot.waitSignal(window.manager.prediction_ready, timeout=LOAD_TIMEOUT_MS):
        window.open_image(color_model["red"])
    menu = window.recent_photos_menu
    menu.aboutToShow.emit()
    assert menu in [action.menu() for action in window.file_menu.actions()]
    assert [action.text() for action in menu.actions()][0] == color_model["red"].name
    window.close()

    settings = AppSettings(path)
    mine = str(color_model["red"].resolve())
    assert settings.recent("photos") == [mine]
    assert starting_photo(settings) == (mine, True)
    assert starting_photo(settings, screenshot=True) == (str(files.first_sample_image()), False)
