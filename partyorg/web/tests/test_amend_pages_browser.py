"""The two correction pages in a real browser: an organization change corrected from the
organization's history, and a person's recorded name corrected from their page, each as a new row
(cast: partyorg.testing; cell B renamed wrongly on 01/10/2024, Pọm's name misspelt)."""

from __future__ import annotations

from datetime import date

import pytest

from partyorg import testing
from partyorg.accounts.models import Role
from partyorg.members.models import PersonCorrection
from partyorg.organizations import services as org_services
from partyorg.organizations.models import OrgChange
from partyorg.organizations.queries import version_on
from partyorg.web.tests.browser import browser_page, screenshot, sign_in

DAY = date(2024, 10, 1)
PASSWORD = "mat-khau-du-dai"


@pytest.mark.django_db(transaction=True)
def test_a_wrong_rename_is_corrected_from_the_history_in_a_browser(live_server, erasable_logs):
    tree = testing.build_tree()
    wrong = org_services.rename(
        tree.cell_b,
        "Chi bộ bản Co Sảnn",
        effective_on=DAY,
        legal_basis=testing.BASIS,
        recorded_by=testing.OFFICER,
    )
    testing.user_with("duyet", (tree.commune, Role.APPROVE), password=PASSWORD)
    with browser_page() as page:
        sign_in(page, live_server.url, "duyet")
        page.goto(f"{live_server.url}/to-chuc/{tree.cell_b.code}/")
        page.get_by_role("link", name="Sửa, hủy").last.click()
        assert "Sửa hoặc hủy thay đổi tổ chức" in page.locator("h1").inner_text()
        page.check("input[name=action][value=correct]")
        page.fill("input[name=new_name]", "Chi bộ bản Cò Sản")
        page.fill("textarea[name=note]", "Sai chính tả")
        screenshot(page, "orgchange-amend-form")
        page.get_by_role("button", name="Ghi").click()
        page.wait_for_load_state()
        screenshot(page, "orgchange-amend-done")
    fixed = OrgChange.objects.get(corrects=wrong)
    assert (fixed.recorded_by, fixed.note) == ("duyet", "Sai chính tả")
    assert version_on(tree.cell_b, DAY).name == "Chi bộ bản Cò Sản"


@pytest.mark.django_db(transaction=True)
def test_a_misspelt_name_is_corrected_from_the_member_s_page_in_a_browser(live_server, erasable_logs):
    tree = testing.build_tree()
    pom = testing.person("Lò Văn Pon")
    testing.admit(pom, tree.cell_a, date(2010, 4, 5))
    testing.user_with("xa", (tree.commune, Role.EDIT), password=PASSWORD)
    with browser_page() as page:
        sign_in(page, live_server.url, "xa")
        page.goto(f"{live_server.url}/dang-vien/{pom.code}/")
        page.get_by_role("link", name="Sửa thông tin cá nhân").click()
        page.fill("input[name=full_name]", "Lò Văn Pọm")
        page.fill("textarea[name=note]", "Sai chính tả")
        screenshot(page, "person-attributes-form")
        page.get_by_role("button", name="Ghi").click()
        page.wait_for_load_state()
        assert "Đã sửa thông tin cá nhân" in page.locator(".messages").inner_text()
        screenshot(page, "person-attributes-done")
    assert PersonCorrection.objects.get().changes == {"full_name": ["Lò Văn Pon", "Lò Văn Pọm"]}
