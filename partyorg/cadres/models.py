"""The records of cadre work (RULES.md §11.13): units and their staffing, employment spells, posts
held, training, the state's ratings and planning.

Every table but the post catalogue and the cadre grants is a log: the database refuses UPDATE and
DELETE (``partyorg.core.append_only``). A wrong row is answered by a new row whose ``corrects``
points at it (``withdrawn`` takes it back altogether); ``objects.in_force()`` are the rows nobody
corrected. A spell (an employment, a post held, a training course, a planning entry) is two rows,
as a seat in a committee is (``partyorg.committees.models.PositionRecord``): a ``STARTED`` row from
``effective_on``, and later an ``ENDED`` row whose ``ends`` names it, from the first day out (half-
open, like every period of partyorg), with how it ended and the decision that ended it.

A cadre is a :class:`~partyorg.members.models.Person`, member or not. Whose a record is: the party
organization its unit stands under (``Unit.organization``) or the body that manages the cadre
(``Employment.managed_by``), judged by :mod:`partyorg.cadres.access` with the cadre role.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from partyorg.core.models import Correctable, LegalBasisFields, OverrideFields, RecordedFields


class UnitKind(models.TextChoices):
    PARTY_COMMITTEE = "party_committee", _("Cấp ủy đảng (cơ quan)")
    PARTY_BODY = "party_body", _("Cơ quan tham mưu, giúp việc của cấp ủy")
    PEOPLES_COUNCIL = "peoples_council", _("Hội đồng nhân dân")
    PEOPLES_COMMITTEE = "peoples_committee", _("Ủy ban nhân dân")
    STATE_AGENCY = "state_agency", _("Cơ quan chuyên môn của chính quyền")
    FRONT = "front", _("Mặt trận Tổ quốc")
    MASS_ORGANIZATION = "mass_organization", _("Tổ chức chính trị - xã hội")
    PUBLIC_SERVICE = "public_service", _("Đơn vị sự nghiệp công lập")
    DEPARTMENT = "department", _("Phòng, bộ phận thuộc cơ quan")


class UnitBloc(models.TextChoices):
    """The column groups of form 8B (RULES.md §11.12): party bodies, their public-service units,
    the Front and mass organizations; and government, which 8B does not count."""

    PARTY = "party", _("Cơ quan Đảng")
    PARTY_PUBLIC_SERVICE = "party_public_service", _("Đơn vị sự nghiệp trực thuộc")
    FRONT_MASS = "front_mass", _("Mặt trận Tổ quốc, đoàn thể chính trị - xã hội")
    GOVERNMENT = "government", _("Chính quyền")
    OTHER = "other", _("Khác")


class UnitLevel(models.TextChoices):
    CENTRAL = "central", _("Trung ương")
    PROVINCE = "province", _("Cấp tỉnh")
    DISTRICT = "district", _("Cấp huyện")  # until 30/06/2025 (RULES.md §1.5, §11.15 #8)
    COMMUNE = "commune", _("Cấp xã")


class StaffCategory(models.TextChoices):
    """The staff category of an employment (RULES.md §11.1). A contract's basis (ND 68/2000, its
    successors) is data on the employment, not a category (§11.15 #9)."""

    CADRE = "cadre", _("Cán bộ")
    CIVIL_SERVANT = "civil_servant", _("Công chức")
    PUBLIC_EMPLOYEE = "public_employee", _("Viên chức")
    CONTRACT = "contract", _("Hợp đồng lao động")


class ManagementLevel(models.TextChoices):
    """Which body's cadre pool a cadre belongs to (phân cấp quản lý, RULES.md §11.1); form 13 splits
    appointments by it. The body itself is ``Employment.managed_by``."""

    POLITBURO = "politburo", _("Diện Bộ Chính trị quản lý")
    SECRETARIAT = "secretariat", _("Diện Ban Bí thư quản lý")
    PROVINCIAL_STANDING = "provincial_standing", _("Diện Ban Thường vụ Tỉnh ủy quản lý")
    DISTRICT_STANDING = "district_standing", _("Diện Ban Thường vụ Huyện ủy quản lý")
    GRASSROOTS = "grassroots", _("Diện cấp ủy cơ sở quản lý")
    AGENCY = "agency", _("Cơ quan, đơn vị quản lý")


class SpellKind(models.TextChoices):
    STARTED = "started", _("Bắt đầu")
    ENDED = "ended", _("Kết thúc")


def _spell_constraint(name: str) -> models.CheckConstraint:
    return models.CheckConstraint(
        condition=Q(kind=SpellKind.STARTED, ends__isnull=True) | Q(kind=SpellKind.ENDED, ends__isnull=False),
        name=name,
    )


class CadreRecord(Correctable, OverrideFields, LegalBasisFields, RecordedFields):
    """What every cadre record shares: a correctable log row (uid, note, corrects, withdrawn), the
    rule an officer overrode, its legal basis, who recorded it when."""

    class Meta:
        abstract = True


class Spell(CadreRecord):
    """A row of a spell (an employment, a post held, a course, a planning entry): ``STARTED`` from
    ``effective_on``, or ``ENDED`` from the first day out, naming in ``ends`` the start it ends."""

    scope_day = "effective_on"
    kind = models.CharField(_("loại bản ghi"), max_length=10, choices=SpellKind.choices)
    ends = models.ForeignKey("self", models.PROTECT, null=True, blank=True, related_name="endings")
    effective_on = models.DateField(_("ngày hiệu lực"))

    class Meta:
        abstract = True


# -- units ---------------------------------------------------------------------------------------


class Unit(LegalBasisFields, RecordedFields):
    """An agency or unit cadres work in (cơ quan, đơn vị), or a department of one (``parent``).
    Its classification and the party organization it stands under do not change; its name and its
    dissolution are dated rows (:class:`UnitVersion`). A unit that moves under another party
    organization (the 2025 restructuring) is a new unit. Append-only."""

    scope_path = "organization"
    scope_day = "founded_on"
    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    code = models.CharField(_("mã đơn vị"), max_length=40, unique=True)
    kind = models.CharField(_("loại"), max_length=20, choices=UnitKind.choices)
    bloc = models.CharField(_("khối"), max_length=24, choices=UnitBloc.choices)
    level = models.CharField(_("cấp"), max_length=10, choices=UnitLevel.choices)
    # The party organization whose subtree holds the unit: a Tỉnh ủy's Ban Tổ chức stands under the
    # Tỉnh ủy, a commune's People's Committee under the commune's party committee.
    organization = models.ForeignKey("organizations.Organization", models.PROTECT, related_name="+")
    parent = models.ForeignKey(
        "self", models.PROTECT, null=True, blank=True, related_name="departments", verbose_name=_("thuộc")
    )
    founded_on = models.DateField(_("ngày thành lập"))

    class Meta:
        verbose_name = _("cơ quan, đơn vị")
        verbose_name_plural = _("cơ quan, đơn vị")
        indexes = [models.Index(fields=["organization"]), models.Index(fields=["parent"])]

    def __str__(self) -> str:
        return self.code


class UnitVersion(CadreRecord):
    """From ``valid_from`` until the unit's next version, the unit bears ``name``; a version with
    ``dissolved`` says the unit no longer stands from that day."""

    scope_path = "unit__organization"
    scope_day = "valid_from"
    unit = models.ForeignKey(Unit, models.PROTECT, related_name="versions")
    name = models.CharField(_("tên"), max_length=200)
    valid_from = models.DateField(_("từ ngày"))
    dissolved = models.BooleanField(_("giải thể"), default=False)

    class Meta:
        verbose_name = _("tên, trạng thái của đơn vị")
        indexes = [models.Index(fields=["unit", "valid_from"])]

    def __str__(self) -> str:
        return f"{self.name} ({self.valid_from:%d/%m/%Y})"


class StaffingQuota(CadreRecord):
    """The approved staffing (biên chế được giao) of a unit for a year, in all or in one category:
    what payroll streamlining (NQ 39-NQ/TW and its successors, RULES.md §11.9) is measured against."""

    scope_path = "unit__organization"
    scope_day = "decided_on"
    unit = models.ForeignKey(Unit, models.PROTECT, related_name="quotas")
    year = models.PositiveSmallIntegerField(_("năm"))
    category = models.CharField(_("loại cán bộ"), max_length=20, choices=StaffCategory.choices, blank=True)
    approved = models.PositiveIntegerField(_("biên chế được giao"))
    decided_on = models.DateField(_("ngày giao"))

    class Meta:
        verbose_name = _("biên chế được giao")
        indexes = [models.Index(fields=["unit", "year"])]


# -- employment ----------------------------------------------------------------------------------


class EmploymentStart(models.TextChoices):
    """How an employment began: the increases of form 8C (RULES.md §11.12), or a change of rank,
    grade or category within the same work (no increase)."""

    RECRUITED_EXAM = "recruited_exam", _("Tuyển dụng qua thi tuyển")
    RECRUITED_SELECTION = "recruited_selection", _("Tuyển dụng qua xét tuyển")
    RECEIVED = "received", _("Tiếp nhận (người có kinh nghiệm, tốt nghiệp xuất sắc, nhà khoa học trẻ)")
    TRANSFERRED_IN = "transferred_in", _("Chuyển đến, điều động đến")
    ELECTED = "elected", _("Bầu cử, phê chuẩn, chỉ định")
    CONTINUED = "continued", _("Thay đổi ngạch, bậc, loại (tiếp tục công tác)")
    OTHER = "other", _("Khác")


class RankClass(models.TextChoices):
    """The rank rows of form 8B (RULES.md §11.12): a civil servant's rank class, a public employee's
    professional class; the rank itself (its title and code) is ``Employment.rank``."""

    SENIOR_SPECIALIST = "senior_specialist", _("Chuyên viên cao cấp và tương đương")
    PRINCIPAL_SPECIALIST = "principal_specialist", _("Chuyên viên chính và tương đương")
    SPECIALIST = "specialist", _("Chuyên viên và tương đương")
    OFFICER = "officer", _("Cán sự và tương đương")
    STAFF = "staff", _("Nhân viên")
    CLASS_I = "class_1", _("Viên chức hạng I")
    CLASS_II = "class_2", _("Viên chức hạng II")
    CLASS_III = "class_3", _("Viên chức hạng III")
    CLASS_IV = "class_4", _("Viên chức hạng IV")
    CLASS_V = "class_5", _("Viên chức hạng V")


class EmploymentEnd(models.TextChoices):
    """How an employment ended: the decreases of form 8C (RULES.md §11.12) and the exits of §11.9."""

    RETIRED = "retired", _("Nghỉ hưu")
    TRANSFERRED = "transferred", _("Chuyển công tác")
    VOLUNTARY = "voluntary", _("Thôi việc theo nguyện vọng")
    FORCED = "forced", _("Buộc thôi việc")
    OFF_BUDGET = "off_budget", _("Chuyển sang đơn vị không hưởng lương ngân sách")
    STREAMLINED = "streamlined", _("Tinh giản biên chế")
    RESTRUCTURED = "restructured", _("Nghỉ do sắp xếp tổ chức bộ máy")
    DIED = "died", _("Từ trần")
    OTHER = "other", _("Lý do khác")


class Employment(Spell):
    """A spell of a person's work in a unit (RULES.md §11.13 "staff-category spell"): from
    ``effective_on`` (STARTED) until the ENDED row that ``ends`` it. A change of rank, grade or
    category is an end and a new start."""

    scope_path = "unit__organization"
    person = models.ForeignKey("members.Person", models.PROTECT, related_name="employments")
    unit = models.ForeignKey(Unit, models.PROTECT, related_name="employments")
    department = models.ForeignKey(Unit, models.PROTECT, null=True, blank=True, related_name="+")
    category = models.CharField(_("loại cán bộ"), max_length=20, choices=StaffCategory.choices)
    contract_basis = models.CharField(_("căn cứ hợp đồng"), max_length=120, blank=True)
    budget_paid = models.BooleanField(_("hưởng lương ngân sách"), default=True)
    rank = models.CharField(_("ngạch, chức danh nghề nghiệp"), max_length=120, blank=True)
    rank_code = models.CharField(_("mã ngạch"), max_length=20, blank=True)
    rank_class = models.CharField(
        _("loại ngạch, hạng"), max_length=24, choices=RankClass.choices, blank=True, db_default="", default=""
    )
    salary_step = models.PositiveSmallIntegerField(_("bậc lương"), null=True, blank=True)
    salary_coefficient = models.DecimalField(
        _("hệ số lương"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    management_level = models.CharField(
        _("phân cấp quản lý"), max_length=24, choices=ManagementLevel.choices, blank=True
    )
    managed_by = models.ForeignKey(
        "organizations.Organization", models.PROTECT, null=True, blank=True, related_name="+"
    )
    start_reason = models.CharField(
        _("hình thức bắt đầu"),
        max_length=24,
        choices=EmploymentStart.choices,
        blank=True,
        db_default="",
        default="",
    )
    end_reason = models.CharField(
        _("lý do kết thúc"), max_length=20, choices=EmploymentEnd.choices, blank=True
    )

    class Meta:
        verbose_name = _("quá trình công tác")
        indexes = [
            models.Index(fields=["unit", "effective_on"]),
            models.Index(fields=["person", "effective_on"]),
            models.Index(fields=["managed_by", "effective_on"]),
        ]
        constraints = [_spell_constraint("employment_end_names_its_start")]


# -- posts -------------------------------------------------------------------------------------


class PostSphere(models.TextChoices):
    PARTY = "party", _("Đảng")
    STATE = "state", _("Chính quyền")
    FRONT = "front", _("Mặt trận Tổ quốc")
    MASS = "mass", _("Đoàn thể")


class Post(models.Model):
    """A post of the catalogue (danh mục chức danh, QĐ 368-QĐ/TW, RULES.md §11.1, §11.13): not a log
    but the deployment's configurable table. ``rank`` orders posts (1 is the highest): a person
    holding several posts is placed by the highest (QĐ 368); the default ranks of
    :mod:`partyorg.cadres.catalogue` are partyorg's reading of QĐ 368's groups, [P]."""

    code = models.CharField(_("mã chức danh"), max_length=40, unique=True)
    title = models.CharField(_("chức danh"), max_length=200)
    sphere = models.CharField(_("khối"), max_length=10, choices=PostSphere.choices)
    level = models.CharField(_("cấp"), max_length=10, choices=UnitLevel.choices)
    rank = models.PositiveSmallIntegerField(_("thứ bậc"))
    group = models.CharField(_("nhóm (QĐ 368)"), max_length=10, blank=True)
    is_head = models.BooleanField(_("cấp trưởng"), default=False)
    is_elected = models.BooleanField(_("chức danh bầu cử"), default=False)
    term_months = models.PositiveSmallIntegerField(_("thời hạn giữ chức vụ (tháng)"), default=60)
    management_level = models.CharField(
        _("phân cấp quản lý"), max_length=24, choices=ManagementLevel.choices, blank=True
    )

    class Meta:
        verbose_name = _("chức danh")
        verbose_name_plural = _("danh mục chức danh")

    def __str__(self) -> str:
        return self.title


class HoldingMode(models.TextChoices):
    ELECTED = "elected", _("Bầu")
    APPOINTED = "appointed", _("Bổ nhiệm")
    REAPPOINTED = "reappointed", _("Bổ nhiệm lại")
    DESIGNATED = "designated", _("Chỉ định")
    TRANSFERRED = "transferred", _("Điều động")
    ROTATED = "rotated", _("Luân chuyển")
    SECONDED = "seconded", _("Biệt phái")
    EXTENDED = "extended", _("Kéo dài thời gian giữ chức vụ")


class PostEnd(models.TextChoices):
    TERM_ENDED = "term_ended", _("Hết nhiệm kỳ, hết thời hạn")
    REAPPOINTED = "reappointed", _("Bổ nhiệm lại")
    ROTATED = "rotated", _("Luân chuyển")
    TRANSFERRED = "transferred", _("Điều động, chuyển công tác")
    STEPPED_DOWN = "stepped_down", _("Cho thôi giữ chức vụ")
    RESIGNED = "resigned", _("Từ chức")
    DISMISSED = "dismissed", _("Miễn nhiệm")
    REMOVED = "removed", _("Cách chức")
    RETIRED = "retired", _("Nghỉ hưu")
    RESTRUCTURED = "restructured", _("Sắp xếp tổ chức bộ máy")
    DIED = "died", _("Từ trần")
    OTHER = "other", _("Lý do khác")


class PostHolding(Spell):
    """A person holds ``post`` in ``unit`` from ``effective_on`` (STARTED), elected or by the
    decision of the legal basis, for a term ending ``term_ends_on``; an ENDED row ends it, saying
    how. ``dossier_received_on``: the day the organization commission received the submission and
    dossier, the reference day of the appointment age (RULES.md §11.5, KL 08, HD 06)."""

    scope_path = "unit__organization"
    person = models.ForeignKey("members.Person", models.PROTECT, related_name="post_holdings")
    post = models.ForeignKey(Post, models.PROTECT, related_name="holdings")
    unit = models.ForeignKey(Unit, models.PROTECT, related_name="post_holdings")
    mode = models.CharField(_("hình thức"), max_length=12, choices=HoldingMode.choices, blank=True)
    concurrent = models.BooleanField(_("kiêm nhiệm"), default=False)
    term_ends_on = models.DateField(_("hết thời hạn"), null=True, blank=True)
    dossier_received_on = models.DateField(_("ngày nhận tờ trình, hồ sơ"), null=True, blank=True)
    end_reason = models.CharField(_("lý do thôi giữ"), max_length=14, choices=PostEnd.choices, blank=True)

    class Meta:
        verbose_name = _("chức vụ đảm nhiệm")
        indexes = [
            models.Index(fields=["person", "effective_on"]),
            models.Index(fields=["unit", "effective_on"]),
            models.Index(fields=["post", "effective_on"]),
        ]
        constraints = [_spell_constraint("post_holding_end_names_its_start")]


# -- training ----------------------------------------------------------------------------------


class Programme(models.TextChoices):
    POLITICAL_THEORY = "political_theory", _("Lý luận chính trị")
    STATE_MANAGEMENT = "state_management", _("Quản lý nhà nước")
    DEGREE = "degree", _("Chuyên môn (bằng cấp)")
    FOREIGN_LANGUAGE = "foreign_language", _("Ngoại ngữ")
    IT = "it", _("Tin học")
    COURSE = "course", _("Bồi dưỡng")
    DEFENCE_SECURITY = "defence_security", _("Quốc phòng - an ninh")


class TheoryLevel(models.TextChoices):
    """Political theory (RULES.md §11.8). Forms count "cao cấp, cử nhân" as one bucket (§11.15 #7)."""

    ELEMENTARY = "elementary", _("Sơ cấp")
    INTERMEDIATE = "intermediate", _("Trung cấp")
    SENIOR = "senior", _("Cao cấp")
    BACHELOR = "bachelor", _("Cử nhân")


class DegreeLevel(models.TextChoices):
    """Professional level (RULES.md §11.8, forms 8B, 9, 11), lowest first."""

    VOCATIONAL = "vocational", _("Trung cấp")
    COLLEGE = "college", _("Cao đẳng")
    BACHELOR = "bachelor", _("Đại học")
    MASTER = "master", _("Thạc sĩ")
    DOCTOR = "doctor", _("Tiến sĩ")


class StateManagementLevel(models.TextChoices):
    SPECIALIST = "specialist", _("Chuyên viên")
    PRINCIPAL = "principal", _("Chuyên viên chính")
    SENIOR = "senior", _("Chuyên viên cao cấp")


class StudyMode(models.TextChoices):
    FULL_TIME = "full_time", _("Tập trung")
    PART_TIME = "part_time", _("Không tập trung")
    ONLINE = "online", _("Trực tuyến")


class StudyPlace(models.TextChoices):
    DOMESTIC = "domestic", _("Trong nước")
    ABROAD = "abroad", _("Nước ngoài")
    JOINT = "joint", _("Liên kết")


class TrainingOutcome(models.TextChoices):
    COMPLETED = "completed", _("Hoàn thành, được cấp bằng, chứng chỉ")
    DROPPED = "dropped", _("Bỏ học, không hoàn thành")


class TrainingEnrolment(Spell):
    """A course a person takes (RULES.md §11.13 "training enrolment"): STARTED on its first day
    (``start_known`` False for a qualification declared with its proof, whose course began before
    the records: then ``effective_on`` is the day it was completed), ENDED with its outcome. The
    person is studying (đang học) on a day between the two; their levels on a day are those of the
    courses completed by then. ``commitment_until``: the end of the service commitment after a
    state-funded postgraduate course (ND 101/2017 2×, ND 171/2025 3× the training time, §11.8)."""

    scope_path = "person"
    person = models.ForeignKey("members.Person", models.PROTECT, related_name="trainings")
    programme = models.CharField(_("loại đào tạo"), max_length=20, choices=Programme.choices)
    level = models.CharField(_("trình độ"), max_length=40, blank=True)
    field_of_study = models.CharField(_("chuyên ngành"), max_length=200, blank=True)
    institution = models.CharField(_("cơ sở đào tạo"), max_length=200, blank=True)
    mode = models.CharField(_("hình thức học"), max_length=10, choices=StudyMode.choices, blank=True)
    place = models.CharField(_("nơi học"), max_length=10, choices=StudyPlace.choices, blank=True)
    start_known = models.BooleanField(_("biết ngày bắt đầu"), default=True)
    planned_end_on = models.DateField(_("dự kiến kết thúc"), null=True, blank=True)
    outcome = models.CharField(_("kết quả"), max_length=10, choices=TrainingOutcome.choices, blank=True)
    certificate = models.CharField(_("văn bằng, chứng chỉ"), max_length=200, blank=True)
    # A "giấy xác nhận trình độ" rather than a diploma: for political theory, those issued before
    # 09/07/2021 count as equivalent (KL 09-KL/TW, RULES.md §11.8).
    is_confirmation = models.BooleanField(_("giấy xác nhận trình độ"), default=False)
    commitment_until = models.DateField(_("cam kết công tác đến"), null=True, blank=True)
    # Sent by the agency (cử đi đào tạo), at the state's cost: a civil servant's postgraduate course
    # then asks the service, ratings and age of ND 101/2017, ND 171/2025 (RULES.md §11.8).
    dispatched = models.BooleanField(_("được cử đi đào tạo"), default=False, db_default=False)

    class Meta:
        verbose_name = _("đào tạo, bồi dưỡng")
        indexes = [
            models.Index(fields=["person", "effective_on"]),
            models.Index(fields=["programme", "effective_on"]),
        ]
        constraints = [_spell_constraint("training_end_names_its_start")]


# -- state ratings -----------------------------------------------------------------------------


class RatingSystem(models.TextChoices):
    """The state's rating of cadres, civil servants and public employees, kept apart from the
    party's rating of members (``partyorg.ratings``, QĐ 366): RULES.md §11.3, §11.15 #5."""

    ND56_2015 = "nd56_2015", _("Nghị định 56/2015/NĐ-CP")
    ND90_2020 = "nd90_2020", _("Nghị định 90/2020/NĐ-CP")
    ND335_2025 = "nd335_2025", _("Nghị định 335/2025/NĐ-CP")


class StatePeriod(models.TextChoices):
    YEAR = "year", _("Năm")
    QUARTER = "quarter", _("Quý")
    MONTH = "month", _("Tháng")


class StateLevel(models.TextChoices):
    EXCELLENT = "excellent", _("Hoàn thành xuất sắc nhiệm vụ")
    GOOD = "good", _("Hoàn thành tốt nhiệm vụ")
    FULFILLED = "fulfilled", _("Hoàn thành nhiệm vụ")
    NOT_FULFILLED = "not_fulfilled", _("Không hoàn thành nhiệm vụ")


class StateRating(CadreRecord):
    """The state's rating of a person for a period, by the unit that rates them (``unit``).
    ``not_rated``: reviewed but not rated (worked less than 6 months in the year, ND 48/2023,
    RULES.md §11.3); ``level`` is then empty."""

    scope_path = "unit__organization"
    scope_day = "rated_on"
    person = models.ForeignKey("members.Person", models.PROTECT, related_name="state_ratings")
    unit = models.ForeignKey(Unit, models.PROTECT, related_name="state_ratings")
    system = models.CharField(_("quy định áp dụng"), max_length=12, choices=RatingSystem.choices)
    year = models.PositiveSmallIntegerField(_("năm"))
    period = models.CharField(_("kỳ đánh giá"), max_length=8, choices=StatePeriod.choices)
    period_number = models.PositiveSmallIntegerField(_("số kỳ"), default=0)  # quarter 1–4, month 1–12
    rated_on = models.DateField(_("ngày đánh giá"))
    level = models.CharField(_("xếp loại"), max_length=14, choices=StateLevel.choices, blank=True)
    score = models.DecimalField(_("điểm"), max_digits=5, decimal_places=2, null=True, blank=True)
    not_rated = models.BooleanField(_("chỉ nhận xét, không xếp loại"), default=False)

    class Meta:
        verbose_name = _("đánh giá, xếp loại cán bộ, công chức, viên chức")
        indexes = [models.Index(fields=["person", "year"]), models.Index(fields=["unit", "year"])]


# -- planning ----------------------------------------------------------------------------------


class PlanningExit(models.TextChoices):
    """Why a person left a planning list (RULES.md §11.4, §11.13)."""

    ANNUAL_REVIEW = "annual_review", _("Đưa ra khi rà soát hằng năm")
    OVER_AGE = "over_age", _("Quá tuổi quy hoạch")
    DISCIPLINE = "discipline", _("Bị kỷ luật")
    POLITICAL_STANDARD = "political_standard", _("Không đáp ứng tiêu chuẩn chính trị")
    RATINGS = "ratings", _("Hai năm liền không hoàn thành nhiệm vụ")
    APPOINTED = "appointed", _("Đã được bổ nhiệm, bầu vào chức danh")
    OTHER = "other", _("Lý do khác")


class PlanningEntry(Spell):
    """A person planned for ``post`` in ``unit`` for the term ``term_first_year``–``term_last_year``
    (STARTED, by the approving decision of the legal basis), until an ENDED row takes them out with
    the reason. Forms 12 count these rows (lượt người, RULES.md §11.15 #3)."""

    scope_path = "unit__organization"
    person = models.ForeignKey("members.Person", models.PROTECT, related_name="planning_entries")
    post = models.ForeignKey(Post, models.PROTECT, related_name="planning_entries")
    unit = models.ForeignKey(Unit, models.PROTECT, related_name="planning_entries")
    term_first_year = models.PositiveSmallIntegerField(_("nhiệm kỳ từ năm"))
    term_last_year = models.PositiveSmallIntegerField(_("nhiệm kỳ đến năm"))
    end_reason = models.CharField(
        _("lý do ra khỏi quy hoạch"), max_length=20, choices=PlanningExit.choices, blank=True
    )

    class Meta:
        verbose_name = _("quy hoạch cán bộ")
        indexes = [
            models.Index(fields=["unit", "term_first_year"]),
            models.Index(fields=["person", "effective_on"]),
            models.Index(fields=["post", "term_first_year"]),
        ]
        constraints = [_spell_constraint("planning_end_names_its_start")]


class PlanningReview(CadreRecord):
    """A unit's yearly review of its planning for a term (rà soát, bổ sung quy hoạch hằng năm,
    RULES.md §11.4): when it was held; the entries it added or took out are their own rows."""

    scope_path = "unit__organization"
    scope_day = "reviewed_on"
    unit = models.ForeignKey(Unit, models.PROTECT, related_name="planning_reviews")
    term_first_year = models.PositiveSmallIntegerField(_("nhiệm kỳ từ năm"))
    term_last_year = models.PositiveSmallIntegerField(_("nhiệm kỳ đến năm"))
    year = models.PositiveSmallIntegerField(_("năm rà soát"))
    reviewed_on = models.DateField(_("ngày rà soát"))

    class Meta:
        verbose_name = _("rà soát quy hoạch")


# -- who may reach cadre records ---------------------------------------------------------------


class CadreGrant(models.Model):
    """``user`` holds the cadre role ``role`` (a :class:`~partyorg.accounts.models.Role` value) over
    the cadres of ``organization``'s subtree: of the units standing under it, and of the cadres it
    manages. Cadre records are more sensitive than member records, so this is a role of its own:
    a member-records officer (an ``Assignment``) reaches none of them without it. Revoked, the grant
    stays as the record of who could do what when (like ``Assignment``)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="cadre_grants")
    organization = models.ForeignKey("organizations.Organization", models.PROTECT, related_name="+")
    role = models.PositiveSmallIntegerField(_("vai trò"))
    granted_at = models.DateTimeField(_("cấp lúc"))
    granted_by = models.CharField(_("người cấp"), max_length=150)
    revoked_at = models.DateTimeField(_("thu hồi lúc"), null=True, blank=True)
    revoked_by = models.CharField(_("người thu hồi"), max_length=150, blank=True)

    class Meta:
        verbose_name = _("quyền công tác cán bộ")
        indexes = [models.Index(fields=["user", "revoked_at"])]

    def __str__(self) -> str:
        return f"{self.user} — {self.role} — {self.organization}"
