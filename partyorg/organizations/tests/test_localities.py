"""Administrative units with a dated, correctable history (issue 15: "an administrative unit cannot
be ended later"). The dates are worked by hand on a small province: Tỉnh Hòa Sơn (11), its district
Huyện Mường Khoa (101), the commune Xã Nà Tấu (03250) with two hamlets, Bản Na Ten and Bản Co Sản.
On 01/07/2025 the districts end and the communes come directly under the province (the 2025
arrangement of administrative units: RULES.md §1.5 [V], two-level local government from
01/07/2025), which the decision of the Standing Committee of the National Assembly behind each change
records as the rows' legal basis."""

from datetime import UTC, date

import pytest
from django.db import transaction

from partyorg.core.records import LegalBasis
from partyorg.exchange.dump import dump
from partyorg.exchange.formats import read_file, write_file
from partyorg.exchange.load import load
from partyorg.exchange.records import ExchangeError
from partyorg.organizations import localities as services
from partyorg.organizations.interchange import (
    LocalityParentRecord,
    LocalityRecord,
)
from partyorg.organizations.localities import LocalityRefused
from partyorg.organizations.models import (
    Locality,
    LocalityChange,
    LocalityChangeKind,
    LocalityKind,
    LocalityParent,
)
from partyorg.reports.statistics.hamlets import hamlets_under

pytestmark = pytest.mark.django_db

REFORM = date(2025, 7, 1)
# The resolution of the Standing Committee of the National Assembly on the arrangement of the
# province's communes (its number is the province's; a made-up one here).
RESOLUTION = LegalBasis("9999/NQ-UBTVQH15", date(2025, 6, 16), "Ủy ban Thường vụ Quốc hội")
BY = "bantochuc.tinh"


def v1_rows() -> list[LocalityRecord | LocalityParentRecord]:
    """The units as a file of version 1 gives them: rows of today, no decisions, no end yet."""
    return [
        LocalityRecord("11", "Tỉnh Hòa Sơn", LocalityKind.PROVINCE),
        LocalityRecord("101", "Huyện Mường Khoa", LocalityKind.DISTRICT),
        LocalityRecord("03250", "Xã Nà Tấu", LocalityKind.COMMUNE),
        LocalityRecord("0325001", "Bản Na Ten", LocalityKind.HAMLET, is_ethnic_minority_area=True),
        LocalityRecord("0325002", "Bản Co Sản", LocalityKind.HAMLET, is_ethnic_minority_area=True),
        LocalityParentRecord("101", "11"),
        LocalityParentRecord("03250", "101"),
        LocalityParentRecord("0325001", "03250"),
        LocalityParentRecord("0325002", "03250"),
    ]


def rows(records):
    return [(None, r) for r in records]


def unit(code: str) -> Locality:
    return Locality.objects.get(code=code)


def hamlets(code: str, on: date) -> set[str]:
    return set(
        Locality.objects.filter(pk__in=hamlets_under(unit(code).pk, on)).values_list("code", flat=True)
    )


def test_a_version_1_file_loads_as_the_units_first_log_rows():
    report = load(rows(v1_rows()))
    assert report.created["locality"] == 5
    assert report.created["locality_parent"] == 4
    created = LocalityChange.objects.filter(kind=LocalityChangeKind.CREATED)
    assert created.count() == 5
    assert LocalityChange.objects.filter(kind=LocalityChangeKind.ATTACHED).count() == 4
    assert all(link.source is not None for link in LocalityParent.objects.all())
    assert hamlets("101", date(2020, 1, 1)) == {"0325001", "0325002"}
    # loading it again changes nothing
    again = load(rows(v1_rows()))
    assert sum(again.created.values()) == 0
    assert again.unchanged["locality"] == 5 and again.unchanged["locality_parent"] == 4


