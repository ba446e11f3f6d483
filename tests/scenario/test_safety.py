"""A scenario file is data: hostile or broken files give a clear ScenarioError, quickly."""

from __future__ import annotations

import os

import pytest
from scenario_texts import MINIMAL, minimal_with

from app.scenario.errors import ScenarioError
from app.scenario.loader import load_scenario
from app.scenario.safety import MAX_FILE_BYTES

BILLION_LAUGHS = "\n".join(
    ['lol0: &lol0 "lol"']
    + [f"lol{i}: &lol{i} [" + ", ".join([f"*lol{i - 1}"] * 10) + "]" for i in range(1, 10)]
) + "\n"


def problems_in_file(path) -> list[str]:
    with pytest.raises(ScenarioError) as info:
        load_scenario(path)
    return [str(p) for p in info.value.problems]


def write(tmp_path, text: str | bytes, name: str = "s.yaml"):
    path = tmp_path / name
    path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    return path


def test_python_object_tag_is_refused(tmp_path):
    """`!!python/object` would run code in an unsafe loader; here it is an error at its line."""
    path = write(tmp_path, minimal_with({3: "summary: !!python/object/apply:os.system [echo hi]"}))
    assert problems_in_file(path) == [
        f"{path}:3:10: summary: tags are not allowed; a scenario file is data (found '!!python/object/apply:os.system')"]


def test_python_name_tag_and_custom_tags_are_refused(tmp_path):
    """Every non-standard tag is refused, each at its own line."""
    path = write(tmp_path, minimal_with({1: "title: !!python/name:os.system", 3: "summary: !custom x"}))
    found = problems_in_file(path)
    assert [line.split(": ", 1)[0] for line in found] == [f"{path}:1:8", f"{path}:3:10"]
    assert all("tags are not allowed; a scenario file is data" in line for line in found)


def test_billion_laughs_is_refused_fast(tmp_path):
    """Nine levels of ten aliases would expand to 10^9 strings; the node cap stops it early."""
    path = write(tmp_path, BILLION_LAUGHS)
    (message,) = problems_in_file(path)
    assert "the file expands to more than 100,000 values" in message


def test_too_many_aliases_are_refused(tmp_path):
    """More than 100 alias uses is refused even when the expansion is small."""
    text = minimal_with(append=["learning_goals: &g [one]"]) + "".join(f"x{i}: *g\n" for i in range(101))
    (message,) = problems_in_file(write(tmp_path, text))
    assert message.startswith(f"{tmp_path / 's.yaml'}:118:7: the file uses more than 100 aliases")


def test_ten_thousand_nested_lists_give_a_clear_error(tmp_path):
    """`[[[[…` 10,000 deep is refused by depth, not by a RecursionError."""
    path = write(tmp_path, "title: " + "[" * 10_000 + "]" * 10_000 + "\n")
    (message,) = problems_in_file(path)
    assert message == f"{path}:1:71: the file nests lists and mappings more than 64 deep"


def test_deeply_nested_mappings_give_a_clear_error(tmp_path):
    """Block mappings nested 200 deep hit the same depth limit."""
    text = "".join("  " * i + f"k{i}:\n" for i in range(200)) + "  " * 200 + "x\n"
    (message,) = problems_in_file(write(tmp_path, text))
    assert message.endswith("the file nests lists and mappings more than 64 deep")


def test_oversized_file_is_refused(tmp_path):
    """A file over 1 MiB is refused before it is parsed."""
    path = write(tmp_path, MINIMAL + "#" * MAX_FILE_BYTES)
    (message,) = problems_in_file(path)
    assert message.startswith(f"{path}: the file is {len(MINIMAL) + MAX_FILE_BYTES:,} bytes; scenario files "
                              f"are limited to 1,048,576 bytes")


def test_non_utf8_bytes_point_at_the_byte(tmp_path):
    """Latin-1 text is named as such, at the line and column of the first bad byte."""
    path = write(tmp_path, minimal_with({3: "summary: Caf\xe9"}).encode("latin-1"))
    assert problems_in_file(path) == [
        f"{path}:3:13: the file is not UTF-8 text (byte 0xe9); save it as UTF-8"]


def test_duplicate_key_names_the_first_one(tmp_path):
    """A key written twice would silently lose one; it is an error at the second, naming the first."""
    path = write(tmp_path, minimal_with({3: "summary: One.\ntitle: Again"}))
    assert problems_in_file(path) == [f"{path}:4:1: title: duplicate key 'title' (first written at line 1)"]


def test_empty_file(tmp_path):
    """An empty file says what a scenario needs."""
    path = write(tmp_path, "# only a comment\n")
    assert problems_in_file(path) == [
        f"{path}:1:1: the file is empty; a scenario needs at least title, teaches, summary, resources and script"]


def test_file_holding_a_list(tmp_path):
    """A top-level list is not a scenario."""
    path = write(tmp_path, "- title: Minimal\n")
    (message,) = problems_in_file(path)
    assert message == (f"{path}:1:1: a scenario file must be a mapping of keys (title:, resources:, …), "
                       f"but this file holds a list")


