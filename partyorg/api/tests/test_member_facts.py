"""The API's person endpoints on a day (issue 15): ``/members/{code}`` returns the dated facts holding
on ``on``, ``/members/{code}/facts`` every period and every row behind them; both take ``known_on``
(the parameter of ``/organizations/{code}/figures``); both keep the scope (a neighbour: 404) and
write every read to the read log.

Cast and hand-worked values: ``partyorg.members.tests.test_profile`` (Lò Văn Pọm moved from Na Ten
"01.0", cell A, to Co Sản "01.1", cell B, on 01/03/2018; "Đại học" from 15/07/2019; a civil servant
from 01/09/2020, first recorded from 01/09/2021 and corrected on 10/10/2020)."""

from __future__ import annotations

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from partyorg import testing
from partyorg.accounts.models import ReadChannel, ReadEntry, ReadKind, Role
from partyorg.api.tokens import issue_token
from partyorg.members.tests.test_profile import TODAY, build_mover

pytestmark = pytest.mark.django_db


@pytest.fixture
def cast():
    with time_machine.travel(TODAY, tick=False):
        return build_mover()


def token_client(org, role, name):
    _, token = issue_token(testing.user_with(name, (org, role)), "kiểm thử")
    return Client(HTTP_AUTHORIZATION=f"Bearer {token}")


def url(name, code):
    return reverse(f"api:{name}", args=[code])


def facts_of(body):
    return {f["kind"]: f for f in body["facts"]}


@time_machine.travel(TODAY, tick=False)
@pytest.mark.parametrize(
    ("on", "cell", "hamlet", "level", "occupation"),
    [
        ("31/12/2017", "T.H.X.1", "01.0", "Trung cấp", "Nông dân"),
        ("2018-03-01", "T.H.X.2", "01.1", "Trung cấp", "Nông dân"),  # the move's day, ISO
        ("14/07/2019", "T.H.X.2", "01.1", "Trung cấp", "Nông dân"),
        ("15/07/2019", "T.H.X.2", "01.1", "Đại học", "Nông dân"),
        ("31/08/2020", "T.H.X.2", "01.1", "Đại học", "Nông dân"),
        ("01/09/2020", "T.H.X.2", "01.1", "Đại học", "Cán bộ, công chức"),
    ],
)
def test_the_person_on_days_before_and_after_each_change(cast, on, cell, hamlet, level, occupation):
    client = token_client(cast.tree.commune, Role.VIEW, "xa")
    body = client.get(url("member", cast.pom.code), {"on": on}).json()
    assert body["organization_code"] == cell and body["known_on"] is None
    facts = facts_of(body)
    assert facts["residence"]["locality_code"] == hamlet and facts["residence"]["dated"] is True
    assert facts["professional_level"]["value"] == level
    assert facts["occupation"]["value"] == occupation
    education = facts["general_education"]
    assert (education["value"], education["label"], education["dated"]) == (
        "upper_secondary",
        "Trung học phổ thông",
        False,
    )


@time_machine.travel(TODAY, tick=False)
def test_the_facts_endpoint_lists_every_period_and_row_with_the_correction_chain(cast):
    client = token_client(cast.tree.commune, Role.VIEW, "xa")
    body = client.get(url("member_facts", cast.pom.code), {"on": "31/12/2020"}).json()
    assert (body["code"], body["on"], body["known_on"]) == (cast.pom.code, "2020-12-31", None)
    residence = facts_of(body)["residence"]
    assert [
        (p["valid_from"], p["valid_until"], p["locality_code"], p["holds"]) for p in residence["periods"]
    ] == [
        (None, "2018-03-01", "01.0", False),
        ("2018-03-01", None, "01.1", True),
    ]
    assert residence["label"] == "Bản Co Sản, Xã Nà Tấu"
    occupation = facts_of(body)["occupation"]
    assert (occupation["valid_from"], occupation["valid_until"]) == ("2020-09-01", None)
    kept, wrong, right = occupation["records"]
    assert (kept["valid_from"], kept["value"], kept["in_force"]) == (None, "Nông dân", True)
    assert (wrong["valid_from"], wrong["in_force"], wrong["corrected_by_uid"]) == (
        "2021-09-01",
        False,
        str(cast.right.uid),
    )
    assert (right["corrects_uid"], right["note"], right["in_force"]) == (str(cast.wrong.uid), "Sai năm", True)
    assert right["legal_basis"] == {
        "number": "45/QĐ-UBND",
        "issued_on": "2020-08-25",
        "issuer": "UBND xã Nà Tấu",
        "text": "45/QĐ-UBND ngày 25/08/2020 của UBND xã Nà Tấu",
    }
    assert right["recorded_at"].startswith("2020-10-10") and right["recorded_by"] == "xa"


