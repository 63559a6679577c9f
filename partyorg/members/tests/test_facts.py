"""Dated facts about people (issue 15): a residence, an education, an occupation hold from their day
until the next fact of their kind; the past keeps its values; corrections and withdrawals are new
rows. The hamlet figures (RULES.md §6.3 [P]) read where members lived on the day asked.

Hand-worked cast: a commune of two hamlets, Na Ten and Co Sản, each with its own cell. Lò Văn Pọm,
a member since 2010, lived in Na Ten (his record, undated) and moved to Co Sản on 01/03/2018; he
is the only member living in either hamlet.
"""

import dataclasses
from datetime import date

import pytest
import time_machine
from django.db import IntegrityError, transaction

from partyorg import testing
from partyorg.core.records import LegalBasis
from partyorg.exchange.dump import dump
from partyorg.exchange.formats import read_file, write_file
from partyorg.exchange.load import load
from partyorg.exchange.records import ExchangeError
from partyorg.members import facts
from partyorg.members.interchange import PersonFactRecord
from partyorg.members.models import FactKind, Person, PersonFact, PersonFactPeriod
from partyorg.organizations.localities import create_locality
from partyorg.organizations.models import Locality, LocalityKind, Organization, OrgKind
from partyorg.reports.statistics.hamlets import hamlets_on

pytestmark = pytest.mark.django_db

BASIS = LegalBasis("Sổ hộ khẩu", date(2018, 3, 1), "Công an xã Nà Tấu")
MOVED = date(2018, 3, 1)
TODAY = date(2026, 6, 1)


@pytest.fixture
def cast():
    return build_cast()


def na_tau() -> tuple[Locality, Locality, Locality]:
    """Xã Nà Tấu and its hamlets Bản Na Ten and Bản Co Sản, through the units' log, as every
    database holds them (an export carries the log)."""
    place = create_locality.within(
        "01", "Xã Nà Tấu", LocalityKind.COMMUNE, created_on=None, legal_basis=testing.BASIS, recorded_by="x"
    )
    na_ten, co_san = (
        create_locality.within(
            f"01.{i}",
            name,
            LocalityKind.HAMLET,
            created_on=None,
            parent=place,
            legal_basis=testing.BASIS,
            recorded_by="x",
        )
        for i, name in enumerate(("Bản Na Ten", "Bản Co Sản"))
    )
    return place, na_ten, co_san


def build_cast():
    place, na_ten, co_san = na_tau()
    commune = testing.found("X", "Đảng ủy xã Nà Tấu", OrgKind.GRASSROOTS_COMMITTEE, None, locality=place)
    cell = testing.found("X.1", "Chi bộ bản Na Ten", OrgKind.CELL, commune, locality=na_ten)
    testing.found("X.2", "Chi bộ bản Co Sản", OrgKind.CELL, commune, locality=co_san)
    pom = testing.person("Lò Văn Pọm")
    pom.home_locality = na_ten
    pom.occupation = "Giáo viên"
    pom.save()
    testing.admit(pom, cell, date(2010, 3, 1))
    return commune, na_ten, co_san, Person.objects.get(pk=pom.pk)


def without_members(commune, on):
    return {h.name for h in hamlets_on(commune, on).without_members.localities()}


@time_machine.travel(TODAY, tick=False)
def test_a_move_between_hamlets_changes_the_hamlet_figures_from_its_day_only(cast):
    commune, na_ten, co_san, pom = cast
    # Before any dated fact: his record says Na Ten, for every day (a fact from an unknown start).
    assert without_members(commune, date(2016, 12, 31)) == {"Bản Co Sản"}

    facts.record_fact(pom, FactKind.RESIDENCE, MOVED, locality=co_san, legal_basis=BASIS, recorded_by="xa")

    # 31/12/2016 and 28/02/2018: still Na Ten (the move does not rewrite the past) …
    assert without_members(commune, date(2016, 12, 31)) == {"Bản Co Sản"}
    assert without_members(commune, date(2018, 2, 28)) == {"Bản Co Sản"}
    # … from 01/03/2018, Co Sản.
    assert without_members(commune, MOVED) == {"Bản Na Ten"}
    assert without_members(commune, date(2025, 12, 31)) == {"Bản Na Ten"}
    pom.refresh_from_db()
    assert pom.home_locality == co_san  # today's value, copied
    assert facts.value_on(pom, FactKind.RESIDENCE, date(2017, 6, 30)) == ("", na_ten.pk)
    # The value his record held before was kept as a fact from an unknown start.
    kept = PersonFact.objects.get(person=pom, valid_from=None)
    assert kept.locality == na_ten and kept.kind == FactKind.RESIDENCE


