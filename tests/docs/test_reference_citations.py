"""Every citation in the product resolves: "lambda-behaviour.md §N" and the source keys after it
(ASY, EIC, …) name a section and a key of docs/reference/lambda-behaviour.md, which ships in
the repository (issue 8, "Our own words, our own sources"). Every fact row links its AWS page."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent.parent
REFERENCE = ROOT / "docs" / "reference" / "lambda-behaviour.md"
SCANNED = ("app", "docs", "scenarios")
SUFFIXES = {".py", ".md", ".yaml", ".yml", ".json", ".txt"}

SECTION = re.compile(r"§\s?(\d+)")
# The keys right after a section: "§4 ASY, EIC", "§5 (KP, DP)", "§7, S3N/S3M", "§8; DDB, DREC",
# "§9, sources APX and AGL", "§13 A2"
KEY = r"[A-Z][A-Z0-9]+[a-z]?"
KEYS_AFTER = re.compile(rf"§\s?\d+\s*[,;]?\s*\(?(?:sources?\s+)?({KEY}(?:\s*(?:,|/|and)\s*{KEY})*)\b")


def reference_text() -> str:
    return REFERENCE.read_text(encoding="utf-8")


def sections(text: str) -> set[int]:
    return {int(n) for n in re.findall(r"^## (\d+)\. ", text, re.M)}


def keys(text: str) -> set[str]:
    """Source keys (the key table) and row labels (A1…, B9…)."""
    listed = set(re.findall(r"^\| ([A-Z][A-Z0-9]+) \| .* \| https?://", text, re.M))
    labels = set(re.findall(r"^\| (A\d+[a-z]?) \|", text, re.M))
    labels |= set(re.findall(r"^### (B\d+)\. ", text, re.M))
    return listed | labels


def citations():
    """(file, line number, section, keys) for every "§N" in app/, docs/ and scenarios/."""
    for folder in SCANNED:
        for path in sorted((ROOT / folder).rglob("*")):
            if path.suffix not in SUFFIXES or not path.is_file():
                continue
            for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
                for match in SECTION.finditer(line):
                    after = KEYS_AFTER.match(line, match.start())
                    found = re.split(r"\s*(?:,|/|and)\s*", after.group(1)) if after else []
                    yield path.relative_to(ROOT), number, int(match.group(1)), found


def test_the_reference_ships_with_the_same_numbering_as_the_shared_one():
    """§1–§22, in order, each a heading of its own."""
    numbers = [int(n) for n in re.findall(r"^## (\d+)\. ", reference_text(), re.M)]
    assert numbers == list(range(1, 23))


def test_every_cited_section_and_key_exists():
    text = reference_text()
    known_sections, known_keys = sections(text), keys(text)
    found = list(citations())
    assert len(found) > 100, "the product is expected to cite the reference throughout"
    wrong = []
    for path, line, section, cited in found:
        if section not in known_sections:
            wrong.append(f"{path}:{line}: §{section} is not a section of {REFERENCE.name}")
        for key in cited:
            if key not in known_keys and not any(k.startswith(key) for k in known_keys
                                                 if re.fullmatch(r"[AB]\d+[a-z]?", k)):
                wrong.append(f"{path}:{line}: §{section} {key}: no such source key or row label")
    assert not wrong, "\n".join(wrong)


def test_every_fact_row_links_its_page():
    """Each row of a fact table carries the full address of the page it comes from."""
    rows = [line for line in reference_text().splitlines()
            if line.startswith("| ") and not line.startswith(("| behaviour |", "| label |",
                                                              "| key |"))]
    assert len(rows) > 150
    missing = [row[:80] for row in rows if "https://" not in row]
    assert not missing, missing


@pytest.mark.parametrize("abbreviated", ["…/", "](…", " …/"])
def test_no_abbreviated_addresses(abbreviated):
    assert abbreviated not in reference_text()


def test_the_key_checker_catches_a_bad_citation(tmp_path):
    """The pattern picks keys out of the citation styles the product uses (and no others)."""
    line = "(lambda-behaviour.md §5, §8; DDB, DREC) and (§9, sources APX and AGL) (§13 A2) §11 for"
    got = [(m.group(0), KEYS_AFTER.match(line, m.start())) for m in SECTION.finditer(line)]
    picked = [re.split(r"\s*(?:,|/|and)\s*", m.group(1)) if m else [] for _, m in got]
    assert picked == [[], ["DDB", "DREC"], ["APX", "AGL"], ["A2"], []]


def test_the_window_points_at_the_reference(qtbot, tmp_path):
    """Help → 'Lambda facts and their sources' opens the file the citations refer to."""
    import sys

    sys.path.insert(0, str(ROOT / "tests" / "ui"))
    from window_fixtures import make_window

    from app.ui.window_menus import REFERENCE as shown

    window = make_window(qtbot, tmp_path)
    assert window.menus.reference_action in window.menus.help.actions()
    assert shown == REFERENCE and shown.is_file()
