"""The classroom lab in the window: the "What if…" panel, runs compared, predict-the-next-step.

The logic lives in app.lab (Qt-free); this package only shows it. `install_lab(window)` adds it
all to a MainWindow.
"""

from app.ui.lab.install import Lab, install_lab

__all__ = ["Lab", "install_lab"]