@time_machine.travel(TODAY, tick=False)
def test_occupation_and_education_hold_from_their_day(cast):
    _, _, _, pom = cast
    facts.record_fact(
        pom, FactKind.OCCUPATION, date(2020, 9, 1), value="Hưu trí", legal_basis=BASIS, recorded_by="xa"
    )
    assert facts.value_on(pom, FactKind.OCCUPATION, date(2020, 8, 31)) == ("Giáo viên", None)
    assert facts.value_on(pom, FactKind.OCCUPATION, date(2020, 9, 1)) == ("Hưu trí", None)
    pom.refresh_from_db()
    assert pom.occupation == "Hưu trí"
    # A kind never dated reads the person's row on every day.
    assert facts.value_on(pom, FactKind.GENERAL_EDUCATION, date(1999, 1, 1)) == ("upper_secondary", None)


@time_machine.travel(TODAY, tick=False)
def test_a_fact_recorded_wrong_is_corrected_or_withdrawn_by_a_new_row(cast):
    commune, na_ten, co_san, pom = cast
    wrong = facts.record_fact(
        pom, FactKind.RESIDENCE, date(2019, 3, 1), locality=co_san, legal_basis=BASIS, recorded_by="xa"
    )
    right = facts.correct_fact(
        wrong, valid_from=MOVED, locality=co_san, legal_basis=BASIS, recorded_by="xa", note="Sai năm"
    )
    assert without_members(commune, date(2018, 6, 30)) == {"Bản Na Ten"}
    assert right.corrects == wrong
    with pytest.raises(facts.FactRefused, match="đã được sửa hoặc hủy"):
        facts.withdraw_fact(wrong, recorded_by="xa", note="Nhầm")
    facts.withdraw_fact(right, recorded_by="xa", note="Không chuyển")
    assert without_members(commune, date(2025, 12, 31)) == {"Bản Co Sản"}
    pom.refresh_from_db()
    assert pom.home_locality == na_ten
    assert PersonFact.objects.filter(person=pom).count() == 4  # nothing deleted
    with pytest.raises(IntegrityError), transaction.atomic():
        PersonFact.objects.filter(pk=wrong.pk).delete()  # append-only in the database itself


@time_machine.travel(TODAY, tick=False)
def test_what_cannot_be_a_fact_is_refused_naming_the_person(cast):
    _, na_ten, _, pom = cast
    commune_place = Locality.objects.get(code="01")
    with pytest.raises(facts.FactRefused, match=r"Nơi cư trú của Lò Văn Pọm \(P\d+\) phải là một thôn"):
        facts.record_fact(
            pom, FactKind.RESIDENCE, MOVED, locality=commune_place, legal_basis=BASIS, recorded_by="xa"
        )
    with pytest.raises(facts.FactRefused, match="trước ngày sinh"):
        facts.record_fact(
            pom, FactKind.RESIDENCE, date(1970, 1, 1), locality=na_ten, legal_basis=BASIS, recorded_by="xa"
        )
    with pytest.raises(facts.FactRefused, match="Giáo dục phổ thông không hợp lệ: 13/12"):
        facts.record_fact(
            pom, FactKind.GENERAL_EDUCATION, MOVED, value="13/12", legal_basis=BASIS, recorded_by="xa"
        )
    assert not PersonFact.objects.exists() and not PersonFactPeriod.objects.exists()


class Discard(Exception):
    pass


def periods():
    return sorted(
        PersonFactPeriod.objects.values_list("kind", "value", "locality__code", "valid_from", "valid_until")
    )


