"""Members who predate the records in the interchange (issue 15): an opening (event kind `opened`,
docs/interchange.md "Members who predate the records") is written by the export, read by the import
and kept by a round trip; a bad one is refused naming sheet, row, column and person; what it does not
know is a data-quality finding (partyorg.rules.opening, [U]). Cast: partyorg.testing's tree."""

import dataclasses
import uuid
from datetime import date, datetime

import pytest
from django.db import transaction
from django.utils import timezone

from partyorg import testing
from partyorg.accounts.models import Role
from partyorg.accounts.scope import Scope
from partyorg.core.interchange import Location
from partyorg.exchange.dump import dump
from partyorg.exchange.formats import read_file, write_file
from partyorg.exchange.load import load
from partyorg.exchange.records import ExchangeError
from partyorg.exchange.scope_check import out_of_scope
from partyorg.members import services
from partyorg.members.interchange import EventRecord, PersonRecord
from partyorg.members.models import EventKind as K
from partyorg.members.models import MembershipEvent, MembershipInterval, MemberStatus, Person
from partyorg.members.queries import person_on
from partyorg.organizations.models import OrgKind, OrgVersion
from partyorg.reports.statistics import Period, members_flow
from partyorg.reports.statistics.stocks import HEADLINE, membership_on

pytestmark = pytest.mark.django_db

OPENED_ON = date(2010, 1, 1)
DAYS = [date(2009, 12, 31), OPENED_ON, date(2012, 6, 30), date(2019, 10, 1)]
AT = datetime(2024, 3, 1, 9, 0, tzinfo=timezone.get_fixed_timezone(7 * 60))


class Discard(Exception):
    pass


def build_openings() -> None:
    """A province whose records begin on 01/01/2010: one member admitted in the records, three
    opened (known days, unknown admission corrected later, probationary with a ceremony), one opened
    whose admission stays unknown, and a recognition and a transfer after the opening."""
    tree = testing.build_tree()
    pom = testing.person("Lò Văn Pọm")
    testing.admit(pom, tree.cell_a, date(2005, 3, 1))
    ca = testing.person("Lò Văn Cả", birth_date=date(1955, 2, 1))
    testing.record(
        ca,
        K.OPENED,
        OPENED_ON,
        organization=tree.cell_a,
        detail=MemberStatus.OFFICIAL,
        admitted_on=date(1979, 10, 1),
        ceremony_on=date(1979, 10, 15),
        recognized_on=date(1980, 10, 15),
        external_place="Đảng bộ tỉnh Lai Châu (cũ)",
    )
    testing.record(ca, K.TRANSFER_OUT, date(2012, 3, 1), other_organization=tree.school)
    testing.record(ca, K.TRANSFER_IN, date(2012, 3, 10), organization=tree.school)
    hai = testing.person("Lò Thị Hai", sex="female", birth_date=date(1960, 3, 3))
    wrong = testing.record(hai, K.OPENED, OPENED_ON, organization=tree.cell_b)
    services.correct_event.within(
        wrong,
        recorded_by=testing.OFFICER,
        legal_basis=testing.BASIS,
        note="Ngày kết nạp theo thẻ đảng viên",
        admitted_on=date(1985, 5, 19),
    )
    ba = testing.person("Lò Thị Ba", sex="female", birth_date=date(1985, 4, 4))
    testing.record(
        ba,
        K.OPENED,
        OPENED_ON,
        organization=tree.school,
        detail=MemberStatus.PROBATIONARY,
        admitted_on=date(2009, 6, 1),
        ceremony_on=date(2009, 6, 20),
    )
    testing.record(ba, K.RECOGNIZED_OFFICIAL, date(2010, 6, 20))
    bon = testing.person("Lò Văn Bốn")
    testing.record(bon, K.OPENED, OPENED_ON, organization=tree.cell_b)


def answers() -> tuple[object, ...]:
    """The derived rows, the headline figures on days before and after the opening, form 1 of its
    half-year and each person's first decision and party age: as codes and numbers, so that two
    databases compare."""
    intervals = sorted(
        MembershipInterval.objects.values_list(
            "person__code", "organization__code", "valid_from", "valid_until", "status", "in_transit"
        )
    )
    province = OrgVersion.objects.filter(kind=OrgKind.PROVINCE).first().organization
    figures = [{name: getattr(membership_on(province, day), name).value for name in HEADLINE} for day in DAYS]
    flow = members_flow(province, Period.half_year(2010, 1))
    moves = {reason: figure.value for reason, figure in flow.entries.items()}
    ages = []
    for person in Person.objects.order_by("code"):
        on = person_on(person, date(2019, 10, 1))
        ages.append((person.code, on.first_decision_on, on.party_age))
    return intervals, figures, (flow.opening.value, moves, flow.closing.value), ages


def exported(tmp_path, suffix=".jsonl"):
    try:
        with transaction.atomic():
            build_openings()
            first = tmp_path / f"first{suffix}"
            write_file(dump(), first)
            before = answers()
            raise Discard
    except Discard:
        pass
    assert not Person.objects.exists()
    return first, before


