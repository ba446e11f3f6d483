"""save_positions: only the moved nodes' numbers in `positions:` change; everything else stays byte for byte."""

import difflib
import os

import pytest
from ruamel.yaml import YAML

from app.ui.layout_save import add_positions, save_positions

COMMENTED = """\
# A teacher's file: comments, quoting and order must survive.
title: "Photo thumbnails"   # quoted on purpose
teaches: push
summary: >-
  A folded summary that is long enough that a careless dumper would re-wrap it somewhere else.
resources:
  user: {type: actor, kind: user}   # flow style stays flow style
  photos:
    type: s3_bucket
positions:
  user: [0, 0]   # old comment inside the block
  photos: [10, 20]

# the script comes last
script:
  - {at: 0s, actor: user, action: put_object, bucket: photos, key: 'a.jpg'}
"""


def changed_lines(before: str, after: str) -> list[str]:
    return [line for line in difflib.unified_diff(before.splitlines(), after.splitlines(), lineterm="", n=0)
            if line[:1] in "+-" and not line.startswith(("+++", "---"))]


def test_only_the_positions_lines_change(tmp_path):
    """Comments, quoting, folded text and flow maps outside `positions:` are untouched; inside it
    only the numbers change, in the file's own order, keeping the comment on the line."""
    path = tmp_path / "s.yaml"
    path.write_text(COMMENTED)
    save_positions(path, {"user": (5.0, -3.5), "photos": (400.0, 20.0)})
    after = path.read_text()
    assert changed_lines(COMMENTED, after) == [
        "-  user: [0, 0]   # old comment inside the block", "-  photos: [10, 20]",
        "+  user: [5, -3.5]   # old comment inside the block", "+  photos: [400, 20]"]
    assert YAML(typ="safe").load(after)["positions"] == {"user": [5, -3.5], "photos": [400, 20]}


def test_positions_are_appended_when_missing(tmp_path):
    """A file without `positions:` gets the block at its end; the rest is a byte-identical prefix."""
    original = COMMENTED.split("positions:")[0] + "script: []\n"
    path = tmp_path / "s.yaml"
    path.write_text(original)
    save_positions(path, {"lambda": (1, 2)})
    after = path.read_text()
    assert after.startswith(original)
    assert after[len(original):] == "\npositions:\n  lambda: [1, 2]\n"


def test_saving_twice_is_stable_and_leaves_no_temp_files(tmp_path):
    """Saving the same positions again changes nothing; the atomic write leaves no stray files."""
    path = tmp_path / "s.yaml"
    path.write_text(COMMENTED)
    save_positions(path, {"user": (1, 1)})
    once = path.read_text()
    save_positions(path, {"user": (1, 1)})
    assert path.read_text() == once
    assert os.listdir(tmp_path) == ["s.yaml"]


def test_failed_write_keeps_the_original(tmp_path, monkeypatch):
    """If the swap fails, the teacher's file is untouched and the temp file is removed."""
    path = tmp_path / "s.yaml"
    path.write_text(COMMENTED)

    def broken(*_):
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", broken)
    with pytest.raises(OSError, match="s.yaml"):
        save_positions(path, {"user": (9, 9)})
    assert path.read_text() == COMMENTED
    assert os.listdir(tmp_path) == ["s.yaml"]


def test_built_in_scenario_round_trips(scenarios_dir):
    """The shipped photo-thumbnails file keeps every other line when positions are written."""
    text = (scenarios_dir / "photo-thumbnails.yaml").read_text()
    after = add_positions(text, {"photos": (360, 0)})
    assert YAML(typ="safe").load(after)["positions"] == {"photos": [360, 0]}
    if "positions" not in YAML(typ="safe").load(text):
        assert after.startswith(text)
    else:
        assert all(line[1:].startswith("  ") for line in changed_lines(text, after))
