"""Save layout round trips over real teachers' files, links, and every way the write can fail.

Each test states what a teacher would lose. The I/O failures are simulated by patching the write
to raise the error the OS gives (the suite runs as root, whom chmod does not stop).
"""

import errno
import os
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from ruamel.yaml import YAML

from app.ui.file_writes import FileWriteError
from app.ui.layout_save import FileChanged, LayoutSaveError, add_positions, moved_positions, save_positions

BLOCK = """\
# Teacher's notes stay.
title: 'Mine'
positions:
  # where the user stands
  "user": [0, 0]    # quoted key, kept quoted
  zeta: [10, 20]
  alpha:
    - 30
    - 40
  'odd name': [1, 2]

# the script
script: []
"""

FLOW = "title: x\npositions: {b: [1, 2], 'a': [3,4]}   # flow stays flow\nscript: []\n"


def safe(text: str):
    return YAML(typ="safe").load(text.lstrip("\ufeff"))


def write(tmp_path, text: str, name: str = "s.yaml") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode("utf-8"))
    return path


def test_existing_entries_change_only_their_numbers():
    """Quoted keys stay quoted, key order stays, comments on and between lines stay."""
    after = add_positions(BLOCK, {"zeta": (11, 21), "user": (5.5, -1), "alpha": (31, 41), "odd name": (7, 8)})
    assert after == (BLOCK.replace('"user": [0, 0]', '"user": [5.5, -1]').replace("[10, 20]", "[11, 21]")
                     .replace("- 30", "- 31").replace("- 40", "- 41").replace("[1, 2]", "[7, 8]"))


def test_a_newly_dragged_node_is_added_at_the_end_of_the_block_in_its_style():
    after = add_positions(BLOCK, {"new-node": (1, 2), "true": (3, 4)})
    assert after == BLOCK.replace("  'odd name': [1, 2]\n",
                                  "  'odd name': [1, 2]\n  new-node: [1, 2]\n  \"true\": [3, 4]\n")
    assert safe(after)["positions"]["true"] == [3, 4]


def test_flow_style_positions_stay_flow_style():
    after = add_positions(FLOW, {"a": (9, 9), "c": (5, 6)})
    assert after == "title: x\npositions: {b: [1, 2], 'a': [9,9], c: [5, 6]}   # flow stays flow\nscript: []\n"


@pytest.mark.parametrize("positions", ["positions:\n", "positions: {}\n", "positions: ~\n", ""])
def test_empty_or_missing_positions_get_exactly_the_moved_nodes(positions):
    text = "title: x   # keep\n" + positions + "script: []\n"
    after = add_positions(text, {"photos": (1, 2)})
    assert safe(after)["positions"] == {"photos": [1, 2]}
    assert after.startswith("title: x   # keep\n") and "script: []\n" in after


def test_crlf_and_bom_survive(tmp_path):
    """A Windows file keeps CRLF on every line (also the new one) and its byte-order mark."""
    text = "\ufeff" + BLOCK.replace("\n", "\r\n")
    path = write(tmp_path, text)
    save_positions(path, {"zeta": (1, 1), "fresh": (2, 2)})
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    assert raw.count(b"\n") == raw.count(b"\r\n") == text.count("\n") + 1
    assert b"  fresh: [2, 2]\r\n" in raw and b"  zeta: [1, 1]\r\n" in raw


def test_only_dragged_nodes_are_frozen_into_the_file():
    """Nodes the automatic layout placed are never written: they keep following the layout."""
    initial = {"user": (0.0, 0.0), "photos": (200.0, 0.0), "fn": (400.0, 0.0)}
    current = {"user": (0.0, 0.0), "photos": (200.3, 0.0), "fn": (420.0, 35.0)}
    assert moved_positions(initial, current) == {"fn": (420.0, 35.0)}
    after = add_positions("title: x\n", moved_positions(initial, current))
    assert safe(after)["positions"] == {"fn": [420, 35]}


def test_saving_through_a_symlink_writes_the_real_file_and_keeps_the_link(tmp_path):
    real = write(tmp_path, BLOCK, "real.yaml")
    link = tmp_path / "link.yaml"
    link.symlink_to(real)
    written = save_positions(link, {"zeta": (1, 2)})
    assert link.is_symlink() and written == real
    assert safe(real.read_text())["positions"]["zeta"] == [1, 2]


def test_saving_a_hard_linked_file_keeps_every_name_pointing_at_the_same_content(tmp_path):
    first = write(tmp_path, BLOCK, "a.yaml")
    second = tmp_path / "b.yaml"
    os.link(first, second)
    save_positions(first, {"zeta": (1, 2)})
    assert os.stat(first).st_ino == os.stat(second).st_ino and os.stat(first).st_nlink == 2
    assert safe(second.read_text())["positions"]["zeta"] == [1, 2]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.yaml", "b.yaml"]  # no backup left


