"""The form of a cell's ratings reads the roster table: the level chosen for each member still to
rate (one of the regime's), the score typed the Vietnamese way ("87,5"); a score that is not a number
is named with its member, a form with no level chosen records nothing."""

from __future__ import annotations

from decimal import Decimal

from partyorg.core.records import Override
from partyorg.members.models import Person
from partyorg.ratings.forms import RateMembersForm
from partyorg.ratings.queries import RosterLine

POM = Person(pk=11, code="P000011", full_name="Lò Văn Pọm")
AN = Person(pk=12, code="P000012", full_name="Quàng Văn An")
ROSTER = [(RosterLine(11, "official", None), POM), (RosterLine(12, "official", None), AN)]
LEVELS = {"excellent", "good", "fulfilled", "not_fulfilled"}


def form(**typed: str) -> RateMembersForm:
    return RateMembersForm(typed, roster=ROSTER, levels=LEVELS)


def test_the_levels_chosen_and_their_scores_are_the_entries() -> None:
    f = form(level_11="good", score_11="87,5", level_12="", score_12="90")
    assert f.is_valid(), f.errors
    override = Override("ratings.quota", "Đã xin ý kiến cấp trên")
    [entry] = f.entries(override)
    assert (entry.person, entry.level, entry.score) == (POM, "good", Decimal("87.5"))
    assert entry.override == override


def test_a_level_not_of_the_regime_is_none_and_no_level_chosen_records_nothing() -> None:
    f = form(level_11="clean_strong", level_12="")
    assert not f.is_valid()
    assert f.non_field_errors() == ["Chưa chọn xếp loại cho đảng viên nào"]
    assert f.typed == {11: ("", ""), 12: ("", "")}


def test_a_score_that_is_not_a_number_is_named_with_its_member() -> None:
    f = form(level_11="good", score_11="tám", level_12="excellent", score_12="95")
    assert not f.is_valid()
    assert f.non_field_errors() == ["Điểm của Lò Văn Pọm (P000011) không phải là số: “tám”"]
