"""A member who predates the records in the REST API (issue 15, partyorg.rules.opening): the member's
answer gives the opening's days and the party age they give; a member outside the reader's
organizations is not found. Cast: partyorg.testing's tree."""

from datetime import date

import pytest
from django.test import Client
from django.urls import reverse

from partyorg import testing
from partyorg.accounts.models import Role
from partyorg.members.models import EventKind as K
from partyorg.members.models import MemberStatus

pytestmark = pytest.mark.django_db


def client_of(org, name):
    client = Client()
    client.force_login(testing.user_with(name, (org, Role.VIEW)))
    return client


def test_the_member_answer_gives_the_opening_s_days_and_party_age():
    """RULES.md §2.4 [V]: admitted 01/10/1979, no gap known: 40 years 0 months 0 days on 01/10/2019."""
    tree = testing.build_tree()
    ca = testing.person("Lò Văn Cả", birth_date=date(1955, 2, 1))
    testing.record(
        ca,
        K.OPENED,
        date(2010, 1, 1),
        organization=tree.cell_a,
        detail=MemberStatus.OFFICIAL,
        admitted_on=date(1979, 10, 1),
        ceremony_on=date(1979, 10, 15),
    )
    body = (
        client_of(tree.commune, "xa").get(reverse("api:member", args=[ca.code]), {"on": "2019-10-01"}).json()
    )
    assert body["first_decision_on"] == "1979-10-01"
    assert body["party_age"]["years"] == 40 and body["party_age"]["months"] == 0
    [opening] = body["events"]
    assert (opening["kind"], opening["admitted_on"], opening["ceremony_on"], opening["recognized_on"]) == (
        "opened",
        "1979-10-01",
        "1979-10-15",
        None,
    )
    # The school's secretary does not reach a member of cell A.
    neighbour = client_of(tree.school, "truong")
    assert neighbour.get(reverse("api:member", args=[ca.code]), {"on": "2019-10-01"}).status_code == 404
