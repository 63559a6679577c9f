"""`partyorg record CODE opened`: a member who predates the records, from the command line (issue 15;
partyorg.rules.opening). Cast: partyorg.testing's tree."""

from datetime import date
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from partyorg import testing
from partyorg.members.models import EventKind as K
from partyorg.members.models import MembershipEvent

pytestmark = pytest.mark.django_db


def run(*args: str) -> str:
    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def test_an_opening_with_its_admission_day_gives_the_party_age():
    """RULES.md §2.4 [V]: party age from the admission decision; hand-worked: admitted 01/10/1979,
    no gap known (opening.no_gaps_before [U]): 40 years 0 months 0 days on 01/10/2019."""
    testing.build_tree()
    ca = testing.person("Lò Văn Cả", birth_date=date(1955, 2, 1))
    printed = run(
        "record", ca.code, "opened", "--on", "01/01/2010", "--org", "T.H.X.1",
        "--detail", "official", "--admitted-on", "01/10/1979", "--ceremony-on", "15/10/1979",
        "--recognized-on", "15/10/1980", "--by", "can.bo",
    )  # fmt: skip
    assert "Đã ghi: Đảng viên từ trước khi có hồ sơ ngày 01/01/2010" in printed
    event = MembershipEvent.objects.get(person=ca, kind=K.OPENED)
    assert (event.admitted_on, event.ceremony_on, event.recognized_on) == (
        date(1979, 10, 1),
        date(1979, 10, 15),
        date(1980, 10, 15),
    )
    assert "40 năm 0 tháng 0 ngày" in run("person", ca.code, "--on", "01/10/2019")
    history = run("person", ca.code, "--on", "01/10/2019", "--history")
    assert (
        "01/01/2010  Đảng viên từ trước khi có hồ sơ (official) (kết nạp 01/10/1979, lễ kết nạp 15/10/1979, "
        "công nhận 15/10/1980)"
    ) in history


def test_a_day_after_the_opening_is_refused_in_vietnamese():
    testing.build_tree()
    hai = testing.person("Lò Thị Hai", sex="female")
    with pytest.raises(CommandError, match=r"Ngày quyết định kết nạp \(01/02/2010\) sau ngày có hồ sơ"):
        run(
            "record",
            hai.code,
            "opened",
            "--on",
            "01/01/2010",
            "--org",
            "T.H.X.1",
            "--admitted-on",
            "01/02/2010",
        )
    assert not MembershipEvent.objects.exists()


def test_the_history_says_which_days_are_unknown():
    testing.build_tree()
    hai = testing.person("Lò Thị Hai", sex="female")
    run("record", hai.code, "opened", "--on", "01/01/2010", "--org", "T.H.X.1", "--by", "can.bo")
    history = run("person", hai.code, "--history")
    assert (
        "Đảng viên từ trước khi có hồ sơ (kết nạp chưa rõ, lễ kết nạp chưa rõ, công nhận chưa rõ)" in history
    )
