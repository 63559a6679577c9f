"""The not found and server error pages (issue 13): partyorg's own pages in Vietnamese, with debug on
as well as off (never Django's technical page, which lists every address of the application), a way
back from an organization's page on a day the organization did not stand, and not a word that tells
an existing code outside the user's scope from a code that does not exist."""

import dataclasses
import re
from datetime import date

import pytest
from django.contrib.auth.models import User
from django.http import HttpResponse
from django.test import Client
from django.urls import path

from partyorg import testing, urls
from partyorg.accounts.models import Role
from partyorg.members import services as members
from partyorg.organizations import services as orgs
from partyorg.organizations.models import OrgKind

MERGED_ON = date(2026, 1, 1)  # cell B merged into cell A: B stood until 31/12/2025


def _merge_b_into_a(tree: testing.Tree) -> None:
    members.merge_organizations(
        [tree.cell_b], tree.cell_a, effective_on=MERGED_ON, legal_basis=testing.BASIS, recorded_by="t"
    )


def _signed_in(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _normalized(response: HttpResponse, *codes: str) -> str:
    """The page without what differs from one request to the next (CSRF tokens) nor the code typed."""
    text = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", response.content.decode())
    for code in codes:
        text = text.replace(code, "CODE")
    return text


@pytest.mark.django_db
@pytest.mark.parametrize("debug", [True, False])
def test_an_address_matching_no_page_is_partyorgs_page(settings, debug):
    """Before: with debug on (the demo server), Django's English "Page not found" listing the URL
    patterns of the whole application."""
    settings.DEBUG = debug
    tree = testing.build_tree()
    client = testing.client_for(tree.commune, Role.VIEW, "xa")
    response = client.get("/khong-co-trang-nay/")
    assert response.status_code == 404
    page = response.content.decode()
    assert "<h1>Không tìm thấy</h1>" in page
    assert 'href="/">Về trang tổng quan</a>' in page
    assert "URLconf" not in page and "dang-vien/&lt;str:code&gt;" not in page and "Page not found" not in page
    # Not signed in: the same page, leading to the sign-in page.
    response = Client().get("/khong-co-trang-nay/")
    assert response.status_code == 404 and 'href="/dang-nhap/">Đăng nhập</a>' in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("debug", [True, False])
def test_a_code_outside_the_scope_reads_as_one_that_does_not_exist(settings, debug):
    """Cell A's officer asks for cell B (a neighbour, out of scope) and for a code nobody has: the
    same page, word for word, both with debug on and off; no hint of which one exists."""
    settings.DEBUG = debug
    tree = testing.build_tree()
    client = testing.client_for(tree.cell_a, Role.EDIT, "chibo_a")
    for page in ("/to-chuc/{}/", "/cong-tac/{}/sinh-hoat/", "/cong-tac/{}/dang-phi/"):
        outside = client.get(page.format(tree.cell_b.code) + "?on=01/02/2026")
        missing = client.get(page.format("KHONG.CO") + "?on=01/02/2026")
        assert outside.status_code == missing.status_code == 404
        assert _normalized(outside, tree.cell_b.code) == _normalized(missing, "KHONG.CO")
        assert "Chi bộ bản Co Sản" not in outside.content.decode()
    # Cell B after it merged into A: A's officer never reached B, so not a word about it either.
    _merge_b_into_a(tree)
    outside = client.get(f"/to-chuc/{tree.cell_b.code}/?on=01/02/2026")
    missing = client.get("/to-chuc/KHONG.CO/?on=01/02/2026")
    assert _normalized(outside, tree.cell_b.code) == _normalized(missing, "KHONG.CO")


@pytest.mark.django_db
@pytest.mark.parametrize("debug", [True, False])
def test_a_merged_cell_on_a_later_day_leads_back(settings, debug):
    """The commune's officer on cell B's page moves the day past B's merger into A: the page says
    until when B stood and leads to B on that day, to A (which took B's members in), and to the
    commune; each link opens its page."""
    settings.DEBUG = debug
    tree = testing.build_tree()
    _merge_b_into_a(tree)
    client = testing.client_for(tree.commune, Role.VIEW, "xa")
    b, a, commune = tree.cell_b.code, tree.cell_a.code, tree.commune.code
    assert client.get(f"/to-chuc/{b}/?on=31/12/2025").status_code == 200
    response = client.get(f"/to-chuc/{b}/?on=01/02/2026")
    assert response.status_code == 404
    page = response.content.decode()
    assert (
        "Chi bộ bản Co Sản không còn tại ngày đang xem: tổ chức này hoạt động đến hết ngày 31/12/2025."
        in page
    )
    assert f'<a href="/to-chuc/{b}/?on=31%2F12%2F2025">Xem Chi bộ bản Co Sản tại ngày 31/12/2025</a>' in page
    seen = "?on=01%2F02%2F2026"  # the day seen, whatever day the session holds when the link is followed
    assert f'Tổ chức tiếp nhận tại ngày đang xem: <a href="/to-chuc/{a}/{seen}">Chi bộ bản Na Ten</a>' in page
    assert (
        f'Tổ chức cấp trên tại ngày đang xem: <a href="/to-chuc/{commune}/{seen}">Đảng ủy xã Nà Tấu</a>'
        in page
    )
    assert client.get(f"/to-chuc/{b}/?on=31%2F12%2F2025").status_code == 200
    assert client.get(f"/to-chuc/{a}/{seen}").status_code == 200
    assert client.get(f"/to-chuc/{commune}/{seen}").status_code == 200

    # A page of the yearly work leads to the same page of the organization that took B in.
    page = client.get(f"/cong-tac/{b}/sinh-hoat/?on=01/02/2026&tu=01/01/2026").content.decode()
    assert f'href="/cong-tac/{a}/sinh-hoat/?on=01%2F02%2F2026"' in page
    assert f'href="/cong-tac/{b}/sinh-hoat/?on=31%2F12%2F2025&amp;tu=01%2F01%2F2026"' in page


@pytest.mark.django_db
def test_the_way_back_shows_only_what_the_user_reaches():
    """Cell B's own officer reached B until its merger, but neither A nor the commune: the page
    leads back to B's last day only."""
    tree = testing.build_tree()
    _merge_b_into_a(tree)
    client = testing.client_for(tree.cell_b, Role.EDIT, "chibo_b")
    page = client.get(f"/to-chuc/{tree.cell_b.code}/?on=01/02/2026").content.decode()
    assert "Xem Chi bộ bản Co Sản tại ngày 31/12/2025" in page
    assert "Tổ chức tiếp nhận" not in page and "Chi bộ bản Na Ten" not in page
    assert "Tổ chức cấp trên" not in page and "Đảng ủy xã Nà Tấu" not in page


@pytest.mark.django_db
def test_a_district_ended_by_the_restructuring_leads_to_the_province():
    """01/07/2025: the district ends without a successor, its commune and school move under the
    province. The province's officer on the district's page after that day is led to the district
    on 30/06/2025 and to the province."""
    tree = testing.build_tree()
    day = date(2025, 7, 1)
    moved = []
    for org in (tree.commune, tree.school):
        moved.append((org, dataclasses.replace(orgs.current_state(org, day), parent=tree.province)))
    members.restructure(
        day, [(tree.district, None), *moved], successors={}, legal_basis=testing.BASIS, recorded_by="t"
    )
    client = testing.client_for(tree.province, Role.APPROVE, "tinh")
    response = client.get(f"/to-chuc/{tree.district.code}/?on=15/08/2025")
    page = response.content.decode()
    assert response.status_code == 404
    assert "Huyện ủy Mường Khoa không còn tại ngày đang xem" in page and "đến hết ngày 30/06/2025" in page
    assert f'<a href="/to-chuc/{tree.district.code}/?on=30%2F06%2F2025">' in page
    assert "Tổ chức tiếp nhận" not in page
    assert (
        "Tổ chức cấp trên tại ngày đang xem: "
        f'<a href="/to-chuc/{tree.province.code}/?on=15%2F08%2F2025">Tỉnh ủy Hòa Sơn</a>' in page
    )


@pytest.mark.django_db
def test_an_organization_not_yet_founded_leads_to_its_first_day():
    tree = testing.build_tree()
    new = testing.found("T.H.X.3", "Chi bộ bản Huổi Lếch", OrgKind.CELL, tree.commune, on=date(2020, 3, 1))
    client = testing.client_for(tree.commune, Role.VIEW, "xa")
    page = client.get(f"/to-chuc/{new.code}/?on=01/01/2019").content.decode()
    assert "Chi bộ bản Huổi Lếch chưa có tại ngày đang xem: tổ chức này hoạt động từ ngày 01/03/2020." in page
    assert f'<a href="/to-chuc/{new.code}/?on=01%2F03%2F2020">' in page


def _fails(request):
    raise RuntimeError("bí mật: chi tiết lỗi trong máy chủ")


# A URLconf for the server error test: partyorg's pages and error handlers, and one page that fails.
urlpatterns = [path("hong/", _fails), *urls.urlpatterns]
handler404 = urls.handler404
handler500 = urls.handler500


@pytest.mark.django_db
def test_a_server_error_is_partyorgs_page_without_the_error(settings):
    """With debug off (a deployment, and the demo server now), a failure shows partyorg's page in
    Vietnamese with the way home and nothing of the error."""
    assert urls.handler500 == "partyorg.web.views.errors.server_error"
    settings.ROOT_URLCONF = __name__
    tree = testing.build_tree()
    client = Client(raise_request_exception=False)
    client.force_login(testing.user_with("xa", (tree.commune, Role.VIEW)))
    response = client.get("/hong/")
    assert response.status_code == 500
    page = response.content.decode()
    assert "<h1>Lỗi máy chủ</h1>" in page and 'href="/">Về trang tổng quan</a>' in page
    assert "bí mật" not in page and "RuntimeError" not in page and "Traceback" not in page


@pytest.mark.django_db(transaction=True)
def test_changing_the_day_on_a_merged_cell_in_a_browser(live_server, erasable_logs, settings):
    """The commune's officer on cell B's page types a day after B's merger into A in the header's
    picker, with debug on as on a developer's server: partyorg's page in Vietnamese (on a phone
    too), whose links lead to B on its last day and to A."""
    from partyorg.web.tests.browser import browser_page, screenshot, sign_in

    settings.DEBUG = True
    tree = testing.build_tree()
    _merge_b_into_a(tree)
    testing.user_with("xa", (tree.commune, Role.VIEW), password="mat-khau-du-dai", first_name="Cán bộ xã")
    b = tree.cell_b.code
    with browser_page() as page:
        page.set_viewport_size({"width": 1366, "height": 900})
        sign_in(page, live_server.url, "xa")
        page.goto(f"{live_server.url}/to-chuc/{b}/?on=30/12/2025")
        assert page.locator("h1").inner_text().startswith("Chi bộ bản Co Sản")
        page.fill("header form.on input[name=on]", "01/02/2026")
        page.click("header form.on button")
        assert page.locator("h1").inner_text() == "Không tìm thấy"
        assert page.locator("html").get_attribute("lang") == "vi"
        assert "hoạt động đến hết ngày 31/12/2025" in page.locator(".way-back").inner_text()
        assert "Page not found" not in page.content()
        screenshot(page, "not-found-merged-cell")
        page.set_viewport_size({"width": 390, "height": 844})
        screenshot(page, "not-found-merged-cell-phone")
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
        page.set_viewport_size({"width": 1366, "height": 900})
        page.click("text=Xem Chi bộ bản Co Sản tại ngày 31/12/2025")
        assert page.locator("h1").inner_text().startswith("Chi bộ bản Co Sản")
        assert page.input_value("header form.on input[name=on]") == "31/12/2025"
        page.go_back()
        page.click(".way-back >> text=Chi bộ bản Na Ten")
        assert page.locator("h1").inner_text().startswith("Chi bộ bản Na Ten")
        assert page.input_value("header form.on input[name=on]") == "01/02/2026"
        screenshot(page, "not-found-led-to-successor")
