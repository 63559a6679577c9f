"""The API as the users it is for, as a user of a neighbouring subtree, and as nobody
(cast: partyorg.testing: T province, T.H district, T.H.X commune, T.H.X.1/.2 cells, T.H.S school).

Every expected value below is worked out by hand from the events the ``cast`` fixture records; the
comments say how. The neighbour is the school's secretary: same district, not the commune, so
whatever belongs to the commune (and the district and province above both) must be "not found"."""

from datetime import date

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.test import Client
from django.urls import URLPattern, reverse

from partyorg import testing
from partyorg.accounts.models import Role
from partyorg.api.models import ApiToken
from partyorg.api.tokens import digest, issue_token, revoke_token
from partyorg.members.models import EventKind as K
from partyorg.organizations import services as org_services

pytestmark = pytest.mark.django_db

ON = "30/06/2017"


@pytest.fixture
def cast():
    """On 30/06/2017 (recognition comes 12 months after the ceremony, testing.admit):
    pom      Nguyễn Thị Hường, cell T.H.X.1, decided 02/03/2015, official since 2016
    newcomer Quàng Văn Mới,    cell T.H.X.2, ceremony 19/01/2017, probationary
    teacher  Lò Văn Giáo,      school T.H.S, decided 02/05/2012, official
    young    Lường Thị Dạy,    school T.H.S, ceremony 11/02/2017, probationary
    elder    Cầm Văn Cả,       school T.H.S, admitted 2005, died 01/03/2017 (no longer a member)
    """
    tree = testing.build_tree()
    pom = testing.person("Nguyễn Thị Hường", sex="female")
    testing.admit(pom, tree.cell_a, date(2015, 3, 2))
    newcomer = testing.person("Quàng Văn Mới")
    testing.admit(newcomer, tree.cell_b, date(2017, 1, 9), recognize=False)
    teacher = testing.person("Lò Văn Giáo")
    testing.admit(teacher, tree.school, date(2012, 5, 2))
    young = testing.person("Lường Thị Dạy", sex="female", birth_date=date(1995, 2, 3))
    testing.admit(young, tree.school, date(2017, 2, 1), recognize=False)
    elder = testing.person("Cầm Văn Cả", birth_date=date(1940, 1, 1))
    testing.admit(elder, tree.school, date(2005, 4, 1))
    testing.record(elder, K.DIED, date(2017, 3, 1))
    return tree, pom, newcomer, teacher, young, elder


def officer(org, role, name):
    return testing.user_with(name, (org, role))


def session_client(user):
    client = Client()
    client.force_login(user)
    return client


def token_client(user):
    _, token = issue_token(user, "kiểm thử")
    return Client(HTTP_AUTHORIZATION=f"Bearer {token}")


def get(client, url, **params):
    return client.get(url, {"on": ON, **params})


def url(name, *args):
    return reverse(f"api:{name}", args=args)


# -- 1. each endpoint, as a user it is for --------------------------------------------------------
def test_the_organizations_a_district_officer_reaches_sorted_by_name(cast):
    tree, *_ = cast
    client = session_client(officer(tree.district, Role.VIEW, "huyen"))
    body = get(client, url("organizations")).json()
    # The district and all four under it; not the province above. Sorted by the folded name:
    # "chi bo ban co san" < "chi bo ban na ten" < "chi bo truong…" < "dang uy…" < "huyen uy…".
    assert body["on"] == "2017-06-30" and body["count"] == 5
    assert [(o["code"], o["parent_code"]) for o in body["items"]] == [
        ("T.H.X.2", "T.H.X"),
        ("T.H.X.1", "T.H.X"),
        ("T.H.S", "T.H"),
        ("T.H.X", "T.H"),
        ("T.H", None),  # its parent, the province, is not the officer's
    ]
    school = body["items"][2]
    assert school == {
        "code": "T.H.S",
        "name": "Chi bộ Trường THCS Mường Khoa",
        "kind": "grassroots_cell",
        "parent_code": "T.H",
        "sector": "public_service",
        "is_combined": False,
    }
    page = get(client, url("organizations"), limit=2, offset=1).json()
    assert page["count"] == 5 and [o["code"] for o in page["items"]] == ["T.H.X.1", "T.H.S"]
    # Without diacritics, a part of the name; or the whole code.
    assert [o["code"] for o in get(client, url("organizations"), q="na ten").json()["items"]] == ["T.H.X.1"]
    assert [o["code"] for o in get(client, url("organizations"), q="t.h.x").json()["items"]] == ["T.H.X"]


