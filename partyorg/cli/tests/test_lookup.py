"""Commands find the organization and the person they are given by code (partyorg.cli.lookup), and
refuse a code that names nobody before writing anything."""

import pytest
from django.core.management import CommandError, call_command

from partyorg import testing
from partyorg.committees.models import PositionRecord
from partyorg.discipline.models import DisciplinaryMeasure
from partyorg.meetings.models import ResidenceTie
from partyorg.members.models import MembershipEvent
from partyorg.recruitment.models import Candidate

pytestmark = pytest.mark.django_db

NOBODY = "P-KHONG-CO"
ON = ("--on", "01/01/2020")


@pytest.mark.parametrize(
    "args",
    [
        ("record", NOBODY, "died", *ON),
        ("discipline", "add", "--person", NOBODY, "--sanction", "reprimand", "--on", "01/01/2020"),
        ("position", "add", "--org", "T.H.X", "--person", NOBODY, "--position", "member", *ON),
        ("candidate", "add", "--org", "T.H.X.1", "--person", NOBODY, "--on", "01/01/2020"),
        ("dues", "due", NOBODY, "--month", "01/2020"),
        ("residence", "tie", "--person", NOBODY, "--org", "T.H.X.1", "--on", "01/01/2020"),
    ],
    ids=lambda args: args[0],
)
def test_a_person_code_that_names_nobody_is_refused_and_nothing_is_written(args):
    testing.build_tree()
    with pytest.raises(CommandError, match=f"Không tìm thấy người có mã {NOBODY}"):
        call_command(*args)
    assert not MembershipEvent.objects.exists()
    assert not DisciplinaryMeasure.objects.exists()
    assert not PositionRecord.objects.exists()
    assert not Candidate.objects.exists()
    assert not ResidenceTie.objects.exists()


def test_an_organization_code_that_names_nothing_is_refused():
    with pytest.raises(CommandError, match=r"Không tìm thấy tổ chức có mã T\.KHONG"):
        call_command("discipline", "add", "--org", "T.KHONG", "--sanction", "reprimand", "--on", "01/01/2020")
