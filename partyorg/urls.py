from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.urls import URLPattern, URLResolver, include, path
from django.views.i18n import set_language

from partyorg.accounts import views as second_factor
from partyorg.api.routes import api
from partyorg.web.views import (
    access_log,
    audit,
    cadres,
    dashboard,
    health,
    imports,
    members,
    organizations,
    orgchange,
    picker,
    record,
    reports,
    users,
    work,
    work_cards,
    work_committees,
    work_discipline,
    work_dues,
    work_meetings,
    work_ratings,
    work_recruitment,
)

# Not found and server error: partyorg's own pages (the 404 page also with debug on, through
# errors.NotFoundMiddleware).
handler404 = "partyorg.web.views.errors.not_found"
handler500 = "partyorg.web.views.errors.server_error"

urlpatterns: list[URLPattern | URLResolver] = [
    path("api/", api.urls),
    path("", dashboard.dashboard, name="home"),
    path("tong-quan/<str:code>/viec-den-han/", dashboard.deadlines, name="dashboard_due"),
    path(
        "dang-nhap/",
        auth_views.LoginView.as_view(template_name="web/login.html", redirect_authenticated_user=True),
        name="login",
    ),
    path("dang-xuat/", auth_views.LogoutView.as_view(), name="logout"),
    # The second factor: the code after the password, and setting up the app (accounts/otp.py).
    path("xac-thuc/ma/", second_factor.verify, name="otp_verify"),
    path("xac-thuc/thiet-lap/", second_factor.setup, name="otp_setup"),
    # The language switch of the header, also on the sign-in page.
    path("ngon-ngu/", login_not_required(set_language), name="set_language"),
    # For monitors, without signing in (partyorg/web/views/health.py).
    path("suc-khoe/", health.health, name="health"),
    path("chon-to-chuc/", picker.organizations, name="org_picker"),
    path("to-chuc/", organizations.organizations, name="organizations"),
    path("to-chuc/<str:code>/", organizations.organization, name="organization"),
    path("to-chuc/<str:code>/nhat-ky/", audit.audit, name="audit"),
    path("to-chuc/<str:code>/nhat-ky-truy-cap/", access_log.access_log, name="access_log"),
    path("to-chuc/<str:code>/thay-doi/", orgchange.orgchange, name="orgchange"),
    path("to-chuc/<str:code>/thay-doi/lien-ket/", orgchange.link, name="orgchange_link"),
    path("thay-doi-to-chuc/<uuid:uid>/sua/", orgchange.amend, name="orgchange_amend"),
    # Cadre work (issue 17): only for users holding the cadre role (partyorg.cadres.access).
    path("can-bo/", cadres.index, name="cadres"),
    path("can-bo/viec-den-han/", cadres.deadlines, name="cadres_deadlines"),
    path("can-bo/don-vi/<str:code>/", cadres.unit, name="cadres_unit"),
    path("can-bo/ho-so/<str:code>/", cadres.cadre, name="cadre"),
    path("can-bo/ho-so/<str:code>/bo-nhiem/", cadres.appoint, name="cadre_appoint"),
    path("can-bo/ho-so/<str:code>/dao-tao/", cadres.train, name="cadre_train"),
    path("can-bo/ho-so/<str:code>/danh-gia/", cadres.rate, name="cadre_rate"),
    path("nguoi-dung/", users.users, name="users"),
    path("nguoi-dung/thu-hoi/<int:pk>/", users.revoke, name="revoke"),
    path("dang-vien/", members.members, name="members"),
    path("dang-vien/<str:code>/", members.member, name="member"),
    path("dang-vien/<str:code>/xuat.xlsx", members.member_export, name="member_export"),
    path("dang-vien/<str:code>/ghi/", record.record, name="record"),
    path("dang-vien/<str:code>/thong-tin/", record.attributes, name="person_attributes"),
    path("", include("partyorg.papers.urls")),  # the papers printed from a member's record
    path("bao-cao/", reports.reports, name="reports"),
    path("bao-cao/tai/<str:name>.<str:extension>", reports.download, name="report_download"),
    path("bao-cao/gui/<str:name>/", reports.mark_sent, name="report_mark_sent"),
    path("bao-cao/da-gui/<uuid:uid>/", reports.sent_report, name="sent_report"),
    path("nap-tep/", imports.imports, name="imports"),
    path("nap-tep/<int:pk>/", imports.job, name="import_job"),
    path("nap-tep/<int:pk>/tien-do/", imports.progress, name="import_progress"),
    path("nap-tep/<int:pk>/phat-hien.csv", imports.findings, name="import_findings"),
    path("nap-tep/<int:pk>/phat-hien/", imports.findings_page, name="import_findings_page"),
    path("nap-tep/<int:pk>/kiem-tra/", imports.check, name="import_check"),
    path("nap-tep/<int:pk>/ap-dung/", imports.apply, name="import_apply"),
    # The party's yearly work (issue 6): candidates, congresses and committees, meetings.
    path("cong-tac/", work.index, name="work"),
    path("cong-tac/qua-han-nhiem-ky/", work.overdue, name="work_overdue"),
    path("cong-tac/<str:code>/", work.organization, name="work_org"),
    path("cong-tac/<str:code>/phat-trien-dang/", work_recruitment.candidates, name="work_candidates"),
    path("cong-tac/<str:code>/phat-trien-dang/ke-hoach/", work_recruitment.source_plan, name="work_plan"),
    path(
        "cong-tac/<str:code>/phat-trien-dang/them/", work_recruitment.add_candidate, name="work_candidate_new"
    ),
    path("quan-chung/<uuid:uid>/", work_recruitment.candidate, name="candidate"),
    path("quan-chung/<uuid:uid>/ghi/", work_recruitment.record_step, name="candidate_step"),
    path("cong-tac/<str:code>/cap-uy/", work_committees.committees, name="work_committees"),
    path("cong-tac/<str:code>/cap-uy/dai-hoi/", work_committees.record_congress, name="work_congress"),
    path("cong-tac/<str:code>/cap-uy/nhan-chuc/", work_committees.start_position, name="work_position"),
    path("chuc-vu/<uuid:uid>/thoi-giu-chuc/", work_committees.end_position, name="work_position_end"),
    path("chuc-vu/<uuid:uid>/huy-bo/", work_committees.withdraw_position, name="work_position_withdraw"),
    path("dai-hoi/<uuid:uid>/sua/", work_committees.correct_congress, name="work_congress_correct"),
    path("dai-hoi/<uuid:uid>/huy-bo/", work_committees.withdraw_congress, name="work_congress_withdraw"),
    path("cong-tac/<str:code>/sinh-hoat/", work_meetings.meetings, name="work_meetings"),
    path("cong-tac/<str:code>/sinh-hoat/ghi/", work_meetings.record, name="work_meeting_new"),
    path("cong-tac/<str:code>/sinh-hoat/diem-danh/", work_meetings.attendance, name="work_attendance"),
    path("cong-tac/<str:code>/sinh-hoat/so-lieu/", work_meetings.figures, name="work_meeting_figures"),
    path("cong-tac/<str:code>/sinh-hoat/kiem-tra/", work_meetings.findings, name="work_findings"),
    path("cong-tac/<str:code>/cu-tru/", work_meetings.residence, name="work_residence"),
    path("sinh-hoat/<uuid:uid>/", work_meetings.meeting, name="work_meeting"),
    path("sinh-hoat/<uuid:uid>/sua/", work_meetings.correct, name="work_meeting_correct"),
    path("sinh-hoat/<uuid:uid>/huy-bo/", work_meetings.withdraw, name="work_meeting_withdraw"),
    # Ratings, discipline and dues (issue 5).
    path("cong-tac/<str:code>/xep-loai/", work_ratings.ratings, name="work_ratings"),
    path("cong-tac/<str:code>/xep-loai/so-lieu/", work_ratings.figures, name="work_rating_figures"),
    path("cong-tac/<str:code>/xep-loai/mo-dot/", work_ratings.open_cycle, name="work_cycle_new"),
    path("cong-tac/<str:code>/xep-loai/dang-vien/", work_ratings.rate_members, name="work_rate_members"),
    path("cong-tac/<str:code>/xep-loai/to-chuc/", work_ratings.rate_organization, name="work_rate_org"),
    path("xep-loai/<uuid:uid>/sua/", work_ratings.correct_rating, name="work_rating_correct"),
    path("xep-loai/<uuid:uid>/huy-bo/", work_ratings.withdraw_rating, name="work_rating_withdraw"),
    path("cong-tac/<str:code>/ky-luat/", work_discipline.discipline, name="work_discipline"),
    path("cong-tac/<str:code>/ky-luat/ghi/", work_discipline.record_measure, name="work_measure_new"),
    path("cong-tac/<str:code>/ky-luat/khen-thuong/", work_discipline.commend, name="work_commend"),
    path("ky-luat/<uuid:uid>/huy-bo/", work_discipline.withdraw_measure, name="work_measure_withdraw"),
    path(
        "khen-thuong/<uuid:uid>/huy-bo/",
        work_discipline.withdraw_commendation,
        name="work_commendation_withdraw",
    ),
    # The party-card register (issue 16).
    path("cong-tac/<str:code>/the-dang-vien/", work_cards.cards, name="work_cards"),
    path("cong-tac/<str:code>/the-dang-vien/ghi/", work_cards.record_card, name="work_card_new"),
    path("the-dang-vien/<uuid:uid>/huy-bo/", work_cards.withdraw_card, name="work_card_withdraw"),
    path("cong-tac/<str:code>/dang-phi/", work_dues.dues, name="work_dues"),
    path("cong-tac/<str:code>/dang-phi/chi-bo/", work_dues.cells, name="work_dues_cells"),
    path("cong-tac/<str:code>/dang-phi/nop/", work_dues.record_payments, name="work_dues_pay"),
    path("cong-tac/<str:code>/dang-phi/can-cu/", work_dues.record_basis, name="work_dues_basis"),
    path("cong-tac/<str:code>/dang-phi/mien-giam/", work_dues.record_relief, name="work_relief_new"),
    path("mien-giam/<uuid:uid>/huy-bo/", work_dues.withdraw_relief, name="work_relief_withdraw"),
]
