from django.contrib.auth import views as auth_views
from django.urls import URLPattern, URLResolver, path

from partyorg.api import api
from partyorg.web.views import (
    audit,
    dashboard,
    imports,
    members,
    organizations,
    orgchange,
    record,
    reports,
    users,
)

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
    path("to-chuc/", organizations.organizations, name="organizations"),
    path("to-chuc/<str:code>/", organizations.organization, name="organization"),
    path("to-chuc/<str:code>/nhat-ky/", audit.audit, name="audit"),
    path("to-chuc/<str:code>/thay-doi/", orgchange.orgchange, name="orgchange"),
    path("to-chuc/<str:code>/thay-doi/lien-ket/", orgchange.link, name="orgchange_link"),
    path("nguoi-dung/", users.users, name="users"),
    path("nguoi-dung/thu-hoi/<int:pk>/", users.revoke, name="revoke"),
    path("dang-vien/", members.members, name="members"),
    path("dang-vien/<str:code>/", members.member, name="member"),
    path("dang-vien/<str:code>/ghi/", record.record, name="record"),
    path("bao-cao/", reports.reports, name="reports"),
    path("bao-cao/tai/<str:name>.<str:extension>", reports.download, name="report_download"),
    path("nap-tep/", imports.imports, name="imports"),
    path("nap-tep/<int:pk>/", imports.job, name="import_job"),
    path("nap-tep/<int:pk>/tien-do/", imports.progress, name="import_progress"),
    path("nap-tep/<int:pk>/kiem-tra/", imports.check, name="import_check"),
    path("nap-tep/<int:pk>/ap-dung/", imports.apply, name="import_apply"),
]
