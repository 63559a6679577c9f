"""The cadre pages in a real browser (issue 17): the school's cadre officer finds "Cán bộ" in the
menu, opens the school's unit with its figures, opens the people behind one, a cadre's file, the
deadlines, and records an appointment that a rule refuses, then records it with a reason; the
province's administrator finds the file's open on "Nhật ký truy cập". Screenshots under
test-artifacts/ (see browser.py)."""

from __future__ import annotations

from datetime import date, datetime

import pytest
import time_machine
from django.core.cache import cache
from django.utils import timezone

from partyorg import testing
from partyorg.accounts.models import Role
from partyorg.cadres import services
from partyorg.cadres.models import (
    DegreeLevel,
    HoldingMode,
    PostHolding,
    Programme,
    StaffCategory,
    TheoryLevel,
)
from partyorg.cadres.services import Course
from partyorg.cadres.tests.cast import BASIS, BY, build, cadre_user, post
from partyorg.web.tests.browser import browser_page, screenshot, sign_in

PASSWORD = "mat-khau-du-dai"


@time_machine.travel(datetime(2023, 6, 2, 9, 0, tzinfo=timezone.get_fixed_timezone(7 * 60)), tick=True)
@pytest.mark.django_db(transaction=True)
def test_the_cadre_pages_in_a_browser(live_server, erasable_logs):
    cache.clear()
    cast = build()
    khanh = testing.person("Lường Văn Khánh", birth_date=date(1980, 5, 17))
    sang = testing.person("Quàng Văn Sáng", birth_date=date(1965, 8, 1))
    hoa = testing.person("Lò Thị Hoa", birth_date=date(1990, 2, 1), sex="female")
    for person, category in (
        (khanh, StaffCategory.PUBLIC_EMPLOYEE),
        (sang, StaffCategory.CONTRACT),
        (hoa, StaffCategory.PUBLIC_EMPLOYEE),
    ):
        services.start_employment(
            person, cast.school, on=date(2012, 9, 1), category=category, legal_basis=BASIS, recorded_by=BY
        )
    services.start_training(
        khanh,
        Course(Programme.DEGREE, DegreeLevel.MASTER),
        on=date(2012, 6, 1),
        start_known=False,
        completed_on=date(2012, 6, 1),
        legal_basis=BASIS,
        recorded_by=BY,
    )
    services.start_training(
        hoa,
        Course(Programme.POLITICAL_THEORY, TheoryLevel.SENIOR),
        on=date(2022, 9, 1),
        legal_basis=BASIS,
        recorded_by=BY,
    )
    services.appoint(
        khanh,
        post("truong_phong_huyen"),
        cast.school,
        on=date(2018, 9, 1),
        mode=HoldingMode.APPOINTED,
        term_ends_on=date(2023, 9, 1),
        legal_basis=BASIS,
        recorded_by=BY,
    )
    services.set_staffing(
        cast.school, year=2023, approved=4, decided_on=date(2023, 1, 5), legal_basis=BASIS, recorded_by=BY
    )
    officer = cadre_user("cb.truong", cast.tree.school)
    officer.set_password(PASSWORD)
    officer.save()
    testing.user_with("quantri.tinh", (cast.tree.province, Role.ADMINISTER), password=PASSWORD)
    testing.user_with("ql.tinh", (cast.tree.province, Role.EDIT), password=PASSWORD)
    with browser_page() as page:
        sign_in(page, live_server.url, "ql.tinh")  # member records only: no "Cán bộ"
        assert page.locator("nav.menu a", has_text="Cán bộ").count() == 0
        page.click("text=Đăng xuất")

        sign_in(page, live_server.url, "cb.truong")
        page.locator("nav.menu a", has_text="Cán bộ").click()
        assert page.locator("h1").inner_text() == "Công tác cán bộ"
        screenshot(page, "cadres-index")
        page.get_by_role("link", name="Trường THCS Mường Khoa").click()
        assert page.locator("h1").inner_text() == "Trường THCS Mường Khoa"
        assert page.locator('[data-figure="total"]').inner_text() == "3"
        assert page.locator('[data-figure="degree.master"]').inner_text() == "1"
        screenshot(page, "cadres-unit")
        page.locator('[data-figure="studying_theory.senior_or_bachelor"]').click()
        people = page.locator("table.people tbody")
        assert "Lò Thị Hoa" in people.inner_text() and "Lường Văn Khánh" not in people.inner_text()
        page.get_by_role("link", name="Lò Thị Hoa").click()
        assert page.locator("h1").inner_text() == "Lò Thị Hoa"
        page.goto(f"{live_server.url}/can-bo/ho-so/{khanh.code}/")
        assert "Trưởng phòng" in page.locator("table.holdings").inner_text()
        screenshot(page, "cadres-file")
        page.goto(f"{live_server.url}/can-bo/viec-den-han/")
        assert page.locator("h1").inner_text() == "Việc đến hạn của cán bộ"
        # The 5-year term from 01/09/2018 ends with 31/08/2023 (RULES.md §11.5): within the year ahead.
        due = page.locator("table.deadlines tbody tr", has_text="Lường Văn Khánh")
        assert any("31/08/2023" in row for row in due.all_inner_texts())
        screenshot(page, "cadres-deadlines")

        page.goto(f"{live_server.url}/can-bo/ho-so/{sang.code}/bo-nhiem/")
        page.select_option("select[name=post]", "truong_phong_huyen")
        page.select_option("select[name=mode]", "appointed")
        page.fill(
            "form.record input[name=on]", "01/06/2023"
        )  # under QĐ 80: < 5 years to his retirement month
        page.fill("input[name=basis_number]", "12-QĐ/UBND")
        page.click("form.record button[type=submit]")
        assert page.locator(".refusal").count() == 1
        assert "Quàng Văn Sáng" in page.locator(".refusal").inner_text()
        screenshot(page, "cadres-appoint-refused")
        page.fill("textarea[name=override_reason]", "Ban Thường vụ Huyện ủy đồng ý")
        page.click("button.override")  # "Vẫn ghi, có lý do"
        assert page.locator("h1").inner_text() == "Quàng Văn Sáng"
        assert "Ban Thường vụ Huyện ủy đồng ý" in page.locator("table.holdings").inner_text()
        screenshot(page, "cadres-appointed")
        assert (
            PostHolding.objects.filter(person=sang, override_reason="Ban Thường vụ Huyện ủy đồng ý").count()
            == 1
        )

        # A course: Khánh's senior political theory, from the file's button.
        page.goto(f"{live_server.url}/can-bo/ho-so/{khanh.code}/")
        page.get_by_role("link", name="Ghi đào tạo, bồi dưỡng").click()
        page.select_option("select[name=programme]", "political_theory")
        page.select_option("select[name=level]", "senior")
        page.fill("form.record input[name=planned_end_on]", "01/06/2025")
        screenshot(page, "cadres-train")
        page.click("form.record button[type=submit]")
        courses = page.locator("table.trainings").inner_text()
        assert "Đang học" in courses and "Cao cấp" in courses and "Thạc sĩ" in courses
        # A state rating of 2022 by the school.
        page.get_by_role("link", name="Ghi đánh giá, xếp loại").click()
        page.fill("form.record input[name=year]", "2022")
        page.fill("form.record input[name=rated_on]", "15/12/2022")
        page.select_option("select[name=level]", "good")
        screenshot(page, "cadres-rate")
        page.click("form.record button[type=submit]")
        assert "Hoàn thành tốt nhiệm vụ" in page.locator("table.ratings").inner_text()
        screenshot(page, "cadres-file-recorded")
        page.click("text=Đăng xuất")

        sign_in(page, live_server.url, "quantri.tinh")
        page.goto(f"{live_server.url}/to-chuc/{cast.tree.province.code}/nhat-ky-truy-cap/")
        reads = page.locator("table.list tbody tr", has_text="Hồ sơ cán bộ")
        assert reads.count() == 6  # Hoa, Khánh, Sáng (after the appointment), Khánh three times
        screenshot(page, "cadres-access-log")
