"""People, the membership event log, and the state derived from it.

A :class:`Person` is anyone partyorg knows: an outstanding candidate, a member, a former member.
Being a member is not an attribute of the person; it is what the person's
:class:`MembershipEvent` log says on a date. The log is append-only (database triggers refuse
UPDATE and DELETE). :class:`MembershipInterval` and :class:`TemporaryPlacement` rows are folded
from it by :mod:`partyorg.members.timeline`, stored only to make queries fast, and rebuilt from the
log by ``partyorg rebuild``.
"""

from __future__ import annotations

import uuid

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from partyorg.core.models import Correctable, LegalBasisFields, RecordedFields
from partyorg.core.text import fold_vi
from partyorg.organizations.models import Organization, OrgChange


class Sex(models.TextChoices):
    MALE = "male", _("Nam")
    FEMALE = "female", _("Nữ")


class GeneralEducation(models.TextChoices):
    LITERATE = "literate", _("Biết đọc, biết viết")
    PRIMARY = "primary", _("Tiểu học")
    LOWER_SECONDARY = "lower_secondary", _("Trung học cơ sở")
    UPPER_SECONDARY = "upper_secondary", _("Trung học phổ thông")


class Person(models.Model):
    """Someone partyorg keeps a record of, member or not."""

    code = models.CharField(_("mã hồ sơ"), max_length=40, unique=True)
    full_name = models.CharField(_("họ và tên"), max_length=200)
    # full_name folded for search without diacritics ("nguyen thi huong"): see partyorg.core.text.
    search_key = models.CharField(max_length=200, db_index=True, editable=False)
    sex = models.CharField(_("giới tính"), max_length=10, choices=Sex.choices)
    birth_date = models.DateField(_("ngày sinh"))
    ethnicity = models.CharField(_("dân tộc"), max_length=60, default="Kinh")
    religion = models.CharField(_("tôn giáo"), max_length=60, blank=True)
    general_education = models.CharField(
        _("giáo dục phổ thông"), max_length=20, choices=GeneralEducation.choices, blank=True
    )
    professional_level = models.CharField(_("chuyên môn nghiệp vụ"), max_length=60, blank=True)
    academic_title = models.CharField(_("học hàm, học vị"), max_length=60, blank=True)
    political_theory = models.CharField(_("lý luận chính trị"), max_length=60, blank=True)
    occupation = models.CharField(_("nghề nghiệp"), max_length=100, blank=True)
    identity_number = models.CharField(_("số định danh cá nhân"), max_length=20, blank=True)
    dossier_number = models.CharField(_("số lý lịch đảng viên"), max_length=40, blank=True)
    card_number = models.CharField(_("số thẻ đảng viên"), max_length=40, blank=True)
    is_youth_union_member = models.BooleanField(_("đoàn viên"), default=False)
    is_private_business_owner = models.BooleanField(_("chủ doanh nghiệp tư nhân"), default=False)
    home_locality = models.ForeignKey(
        "organizations.Locality", models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("người")
        indexes = [models.Index(fields=["identity_number"]), models.Index(fields=["card_number"])]

    def __str__(self) -> str:
        return self.full_name

    def save(self, *args: object, **kwargs: object) -> None:
        self.search_key = fold_vi(self.full_name)
        super().save(*args, **kwargs)  # type: ignore[arg-type]


class EventKind(models.TextChoices):
    ADMISSION_DECIDED = "admission_decided", _("Quyết định kết nạp")
    ADMISSION_CEREMONY = "admission_ceremony", _("Lễ kết nạp")
    RECOGNIZED_OFFICIAL = "recognized_official", _("Công nhận đảng viên chính thức")
    TRANSFER_OUT = "transfer_out", _("Chuyển sinh hoạt đảng chính thức đi")
    TRANSFER_IN = "transfer_in", _("Chuyển sinh hoạt đảng chính thức đến")
    TEMPORARY_TRANSFER = "temporary_transfer", _("Chuyển sinh hoạt đảng tạm thời")
    TEMPORARY_RETURN = "temporary_return", _("Kết thúc sinh hoạt tạm thời")
    EXEMPTED = "exempted", _("Miễn công tác và sinh hoạt đảng")
    EXEMPTION_ENDED = "exemption_ended", _("Thôi miễn công tác và sinh hoạt đảng")
    SUSPENDED = "suspended", _("Đình chỉ sinh hoạt đảng")
    SUSPENSION_ENDED = "suspension_ended", _("Hết đình chỉ sinh hoạt đảng")
    INTERRUPTED = "interrupted", _("Gián đoạn sinh hoạt đảng")
    INTERRUPTION_ENDED = "interruption_ended", _("Sinh hoạt đảng trở lại")
    REMOVED = "removed", _("Xóa tên")
    EXPELLED = "expelled", _("Khai trừ")
    WITHDRAWN = "withdrawn", _("Ra khỏi Đảng")
    DIED = "died", _("Từ trần")
    READMISSION_DECIDED = "readmission_decided", _("Quyết định kết nạp lại")
    RESTORED = "restored", _("Phục hồi đảng tịch")
    ORG_REASSIGNED = "org_reassigned", _("Chuyển theo tổ chức")
    BADGE_AWARDED = "badge_awarded", _("Tặng Huy hiệu Đảng")
    VOIDED = "voided", _("Hủy bản ghi nhập sai")
    # How the log of a member who predates the records begins (issue 15): a member (official or
    # probationary, ``detail``) of ``organization`` from ``effective_on``, admitted elsewhere on
    # ``admitted_on`` or on a day unknown. See partyorg.rules.opening.
    OPENED = "opened", _("Đảng viên từ trước khi có hồ sơ")


class ExitGround(models.TextChoices):
    """Why a person left the Party, as far as re-admission cares: the values of
    :data:`partyorg.rules.readmission.EXIT_GROUNDS` (RULES.md §2.12). Recorded on the events of
    leaving (:data:`GROUNDED_EXITS`); an exit without one takes its kind's (members.findings)."""

    ABANDONED_ACTIVITY = "abandoned_activity", _("Tự bỏ sinh hoạt đảng")
    WITHDRAWAL = "withdrawal", _("Làm đơn xin ra khỏi Đảng")
    WITHDRAWAL_FAMILY_HARDSHIP = (
        "withdrawal_family_hardship",
        _("Làm đơn xin ra khỏi Đảng vì hoàn cảnh gia đình đặc biệt khó khăn"),
    )
    DISUNITY = "disunity", _("Gây mất đoàn kết nội bộ nghiêm trọng")
    CORRUPTION_CONVICTION = "corruption_conviction", _("Bị kết án vì tội tham nhũng")
    SERIOUS_CRIME_CONVICTION = "serious_crime_conviction", _("Bị kết án về tội nghiêm trọng trở lên")
    LESS_SERIOUS_CRIME_CONVICTION = "less_serious_crime_conviction", _("Bị án hình sự về tội ít nghiêm trọng")
    FAMILY_PLANNING = "family_planning", _("Vi phạm chính sách dân số và kế hoạch hóa gia đình")
    OTHER = "other", _("Lý do khác")


# The events of leaving the Party that carry a ground (a death is an exit with none).
GROUNDED_EXITS = frozenset({EventKind.REMOVED, EventKind.EXPELLED, EventKind.WITHDRAWN})


class MembershipEvent(LegalBasisFields, RecordedFields):
    """One fact of a person's party life. Never updated, never deleted.

    ``organization`` is the organization the event puts the person in (admission, transfer in,
    restoration, reassignment) or the one it happened at (every other kind).
    ``other_organization`` is the other end inside partyorg (a transfer's destination or origin,
    a temporary placement); ``external_place`` names it when it is outside partyorg's records.
    A correction is a new event whose ``corrects`` points at the wrong one: ``VOIDED`` withdraws
    it, any other kind takes its place.
    """

    scope_path = "person"  # whose it is (Scope.record)
    scope_day = "effective_on"
    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    person = models.ForeignKey(Person, models.PROTECT, related_name="events")
    kind = models.CharField(_("loại sự kiện"), max_length=30, choices=EventKind.choices)
    effective_on = models.DateField(_("ngày hiệu lực"))
    organization = models.ForeignKey(Organization, models.PROTECT, null=True, blank=True, related_name="+")
    other_organization = models.ForeignKey(
        Organization, models.PROTECT, null=True, blank=True, related_name="+"
    )
    external_place = models.CharField(_("nơi ngoài hệ thống"), max_length=255, blank=True)
    # Temporary-transfer reason, badge milestone, or free text: the one value a kind needs.
    detail = models.CharField(_("chi tiết"), max_length=100, blank=True)
    # Why a person left (GROUNDED_EXITS only): coded, since the re-admission rule reads it.
    exit_ground = models.CharField(
        _("lý do ra khỏi Đảng"),
        max_length=40,
        choices=ExitGround.choices,
        blank=True,
        default="",
        db_default="",  # rows written by bulk inserts that name no ground
    )
    # A re-admission's second legal basis: the written consent of the provincial standing committee
    # (or equivalent) that the deciding committee needs (RULES.md §2.12, QĐ 24 §3.5).
    consent_number = models.CharField(
        _("số văn bản đồng ý của cấp trên"), max_length=60, blank=True, default="", db_default=""
    )
    consent_date = models.DateField(_("ngày văn bản đồng ý"), null=True, blank=True)
    consent_issuer = models.CharField(
        _("cơ quan đồng ý"), max_length=200, blank=True, default="", db_default=""
    )
    # An opening (``OPENED``): the member's admission decision (the start of party age, RULES.md
    # §2.4), ceremony (the start of probation, §2.3) and recognition, as far as they are known; None
    # on every other kind, and where the opening does not know them.
    admitted_on = models.DateField(_("ngày quyết định kết nạp (trước khi có hồ sơ)"), null=True, blank=True)
    ceremony_on = models.DateField(_("ngày lễ kết nạp (trước khi có hồ sơ)"), null=True, blank=True)
    recognized_on = models.DateField(
        _("ngày công nhận chính thức (trước khi có hồ sơ)"), null=True, blank=True
    )
    corrects = models.ForeignKey("self", models.PROTECT, null=True, blank=True, related_name="corrections")
    org_change = models.ForeignKey(OrgChange, models.PROTECT, null=True, blank=True, related_name="+")
    # A rule the officer knowingly overrode, and why: kept with the event for ever.
    override_rule = models.CharField(_("quy định được vượt qua"), max_length=80, blank=True)
    override_reason = models.TextField(_("lý do"), blank=True)
    note = models.TextField(_("ghi chú"), blank=True)

    class Meta:
        verbose_name = _("sự kiện đảng viên")
        indexes = [
            models.Index(fields=["person", "effective_on"]),
            models.Index(fields=["kind", "effective_on"]),
            models.Index(fields=["organization", "effective_on"]),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.effective_on:%d/%m/%Y}"


class PersonCorrection(LegalBasisFields, RecordedFields):
    """A correction of a person's recorded attributes (a name misspelt, a wrong birth date or card
    number), kept as a row: each field's value before and after, why, who, when. The person's row
    holds the corrected values (``partyorg.members.services.correct_person``). Append-only.

    Small on purpose: the attributes are not dated (the name is the one the person bears now);
    dated facts about people (issue 15) will take over what this keeps."""

    scope_path = "person"  # whose it is (Scope.record)
    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    person = models.ForeignKey(Person, models.PROTECT, related_name="attribute_corrections")
    changes = models.JSONField(_("nội dung sửa"))  # field -> [before, after], as text
    note = models.TextField(_("lý do"))

    class Meta:
        verbose_name = _("sửa thông tin cá nhân")
        verbose_name_plural = _("sửa thông tin cá nhân")

    def __str__(self) -> str:
        return f"{self.person_id}: {', '.join(self.changes)}"


class FactKind(models.TextChoices):
    """What a dated fact about a person says (issue 15): each holds from its day until the next
    fact of its kind. The person's row keeps the value of today (``PERSON_FIELD``), as a copy."""

    RESIDENCE = "residence", _("nơi cư trú")  # the hamlet or residential group (a Locality)
    GENERAL_EDUCATION = "general_education", _("giáo dục phổ thông")
    PROFESSIONAL_LEVEL = "professional_level", _("chuyên môn nghiệp vụ")
    ACADEMIC_TITLE = "academic_title", _("học hàm, học vị")
    POLITICAL_THEORY = "political_theory", _("lý luận chính trị")
    STATE_MANAGEMENT = "state_management", _("quản lý nhà nước")
    OCCUPATION = "occupation", _("nghề nghiệp")
    YOUTH_UNION = "youth_union", _("đoàn viên")
    RELIGION = "religion", _("tôn giáo")
    FULL_NAME = "full_name", _("họ và tên")


# The person's field that copies today's value of each kind (state management has none).
PERSON_FIELD: dict[str, str] = {
    FactKind.RESIDENCE: "home_locality",
    FactKind.GENERAL_EDUCATION: "general_education",
    FactKind.PROFESSIONAL_LEVEL: "professional_level",
    FactKind.ACADEMIC_TITLE: "academic_title",
    FactKind.POLITICAL_THEORY: "political_theory",
    FactKind.OCCUPATION: "occupation",
    FactKind.YOUTH_UNION: "is_youth_union_member",
    FactKind.RELIGION: "religion",
    FactKind.FULL_NAME: "full_name",
}


class PersonFact(Correctable, LegalBasisFields, RecordedFields):
    """A fact about a person that holds from ``valid_from`` (None: since before the records) until
    the next fact of its kind: where the person lives, his education, occupation, … A change is a
    new fact; a fact recorded wrong is corrected by a new row (``corrects``) or withdrawn.
    Append-only; the periods each kind holds are derived (:class:`PersonFactPeriod`)."""

    scope_path = "person"  # whose it is (Scope.record)
    person = models.ForeignKey(Person, models.PROTECT, related_name="facts")
    kind = models.CharField(_("loại thông tin"), max_length=30, choices=FactKind.choices)
    valid_from = models.DateField(_("từ ngày"), null=True, blank=True)
    value = models.CharField(_("giá trị"), max_length=200, blank=True)
    locality = models.ForeignKey(
        "organizations.Locality", models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("thông tin theo thời gian")
        verbose_name_plural = _("thông tin theo thời gian")
        indexes = [models.Index(fields=["person", "kind"])]

    def __str__(self) -> str:
        return f"{self.person_id} {self.kind} {self.valid_from}: {self.value or self.locality_id}"


class PersonFactPeriod(models.Model):
    """Derived: the period [valid_from, valid_until) each value of a kind holds for a person, from
    the facts in force (None: open at that end). Rebuilt from the facts, like the membership
    intervals from the events."""

    person = models.ForeignKey(Person, models.CASCADE, related_name="fact_periods")
    kind = models.CharField(max_length=30, choices=FactKind.choices)
    value = models.CharField(max_length=200, blank=True)
    locality = models.ForeignKey(
        "organizations.Locality", models.CASCADE, null=True, blank=True, related_name="+"
    )
    valid_from = models.DateField(null=True)
    valid_until = models.DateField(null=True)

    class Meta:
        indexes = [
            models.Index(fields=["kind", "locality", "valid_from"]),
            models.Index(fields=["person", "kind", "valid_from"]),
        ]

    def __str__(self) -> str:
        return f"{self.person_id} {self.kind} {self.valid_from}–{self.valid_until}"


class MemberStatus(models.TextChoices):
    PROBATIONARY = "probationary", _("Dự bị")
    OFFICIAL = "official", _("Chính thức")


class MembershipInterval(models.Model):
    """Over ``[valid_from, valid_until)`` the person was a member of ``organization`` with this
    status and these flags. Derived from the log; one row per change of any of them.

    ``in_transit``: between an official transfer out and the letter being presented at the
    destination, the member is held at the destination (the invariant: one organization at any
    date while a member), and the flag says they have not reported yet.
    """

    person = models.ForeignKey(Person, models.CASCADE, related_name="intervals")
    organization = models.ForeignKey(Organization, models.PROTECT, related_name="+")
    valid_from = models.DateField()
    valid_until = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=20, choices=MemberStatus.choices)
    in_transit = models.BooleanField(default=False)
    is_exempt = models.BooleanField(default=False)
    is_suspended = models.BooleanField(default=False)

    class Meta:
        indexes = [
            models.Index(fields=["organization", "valid_from"]),
            models.Index(fields=["person", "valid_from"]),
            models.Index(fields=["valid_from", "valid_until"]),
            # The few members between a transfer out and their arrival, for the deadline lists.
            models.Index(
                fields=["valid_until", "valid_from"], condition=Q(in_transit=True), name="interval_in_transit"
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True) | Q(valid_until__gt=models.F("valid_from")),
                name="interval_nonempty_period",
            )
        ]

    def __str__(self) -> str:
        return f"{self.person_id}@{self.organization_id} {self.valid_from}–{self.valid_until or ''}"