def test_one_organization_with_its_path_and_children(cast):
    tree, *_ = cast
    client = session_client(officer(tree.district, Role.VIEW, "huyen"))
    body = get(client, url("organization", "T.H.X")).json()
    assert body["code"] == "T.H.X" and body["name"] == "Đảng ủy xã Nà Tấu"
    assert body["kind"] == "grassroots_committee" and body["parent_code"] == "T.H"
    assert body["valid_from"] == "2000-01-01" and body["valid_until"] is None  # testing.FOUNDED
    # From the officer's district down, the province left out; children by folded name.
    assert [o["code"] for o in body["path"]] == ["T.H", "T.H.X"]
    assert body["children"] == [
        {"code": "T.H.X.2", "name": "Chi bộ bản Co Sản", "kind": "cell"},
        {"code": "T.H.X.1", "name": "Chi bộ bản Na Ten", "kind": "cell"},
    ]


def test_the_figures_of_the_school_on_the_day_and_over_the_first_half_of_2017(cast):
    tree, *_ = cast
    client = token_client(officer(tree.school, Role.VIEW, "truong"))
    body = get(client, url("organization_figures", "T.H.S"), **{"from": "01/01/2017", "to": "30/06/2017"})
    assert body.status_code == 200, body.content
    body = body.json()
    # On 30/06/2017 the school holds the teacher (official) and young (probationary, a woman);
    # elder died on 01/03/2017. Everyone is Kinh, without religion, not in the Youth Union.
    assert body["membership"] == {
        "total": 2,
        "probationary": 1,
        "women": 1,
        "ethnic_minority": 0,
        "religious": 0,
        "youth_union": 0,
        "exempt": 0,
    }
    assert body["organizations"] == {  # nothing under a grassroots cell
        "grassroots": 0,
        "grassroots_committees": 0,
        "grassroots_cells": 0,
        "sub_committees": 0,
        "cells": 0,
        "combined_cells": 0,
    }
    assert body["hamlets"] is None  # the cast's organizations have no locality
    # Opening (31/12/2016): teacher and elder = 2. In: young at her ceremony, 11/02/2017 = 1
    # admitted. Out: elder, died = 1. Closing: 2 + 1 - 1 = 2, the same two as the stock above.
    assert body["flow"] == {
        "first_day": "2017-01-01",
        "last_day": "2017-06-30",
        "opening": 2,
        "entries": {
            "admitted": 1,
            "readmitted": 0,
            "transferred_in": 0,
            "restored": 0,
            "reorganized": 0,
            "opened": 0,  # members who predate the records: none in the cast
        },
        "exits": {
            "died": 1,
            "expelled": 0,
            "removed": 0,
            "withdrew": 0,
            "transferred_out": 0,
            "reorganized": 0,
        },
        "entered": 1,
        "left": 1,
        "closing": 2,
        "identity_holds": True,
    }
    # Without a period: no flow. The commune's cells: pom and newcomer (probationary) = 2.
    assert get(client, url("organization_figures", "T.H.S")).json()["flow"] is None
    commune = session_client(officer(tree.commune, Role.VIEW, "xa"))
    figures = get(commune, url("organization_figures", "T.H.X")).json()
    assert figures["membership"]["total"] == 2 and figures["membership"]["probationary"] == 1
    assert figures["organizations"]["cells"] == 2 and figures["organizations"]["grassroots"] == 0