@time_machine.travel(TODAY, tick=False)
def test_facts_travel_in_the_interchange_file_and_load_back_the_same(tmp_path):
    """Export, load into an empty database, export again: the same file, the same periods, the
    same hamlet figures; a hamlet code the database does not know is refused naming line and
    column."""
    first = tmp_path / "first.jsonl"
    try:
        with transaction.atomic():
            commune, _, co_san, pom = build_cast()
            by = {"legal_basis": BASIS, "recorded_by": "xa"}
            facts.record_fact.within(pom, FactKind.RESIDENCE, MOVED, locality=co_san, **by)
            wrong = facts.record_fact.within(
                pom, FactKind.OCCUPATION, date(2021, 1, 1), value="Hưu trí", **by
            )
            facts.correct_fact.within(wrong, valid_from=date(2020, 9, 1), value="Hưu trí", note="Sai", **by)
            write_file(dump(), first)
            before = periods(), [without_members(commune, day) for day in (date(2016, 12, 31), MOVED)]
            raise Discard
    except Discard:
        pass
    assert not Person.objects.exists()

    located = list(read_file(first))
    bad = [
        (
            where,
            dataclasses.replace(r, locality="99.9") if isinstance(r, PersonFactRecord) and r.locality else r,
        )
        for where, r in located
    ]
    with pytest.raises(ExchangeError) as refused:
        load(bad)
    assert any("cột “Nơi cư trú”" in str(p) and "“99.9”" in str(p) for p in refused.value.problems)
    assert not PersonFact.objects.exists()

    load(located)
    commune = Organization.objects.get(code="X")
    assert (periods(), [without_members(commune, day) for day in (date(2016, 12, 31), MOVED)]) == before
    assert before[1] == [{"Bản Co Sản"}, {"Bản Na Ten"}]
    second = tmp_path / "second.jsonl"
    write_file(dump(), second)
    assert second.read_text(encoding="utf-8") == first.read_text(encoding="utf-8")


@time_machine.travel(TODAY, tick=False)
def test_forms_2_3_4_read_the_facts_as_they_stood_on_their_day(cast):
    """Issue 15's case, hand-worked: Pọm (lower secondary in his record, a teacher, no religion, a
    Youth Union member, living in Bản Na Ten) graduated upper secondary on 01/09/2015, moved to Bản
    Co Sản on 01/03/2018, retired on 01/09/2020, became a Buddhist on 01/01/2019 and left the Youth
    Union on 01/01/2016; Dung, admitted with her ceremony
    on 11/03/2024 as a farmer with lower secondary, finished upper secondary on 01/06/2025. Form 3
    (education, occupation, religion), form 4 (religion) and form 2 (at the ceremony) count each as
    they stood; the fast path of the stock agrees with the plain scan on every day."""
    from partyorg.reports.statistics import membership_breakdown, membership_on
    from partyorg.reports.statistics.admissions import admissions_in
    from partyorg.reports.statistics.figures import Period
    from partyorg.reports.statistics.stocks import membership_scan

    commune, _, _, pom = cast
    Person.objects.filter(pk=pom.pk).update(general_education="lower_secondary", is_youth_union_member=True)
    pom.refresh_from_db()
    by = {"legal_basis": BASIS, "recorded_by": "xa"}
    facts.record_fact(pom, FactKind.GENERAL_EDUCATION, date(2015, 9, 1), value="upper_secondary", **by)
    facts.record_fact(pom, FactKind.OCCUPATION, date(2020, 9, 1), value="Hưu trí", **by)
    facts.record_fact(pom, FactKind.RELIGION, date(2019, 1, 1), value="Phật giáo", **by)
    facts.record_fact(pom, FactKind.YOUTH_UNION, date(2016, 1, 1), value=facts.NO, **by)
    facts.record_fact(pom, FactKind.RESIDENCE, MOVED, locality=cast[2], **by)
    dung = testing.person("Hà Thị Dung", sex="female", education="lower_secondary")
    Person.objects.filter(pk=dung.pk).update(occupation="Nông dân")
    testing.admit(dung, commune, date(2024, 3, 1), ceremony_on=date(2024, 3, 11), recognize=False)
    facts.record_fact(dung, FactKind.GENERAL_EDUCATION, date(2025, 6, 1), value="upper_secondary", **by)

    def form_3(on):
        found = membership_breakdown(commune, on).by
        return {
            name: {label: figure.value for label, figure in found[name].items() if figure.value}
            for name in ("general_education", "occupation", "religion")
        }

    assert form_3(date(2014, 12, 31)) == {
        "general_education": {"lower_secondary": 1},
        "occupation": {"Giáo viên": 1},
        "religion": {"Không": 1},
    }
    assert form_3(date(2019, 6, 30)) == {
        "general_education": {"upper_secondary": 1},
        "occupation": {"Giáo viên": 1},
        "religion": {"Phật giáo": 1},
    }
    assert form_3(date(2024, 12, 31)) == {
        "general_education": {"upper_secondary": 1, "lower_secondary": 1},
        "occupation": {"Hưu trí": 1, "Nông dân": 1},
        "religion": {"Phật giáo": 1, "Không": 1},
    }
    # The hamlets without members (the commune's two; Dung's record names none): Co Sản before his
    # move, Na Ten from it.
    assert without_members(commune, date(2014, 12, 31)) == {"Bản Co Sản"}
    assert without_members(commune, date(2018, 2, 28)) == {"Bản Co Sản"}
    assert without_members(commune, date(2019, 6, 30)) == {"Bản Na Ten"}
    assert without_members(commune, date(2024, 12, 31)) == {"Bản Na Ten"}
    # Form 3's and 4's headline (religious, Youth Union): the fast path and the scan, day by day.
    for on, religious, youth in (
        (date(2015, 12, 31), 0, 1),
        (date(2016, 1, 1), 0, 0),
        (date(2018, 12, 31), 0, 0),
        (date(2019, 1, 1), 1, 0),
    ):
        fast, plain = membership_on(commune, on), membership_scan(commune, on)
        assert (fast.religious.value, fast.youth_union.value) == (religious, youth), on
        assert (plain.religious.value, plain.youth_union.value) == (religious, youth), on
    # Form 2 of 2024: Dung at her ceremony had lower secondary, whatever her record says today.
    admitted = admissions_in(commune, Period(date(2024, 1, 1), date(2025, 1, 1)))
    assert {k: v.value for k, v in admitted.by["general_education"].items() if v.value} == {
        "lower_secondary": 1
    }
    dung.refresh_from_db()
    assert dung.general_education == "upper_secondary"


