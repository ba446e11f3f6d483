"""The start page's cards and `lambdascope scenarios` read only a file's metadata keys when its
layout allows (app.bundled.metadata_text); what they read must be what a full parse reads."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from ruamel.yaml import YAML

from app.bundled import SCENARIOS_DIR, metadata_text, read_info

META = ("title", "teaches", "summary", "learning_goals")


def full(text: str) -> dict:
    data = YAML(typ="safe").load(text) or {}
    return {key: data[key] for key in META if key in data}


def test_every_builtin_reads_alike_sliced_or_whole():
    paths = sorted(SCENARIOS_DIR.glob("*.yaml"))
    assert len(paths) >= 11
    for path in paths:
        text = path.read_text(encoding="utf-8")
        sliced = metadata_text(text)
        assert sliced is not None and len(sliced) < len(text) / 2, path.name
        assert YAML(typ="safe").load(sliced) == full(text), path.name


def test_a_file_it_cannot_slice_is_parsed_whole(tmp_path):
    path = tmp_path / "flow.yaml"
    path.write_text('{"title": "In flow style", summary: "one line"}\n', encoding="utf-8")
    assert metadata_text(path.read_text(encoding="utf-8")) is None
    info = read_info(path)
    assert (info.title, info.summary) == ("In flow style", "one line")


def test_an_unreadable_file_says_so(tmp_path):
    path = tmp_path / "broken.yaml"
    path.write_text("title: [unclosed\n", encoding="utf-8")
    assert read_info(path).summary.startswith("Cannot read this file")


words = st.text(st.characters(codec="utf-8", categories=("L", "N", "P", "Zs")), max_size=30)
values = st.one_of(words, st.lists(words, max_size=3), st.integers(), st.none())
keys = st.sampled_from(META + ("resources", "script", "settings", "narration", "chapter_steps"))


@settings(max_examples=200, deadline=None)
@given(st.dictionaries(keys, st.one_of(values, st.dictionaries(words, values, max_size=3)),
                       max_size=8),
       st.sampled_from(["block", "compact"]))
def test_sliced_and_whole_agree_on_any_block_mapping(document, style):
    yaml = YAML(typ="rt")
    if style == "compact":  # sequences at the key's own column
        yaml.indent(mapping=2, sequence=2, offset=0)
    import io

    out = io.StringIO()
    yaml.dump(document, out)
    text = out.getvalue()
    sliced = metadata_text(text)
    if sliced is not None:
        assert (YAML(typ="safe").load(sliced) or {}) == full(text)
