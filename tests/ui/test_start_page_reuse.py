"""The start page is shown again and again (the Built-in scenarios… menu, Back, a failed open):
showing it reads only the files that changed and keeps the cards of those that did not, so the
window does not stall on every visit (tests/ui/test_monkey.py caught a 290 ms stall there)."""

from __future__ import annotations

import shutil

import pytest

from app.bundled import SCENARIOS_DIR
from app.ui.start_page import StartPage


@pytest.fixture
def folder(tmp_path):
    for name in ("photo-thumbnails", "orders-sqs", "website-api"):
        shutil.copy(SCENARIOS_DIR / f"{name}.yaml", tmp_path / f"{name}.yaml")
    return tmp_path


def test_showing_the_page_again_keeps_the_cards(qtbot, folder):
    page = StartPage(folder)
    qtbot.addWidget(page)
    page.populate()
    first = list(page.cards)
    page.populate()
    assert [card.info.title for card in page.cards] == [card.info.title for card in first]
    assert all(a is b for a, b in zip(page.cards, first, strict=True))


def test_a_changed_file_gets_a_new_card(qtbot, folder):
    page = StartPage(folder)
    qtbot.addWidget(page)
    page.populate()
    path = folder / "orders-sqs.yaml"
    text = path.read_text(encoding="utf-8")
    start = text.index("\ntitle:") + 1
    end = text.index("\n", start)
    path.write_text(text[:start] + "title: Orders, renamed" + text[end:], encoding="utf-8")
    page.populate()
    titles = [card.info.title for card in page.cards]
    assert "Orders, renamed" in titles and len(titles) == 3


def test_a_new_file_is_listed(qtbot, folder):
    page = StartPage(folder)
    qtbot.addWidget(page)
    page.populate()
    shutil.copy(SCENARIOS_DIR / "fan-out-sns.yaml", folder / "fan-out-sns.yaml")
    page.populate()
    assert len(page.cards) == 4
