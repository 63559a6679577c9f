"""Who may see and change what: a user is given organizations, each with a role, and sees and
changes only those subtrees (``partyorg.accounts.scope``)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.IntegerChoices):
    """Each role includes the ones before it."""

    VIEW = 1, _("Xem")
    EDIT = 2, _("Cập nhật")
    APPROVE = 3, _("Duyệt")
    ADMINISTER = 4, _("Quản trị")


class Assignment(models.Model):
    """``user`` holds ``role`` over ``organization`` and everything under it, from ``granted_at``
    until ``revoked_at``. A revoked assignment stays, as the record of who could do what when."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="assignments")
    organization = models.ForeignKey("organizations.Organization", models.PROTECT, related_name="+")
    role = models.PositiveSmallIntegerField(_("vai trò"), choices=Role.choices)
    granted_at = models.DateTimeField(_("cấp lúc"))
    granted_by = models.CharField(_("người cấp"), max_length=150)
    revoked_at = models.DateTimeField(_("thu hồi lúc"), null=True, blank=True)
    revoked_by = models.CharField(_("người thu hồi"), max_length=150, blank=True)

    class Meta:
        verbose_name = _("phân quyền")
        verbose_name_plural = _("phân quyền")
        indexes = [models.Index(fields=["user", "revoked_at"])]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()} — {self.organization}"


class ReadKind(models.TextChoices):
    """What was read (``ReadEntry.kind``)."""

    PERSON = "person", _("Hồ sơ một người")
    MEMBER_LIST = "member_list", _("Danh sách đảng viên")
    DEADLINES = "deadlines", _("Danh sách việc đến hạn")
    WARNINGS = "warnings", _("Cảnh báo công tác đảng")
    DOCUMENT = "document", _("Biểu mẫu, báo cáo")
    EXPORT = "export", _("Xuất toàn bộ hồ sơ")
    CADRE_FILE = "cadre_file", _("Hồ sơ cán bộ")  # a cadre's file (partyorg.cadres, issue 17)
    PERSON_EXPORT = "person_export", _("Xuất hồ sơ một người")  # for that person (Decree 13/2023)


class ReadChannel(models.TextChoices):
    WEB = "web", _("Trang web")
    API = "api", _("API")
    CLI = "cli", _("Dòng lệnh")


class ReadEntry(models.Model):
    """One read of records that name people: who (the user, and their username as it was), when,
    what (a person's file, a list, a document of an organization and day, the export) and from where
    (the channel, the address and the browser or machine). Written by
    :func:`partyorg.accounts.reads.log_read`, one row a request, never one a person listed. A log:
    the database refuses UPDATE and DELETE (``partyorg.core.append_only``)."""

    at = models.DateTimeField(_("lúc"), db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+"
    )
    username = models.CharField(_("người đọc"), max_length=150, db_index=True)
    kind = models.CharField(_("đọc gì"), max_length=20, choices=ReadKind.choices)
    person = models.ForeignKey("members.Person", models.PROTECT, null=True, blank=True, related_name="+")
    organization = models.ForeignKey(
        "organizations.Organization", models.PROTECT, null=True, blank=True, related_name="+"
    )
    on = models.DateField(_("tại ngày"), null=True, blank=True)
    detail = models.CharField(_("chi tiết"), max_length=300, blank=True)
    channel = models.CharField(_("qua"), max_length=3, choices=ReadChannel.choices)
    address = models.GenericIPAddressField(_("địa chỉ IP"), null=True, blank=True)
    agent = models.CharField(_("trình duyệt, máy"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("lượt đọc hồ sơ")
        verbose_name_plural = _("nhật ký truy cập")

    def __str__(self) -> str:
        return f"{self.at:%d/%m/%Y %H:%M} {self.username} {self.get_kind_display()}"


class SecondFactorEventKind(models.TextChoices):
    SET_UP = "set_up", _("Thiết lập xác thực hai lớp")
    RESET = "reset", _("Xóa thiết bị xác thực hai lớp")


class SecondFactorEvent(models.Model):
    """A user's second factor set up (on the page, by the user) or reset (``partyorg otp reset``,
    by the operating-system user who ran it): who, when, by whom. A log: the database refuses UPDATE
    and DELETE (``partyorg.core.append_only``)."""

    at = models.DateTimeField(_("lúc"), db_index=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
    username = models.CharField(_("người dùng"), max_length=150)
    kind = models.CharField(_("việc"), max_length=10, choices=SecondFactorEventKind.choices)
    by = models.CharField(_("người làm"), max_length=150)
    detail = models.CharField(_("chi tiết"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("thay đổi xác thực hai lớp")
        verbose_name_plural = _("nhật ký xác thực hai lớp")

    def __str__(self) -> str:
        return f"{self.at:%d/%m/%Y %H:%M} {self.username} {self.get_kind_display()}"
