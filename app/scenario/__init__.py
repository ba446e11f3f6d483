"""The scenario file format: models, loading with line numbers, validation, JSON Schema."""

from app.scenario.models import Scenario

__all__ = ["Scenario"]
