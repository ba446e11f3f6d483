"""What the window remembers between runs: geometry, dock layout, theme, recent files, speed.

One INI file in the platform's config folder for LambdaScope, as platformdirs names it
(~/.config/LambdaScope on Linux, ~/Library/Application Support/LambdaScope on macOS,
%LOCALAPPDATA%\\LambdaScope on Windows), never in the repository or the installed package.
On Linux that is the very file Qt's native settings used before, so nothing is lost.
Tests pass their own INI file (`Settings(path)`) so they never touch the user's settings.
"""

from __future__ import annotations

from pathlib import Path

import platformdirs
from PySide6.QtCore import QByteArray, QSettings

ORGANISATION = "LambdaScope"
APPLICATION = "LambdaScope"
MAX_RECENT = 8
DEFAULT_THEME = "light"
FILE_NAME = f"{APPLICATION}.conf"


def default_path() -> Path:
    """The settings file of this user: `<platformdirs config folder>/LambdaScope.conf`."""
    return platformdirs.user_config_path(APPLICATION, appauthor=False) / FILE_NAME


class Settings:
    def __init__(self, path: str | Path | None = None):
        self.qsettings = QSettings(str(default_path() if path is None else path), QSettings.IniFormat)

    # ---- theme
    @property
    def theme(self) -> str:
        return str(self.qsettings.value("view/theme", DEFAULT_THEME))

    @theme.setter
    def theme(self, name: str) -> None:
        self.qsettings.setValue("view/theme", name)

    # ---- recent files
    @property
    def recent_files(self) -> list[str]:
        value = self.qsettings.value("files/recent", [])
        if isinstance(value, str):  # QSettings returns a lone string for a one-item list
            value = [value]
        return [str(v) for v in (value or [])]

    def add_recent(self, path: str | Path) -> list[str]:
        path = str(Path(path).resolve())
        recent = [path] + [p for p in self.recent_files if p != path]
        self.qsettings.setValue("files/recent", recent[:MAX_RECENT])
        return self.recent_files

    def remove_recent(self, path: str | Path) -> None:
        path = str(Path(path).resolve())
        self.qsettings.setValue("files/recent", [p for p in self.recent_files if p != path])

    # ---- window
    def geometry(self) -> QByteArray | None:
        value = self.qsettings.value("window/geometry")
        return value if isinstance(value, QByteArray) else None

    def window_state(self) -> QByteArray | None:
        value = self.qsettings.value("window/state")
        return value if isinstance(value, QByteArray) else None

    def save_window(self, geometry: QByteArray, state: QByteArray) -> None:
        self.qsettings.setValue("window/geometry", geometry)
        self.qsettings.setValue("window/state", state)

    def sync(self) -> None:
        self.qsettings.sync()