def test_the_members_on_the_day_with_search_and_organization_filter(cast):
    tree, pom, newcomer, teacher, young, elder = cast
    client = session_client(officer(tree.district, Role.VIEW, "huyen"))
    body = get(client, url("members")).json()
    # Four members on 30/06/2017 (elder died), by folded name:
    # "lo van giao" < "luong thi day" < "nguyen thi huong" < "quang van moi".
    assert body["count"] == 4
    assert [(m["code"], m["organization_code"], m["status"]) for m in body["items"]] == [
        (teacher.code, "T.H.S", "official"),
        (young.code, "T.H.S", "probationary"),
        (pom.code, "T.H.X.1", "official"),
        (newcomer.code, "T.H.X.2", "probationary"),
    ]
    assert body["items"][1] == {
        "code": young.code,
        "full_name": "Lường Thị Dạy",
        "sex": "female",
        "birth_date": "1995-02-03",
        "status": "probationary",
        "organization_code": "T.H.S",
    }
    found = get(client, url("members"), q="NGUYEN thi huong").json()["items"]
    assert [m["code"] for m in found] == [pom.code]
    assert [m["code"] for m in get(client, url("members"), q=teacher.code).json()["items"]] == [teacher.code]
    in_commune = get(client, url("members"), org="T.H.X").json()
    assert [m["code"] for m in in_commune["items"]] == [pom.code, newcomer.code]
    paged = get(client, url("members"), limit=1, offset=3).json()
    assert paged["count"] == 4 and [m["code"] for m in paged["items"]] == [newcomer.code]
    # The day decides: on 31/12/2014 only the teacher (2012) and elder (2005) were members.
    early = client.get(url("members"), {"on": "31/12/2014"}).json()
    assert [m["code"] for m in early["items"]] == [elder.code, teacher.code]  # "cam…" < "lo…"


def test_one_member_on_the_day_with_the_record_and_its_legal_basis(cast):
    tree, pom, *_ = cast
    testing.record(pom, K.TRANSFER_OUT, date(2017, 2, 1), other_organization=tree.cell_b)
    testing.record(pom, K.TRANSFER_IN, date(2017, 2, 10), organization=tree.cell_b)
    client = session_client(officer(tree.commune, Role.VIEW, "xa"))
    body = get(client, url("member", pom.code)).json()
    assert body["full_name"] == "Nguyễn Thị Hường" and body["is_member"] is True
    assert body["status"] == "official" and body["status_label"] == "Chính thức"
    assert body["organization_code"] == "T.H.X.2"  # moved to Co Sản in February
    assert body["first_decision_on"] == "2015-03-02" and body["in_transit"] is False
    # Party age from the first decision, 02/03/2015, to 30/06/2017: 2 years to 02/03/2017,
    # 3 months to 02/06/2017, 28 days to 30/06/2017; 851 days (365 + 366 + 120), no gap.
    assert body["party_age"] == {"years": 2, "months": 3, "days": 28, "net_days": 851}
    kinds = [(e["effective_on"], e["kind"], e["organization_code"]) for e in body["events"]]
    assert kinds[0] == ("2015-03-02", "admission_decided", "T.H.X.1")
    assert [k for _, k, _ in kinds] == [
        "admission_decided",
        "admission_ceremony",
        "recognized_official",
        "transfer_out",
        "transfer_in",
    ]
    out = body["events"][3]
    assert (
        out["other_organization_code"] == "T.H.X.2"
        and out["kind_label"] == "Chuyển sinh hoạt đảng chính thức đi"
    )
    assert out["legal_basis"] == {
        "number": "01-QĐ/TU",
        "issued_on": "2000-01-01",
        "issuer": "Ban Thường vụ Tỉnh ủy",
        "text": "01-QĐ/TU ngày 01/01/2000 của Ban Thường vụ Tỉnh ủy",
    }
    assert out["recorded_by"] == testing.OFFICER and out["is_corrected"] is False