@time_machine.travel(TODAY, tick=False)
def test_known_on_leaves_out_what_was_recorded_later(cast):
    client = token_client(cast.tree.commune, Role.VIEW, "xa")
    # End of 30/09/2020: the occupation from 01/09/2021 (the mistake stood, its correction not yet).
    body = client.get(url("member", cast.pom.code), {"on": "31/12/2020", "known_on": "30/09/2020"}).json()
    assert body["known_on"] == "2020-09-30" and facts_of(body)["occupation"]["value"] == "Nông dân"
    listed = client.get(
        url("member_facts", cast.pom.code), {"on": "31/12/2020", "known_on": "30/09/2020"}
    ).json()
    occupation = facts_of(listed)["occupation"]
    assert [(r["valid_from"], r["in_force"]) for r in occupation["records"]] == [
        (None, True),
        ("2021-09-01", True),
    ]
    # End of 31/12/2017: neither the transfer nor the move of 03/2018 was recorded.
    old = client.get(url("member", cast.pom.code), {"on": "30/06/2018", "known_on": "31/12/2017"}).json()
    assert old["organization_code"] == "T.H.X.1"
    assert [e["kind"] for e in old["events"]] == [
        "admission_decided",
        "admission_ceremony",
        "recognized_official",
    ]
    assert (
        facts_of(old)["residence"]["locality_code"] == "01.0" and facts_of(old)["residence"]["dated"] is False
    )
    # A day that does not exist is refused, naming the parameter.
    bad = client.get(url("member_facts", cast.pom.code), {"known_on": "31/02/2020"})
    assert bad.status_code == 422 and bad.json()["errors"][0]["name"] == "known_on"


@time_machine.travel(TODAY, tick=False)
def test_every_read_is_logged_and_a_neighbour_reaches_nothing(cast):
    client = token_client(cast.tree.commune, Role.VIEW, "xa")
    for name in ("member", "member_facts"):
        assert (
            client.get(url(name, cast.pom.code), {"on": "30/06/2018", "known_on": "31/12/2017"}).status_code
            == 200
        )
    reads = ReadEntry.objects.filter(person=cast.pom, kind=ReadKind.PERSON).order_by("pk")
    assert [(r.username, r.channel) for r in reads] == [("xa", ReadChannel.API)] * 2
    assert (
        reads[1].detail.startswith(f"/api/members/{cast.pom.code}/facts?")
        and "known_on=31" in reads[1].detail
    )
    # The school's secretary (same district, not the commune): 404 whatever the day, nothing logged.
    neighbour = token_client(cast.tree.school, Role.ADMINISTER, "truong")
    for name in ("member", "member_facts"):
        for params in ({}, {"on": "30/06/2018"}, {"on": "31/12/2017", "known_on": "31/12/2017"}):
            response = neighbour.get(url(name, cast.pom.code), params)
            assert response.status_code == 404, (name, params)
            assert response.json() == {"detail": "Không tìm thấy.", "errors": []}
    assert not ReadEntry.objects.filter(username="truong").exists()