def test_a_failed_hard_link_write_restores_the_old_content(tmp_path, monkeypatch):
    first = write(tmp_path, BLOCK, "a.yaml")
    os.link(first, tmp_path / "b.yaml")
    real_fsync = os.fsync

    def fail_once(fd):
        monkeypatch.setattr(os, "fsync", real_fsync)
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", fail_once)
    with pytest.raises(FileWriteError, match="disk is full"):
        save_positions(first, {"zeta": (1, 2)})
    assert first.read_text() == BLOCK
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.yaml", "b.yaml"]


def test_a_deleted_file_is_a_message_with_its_path(tmp_path):
    path = tmp_path / "gone.yaml"
    with pytest.raises(LayoutSaveError, match=r"gone\.yaml.*(deleted|gone)"):
        save_positions(path, {"zeta": (1, 2)})
    assert not path.exists()


def test_a_file_that_became_invalid_yaml_is_refused_untouched(tmp_path):
    path = write(tmp_path, BLOCK + "resources: [unclosed\n")
    with pytest.raises(LayoutSaveError, match=r"s\.yaml is no longer valid YAML \(line \d+\)"):
        save_positions(path, {"zeta": (1, 2)})
    assert path.read_text() == BLOCK + "resources: [unclosed\n"


def test_a_file_changed_since_it_was_opened_is_detected(tmp_path):
    path = write(tmp_path, BLOCK)
    opened = path.read_bytes()
    path.write_text(BLOCK.replace("title: 'Mine'", "title: 'Edited elsewhere'"))
    with pytest.raises(FileChanged, match="changed on disk"):
        save_positions(path, {"zeta": (1, 2)}, opened)
    save_positions(path, {"zeta": (1, 2)}, opened, overwrite_changes=True)
    after = path.read_text()
    assert "Edited elsewhere" in after and safe(after)["positions"]["zeta"] == [1, 2]


@pytest.mark.parametrize("code, words", [
    (errno.EACCES, "not allowed"), (errno.EPERM, "immutable"), (errno.EROFS, "read-only file system"),
    (errno.ENOSPC, "disk is full")])
def test_every_write_failure_is_a_sentence_and_the_file_is_unchanged(tmp_path, monkeypatch, code, words):
    """Read-only, immutable (chattr +i gives EPERM even to root), read-only FS, full disk."""
    path = write(tmp_path, BLOCK)

    def refuse(*_args, **_kw):
        raise OSError(code, os.strerror(code))

    monkeypatch.setattr(os, "replace", refuse)
    with pytest.raises(FileWriteError) as caught:
        save_positions(path, {"zeta": (1, 2)})
    message = str(caught.value)
    assert str(path) in message and words in message
    assert path.read_text() == BLOCK
    assert os.listdir(tmp_path) == ["s.yaml"]


def test_a_read_only_file_system_refuses_even_the_temp_file(tmp_path, monkeypatch):
    path = write(tmp_path, BLOCK)

    def erofs(*_args, **_kw):
        raise OSError(errno.EROFS, "Read-only file system")

    monkeypatch.setattr("tempfile.mkstemp", erofs)
    with pytest.raises(FileWriteError, match="read-only file system"):
        save_positions(path, {"zeta": (1, 2)})
    assert path.read_text() == BLOCK


def test_a_closed_folder_with_a_writable_file_is_written_in_place(tmp_path, monkeypatch):
    """No new files allowed in the folder (EACCES on the temp file) but the file itself is writable."""
    path = write(tmp_path, BLOCK)

    def closed(*_args, **_kw):
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr("tempfile.mkstemp", closed)
    save_positions(path, {"zeta": (1, 2)})
    assert safe(path.read_text())["positions"]["zeta"] == [1, 2]


names = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\ufeff"), min_size=1,
                max_size=12)
coords = st.tuples(*[st.floats(-1e5, 1e5, allow_nan=False).map(lambda v: round(v, 1))] * 2)


@settings(max_examples=150, deadline=None)
@given(base=st.sampled_from([BLOCK, FLOW, "title: x\n", "\ufeff" + BLOCK.replace("\n", "\r\n")]),
       moved=st.dictionaries(names, coords, max_size=4))
def test_any_node_names_and_numbers_round_trip_and_keep_every_comment(base, moved):
    """Whatever the node names (quotes, colons, #, unicode) the file still parses, holds exactly
    the old positions updated by the moved ones, and keeps every comment line and line ending."""
    after = add_positions(base, moved)
    want = dict(safe(base).get("positions") or {})
    want.update({n: [x, y] for n, (x, y) in moved.items()})
    got = safe(after).get("positions") or {}
    assert {n: [float(v) for v in xy] for n, xy in got.items()} == \
        {n: [float(v) for v in xy] for n, xy in want.items()}
    comments = [line for line in base.splitlines() if line.lstrip().startswith("#")]
    assert all(line in after.splitlines() for line in comments)
    assert after.count("\r\n") == after.count("\n") if "\r\n" in base else "\r" not in after