class TemporaryPlacement(models.Model):
    """A temporary activity place, beside (never instead of) the official organization.
    Not counted at the temporary organization (RULES.md §2.7)."""

    person = models.ForeignKey(Person, models.CASCADE, related_name="temporary_placements")
    organization = models.ForeignKey(Organization, models.PROTECT, null=True, blank=True, related_name="+")
    external_place = models.CharField(max_length=255, blank=True)
    valid_from = models.DateField()
    valid_until = models.DateField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["organization", "valid_from"])]

    def __str__(self) -> str:
        return f"{self.person_id}@{self.organization_id or self.external_place} {self.valid_from}"


# -- the fast path of the stock figures (partyorg.members.stock) ---------------------------------

PATH_DEPTH = 7  # ancestor columns a0 (a root) … a6; deeper organizations are counted the plain way
STOCK_FLAGS = ("probationary", "women", "ethnic_minority", "religious", "youth_union", "exempt")


def _filled(k: int) -> Q | None:
    return None if k == 0 else Q(**{f"a{k}__isnull": False})


class StockFact(models.Model):
    """A membership interval cut where its organization's line of ancestors changes, with the
    member's attributes and that line copied onto it: ``a0`` is the root, ``a{depth}`` the
    organization itself. "Members of X on D" is then the rows with ``a{depth of X} = X`` valid on D,
    without walking the tree. Derived from :class:`MembershipInterval`, :class:`OrgVersion` and
    :class:`Person`; rebuilt by ``partyorg.members.stock``."""

    # Indexed with each end below: a fact's neighbour (the same person's fact ending the day this
    # one begins) is one probe, whatever the planner thinks of the subtree's size.
    person = models.ForeignKey(Person, models.CASCADE, related_name="+", db_index=False)
    valid_from = models.DateField()
    valid_until = models.DateField(null=True, blank=True)
    depth = models.PositiveSmallIntegerField()
    a0 = models.BigIntegerField()
    a1 = models.BigIntegerField(null=True)
    a2 = models.BigIntegerField(null=True)
    a3 = models.BigIntegerField(null=True)
    a4 = models.BigIntegerField(null=True)
    a5 = models.BigIntegerField(null=True)
    a6 = models.BigIntegerField(null=True)
    probationary = models.BooleanField(default=False)
    women = models.BooleanField(default=False)
    ethnic_minority = models.BooleanField(default=False)
    religious = models.BooleanField(default=False)
    youth_union = models.BooleanField(default=False)
    exempt = models.BooleanField(default=False)

    class Meta:
        # Partial: a deep column is empty in most rows (a cell's members are at a3 or a4), and an
        # index of the empty rows would be built at every rebuild for nothing ("a{k} = X" implies
        # "a{k} IS NOT NULL" to both databases' planners).
        indexes = [
            *(
                models.Index(
                    fields=[f"a{k}", "valid_from"], name=f"stockfact_a{k}_from", condition=_filled(k)
                )
                for k in range(PATH_DEPTH)
            ),
            *(
                models.Index(
                    fields=[f"a{k}", "valid_until"], name=f"stockfact_a{k}_until", condition=_filled(k)
                )
                for k in range(PATH_DEPTH)
            ),
            models.Index(fields=["person", "valid_from"], name="stockfact_person_from"),
            models.Index(fields=["person", "valid_until"], name="stockfact_person_until"),
        ]

    def __str__(self) -> str:
        return f"{self.person_id}@{self.a0}…(depth {self.depth}) {self.valid_from}–{self.valid_until or ''}"


class StockSnapshot(models.Model):
    """The members of an organization's subtree (as it stood that day) on the last day of a year:
    the coarse snapshot the fast path starts from, adding the facts that began and ended since."""

    organization_id = models.BigIntegerField()
    day = models.DateField()
    total = models.IntegerField(default=0)
    probationary = models.IntegerField(default=0)
    women = models.IntegerField(default=0)
    ethnic_minority = models.IntegerField(default=0)
    religious = models.IntegerField(default=0)
    youth_union = models.IntegerField(default=0)
    exempt = models.IntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["organization_id", "day"], name="stocksnapshot_org_day")
        ]

    def __str__(self) -> str:
        return f"{self.organization_id} {self.day}: {self.total}"
