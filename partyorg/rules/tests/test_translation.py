"""Refusals and explanations are looked up in the catalog by their Vietnamese text, so an English
catalog entry turns them into English while the Vietnamese stays as it was.

The entries are put into the loaded English catalog for the test only: these tests say that the
rules ask gettext, not what ``locale/en`` holds today.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest
from django.utils import translation
from django.utils.translation import trans_real

from partyorg.rules import committees, dues
from partyorg.rules.base import RuleViolation

AddEntry = Callable[[str, str], None]


@pytest.fixture
def english_entry(monkeypatch: pytest.MonkeyPatch) -> AddEntry:
    """Add one msgid → msgstr to the English catalog until the test ends."""
    catalog: dict[str, str] = trans_real.translation("en")._catalog._catalogs[0]  # type: ignore[attr-defined]

    def add(msgid: str, msgstr: str) -> None:
        monkeypatch.setitem(catalog, msgid, msgstr)

    return add


def _refusal() -> RuleViolation:
    with pytest.raises(RuleViolation) as refused:
        committees.check_cell_committee_size(committees.CELL, 8)  # an eighth member: at most 7
    return refused.value


def test_a_refusal_is_vietnamese_by_default() -> None:
    citation = committees.CELL_COMMITTEE_SIZE_RULE.citation
    with translation.override("vi"):
        refused = _refusal()
    assert refused.message == "Chi ủy có 8 thành viên; chi bộ bầu không quá 7 chi ủy viên."
    assert str(refused) == f"Chi ủy có 8 thành viên; chi bộ bầu không quá 7 chi ủy viên. (Căn cứ: {citation})"


def test_a_refusal_and_its_frame_come_back_in_english_from_the_catalog(english_entry: AddEntry) -> None:
    english_entry(
        "Chi ủy có %(size)s thành viên; chi bộ bầu không quá 7 chi ủy viên.",
        "The cell committee would have %(size)s members; a cell elects at most 7.",
    )
    english_entry("%(message)s (Căn cứ: %(citation)s)", "%(message)s (Basis: %(citation)s)")
    citation = committees.CELL_COMMITTEE_SIZE_RULE.citation
    with translation.override("en"):
        refused = _refusal()
    assert refused.message == "The cell committee would have 8 members; a cell elects at most 7."
    # The citation names documents: it stays as written.
    assert str(refused) == f"{refused.message} (Basis: {citation})"
    assert refused.code == "committees.cell_committee_size"


def test_the_words_of_a_due_follow_the_language_of_whoever_reads_them(english_entry: AddEntry) -> None:
    """A pensioner under QĐ 01, 03/2026: 0,5% of a 5.000.000 đ pension is 25.000 đ. The amount is
    computed once; its words are built when read, in the reader's language. Numbers keep the
    Vietnamese formatting of the rules (``percent_label``, ``vnd``)."""
    english_entry("lương hưu tháng %(month)s", "pension of %(month)s")
    facts = dues.MemberFacts(birth_date=date(1955, 5, 1), sex="male")
    basis = dues.Basis(dues.PENSIONER, amount=5_000_000)
    with translation.override("vi"):
        due = dues.monthly_due(date(2026, 3, 1), basis, facts)
        assert due.formula == "0,5% × 5.000.000 đ (lương hưu tháng 03/2026)"
    assert due.amount == 25_000
    with translation.override("en"):
        assert due.base_label == "pension of 03/2026"
        assert due.formula == "0,5% × 5.000.000 đ (pension of 03/2026)"