def test_unclosed_list_points_at_its_opening(tmp_path):
    """An unclosed flow list is reported where it was opened, with a hint, not where YAML gave up."""
    path = write(tmp_path, minimal_with({2: "teaches: [push"}))
    (message,) = problems_in_file(path)
    assert message.startswith(f"{path}:2:10: not valid YAML: the '[' opened here is not closed with ']'")


def test_tab_indentation_is_explained(tmp_path):
    """A tab used for indenting is named as such."""
    path = write(tmp_path, minimal_with({7: "\tkind: custom_app"}))
    (message,) = problems_in_file(path)
    assert message.startswith(f"{path}:7:1: not valid YAML: a tab character; YAML indents with spaces only")


def test_missing_file_and_folder(tmp_path):
    """A path that is not there, or is a folder, gets one plain sentence."""
    assert problems_in_file(tmp_path / "nope.yaml") == [f"{tmp_path / 'nope.yaml'}: no such file"]
    assert problems_in_file(tmp_path) == [f"{tmp_path}: is a folder, not a scenario file"]


def _with_upload(asset: str) -> str:
    return minimal_with({
        14: "    role: worker-role\n  photos:\n    type: s3_bucket",
        16: f"  - {{at: 0s, actor: app, action: put_object, bucket: photos, key: a.jpg, asset: {asset}}}"})


def test_asset_next_to_the_scenario_loads(tmp_path):
    """An asset in the scenario's own folder is found."""
    (tmp_path / "pics").mkdir()
    (tmp_path / "pics" / "a.jpg").write_bytes(b"\xff\xd8")
    scenario = load_scenario(write(tmp_path, _with_upload("pics/a.jpg")))
    assert scenario.script[0].asset == "pics/a.jpg"


def test_bundled_asset_loads(tmp_path):
    """The repository's assets/ folder is the fallback (photos/cat.jpg ships with LambdaScope)."""
    scenario = load_scenario(write(tmp_path, _with_upload("photos/cat.jpg")))
    assert scenario.script[0].asset == "photos/cat.jpg"


def test_asset_escaping_the_folder_is_refused(tmp_path):
    """`..` out of both allowed folders is an error at the asset's column."""
    (tmp_path / "secret.txt").write_text("x")
    folder = tmp_path / "lesson"
    folder.mkdir()
    path = write(folder, _with_upload("../secret.txt"))
    (message,) = problems_in_file(path)
    assert message == (f"{path}:18:74: script[0].asset: asset '../secret.txt' points outside the scenario's "
                       f"folder and the bundled assets/ folder; a scenario may only upload files from those")


def test_absolute_asset_path_is_refused(tmp_path):
    """Absolute paths could read any file on the computer."""
    (message,) = problems_in_file(write(tmp_path, _with_upload("/etc/passwd")))
    assert message.endswith("script[0].asset: asset '/etc/passwd' must be a path relative to the scenario's "
                            "folder, not an absolute path")


def test_an_asset_over_the_size_limit_is_refused_unread(tmp_path):
    """A 3 GB file (sparse here) as an upload is refused by its size when the file loads; the
    engine would otherwise read it all into memory."""
    from app.asset_files import MAX_ASSET_BYTES

    with open(tmp_path / "huge.jpg", "wb") as stream:
        stream.truncate(3 * 1024 ** 3)
    (message,) = problems_in_file(write(tmp_path, _with_upload("huge.jpg")))
    assert f"asset 'huge.jpg' is 3,221,225,472 bytes; an uploaded file may be at most " \
           f"{MAX_ASSET_BYTES:,} bytes" in message


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="needs symlinks")
def test_symlink_pointing_outside_is_refused(tmp_path):
    """A link inside the folder that leads out of it is treated like `..`."""
    (tmp_path / "secret.txt").write_text("x")
    folder = tmp_path / "lesson"
    folder.mkdir()
    (folder / "link.jpg").symlink_to(tmp_path / "secret.txt")
    (message,) = problems_in_file(write(folder, _with_upload("link.jpg")))
    assert "asset 'link.jpg' points outside the scenario's folder" in message


def test_missing_asset_is_refused(tmp_path):
    """An asset that does not exist is caught when loading, not when the upload runs."""
    (message,) = problems_in_file(write(tmp_path, _with_upload("photos/dog.jpg")))
    assert message.endswith("script[0].asset: asset 'photos/dog.jpg' not found: no such file in the scenario's "
                            "folder or in the bundled assets/ folder")


def test_numbered_asset_is_checked_for_every_repeat(tmp_path):
    """`pics/{n}.jpg` with repeat 3 needs pics/1.jpg … pics/3.jpg; the first missing one is named."""
    (tmp_path / "pics").mkdir()
    for n in (1, 2):
        (tmp_path / "pics" / f"{n}.jpg").write_bytes(b"\xff\xd8")
    text = _with_upload("'pics/{n}.jpg', repeat: 3, every: 1s")
    (message,) = problems_in_file(write(tmp_path, text))
    assert message.endswith("script[0].asset: for n=3: asset 'pics/3.jpg' not found: no such file in the "
                            "scenario's folder or in the bundled assets/ folder")