def test_a_probationary_member_has_no_party_age_yet_but_a_recognition_day(cast):
    tree, _, newcomer, *_ = cast
    client = session_client(officer(tree.commune, Role.VIEW, "xa"))
    body = get(client, url("member", newcomer.code)).json()
    # Ceremony 19/01/2017 (decision + 10 days); 12 months of probation from it.
    assert body["status"] == "probationary" and body["party_age"] is None
    assert body["recognition_due_on"] == "2018-01-19"


# -- 2. the neighbour, nobody, and tokens -----------------------------------------------------------
COMMUNE_SIDE = ("T.H.X", "T.H.X.1", "T.H.X.2", "T.H", "T", "KHONG-CO")


@pytest.mark.parametrize("auth", ["session", "token"])
def test_a_neighbour_reaches_nothing_of_the_commune(cast, auth):
    tree, pom, newcomer, teacher, young, _ = cast
    user = officer(tree.school, Role.ADMINISTER, "truong")
    client = session_client(user) if auth == "session" else token_client(user)
    for code in COMMUNE_SIDE:
        for name in ("organization", "organization_figures"):
            response = get(client, url(name, code))
            assert response.status_code == 404, (name, code)
            # Out of scope reads exactly as "does not exist": the same body, the code not echoed.
            assert response.json() == {"detail": "Không tìm thấy.", "errors": []}
    for person in (pom, newcomer):
        assert get(client, url("member", person.code)).status_code == 404
    assert get(client, url("members"), org="T.H.X").status_code == 404
    listed = get(client, url("members")).json()
    assert {m["code"] for m in listed["items"]} == {teacher.code, young.code} and listed["count"] == 2
    assert get(client, url("members"), q="huong").json()["count"] == 0
    assert get(client, url("members"), q=pom.code).json()["count"] == 0
    orgs = get(client, url("organizations")).json()
    assert [(o["code"], o["parent_code"]) for o in orgs["items"]] == [("T.H.S", None)]
    assert get(client, url("organizations"), q="na ten").json()["count"] == 0
    own = get(client, url("organization", "T.H.S")).json()
    assert own["parent_code"] is None and [o["code"] for o in own["path"]] == ["T.H.S"]
    assert get(client, url("member", teacher.code)).status_code == 200


def test_a_member_who_moved_away_stays_visible_where_they_were_without_where_they_went(cast):
    """As the member page (and the scope: "a member who moved away stays visible where they were"):
    the school still reaches its former member, but not the code of the cell they moved to (outside
    its subtree); the school's list of members on the day no longer has them."""
    tree, *_ = cast
    mover = testing.person("Hà Văn Chuyển")
    testing.admit(mover, tree.school, date(2010, 3, 1))
    testing.record(mover, K.TRANSFER_OUT, date(2017, 2, 1), other_organization=tree.cell_a)
    testing.record(mover, K.TRANSFER_IN, date(2017, 2, 10), organization=tree.cell_a)
    client = token_client(officer(tree.school, Role.VIEW, "truong"))
    body = get(client, url("member", mover.code)).json()
    assert body["organization_code"] is None
    assert [e["other_organization_code"] for e in body["events"] if e["kind"] == "transfer_out"] == [None]
    assert "T.H.X.1" not in str(body)
    assert mover.code not in {m["code"] for m in get(client, url("members")).json()["items"]}


def test_a_flow_needs_the_organization_in_reach_at_both_ends_of_the_period(cast):
    """A cell moved under the school on 01/03/2017: in January it was the commune's, and its
    members then are not the school's to count."""
    tree, *_ = cast
    moved = testing.found("T.H.X.3", "Chi bộ bản Xá", "cell", tree.commune)
    org_services.move(
        moved, tree.school, effective_on=date(2017, 3, 1), legal_basis=testing.BASIS, recorded_by="t"
    )
    client = token_client(officer(tree.school, Role.VIEW, "truong"))
    assert get(client, url("organization", "T.H.X.3")).status_code == 200
    period = {"from": "01/01/2017", "to": "30/06/2017"}
    assert get(client, url("organization_figures", "T.H.X.3"), **period).status_code == 404
    later = {"from": "01/03/2017", "to": "30/06/2017"}
    assert get(client, url("organization_figures", "T.H.X.3"), **later).status_code == 200


