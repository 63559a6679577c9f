"""A report marked as sent, set beside today's figures for the same period (issue: facts as they were
known). Hand-worked on the small tree of ``partyorg.testing``:

Chi bộ bản Na Ten (T.H.X.1) holds four members admitted in 2010, and the school's cell (T.H.S) one,
Giang, admitted in 2012: A = 5. Ê's admission was decided on 05/12/2016 and his ceremony recorded
as 10/01/2017: an admission of the first half of 2017 (B.1). Form 1 of Huyện ủy Mường Khoa (T.H) for
01/01–30/06/2017, sent on 05/07/2017, says so: A = 5, B.1 = 1, C.1 = 0, D = 6.

In February 2018 two rows come in late: Bình's death on 20/05/2017, and the correction of Ê's
ceremony to 15/12/2016 (before the period). Today's form 1 for the same period: A = 6 (Ê was a
member by 31/12/2016), B.1 = 0, C.1 = 1, D = 5. The comparison names Bình and Ê; not Giang, a
member of the district all along with nothing recorded late.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
import time_machine

from partyorg import testing
from partyorg.members import services as members
from partyorg.members.models import EventKind, MembershipEvent
from partyorg.reports.models import SentReport
from partyorg.reports.sent import compare, sent_for
from partyorg.reports.services import SentReportRefused, send_report, withdraw_sent_report
from partyorg.reports.statistics import Period

pytestmark = pytest.mark.django_db

H1_2017 = Period.half_year(2017, 1)
SENT_AT = datetime(2017, 7, 5, 9, 0, tzinfo=UTC)
LATE_AT = datetime(2018, 2, 12, 14, 0, tzinfo=UTC)


@pytest.fixture
def sent_and_late():
    return build_cast()


def build_cast():
    with time_machine.travel(datetime(2017, 3, 1, tzinfo=UTC), tick=False):
        tree = testing.build_tree()
        people = [testing.person(name) for name in ("Lò Văn An", "Lò Văn Bình", "Lò Thị Cúc", "Lò Văn Dũng")]
        for p in people:
            testing.admit(p, tree.cell_a, date(2010, 3, 1))
        e = testing.person("Quàng Văn Ê")
        testing.admit(e, tree.cell_a, date(2016, 12, 5), ceremony_on=date(2017, 1, 10), recognize=False)
        bystander = testing.person("Lò Văn Giang")  # nothing recorded late: never named
        testing.admit(bystander, tree.school, date(2012, 4, 1))
    with time_machine.travel(SENT_AT, tick=False):
        sent = send_report.within(tree.district, "members-flow", H1_2017, recorded_by="can-bo-huyen")
    with time_machine.travel(LATE_AT, tick=False):
        testing.record(people[1], EventKind.DIED, date(2017, 5, 20))
        ceremony = MembershipEvent.objects.get(person=e, kind=EventKind.ADMISSION_CEREMONY)
        members.correct_event.within(
            ceremony,
            effective_on=date(2016, 12, 15),
            recorded_by="can-bo-xa",
            legal_basis=testing.BASIS,
            note="Biên bản lễ kết nạp ghi ngày 15/12/2016",
        )
    return tree, sent, people[1], e, bystander


# Form 1's lines as this module names them (RULES.md §6.2: A, B, B.1 admission, C, C.1 death, D),
# by the number and words the form prints.
LINES = {
    "A": ("A.", "Tổng số đảng viên cuối kỳ trước chuyển sang"),
    "B": ("B.", "Đảng viên tăng trong kỳ"),
    "B.1": ("1.", "Kết nạp"),
    "C": ("C.", "Đảng viên giảm trong kỳ"),
    "C.1": ("1.", "Từ trần"),
    "D": ("D.", "Đảng viên trong danh sách cuối kỳ báo cáo"),
}


def this_period(comparison, code):
    (line,) = [line for line in comparison.lines if (line.code, line.label) == LINES[code]]
    return line.sent[0], line.today[0]


def test_the_sent_report_beside_today_names_the_late_death_and_the_corrected_admission(sent_and_late):
    _tree, sent, _binh, _e, bystander = sent_and_late
    comparison = compare(SentReport.objects.get(pk=sent.pk))
    assert this_period(comparison, "A") == (5, 6)
    assert this_period(comparison, "B.1") == (1, 0)
    assert this_period(comparison, "C.1") == (0, 1)
    assert this_period(comparison, "D") == (6, 5)
    assert {(line.code, line.label) for line in comparison.changed_lines} >= set(LINES.values())
    assert [p.full_name for p in comparison.people] == ["Lò Văn Bình", "Quàng Văn Ê"]  # by code
    by_name = {p.full_name: p for p in comparison.people}
    (death,) = by_name["Lò Văn Bình"].rows
    assert death.what == "Từ trần ngày 20/05/2017"
    assert death.recorded_at == LATE_AT
    (correction,) = by_name["Quàng Văn Ê"].rows
    assert correction.what == "Sửa “Lễ kết nạp ngày 10/01/2017” thành “Lễ kết nạp ngày 15/12/2016”"
    assert correction.recorded_by == "can-bo-xa"
    assert bystander.full_name not in by_name


def test_what_was_sent_stays_as_it_was_and_a_mark_is_withdrawn_by_a_new_row(sent_and_late):
    tree, sent, *_ = sent_and_late
    stored = SentReport.objects.get(pk=sent.pk)
    assert stored.lines == sent.lines and stored.recorded_at == SENT_AT
    assert list(sent_for({tree.district.pk})) == [stored]
    with pytest.raises(SentReportRefused):
        withdraw_sent_report(stored, recorded_by="can-bo-huyen", note="")
    withdrawal = withdraw_sent_report(stored, recorded_by="can-bo-huyen", note="Đánh dấu nhầm kỳ")
    assert withdrawal.corrects_id == stored.pk and withdrawal.withdrawn
    assert not sent_for({tree.district.pk}).exists()
    assert SentReport.objects.count() == 2  # the mark and its withdrawal: nothing deleted


def test_a_form_that_does_not_exist_is_refused(sent_and_late):
    tree, *_ = sent_and_late
    with pytest.raises(SentReportRefused, match="Không có biểu"):
        send_report(tree.district, "bieu-9", H1_2017, recorded_by="can-bo-huyen")


def test_the_command_line_marks_a_form_sent_and_compares_it(sent_and_late, tmp_path):
    """`partyorg report … --sent` keeps the form as written; `partyorg sent compare` prints the lines
    that differ today and the people recorded since, with what was recorded for them."""
    from io import StringIO

    from django.core.management import call_command

    tree, sent, *_ = sent_and_late
    out = StringIO()
    call_command("sent", "list", "--org", tree.district.code, stdout=out)
    assert str(sent.uid) in out.getvalue()
    out = StringIO()
    call_command("sent", "compare", str(sent.uid), stdout=out)
    text = out.getvalue()
    assert "1.    Từ trần: đã gửi 0, hôm nay 1" in text
    assert "Lò Văn Bình" in text and "Từ trần ngày 20/05/2017 — ghi ngày 12/02/2018" in text
    assert "Quàng Văn Ê" in text and "Lò Văn Giang" not in text
    with time_machine.travel(datetime(2018, 7, 4, 9, 0, tzinfo=UTC), tick=False):
        call_command(
            "report", "membership", "--org", tree.district.code, "--to", "30/06/2018",
            "--out", str(tmp_path / "bieu3.xlsx"), "--sent", "--by", "can-bo-huyen", stdout=StringIO(),
        )  # fmt: skip
    marked = SentReport.objects.get(form="membership")
    assert (marked.last_day, marked.recorded_by, marked.title) == (
        date(2018, 6, 30),
        "can-bo-huyen",
        "THỐNG KÊ ĐỘI NGŨ ĐẢNG VIÊN",
    )
    assert marked.lines[0][2][0] == 5  # the total as printed that day: four members of 2010 and Ê
    out = StringIO()
    call_command("sent", "compare", str(marked.uid), stdout=out)
    assert "Số liệu hôm nay không khác số liệu đã gửi." in out.getvalue()


class Discard(Exception):
    pass


def test_what_was_sent_travels_in_a_file_and_loads_as_it_was_sent(tmp_path):
    """An export carries each sent report with its lines as sent (sheet 'Biểu đã gửi'); loaded into
    an empty database they stay as they were sent, not as the form prints today (the cast's late
    rows make the two differ), the withdrawal of a mark travels with it, and exporting again gives
    the same file."""
    from django.db import transaction

    from partyorg.exchange.dump import dump
    from partyorg.exchange.formats import read_file, write_file
    from partyorg.exchange.load import load

    first = tmp_path / "first.jsonl"
    try:
        with transaction.atomic():
            _tree, sent, *_ = build_cast()
            with time_machine.travel(datetime(2018, 3, 1, tzinfo=UTC), tick=False):
                second = send_report.within(_tree.district, "admissions", H1_2017, recorded_by="can-bo-huyen")
                withdraw_sent_report.within(second, recorded_by="can-bo-huyen", note="Gửi nhầm kỳ")
            write_file(dump(), first)
            as_sent = {str(r.uid): (r.lines, r.withdrawn) for r in SentReport.objects.all()}
            raise Discard
    except Discard:
        pass
    assert not SentReport.objects.exists()
    assert load(read_file(first)).created["sent_report"] == 3
    assert {str(r.uid): (r.lines, r.withdrawn) for r in SentReport.objects.all()} == as_sent
    loaded = SentReport.objects.get(uid=sent.uid)
    assert this_period(compare(loaded), "C.1") == (0, 1)  # as sent, beside today's
    again = tmp_path / "again.jsonl"
    write_file(dump(), again)
    assert again.read_text(encoding="utf-8") == first.read_text(encoding="utf-8")