@pytest.mark.parametrize("suffix", [".jsonl", ".xlsx"])
def test_openings_survive_the_round_trip(tmp_path, suffix):
    """Export → import into an empty database → the same derived rows, figures (hand-worked: 1 member
    on 31/12/2009, 5 from 01/01/2010; form 1 of 2010/I: A = 1, B = 4 opened, D = 5) and party ages
    (Ông Cả 40 years on 01/10/2019, RULES.md §2.4), and the same file again."""
    first, before = exported(tmp_path, suffix)
    report = load(read_file(first))
    assert report.created["event"] == MembershipEvent.objects.count()
    after = answers()
    assert after == before
    _, figures, (opening, moves, closing), ages = after
    assert [f["total"] for f in figures][:2] == [1, 5]
    assert (opening, moves["opened"], moves["admitted"], closing) == (1, 4, 0, 5)
    by_code = {code: (decided, age) for code, decided, age in ages}
    ca = Person.objects.get(full_name="Lò Văn Cả").code
    assert by_code[ca][0] == date(1979, 10, 1) and by_code[ca][1].years == 40
    bon = Person.objects.get(full_name="Lò Văn Bốn").code
    assert by_code[bon] == (None, None)
    second = tmp_path / f"second{suffix}"
    write_file(dump(), second)
    if suffix == ".jsonl":
        assert second.read_text(encoding="utf-8") == first.read_text(encoding="utf-8")
    else:
        assert list(read_file(second)) == list(read_file(first))


def test_an_unknown_admission_day_loads_as_a_finding_naming_the_person(tmp_path):
    """opening.admission_unknown [U]: Lò Văn Bốn's opening does not know his admission; Bà Hai's was
    corrected to give it, so she is not named."""
    first, _ = exported(tmp_path)
    report = load(read_file(first))
    named = [f for f in report.findings if "chưa rõ ngày quyết định kết nạp" in f]
    assert len(named) == 1 and "Lò Văn Bốn" in named[0]
    assert not any("Lò Thị Hai" in f for f in report.findings)


def opening_records(**fields):
    person = PersonRecord(code="M1", full_name="Lường Thị Mai", sex="female", birth_date=date(1960, 4, 2))
    opening = EventRecord(
        uid=str(uuid.uuid4()),
        person="M1",
        kind=K.OPENED,
        effective_on=OPENED_ON,
        recorded_at=AT,
        recorded_by="tinh",
        organization="T.H.X.1",
        **fields,
    )
    return [(Location("Người", 2), person), (Location("Sự kiện", 2), opening)]


@pytest.mark.parametrize(
    ("fields", "column", "reason"),
    [
        (
            {"admitted_on": date(2010, 2, 1)},
            "Ngày kết nạp (trước khi có hồ sơ)",
            "Ngày quyết định kết nạp (01/02/2010) sau ngày có hồ sơ (01/01/2010).",
        ),
        (
            {"admitted_on": date(1990, 3, 1), "ceremony_on": date(1990, 2, 1)},
            "Ngày lễ kết nạp (trước khi có hồ sơ)",
            "Ngày lễ kết nạp (01/02/1990) trước ngày quyết định kết nạp (01/03/1990).",
        ),
        (
            {"detail": "probationary", "recognized_on": date(2009, 1, 1)},
            "Ngày công nhận chính thức (trước khi có hồ sơ)",
            "Đảng viên dự bị chưa được công nhận chính thức: bỏ ngày công nhận chính thức.",
        ),
        ({"detail": "dự bị"}, "Chi tiết", "Trạng thái đảng viên không hợp lệ: dự bị"),
    ],
)
def test_a_bad_opening_is_refused_naming_sheet_row_column_and_person(fields, column, reason):
    testing.build_tree()
    with pytest.raises(ExchangeError) as refused:
        load(opening_records(**fields))
    problem = str(refused.value.problems[0])
    assert problem.startswith(
        f"Sự kiện, dòng 2, cột “{column}”: Quá trình của Lường Thị Mai (M1) mâu thuẫn: 01/01/2010: {reason}"
    )
    assert not Person.objects.exists() and not MembershipEvent.objects.exists()


def test_an_opening_s_days_on_another_event_are_refused_where_they_stand():
    testing.build_tree()
    rows = opening_records(admitted_on=date(1990, 3, 1))
    decision = dataclasses.replace(
        rows[1][1], uid=str(uuid.uuid4()), kind=K.ADMISSION_DECIDED, effective_on=date(2011, 1, 3)
    )
    with pytest.raises(ExchangeError) as refused:
        load([rows[0], (Location("Sự kiện", 2), decision)])
    assert str(refused.value.problems[0]) == (
        "Sự kiện, dòng 2, cột “Ngày kết nạp (trước khi có hồ sơ)”: Ngày kết nạp, lễ kết nạp, công nhận "
        "chính thức trước khi có hồ sơ chỉ ghi cho “Đảng viên từ trước khi có hồ sơ” (người M1)"
    )


def test_an_opening_outside_the_uploader_s_organizations_is_refused():
    """The web import holds a file against the uploader's scope (DESIGN.md invariant): the school's
    secretary may not open a member of cell A; the commune's officer may."""
    tree = testing.build_tree()
    records = opening_records(admitted_on=date(1990, 3, 1))
    neighbour = testing.user_with("truong", (tree.school, Role.EDIT))
    problems = [str(p) for p in out_of_scope(records, Scope(neighbour, date(2026, 1, 5)))]
    assert problems == [
        "Sự kiện, dòng 2, cột “Tổ chức”: Tổ chức “T.H.X.1” ngoài phạm vi được giao (ngày 01/01/2010)"
    ]
    officer = testing.user_with("xa", (tree.commune, Role.EDIT))
    assert out_of_scope(records, Scope(officer, date(2026, 1, 5))) == []