@time_machine.travel(TODAY, tick=False)
def test_a_dated_attribute_is_not_corrected_on_the_persons_row(cast):
    """Once a kind is dated, the person's row holds only a copy of today's value: correcting the
    copy would leave the facts saying otherwise, so the correction points to the facts."""
    from partyorg.members.services import PersonRefused, correct_person

    _, _, _, pom = cast
    facts.record_fact(
        pom, FactKind.OCCUPATION, date(2020, 9, 1), value="Hưu trí", legal_basis=BASIS, recorded_by="xa"
    )
    with pytest.raises(PersonRefused, match=r"nghề nghiệp của Lò Văn Pọm \(P\d+\) đã ghi theo thời gian"):
        correct_person(pom, {"occupation": "Nông dân"}, recorded_by="xa", note="Sai")
    correct_person(pom, {"full_name": "Lò Văn Pọm B"}, recorded_by="xa", note="Sai chính tả")
    pom.refresh_from_db()
    assert (pom.full_name, pom.occupation) == ("Lò Văn Pọm B", "Hưu trí")


@time_machine.travel(TODAY, tick=False)
def test_the_command_records_corrects_withdraws_and_lists_facts(cast):
    from io import StringIO

    from django.core.management import CommandError, call_command

    commune, _, co_san, pom = cast

    def fact(*args):
        out = StringIO()
        call_command("fact", pom.code, *args, "--by", "xa", stdout=out)
        return out.getvalue()

    listed = fact("--kind", "residence", "--from", "01/03/2019", "--locality", co_san.code)
    assert "nơi cư trú: Bản Co Sản — từ 01/03/2019" in listed
    assert "nơi cư trú: Bản Na Ten — từ trước khi có hồ sơ" in listed
    wrong = PersonFact.objects.get(person=pom, valid_from=date(2019, 3, 1))
    listed = fact(
        "--correct", str(wrong.uid), "--from", "01/03/2018", "--locality", co_san.code, "--note", "Sai năm"
    )
    assert "Bản Co Sản — từ 01/03/2018" in listed and "01/03/2019" not in listed
    assert without_members(commune, date(2018, 6, 30)) == {"Bản Na Ten"}
    with pytest.raises(CommandError, match="Không tìm thấy đơn vị hành chính có mã 99"):
        fact("--kind", "residence", "--from", "01/03/2020", "--locality", "99")
    with pytest.raises(CommandError, match="phải là một thôn"):
        fact("--kind", "residence", "--from", "01/03/2020", "--locality", "01")
