"""PySide6 widgets: they only play what the engine produced."""
