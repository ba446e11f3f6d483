"""Sentences name things as the diagram does (app.engine.sentence_names): a sentence never opens
with a lower-case id ("user sends PutObject…", "lambda calls Invoke…"), and a name ending in s
takes a bare apostrophe ("photos' notification configuration", never "photos's")."""

import re

import pytest

from app.bundled import builtin_scenarios
from app.engine.run import run
from app.engine.sentence_names import SentenceNames
from app.lab.edits import apply_edits, parse_edit
from app.scenario.loader import load_scenario

BUILTINS = [info.path for info in builtin_scenarios()]
SENTENCE_START = r"(?:^|(?<=[.!?] ))"


def _problems(scenario, trace) -> list[str]:
    actors = {n for n, r in scenario.resources.items() if r.type == "actor"} | {"lambda", "sts"}
    ids = set(scenario.resources) | actors
    words = "|".join(sorted(map(re.escape, ids), key=len, reverse=True))
    opening = re.compile(rf"{SENTENCE_START}({words})(?=[ '])")
    summary_opening = re.compile(rf"^({'|'.join(map(re.escape, sorted(actors)))})(?=[ '])")
    plural = "|".join(re.escape(i) for i in ids if i.endswith("s"))
    possessive = re.compile(rf"(?<![\w.:/-])({plural})'s\b") if plural else None
    found = []
    for step in trace:
        for text, pattern in ((step.narration, opening), (step.summary, summary_opening)):
            found += [f"{step.index + 1}: …{text[m.start():m.end() + 30]}"
                      for m in pattern.finditer(text)]
            if possessive is not None:
                found += [f"{step.index + 1}: {m.group(0)}" for m in possessive.finditer(text)]
    return found


@pytest.mark.parametrize("path", BUILTINS, ids=lambda p: p.stem)
def test_no_sentence_opens_with_a_bare_id_and_no_name_takes_s_apostrophe_s(path):
    scenario = load_scenario(path)
    trace = run(scenario, max_steps=4000)  # before: "user sends", "lambda calls Invoke", "orders's"
    assert _problems(scenario, trace) == []


def test_the_photo_lesson_names_the_user_by_the_diagram_label():
    scenario = load_scenario(BUILTINS[[p.stem for p in BUILTINS].index("photo-thumbnails")])
    trace = run(scenario)
    assert trace[0].summary.startswith("Photo-sharing user uploads ")
    assert "Photo-sharing user sends PutObject for s3://photos/" in trace[0].narration
    edit = parse_edit("resources.make-thumbnail.permissions.AllowS3Invoke=absent", scenario)
    refused = run(apply_edits(scenario, [edit]))[0]
    assert refused.summary.startswith("S3 refuses photos' notification configuration")  # was photos's


def test_polish_keeps_the_same_object_when_nothing_changes():
    names = SentenceNames({"user": "Photo-sharing user", "lambda": "Lambda"}, ["user", "photos"],
                          {"photos": "The bucket photos"})
    text = "S3 stores the photo in photos and answers user with 200."
    assert names.polish(text) is text
    assert names.polish("photos sends it. user is done.") == \
        "The bucket photos sends it. Photo-sharing user is done."
    assert names.polish("photos sends it", summary=True) == "photos sends it"  # a timeline row
    assert names.polish("lambda calls Invoke on lambda-x", summary=True) == \
        "Lambda calls Invoke on lambda-x"
    assert names.polish("photos's rules; arn:aws:s3:::photos's") == \
        "The bucket photos' rules; arn:aws:s3:::photos's"
