"""The scenario file as a frozen model: metadata, settings, resources, script, presentation.

The engine, the graph and the UI all read this one model; the loader (`app.scenario.loader`)
builds it from YAML and attaches file/line information to every error.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Literal

from pydantic import BaseModel, BeforeValidator, Field, PrivateAttr, model_validator

from app.scenario.fields import STRICT, Duration, Name
from app.scenario.resources import Resource
from app.scenario.script import Stimulus

Model = Literal["push", "pull", "on-demand"]

# Concurrent executions an account may run per Region unless it asks for more (new accounts may
# start lower): the default of `settings.account_concurrency_limit`. lambda-behaviour.md §11 (Q),
# https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html
DEFAULT_ACCOUNT_CONCURRENCY_LIMIT = 1000


def _one_or_many(value):
    return [value] if isinstance(value, str) else value


class Settings(BaseModel):
    """Account-wide values; defaults follow lambda-behaviour.md."""

    model_config = STRICT
    region: str = "us-east-1"
    account_id: str = Field(default="123456789012", pattern=r"^\d{12}$")
    seed: int = Field(default=1, description="seed of the one RNG behind ids and random choices")
    account_concurrency_limit: int = Field(default=DEFAULT_ACCOUNT_CONCURRENCY_LIMIT, ge=1,
                                           le=100_000,
                                           description="concurrent executions per Region (§11, Q)")
    environment_idle_timeout: Duration = Field(default=600_000.0,
                                               description="idle environments are reclaimed after this")
    stop_after: Duration | None = Field(default=None, description="end the simulation at this time")


class NarrationOverride(BaseModel):
    """Your own words for the steps that match (by kind, source and target; `nth` picks one):
    `text` replaces the engine's narration, `note` adds a sentence after it. A built-in lesson
    puts its corrections of the chapter here, so a teacher's own scenario never hears them."""

    model_config = STRICT
    kind: str | None = None
    source: Name | None = None
    target: Name | None = None
    nth: int | None = Field(default=None, ge=1, description="only the Nth matching step (1-based)")
    text: str | None = Field(default=None, min_length=1, description="the new narration")
    note: str | None = Field(default=None, min_length=1,
                             description="a sentence added after the engine's narration")

    @model_validator(mode="after")
    def _text_or_note(self):
        if (self.text is None) == (self.note is None):
            raise ValueError("give text or note (text replaces the narration, note adds to it), "
                             "not both and not neither")
        return self


class Scenario(BaseModel):
    model_config = STRICT
    format: Literal[1] = Field(default=1, description="version of the scenario format")
    title: str = Field(min_length=1, max_length=120)
    teaches: Annotated[tuple[Model, ...], BeforeValidator(_one_or_many)] = Field(
        min_length=1, description="invocation model(s) the scenario teaches")
    summary: str = Field(min_length=1)
    learning_goals: tuple[str, ...] = ()
    settings: Settings = Settings()
    resources: dict[Name, Resource] = Field(min_length=1)
    script: tuple[Stimulus, ...] = Field(min_length=1)
    narration: tuple[NarrationOverride, ...] = ()
    positions: dict[Name, tuple[float, float]] = Field(default_factory=dict,
                                                       description="node positions [x, y] on the canvas")
    quiz: bool = Field(default=False, description="offer predict-the-next-step mode")
    chapter_steps: bool = Field(
        default=False, description="tag steps with the numbered steps of the AWS chapter 'How it "
                                   "works' (only for a lesson that follows one of its examples)")

    _source_path: Path | None = PrivateAttr(default=None)

    @property
    def source_path(self) -> Path | None:
        """The file this scenario was loaded from, for asset lookup and error messages."""
        return self._source_path

    def of_type(self, *types: str) -> dict[str, Resource]:
        """The resources of the given `type:` values, by name, in file order."""
        return {name: res for name, res in self.resources.items() if res.type in types}