def api_urls(pom):
    """Every URL of the API, the Swagger page and the root included."""
    from partyorg.api.routes import api

    patterns, _, _ = api.urls
    for pattern in patterns:
        assert isinstance(pattern, URLPattern)
        route = str(pattern.pattern).replace(
            "<code>", pom.code if "members" in str(pattern.pattern) else "T.H.X"
        )
        yield pattern.name, "/api/" + route


def test_nobody_gets_401_in_json_never_a_page_or_data(cast):
    _, pom, *_ = cast
    anonymous = Client()
    seen = set()
    for name, path in api_urls(pom):
        response = anonymous.get(path, {"on": ON})
        seen.add(name)
        if name in ("openapi-view", "api-root"):  # pages: the sign-in page, as every page
            assert response.status_code == 302 and response.url.startswith(reverse("login")), path
            continue
        assert response.status_code == 401, path
        assert response["Content-Type"] == "application/json; charset=utf-8"
        assert response["WWW-Authenticate"].startswith("Bearer")
        assert response.json()["detail"].startswith("Cần đăng nhập")
    assert {
        "openapi-json",
        "organizations",
        "organization",
        "organization_figures",
        "members",
        "member",
    } <= seen


def test_a_revoked_or_unknown_token_is_refused_even_beside_a_session(cast):
    tree, *_ = cast
    user = officer(tree.school, Role.VIEW, "truong")
    row, token = issue_token(user, "cổng")
    assert Client().get(url("members"), HTTP_AUTHORIZATION=f"Bearer {token}").status_code == 200
    row.refresh_from_db()
    assert row.last_used_at is not None
    revoke_token(row)
    signed_in = session_client(user)
    for value in (f"Bearer {token}", "Bearer po_khong-phai-ma-nao", "Bearer "):
        assert Client().get(url("members"), HTTP_AUTHORIZATION=value).status_code == 401
        assert signed_in.get(url("members"), HTTP_AUTHORIZATION=value).status_code == 401
    assert signed_in.get(url("members")).status_code == 200  # the session alone still works


def test_only_the_hash_of_a_token_is_kept_and_a_token_call_leaves_no_session(cast):
    tree, *_ = cast
    user = officer(tree.school, Role.VIEW, "truong")
    row, token = issue_token(user, "cổng")
    assert token.startswith("po_") and len(token) > 40
    assert row.key_hash == digest(token) and token not in row.key_hash
    response = Client().get(url("members"), {"on": ON}, HTTP_AUTHORIZATION=f"Bearer {token}")
    assert response.status_code == 200 and "sessionid" not in response.cookies


def test_an_inactive_users_token_is_refused(cast):
    tree, *_ = cast
    user = officer(tree.school, Role.VIEW, "truong")
    _, token = issue_token(user, "cổng")
    user.is_active = False
    user.save(update_fields=["is_active"])
    assert Client().get(url("members"), HTTP_AUTHORIZATION=f"Bearer {token}").status_code == 401


def test_the_openapi_description_for_a_token_and_the_docs_page_for_an_officer(cast):
    tree, *_ = cast
    user = officer(tree.school, Role.VIEW, "truong")
    schema = token_client(user).get(url("openapi-json")).json()
    assert set(schema["paths"]) == {
        "/api/organizations",
        "/api/organizations/{code}",
        "/api/organizations/{code}/figures",
        "/api/members",
        "/api/members/{code}",
        "/api/members/{code}/facts",
    }
    assert set(schema["components"]["securitySchemes"]) == {"BearerToken", "SessionAuth"}
    page = session_client(user).get(url("openapi-view"))
    assert page.status_code == 200 and b"swagger-ui" in page.content
    assert b"cdn.jsdelivr" not in page.content  # ninja's bundled files ("ninja" in INSTALLED_APPS)