def test_a_district_ended_and_a_link_ended_later_are_stored_as_corrections_of_the_export():
    """The user's case: export, then send the district again with its end (01/07/2025) and the
    commune's link to it with the same end, and the commune's new link to the province."""
    load(rows(v1_rows()))
    exported = list(dump())
    sent = []
    for r in exported:
        if isinstance(r, LocalityRecord) and r.code == "101":
            r = LocalityRecord(r.code, r.name, r.kind, r.valid_from, REFORM, r.is_ethnic_minority_area)
        if isinstance(r, LocalityParentRecord) and r.locality == "03250":
            r = LocalityParentRecord(r.locality, r.parent, r.valid_from, REFORM)
        sent.append(r)
    sent.append(LocalityParentRecord("03250", "11", REFORM))

    report = load(rows(sent))

    assert report.created["locality_change"] == 2  # the district's end, the link's end: corrections
    assert report.created["locality_parent"] == 1  # the commune's new link
    assert report.unchanged["locality"] == 4  # not the district: it was corrected, not "đã có"
    assert report.unchanged["locality_parent"] == 3  # the district's and the two hamlets' links
    assert any("101" in note and "01/07/2025" in note for note in report.notes)
    assert unit("101").valid_until == REFORM
    assert LocalityParent.objects.get(locality=unit("101")).valid_until == REFORM  # ends with the unit
    end = LocalityChange.objects.get(locality=unit("101"), kind=LocalityChangeKind.ENDED)
    assert end.effective_on == REFORM and end.corrects is None
    corrected = LocalityChange.objects.get(
        locality=unit("03250"), kind=LocalityChangeKind.ATTACHED, until=REFORM
    )
    assert corrected.corrects is not None and corrected.corrects.until is None  # the wrong row stays
    # the tree of the day: before the reform the hamlets are the district's, after it the province's
    assert hamlets("101", date(2025, 6, 30)) == {"0325001", "0325002"}
    assert hamlets("101", REFORM) == set()
    assert hamlets("11", REFORM) == {"0325001", "0325002"}
    assert hamlets("11", date(2025, 6, 30)) == {"0325001", "0325002"}
    # the same file again: nothing new
    again = load(rows(sent))
    assert sum(again.created.values()) == 0


class Discard(Exception):
    pass


def test_the_export_carries_the_log_and_reloads_into_an_empty_database_to_the_same_file(tmp_path):
    first = tmp_path / "first.jsonl"
    try:
        with transaction.atomic():
            load(rows(v1_rows()))
            district = unit("101")
            wrong = services.record_locality_change.within(
                district,
                LocalityChangeKind.ENDED,
                effective_on=REFORM,
                legal_basis=RESOLUTION,
                recorded_by=BY,
            )
            services.correct_locality_change.within(
                wrong, legal_basis=RESOLUTION, recorded_by=BY, note="Sai ngày", effective_on=date(2025, 7, 2)
            )
            write_file(dump(), first)
            links = sorted(
                LocalityParent.objects.values_list(
                    "locality__code", "parent__code", "valid_from", "valid_until"
                ),
                key=str,
            )
            raise Discard
    except Discard:
        pass
    assert not Locality.objects.exists()

    report = load(read_file(first))

    assert report.created["locality_change"] == 11  # 5 created, 4 attached, an end and its correction
    assert report.unchanged["locality"] == 5 and report.unchanged["locality_parent"] == 4
    assert unit("101").valid_until == date(2025, 7, 2)
    assert LocalityChange.objects.get(corrects__isnull=False).basis_number == RESOLUTION.number
    assert (
        sorted(
            LocalityParent.objects.values_list("locality__code", "parent__code", "valid_from", "valid_until"),
            key=str,
        )
        == links
    )
    second = tmp_path / "second.jsonl"
    write_file(dump(), second)
    assert second.read_text(encoding="utf-8") == first.read_text(encoding="utf-8")


def test_commands_record_correct_and_withdraw_with_the_decision():
    load(rows(v1_rows()))
    commune = unit("03250")
    province = unit("11")
    attached = services.record_locality_change(
        commune,
        LocalityChangeKind.ATTACHED,
        effective_on=REFORM,
        parent=province,
        legal_basis=RESOLUTION,
        recorded_by=BY,
    )
    assert attached.legal_basis == "9999/NQ-UBTVQH15 ngày 16/06/2025 của Ủy ban Thường vụ Quốc hội"
    # the district link ends where the next attachment begins
    assert sorted(
        LocalityParent.objects.filter(locality=commune).values_list(
            "parent__code", "valid_from", "valid_until"
        )
    ) == [
        ("101", None, REFORM),
        ("11", REFORM, None),
    ]
    moved = services.correct_locality_change(
        attached, legal_basis=RESOLUTION, recorded_by=BY, note="Sai ngày", effective_on=date(2025, 7, 2)
    )
    assert moved.corrects == attached
    assert LocalityParent.objects.get(locality=commune, parent=province).valid_from == date(2025, 7, 2)
    with pytest.raises(LocalityRefused, match="đã được sửa hoặc hủy"):
        services.correct_locality_change(
            attached, legal_basis=RESOLUTION, recorded_by=BY, effective_on=REFORM
        )
    services.correct_locality_change(
        moved, legal_basis=RESOLUTION, recorded_by=BY, note="Nhập nhầm", withdrawn=True
    )
    assert list(
        LocalityParent.objects.filter(locality=commune).values_list("parent__code", "valid_until")
    ) == [("101", None)]
    # every row stays in the history, corrected ones included
    assert len([r for r in services.locality_history(commune) if r.kind == LocalityChangeKind.ATTACHED]) == 4


