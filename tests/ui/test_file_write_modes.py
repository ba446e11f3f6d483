"""Files written through the safe writer get the mode any program would give them: a new file
0666 & ~umask (a teacher's exports were -rw------- under umask 022, because the temp file the
writer renames into place is created 0600); an overwritten file keeps its own mode."""

from __future__ import annotations

import os
import stat

import pytest

from app.ui.file_writes import write_bytes

pytestmark = pytest.mark.skipif(os.name != "posix", reason="POSIX file modes")


@pytest.mark.parametrize("umask", [0o022, 0o027, 0o002])
def test_a_new_file_gets_0666_less_the_umask(tmp_path, umask):
    old = os.umask(umask)
    try:
        target = write_bytes(tmp_path / "slide.png", b"png")
    finally:
        os.umask(old)
    assert stat.S_IMODE(os.stat(target).st_mode) == 0o666 & ~umask


def test_an_overwritten_file_keeps_its_mode(tmp_path):
    target = tmp_path / "slide.pdf"
    target.write_bytes(b"old")
    os.chmod(target, 0o640)
    old = os.umask(0o022)
    try:
        write_bytes(target, b"new")
    finally:
        os.umask(old)
    assert target.read_bytes() == b"new"
    assert stat.S_IMODE(os.stat(target).st_mode) == 0o640
