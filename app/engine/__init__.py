"""The simulated AWS: runs a scenario and returns a deterministic `Trace`. Qt-free."""

from app.engine.run import run

__all__ = ["run"]
