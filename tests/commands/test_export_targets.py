"""`lambdascope export` to a place it cannot write: every format fails with a sentence and exit 1.

A folder, a missing folder, and a read-only disk (simulated: the suite runs as root, whom chmod
does not stop) for PNG, SVG, GIF and PDF. Nothing is reported as written, nothing is left behind,
and Qt prints no painter warnings.
"""

from __future__ import annotations

import errno
import re

import pytest

from app.cli import main

FORMATS = ("png", "svg", "gif", "pdf")


@pytest.fixture(scope="module")
def photo(repo_root):
    return repo_root / "scenarios" / "photo-thumbnails.yaml"


def _args(photo, kind, out):
    extra = ["--step", "2"] if kind in ("png", "svg") else ["--from", "1", "--to", "3"]
    return ["export", str(photo), f"--{kind}", str(out), *extra]


def _read_only_disk(monkeypatch):
    def refuse(*_a, **_k):
        raise OSError(errno.EROFS, "Read-only file system")

    monkeypatch.setattr("app.ui.file_writes.tempfile.mkstemp", refuse)


@pytest.mark.parametrize("kind", FORMATS)
@pytest.mark.parametrize("target, words", [
    ("folder", "is a folder"), ("missing", "does not exist"), ("read-only", "read-only file system")])
def test_an_unwritable_target_fails_with_the_path_and_what_to_do(photo, tmp_path, capfd, monkeypatch,
                                                                  kind, target, words):
    out = {"folder": tmp_path / "slides", "missing": tmp_path / "no-such-folder" / f"a.{kind}",
           "read-only": tmp_path / f"a.{kind}"}[target]
    if target == "folder":
        out.mkdir()
    if target == "read-only":
        _read_only_disk(monkeypatch)
    before = sorted(p.name for p in tmp_path.rglob("*"))
    assert main(_args(photo, kind, out)) == 1
    captured = capfd.readouterr()
    assert str(out) in captured.err and words in captured.err
    assert "wrote" not in captured.out
    assert "QPainter" not in captured.err and "QSvg" not in captured.err
    assert sorted(p.name for p in tmp_path.rglob("*")) == before


def test_gif_and_pdf_follow_size_and_say_how_the_pdf_page_maps(photo, tmp_path, capsys):
    """--size sets the GIF frames; for the PDF a W x H pixel page at 96 per inch."""
    from PIL import Image

    assert main(["export", str(photo), "--gif", str(tmp_path / "a.gif"), "--to", "2",
                 "--size", "640x360"]) == 0
    assert Image.open(tmp_path / "a.gif").size == (640, 360)
    assert main(["export", str(photo), "--pdf", str(tmp_path / "a.pdf"), "--to", "2",
                 "--size", "1600x900"]) == 0
    out = capsys.readouterr().out
    assert "1600x900 pixels at 96 per inch = 423 x 238 mm" in out
    boxes = re.findall(rb"/MediaBox \[0 0 ([\d.]+) ([\d.]+)\]", (tmp_path / "a.pdf").read_bytes())
    assert boxes and {(float(w), float(h)) for w, h in boxes} == {(1200.0, 675.0)}  # 1600 x 900 px in pt


def test_export_takes_the_same_set_edits_as_play(photo, tmp_path, capsys):
    """A what-if run becomes slides: the edit is printed and the export has the edited run's steps."""
    from app.engine import run
    from app.lab.edits import apply_edits
    from app.scenario.loader import load_scenario

    edit = "functions.make-thumbnail.fail=always"
    edited = run(apply_edits(load_scenario(photo), [edit]))
    original = run(load_scenario(photo))
    assert len(edited) != len(original)
    assert main(["export", str(photo), "--pdf", str(tmp_path / "w.pdf"), "--set", edit]) == 0
    out = capsys.readouterr().out
    assert "set resources.make-thumbnail.faults.fail: never → always" in out
    assert f"{len(edited)} pages: steps 1 to {len(edited)} of {len(edited)}" in out
    assert main(["export", str(photo), "--pdf", str(tmp_path / "x.pdf"), "--set", "nonsense"]) == 2
    assert "--set" in capsys.readouterr().err
