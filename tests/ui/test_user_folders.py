"""Settings, recent files and the crash log live in the platform's folders (platformdirs), never
in the repository or the install (issue 13, "A real install on a teacher's laptop")."""

from __future__ import annotations

from pathlib import Path

import platformdirs
import pytest
from PySide6.QtCore import QSettings

from app.ui import crash
from app.ui.settings import Settings


@pytest.fixture
def platform_folders(tmp_path, monkeypatch):
    """What platformdirs answers, pointed at a temporary folder per kind."""
    asked = {}

    def folder(kind):
        def answer(appname=None, appauthor=None, *args, **kwargs):
            asked[kind] = (appname, appauthor)
            return tmp_path / kind / str(appname)
        return answer

    monkeypatch.setattr(platformdirs, "user_config_path", folder("config"))
    monkeypatch.setattr(platformdirs, "user_log_path", folder("log"))
    return tmp_path, asked


def test_settings_go_to_the_platform_config_folder(platform_folders):
    """Settings() with no path writes an INI file in platformdirs' config folder for LambdaScope."""
    root, asked = platform_folders
    settings = Settings()
    settings.theme = "dark"
    settings.sync()
    path = Path(settings.qsettings.fileName())
    assert path.parent == root / "config" / "LambdaScope" and asked["config"][0] == "LambdaScope"
    assert settings.qsettings.format() == QSettings.IniFormat and path.is_file()


def test_settings_keys_are_kept(platform_folders, tmp_path):
    """The keys stay what they were (view/theme, files/recent), so nothing a teacher set is lost."""
    settings = Settings()
    settings.theme = "high-contrast"
    lesson = tmp_path / "lesson.yaml"
    settings.add_recent(lesson)
    settings.sync()
    raw = QSettings(settings.qsettings.fileName(), QSettings.IniFormat)
    assert raw.value("view/theme") == "high-contrast"
    assert raw.value("files/recent") in ([str(lesson.resolve())], str(lesson.resolve()))
    again = Settings()
    assert again.theme == "high-contrast" and again.recent_files == [str(lesson.resolve())]


def test_crash_log_goes_to_the_platform_log_folder(platform_folders):
    root, asked = platform_folders
    path = crash.write_log("ValueError: for the test")
    assert path == root / "log" / "LambdaScope" / "crash.log" == crash.log_path()
    assert "ValueError: for the test" in path.read_text() and asked["log"][0] == "LambdaScope"


def test_nothing_lands_in_the_repository(repo_root):
    """With the real platformdirs: neither file is inside the checkout (or the installed app)."""
    import app

    for path in (Path(Settings().qsettings.fileName()), crash.log_path()):
        assert path.is_absolute()
        assert not path.resolve().is_relative_to(repo_root.resolve())
        assert not path.resolve().is_relative_to(Path(app.__file__).resolve().parent)
