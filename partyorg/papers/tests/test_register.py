"""The register: numbers run on per issuing body, kind and period, are never given twice, and two
officers numbering at the same moment get two numbers (SQLite and PostgreSQL)."""

from __future__ import annotations

import threading
from datetime import date

import pytest
from django.db import connection
from django.test import override_settings

from partyorg import testing
from partyorg.committees.models import CongressKind
from partyorg.committees.services import record_congress
from partyorg.members.models import EventKind, MembershipEvent
from partyorg.members.services import record_event
from partyorg.papers import services
from partyorg.papers.models import Paper
from partyorg.papers.services import PaperRefused, issue_paper, withdraw_paper
from partyorg.papers.tests.cast import BY, NONE

DECIDED = date(2017, 3, 1)


def decisions(
    tree: testing.Tree, n: int, *, on: date = DECIDED, durable: bool = False
) -> list[MembershipEvent]:
    """``n`` people decided for admission into cell_a on ``on``, without a number yet."""
    record = record_event if durable else record_event.within
    return [
        record(
            testing.person(f"Quần chúng {i}", birth_date=date(1990, 1, 1)),
            EventKind.ADMISSION_DECIDED,
            on,
            organization=tree.cell_a,
            legal_basis=NONE,
            recorded_by=BY,
        )
        for i in range(n)
    ]


@pytest.mark.django_db
def test_numbers_run_on_per_body_kind_and_year() -> None:
    tree = testing.build_tree()
    first, second, third = decisions(tree, 3)
    a = issue_paper(first, issuer=tree.district, recorded_by=BY)
    b = issue_paper(second, issuer=tree.district, recorded_by=BY)
    # The commune committee keeps a register of its own ("ĐU"), from 1.
    c = issue_paper(third, issuer=tree.commune, recorded_by=BY)
    assert [a.full_number, b.full_number, c.full_number] == ["1-QĐ/HU", "2-QĐ/HU", "1-QĐ/ĐU"]
    assert c.body_name == "Đảng ủy xã Nà Tấu" and c.content["collective"] == "ĐẢNG ỦY XÃ NÀ TẤU"
    assert c.content["on_behalf"] == "T/M ĐẢNG ỦY"  # an authorized grassroots committee decides itself
    # A withdrawn number is never given again: the next is 3.
    withdraw_paper(b, recorded_by=BY, note="Nhầm người")
    (late,) = decisions(tree, 1, on=date(2017, 12, 29))
    assert issue_paper(late, issuer=tree.district, recorded_by=BY).full_number == "3-QĐ/HU"
    (next_year,) = decisions(tree, 1, on=date(2018, 1, 2))
    assert issue_paper(next_year, issuer=tree.district, recorded_by=BY).full_number == "1-QĐ/HU"


@pytest.mark.django_db
def test_a_number_taken_meanwhile_is_retried_with_the_next(monkeypatch: pytest.MonkeyPatch) -> None:
    """What a second officer numbering at the same moment sees: the number it read as free is taken
    when it writes; the unique constraint refuses it and the next number is given."""
    tree = testing.build_tree()
    first, second = decisions(tree, 2)
    issue_paper(first, issuer=tree.district, recorded_by=BY)
    calls: list[int] = []
    real = services.next_number

    def stale(*args: object) -> int:
        calls.append(1)
        return 1 if len(calls) == 1 else real(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(services, "next_number", stale)
    paper = issue_paper(second, issuer=tree.district, recorded_by=BY)
    assert (paper.full_number, len(calls)) == ("2-QĐ/HU", 2)
    # The try that failed left nothing behind: one correction of the event, citing number 2.
    (cited,) = MembershipEvent.objects.filter(corrects=second)
    assert cited.basis_number == "2-QĐ/HU"


@pytest.mark.django_db(transaction=True)
def test_officers_numbering_at_the_same_moment_get_different_numbers(erasable_logs: None) -> None:
    """Six officers issue six admission decisions of the same register at once, each in its own
    thread and connection: six papers, numbered 1 to 6, each event citing its own.

    On PostgreSQL the unique constraint refuses all but one of each number and the others retry. A
    SQLite file takes one writer at a time (transactions begin IMMEDIATE, partyorg/settings.py), so
    the number is read under the write lock; the test database of SQLite is in memory with a shared
    cache, whose table locks make a second connection fail at once instead of waiting, so this
    test runs on PostgreSQL (``DATABASE_URL=postgres://…``) and on a SQLite file, not there."""
    in_memory = getattr(connection, "is_in_memory_db", lambda: False)()
    if connection.vendor == "sqlite" and in_memory:
        pytest.skip("cần PostgreSQL hoặc SQLite dạng tệp (cơ sở dữ liệu kiểm thử trong bộ nhớ khóa cả bảng)")
    tree = testing.build_tree()
    events = decisions(tree, 6, durable=True)
    start = threading.Barrier(len(events))
    errors: list[BaseException] = []

    def issue(event: MembershipEvent) -> None:
        try:
            start.wait()
            issue_paper(event, issuer=tree.district, recorded_by=BY)
        except BaseException as error:
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=issue, args=(event,)) for event in events]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    numbers = sorted(Paper.objects.values_list("number", flat=True))
    assert numbers == [1, 2, 3, 4, 5, 6]
    for paper in Paper.objects.select_related("event"):
        assert paper.event.basis_number == paper.full_number


@pytest.mark.django_db
def test_numbering_by_committee_term() -> None:
    """With numbering by term (Hướng dẫn 36-HD/VPTW §II.1.3.1 [P]: from 01 for each kind of paper in
    a committee's term), the run goes on across 1 January and starts again with the congress that
    opens the next term; without a recorded term nothing is numbered."""
    tree = testing.build_tree()
    (before,) = decisions(tree, 1)
    with override_settings(PARTYORG_PAPERS={"numbering": "term"}):
        with pytest.raises(PaperRefused) as refused:
            issue_paper(before, issuer=tree.district, recorded_by=BY)
        assert refused.value.message == (
            "Chưa ghi đại hội mở nhiệm kỳ của Huyện ủy Mường Khoa: không đánh số theo nhiệm kỳ được."
        )
        for held_on, first, last in ((date(2015, 8, 20), 2015, 2020), (date(2020, 8, 15), 2020, 2025)):
            record_congress(
                tree.district,
                kind=CongressKind.REGULAR,
                held_on=held_on,
                term_first_year=first,
                term_last_year=last,
                legal_basis=NONE,
                recorded_by=BY,
            )
        papers = [
            issue_paper(event, issuer=tree.district, recorded_by=BY)
            for day in (date(2019, 12, 30), date(2020, 1, 6), date(2020, 9, 1), date(2021, 3, 1))
            for event in decisions(tree, 1, on=day)
        ]
    assert [(p.period, p.full_number) for p in papers] == [
        ("NK từ 20/08/2015", "1-QĐ/HU"),
        ("NK từ 20/08/2015", "2-QĐ/HU"),  # 2020 goes on with the term's run
        ("NK từ 15/08/2020", "1-QĐ/HU"),  # the new term starts from 01
        ("NK từ 15/08/2020", "2-QĐ/HU"),
    ]