# -- bad input is a 4xx with a message, never a 500 -------------------------------------------------
@pytest.mark.parametrize(
    ("path", "params", "name"),
    [
        ("members", {"on": "31/02/2017"}, "on"),
        ("members", {"on": "30-06-2017"}, "on"),
        ("members", {"on": "01/01/1800"}, "on"),
        ("members", {"limit": "-1"}, "limit"),
        ("members", {"limit": "501"}, "limit"),
        ("members", {"limit": "nhiều"}, "limit"),
        ("members", {"offset": "-5"}, "offset"),
        ("organizations", {"q": "x" * 201}, "q"),
        ("organizations", {"q": "na\x00ten"}, "q"),
        ("figures", {"from": "01/01/2017"}, "to"),
        ("figures", {"from": "01/07/2017", "to": "30/06/2017"}, "to"),
        ("figures", {"from": "29/02/2017", "to": "30/06/2017"}, "from"),
    ],
)
def test_bad_input_is_refused_with_a_message(cast, path, params, name):
    tree, *_ = cast
    client = session_client(officer(tree.school, Role.VIEW, "truong"))
    target = url("organization_figures", "T.H.S") if path == "figures" else url(path)
    response = client.get(target, params)
    assert response.status_code == 422, response.content
    body = response.json()
    assert body["detail"].startswith("Tham số không hợp lệ") and name in body["detail"]
    assert [e["name"] for e in body["errors"]] == [name] and body["errors"][0]["message"]


def test_messages_of_bad_input_are_vietnamese(cast):
    tree, *_ = cast
    client = session_client(officer(tree.school, Role.VIEW, "truong"))
    assert client.get(url("members"), {"limit": "-1"}).json()["errors"] == [
        {"location": "query", "name": "limit", "message": "Phải lớn hơn hoặc bằng 1."}
    ]
    assert client.get(url("members"), {"on": "31/02/2017"}).json()["errors"][0]["message"] == (
        "Không phải một ngày có thật (dạng DD/MM/YYYY, ví dụ 30/06/2017)."
    )


def test_the_api_only_reads(cast):
    tree, *_ = cast
    client = Client(enforce_csrf_checks=True)
    client.force_login(officer(tree.school, Role.ADMINISTER, "truong"))
    for method in ("post", "put", "patch", "delete"):
        assert getattr(client, method)(url("members")).status_code == 405


# -- the apitoken command ------------------------------------------------------------------------------
def test_apitoken_create_prints_the_token_once_and_revoke_ends_it(cast, capsys):
    tree, *_ = cast
    officer(tree.school, Role.VIEW, "truong")
    call_command("apitoken", "create", "truong", "--name", "Cổng thông tin")
    lines = capsys.readouterr().out.strip().splitlines()
    token = lines[-1]
    row = ApiToken.objects.get()
    assert "Mã chỉ hiện một lần" in lines[0] and row.name == "Cổng thông tin"
    assert row.key_hash == digest(token) and row.user.username == "truong"
    assert Client().get(url("members"), HTTP_AUTHORIZATION=f"Bearer {token}").status_code == 200
    call_command("apitoken", "list")
    assert "đang dùng" in capsys.readouterr().out
    call_command("apitoken", "revoke", str(row.pk))
    assert "Đã thu hồi" in capsys.readouterr().out
    assert Client().get(url("members"), HTTP_AUTHORIZATION=f"Bearer {token}").status_code == 401
    call_command("apitoken", "list", "truong")
    assert "thu hồi" in capsys.readouterr().out


def test_apitoken_refuses_an_unknown_user_or_a_missing_name(cast):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="Không có người dùng"):
        call_command("apitoken", "create", "khong-co", "--name", "x")
    User.objects.create_user("co", password="x")
    with pytest.raises(CommandError, match="Thiếu --name"):
        call_command("apitoken", "create", "co")
    with pytest.raises(CommandError, match="Không có mã số"):
        call_command("apitoken", "revoke", "999")