def test_refusals_name_the_unit():
    load(rows(v1_rows()))
    district, hamlet = unit("101"), unit("0325001")
    with pytest.raises(LocalityRefused, match="101: thiếu ngày chấm dứt"):
        services.record_locality_change(
            district, LocalityChangeKind.ENDED, effective_on=None, legal_basis=RESOLUTION, recorded_by=BY
        )
    with pytest.raises(LocalityRefused, match="101 không thể trực thuộc"):
        services.record_locality_change(
            district,
            LocalityChangeKind.ATTACHED,
            effective_on=date(2020, 1, 1),
            parent=hamlet,
            legal_basis=RESOLUTION,
            recorded_by=BY,
        )
    with pytest.raises(LocalityRefused, match="101: thiếu đơn vị được nhập vào"):
        services.record_locality_change(
            district, LocalityChangeKind.MERGED, effective_on=REFORM, legal_basis=RESOLUTION, recorded_by=BY
        )
    assert LocalityChange.objects.filter(locality=district).count() == 2  # its creation and link only


def test_a_file_that_takes_an_end_away_is_refused_naming_the_unit():
    load(rows(v1_rows()))
    services.record_locality_change(
        unit("101"), LocalityChangeKind.ENDED, effective_on=REFORM, legal_basis=RESOLUTION, recorded_by=BY
    )
    with pytest.raises(ExchangeError, match="Đơn vị 101 đã chấm dứt từ 01/07/2025"):
        load(rows(v1_rows()))
    assert unit("101").valid_until == REFORM


def test_a_merger_ends_the_unit_and_its_links():
    load(rows(v1_rows()))
    load(
        rows(
            [
                LocalityRecord("03251", "Xã Mường Khoa", LocalityKind.COMMUNE),
                LocalityParentRecord("03251", "101"),
            ]
        )
    )
    nà_tấu, mường_khoa = unit("03250"), unit("03251")
    for hamlet in ("0325001", "0325002"):
        services.record_locality_change(
            unit(hamlet),
            LocalityChangeKind.ATTACHED,
            effective_on=REFORM,
            parent=mường_khoa,
            legal_basis=RESOLUTION,
            recorded_by=BY,
        )
    services.record_locality_change(
        nà_tấu,
        LocalityChangeKind.MERGED,
        effective_on=REFORM,
        successor=mường_khoa,
        legal_basis=RESOLUTION,
        recorded_by=BY,
    )
    assert unit("03250").valid_until == REFORM
    assert LocalityParent.objects.get(locality=nà_tấu).valid_until == REFORM
    assert hamlets("03250", date(2025, 6, 30)) == {"0325001", "0325002"}
    assert hamlets("03251", REFORM) == {"0325001", "0325002"}
    assert hamlets("101", REFORM) == {"0325001", "0325002"}


def test_a_unit_as_known_before_its_end_was_recorded():
    """The district's end recorded on 10/07/2025: as known on 05/07/2025 (the report sent then) the
    district still stood on 01/07/2025 with its hamlets; as known now it did not."""
    from datetime import datetime

    import time_machine

    from partyorg.members.known import as_known_on

    with time_machine.travel(datetime(2025, 6, 1, 8, 0, tzinfo=UTC), tick=False):
        load(rows(v1_rows()))
    with time_machine.travel(datetime(2025, 7, 10, 8, 0, tzinfo=UTC), tick=False):
        services.record_locality_change(
            unit("101"), LocalityChangeKind.ENDED, effective_on=REFORM, legal_basis=RESOLUTION, recorded_by=BY
        )
    assert hamlets("101", REFORM) == set()
    with as_known_on(datetime(2025, 7, 5, 0, 0, tzinfo=UTC)):
        assert unit("101").valid_until is None
        assert hamlets("101", REFORM) == {"0325001", "0325002"}
    assert unit("101").valid_until == REFORM
