"""The test suite never touches the user's own settings file."""

from pathlib import Path


def test_settings_made_without_a_path_stay_in_the_tests_folder(settings_outside_home):
    from gui.settings import AppSettings

    settings = AppSettings()
    settings.set_language("zh_CN")
    settings.sync()

    assert Path(settings.file_name) == settings_outside_home
    assert settings_outside_home.is_file() and AppSettings().language() == "zh_CN"
