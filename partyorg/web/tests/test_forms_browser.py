"""The forms of issue 13 in a real browser (Debian's Chromium through Playwright; see browser.py), at
1366 px and on a phone (390×844): a rating refused for a member without a score, corrected and saved
again without a reason; the record-event form offering what can follow, with the organization
picker typed into and chosen from. Screenshots in test-artifacts/."""

from datetime import date

import pytest

from partyorg import testing
from partyorg.accounts.models import Role
from partyorg.core.records import LegalBasis
from partyorg.members.models import EventKind as K
from partyorg.organizations.models import OrgKind, OrgSector
from partyorg.ratings import services as ratings
from partyorg.ratings.models import MemberRating
from partyorg.web.tests.browser import browser_page, screenshot, sign_in

DESKTOP = {"width": 1366, "height": 900}
PHONE = {"width": 390, "height": 844}


def _fits(page) -> bool:
    """Nothing wider than the screen: the page does not scroll sideways."""
    return bool(page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1"))


@pytest.mark.django_db(transaction=True)
def test_a_refused_rating_is_corrected_and_saved_again(live_server, erasable_logs):
    """QĐ 366 [V]: each member's rating of 2025 carries a score. Pọm's is left empty: the refusal
    names him; his 75 typed, "Ghi lại" records both, no reason asked."""
    tree = testing.build_tree()
    huong = testing.person("Nguyễn Thị Hường", sex="female")
    testing.admit(huong, tree.cell_a, date(2015, 3, 2))
    pom = testing.person("Lò Văn Pọm")
    testing.admit(pom, tree.cell_a, date(2015, 3, 2))
    ratings.open_cycle(
        tree.cell_a,
        year=2025,
        reviewed_on=date(2025, 12, 15),
        legal_basis=LegalBasis("01-NQ/CB", date(2025, 12, 15), "Chi bộ bản Na Ten"),
        recorded_by="t",
    )
    testing.user_with("xa", (tree.commune, Role.EDIT), password="mat-khau-du-dai", first_name="Cán bộ xã")
    with browser_page() as page:
        page.set_viewport_size(DESKTOP)
        sign_in(page, live_server.url, "xa")
        page.goto(f"{live_server.url}/cong-tac/{tree.cell_a.code}/xep-loai/dang-vien/?nam=2025&on=20/12/2025")
        page.select_option(f"select[name=level_{huong.pk}]", "good")
        page.fill(f"input[name=score_{huong.pk}]", "80")
        page.select_option(f"select[name=level_{pom.pk}]", "good")
        page.fill("input[name=basis_number]", "02-BB/CB")
        page.click("form.record .submit button")
        refusal = page.locator(".refusal").inner_text()
        assert f"Chưa ghi điểm của Lò Văn Pọm ({pom.code})" in refusal
        # What was typed stays; both ways on.
        assert page.input_value(f"input[name=score_{huong.pk}]") == "80"
        assert page.input_value("input[name=basis_number]") == "02-BB/CB"
        buttons = page.locator("form.record .submit button")
        assert buttons.all_inner_texts() == ["Ghi lại", "Vẫn ghi, có lý do"]
        screenshot(page, "forms-rating-refused")
        page.set_viewport_size(PHONE)
        assert _fits(page)
        screenshot(page, "forms-rating-refused-phone")

        page.fill(f"input[name=score_{pom.pk}]", "75")
        page.click("form.record .submit button:not(.override)")
        assert "Đã xếp loại 2 đảng viên" in page.locator(".messages").inner_text()
        rated = {r.person_id: (r.score, r.override_rule) for r in MemberRating.objects.all()}
        assert rated == {huong.pk: (80, ""), pom.pk: (75, "")}


@pytest.mark.django_db(transaction=True)
def test_the_record_form_offers_what_follows_and_picks_organizations(live_server, erasable_logs):
    """Pọm, official member of cell A: the form opens on "Chuyển sinh hoạt đảng chính thức đi", with
    no admission decision. His temporary placement: "na ten" typed in the organization field lists
    cell A only (the other commune's cell of that name is outside the officer's scope), "co san" in
    the other organization's lists cell B; chosen, their codes are in the fields and the event is
    recorded."""
    tree = testing.build_tree()
    other = testing.found(
        "T.H.Y",
        "Đảng ủy xã Mường Tùng",
        OrgKind.GRASSROOTS_COMMITTEE,
        tree.district,
        sector=OrgSector.COMMUNE,
    )
    testing.found("T.H.Y.1", "Chi bộ bản Na Ten", OrgKind.CELL, other)
    pom = testing.person("Lò Văn Pọm")
    testing.admit(pom, tree.cell_a, date(2015, 3, 2))
    testing.user_with("xa", (tree.commune, Role.EDIT), password="mat-khau-du-dai", first_name="Cán bộ xã")
    with browser_page() as page:
        page.set_viewport_size(DESKTOP)
        sign_in(page, live_server.url, "xa")
        page.goto(f"{live_server.url}/dang-vien/{pom.code}/ghi/?on=30/06/2025")
        kinds = page.locator("select[name=kind] option").all_inner_texts()
        assert kinds[0] == "Chuyển sinh hoạt đảng chính thức đi" and "Quyết định kết nạp" not in kinds
        page.select_option("select[name=kind]", K.TEMPORARY_TRANSFER)
        page.fill("input[name=effective_on]", "30/06/2025")

        page.locator("input[name=organization]").press_sequentially("na ten", delay=50)
        page.wait_for_selector("#id_organization-picks button")
        assert page.locator("#id_organization-picks button").count() == 1  # not the neighbour's twin
        screenshot(page, "forms-record-picker")
        page.click("#id_organization-picks button")
        assert page.input_value("input[name=organization]") == tree.cell_a.code

        page.set_viewport_size(PHONE)
        page.locator("input[name=other_organization]").press_sequentially("co san", delay=50)
        page.wait_for_selector("#id_other_organization-picks button")
        assert _fits(page)
        screenshot(page, "forms-record-picker-phone")
        page.locator("input[name=other_organization]").press("ArrowDown")
        page.keyboard.press("Enter")
        assert page.input_value("input[name=other_organization]") == tree.cell_b.code
        assert page.locator("#id_other_organization-picks button").count() == 0

        page.fill("input[name=basis_number]", "12-GGT/ĐU")
        page.click("form.record .submit button")
        assert "Đã ghi: Chuyển sinh hoạt đảng tạm thời" in page.locator(".messages").inner_text()
    event = pom.events.get(kind=K.TEMPORARY_TRANSFER)
    assert (event.organization_id, event.other_organization_id) == (tree.cell_a.pk, tree.cell_b.pk)


@pytest.mark.django_db(transaction=True)
def test_a_refused_event_is_corrected_and_saved_again(live_server, erasable_logs):
    """Dung's ceremony on 11/03/2024: recognized on 01/04/2024 is refused (recognition after the
    12 months of probation, RULES.md §2.3); the form keeps the legal basis, offers both buttons, and
    with the day corrected to 11/03/2025 "Ghi lại" records it with no reason asked."""
    tree = testing.build_tree()
    dung = testing.person("Hà Thị Dung", sex="female")
    testing.admit(dung, tree.cell_a, date(2024, 3, 1), ceremony_on=date(2024, 3, 11), recognize=False)
    testing.user_with("xa", (tree.commune, Role.EDIT), password="mat-khau-du-dai", first_name="Cán bộ xã")
    with browser_page() as page:
        page.set_viewport_size(PHONE)
        sign_in(page, live_server.url, "xa")
        page.goto(f"{live_server.url}/dang-vien/{dung.code}/ghi/?on=01/04/2024")
        assert page.locator("select[name=kind] option").first.inner_text() == "Công nhận đảng viên chính thức"
        page.fill("input[name=basis_number]", "15-QĐ/ĐU")
        page.click("form.record .submit button")
        assert "Bị từ chối theo quy định" in page.locator(".refusal").inner_text()
        assert page.input_value("input[name=basis_number]") == "15-QĐ/ĐU"
        assert page.locator("form.record .submit button").all_inner_texts() == [
            "Ghi lại",
            "Vẫn ghi, có lý do",
        ]
        assert _fits(page)
        screenshot(page, "forms-record-refused-phone")
        page.set_viewport_size(DESKTOP)
        screenshot(page, "forms-record-refused")
        page.fill("input[name=effective_on]", "11/03/2025")
        page.click("form.record .submit button:not(.override)")
        assert "Đã ghi: Công nhận đảng viên chính thức" in page.locator(".messages").inner_text()
    event = dung.events.get(kind=K.RECOGNIZED_OFFICIAL)
    assert (event.effective_on, event.override_rule, event.override_reason) == (date(2025, 3, 11), "", "")


@pytest.mark.django_db(transaction=True)
def test_the_merge_form_picks_the_organizations_the_user_approves(live_server, erasable_logs):
    """Merging into cell B from cell A's page: "co" typed in the field of the other organizations
    lists the commune's cells the approver changes (Co Sản), not the school outside his commune; a
    second one typed after a comma is added after the first."""
    tree = testing.build_tree()
    testing.user_with(
        "duyet", (tree.commune, Role.APPROVE), password="mat-khau-du-dai", first_name="Cán bộ xã"
    )
    with browser_page() as page:
        page.set_viewport_size(DESKTOP)
        sign_in(page, live_server.url, "duyet")
        page.goto(f"{live_server.url}/to-chuc/{tree.cell_a.code}/thay-doi/?on=30/09/2024&kind=merge")
        page.check("input[name=direction][value=from]")
        field = page.locator("input[name=others]")
        field.press_sequentially("co san", delay=50)
        page.wait_for_selector("#id_others-picks button")
        assert page.locator("#id_others-picks button").all_inner_texts() == [
            f"Chi bộ bản Co Sản {tree.cell_b.code}"
        ]
        page.click("#id_others-picks button")
        assert field.input_value() == tree.cell_b.code
        field.press_sequentially(", na ten", delay=50)
        page.wait_for_selector("#id_others-picks button")
        screenshot(page, "forms-merge-picker")
        page.click("#id_others-picks button")
        assert field.input_value() == f"{tree.cell_b.code}, {tree.cell_a.code}"
        field.press_sequentially(", truong", delay=50)
        page.wait_for_selector("#id_others-picks p")
        assert page.locator("#id_others-picks button").count() == 0  # the school is not his
