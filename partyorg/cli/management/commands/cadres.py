"""``partyorg cadres …``: the records of cadre work from the command line (partyorg.cadres).

Actions: ``catalogue`` (load the default posts, list the catalogue), ``unit`` (found a unit or a
department), ``units`` (the units under an organization on a day), ``hire`` / ``leave`` (an
employment begun, ended), ``appoint`` / ``release`` (a post taken, left), ``train`` / ``finish`` (a
course begun, ended), ``rate`` (the state's rating), ``plan`` / ``unplan`` (a planning entry, an
exit), ``list`` (a unit's staff on a day, with the highest post of each), ``staff`` (the unit's
figures: categories, degrees, political theory and who is studying it).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any, cast

from django.core.management.base import CommandError, CommandParser
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from partyorg.cli.base import OfficerCommand, parse_date
from partyorg.cli.lookup import find_org, find_person
from partyorg.core.formats import vn_date

ACTIONS = [
    "catalogue",
    "unit",
    "units",
    "hire",
    "leave",
    "appoint",
    "release",
    "train",
    "finish",
    "rate",
    "plan",
    "unplan",
    "list",
    "staff",
    "grant",
    "revoke",
]
ROLES = {"view": 1, "edit": 2, "approve": 3, "administer": 4}


class Command(OfficerCommand):
    help = cast(
        str,
        gettext_lazy(
            "Công tác cán bộ: đơn vị (unit, units), quá trình công tác (hire, leave), chức vụ (appoint, "
            "release), đào tạo (train, finish), đánh giá (rate), quy hoạch (plan, unplan), danh sách "
            "(list), số liệu đội ngũ (staff), danh mục chức danh (catalogue), quyền công tác cán bộ (grant, "
            "revoke)"
        ),
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=ACTIONS)
        parser.add_argument("target", nargs="?", default="", help=_("mã hồ sơ người, hoặc mã bản ghi (uid)"))
        parser.add_argument("--on", type=parse_date, help=_("ngày hiệu lực (DD/MM/YYYY)"))
        parser.add_argument("--unit", help=_("mã đơn vị"))
        parser.add_argument("--org", help=_("mã tổ chức đảng"))
        parser.add_argument("--code", help=_("mã đơn vị mới"))
        parser.add_argument("--name", help=_("tên đơn vị"))
        parser.add_argument("--kind", help=_("loại đơn vị (UnitKind)"))
        parser.add_argument("--bloc", help=_("khối (UnitBloc)"))
        parser.add_argument("--level", help=_("cấp; trình độ; mức xếp loại"))
        parser.add_argument("--parent", help=_("mã đơn vị mà phòng thuộc"))
        parser.add_argument("--department", help=_("mã phòng"))
        parser.add_argument("--category", help=_("loại cán bộ (StaffCategory)"))
        parser.add_argument("--rank", default="", help=_("ngạch"))
        parser.add_argument("--managed-by", help=_("mã tổ chức đảng quản lý cán bộ"))
        parser.add_argument("--management-level", default="", help=_("phân cấp quản lý (ManagementLevel)"))
        parser.add_argument("--post", help=_("mã chức danh"))
        parser.add_argument("--mode", default="appointed", help=_("hình thức (HoldingMode)"))
        parser.add_argument("--dossier", type=parse_date, help=_("ngày nhận tờ trình, hồ sơ"))
        parser.add_argument("--reason", help=_("lý do kết thúc, thôi giữ, ra khỏi quy hoạch"))
        parser.add_argument("--programme", help=_("loại đào tạo (Programme)"))
        parser.add_argument("--until", type=parse_date, help=_("ngày dự kiến kết thúc khóa học"))
        parser.add_argument("--outcome", default="completed", help=_("kết quả khóa học"))
        parser.add_argument("--year", type=int, help=_("năm"))
        parser.add_argument("--score", help=_("điểm"))
        parser.add_argument("--term", help=_("nhiệm kỳ quy hoạch, ví dụ 2025-2030"))
        parser.add_argument("--role", choices=list(ROLES), default="edit", help=_("vai trò công tác cán bộ"))
        parser.add_argument("--override-rule", default="", help=_("mã quy định được vượt qua"))
        parser.add_argument("--override-reason", default="", help=_("lý do vượt qua quy định"))
        parser.add_argument("--note", default="", help=_("ghi chú"))
        self.add_basis_arguments(parser)

    def handle(self, *args: Any, **options: Any) -> None:
        from partyorg.core.records import Refused

        try:
            getattr(self, "do_" + options["action"])(options)
        except Refused as refused:
            raise CommandError(_("Bị từ chối: %(why)s") % {"why": refused}) from None

    # -- helpers -------------------------------------------------------------------------------
    def _need(self, options: dict[str, Any], *names: str) -> None:
        missing = ["--" + n.replace("_", "-") for n in names if not options.get(n)]
        if missing:
            raise CommandError(_("Thiếu %(what)s") % {"what": ", ".join(missing)})

    def _common(self, options: dict[str, Any]) -> dict[str, Any]:
        return {"legal_basis": self.legal_basis(options), "recorded_by": self.recorded_by(options)}

    def _override(self, options: dict[str, Any]) -> Any:
        from partyorg.core.records import Override

        return (
            Override(options["override_rule"], options["override_reason"])
            if options["override_rule"]
            else None
        )

    def _unit(self, code: str | None) -> Any:
        from partyorg.cadres.models import Unit

        unit = Unit.objects.filter(code=code).first() if code else None
        if unit is None:
            raise CommandError(_("Không tìm thấy đơn vị có mã %(code)s") % {"code": code})
        return unit

    def _post(self, code: str | None) -> Any:
        from partyorg.cadres.models import Post

        post = Post.objects.filter(code=code).first() if code else None
        if post is None:
            raise CommandError(
                _("Không có chức danh mã %(code)s (xem: partyorg cadres catalogue)") % {"code": code}
            )
        return post

    def _record(self, model: Any, uid: str) -> Any:
        from partyorg.core.interchange import is_uuid

        found = model.objects.filter(uid=uid).first() if is_uuid(uid) else None
        if found is None:
            raise CommandError(_("Không tìm thấy bản ghi %(uid)s") % {"uid": uid})
        return found

    def _done(self, what: str, row: Any) -> None:
        self.stdout.write(_("Đã ghi %(what)s — %(uid)s") % {"what": what, "uid": row.uid})

    # -- actions -------------------------------------------------------------------------------
    def do_catalogue(self, options: dict[str, Any]) -> None:
        from partyorg.cadres import catalogue
        from partyorg.cadres.models import Post

        added = catalogue.load()
        if added:
            self.stdout.write(_("Đã thêm %(n)d chức danh mặc định") % {"n": len(added)})
        for post in Post.objects.order_by("rank", "code"):
            self.stdout.write(f"{post.rank:>4}  {post.code:<28} {post.title}")

    def do_unit(self, options: dict[str, Any]) -> None:
        from partyorg.cadres import services

        self._need(options, "code", "name", "org", "on")
        parent = self._unit(options["parent"]) if options["parent"] else None
        unit = services.create_unit(
            options["code"],
            options["name"],
            kind=options["kind"] or ("department" if parent else "party_body"),
            bloc=options["bloc"] or "party",
            level=options["level"] or "province",
            organization=find_org(options["org"]),
            founded_on=options["on"],
            parent=parent,
            **self._common(options),
        )
        self._done(_("đơn vị %(code)s") % {"code": unit.code}, unit)

    def do_units(self, options: dict[str, Any]) -> None:
        from partyorg.cadres.models import Unit
        from partyorg.cadres.queries import units_on
        from partyorg.reports.statistics.scope import subtree_on

        self._need(options, "org")
        on = options["on"] or date.today()  # noqa: DTZ011 - a calendar date
        orgs = subtree_on(find_org(options["org"]), on)
        names = units_on(on)
        for unit in Unit.objects.filter(pk__in=names, organization_id__in=orgs).order_by("code"):
            indent = "  " if unit.parent_id else ""
            self.stdout.write(f"{indent}{unit.code:<16} {names[unit.pk]}")

    def do_hire(self, options: dict[str, Any]) -> None:
        from partyorg.cadres import services

        self._need(options, "target", "unit", "on", "category")
        row = services.start_employment(
            find_person(options["target"]),
            self._unit(options["unit"]),
            on=options["on"],
            category=options["category"],
            department=self._unit(options["department"]) if options["department"] else None,
            rank=options["rank"],
            management_level=options["management_level"],
            managed_by=find_org(options["managed_by"]),
            note=options["note"],
            override=self._override(options),
            **self._common(options),
        )
        self._done(_("quá trình công tác"), row)

    def do_leave(self, options: dict[str, Any]) -> None:
        from partyorg.cadres import services
        from partyorg.cadres.models import Employment

        self._need(options, "target", "on", "reason")
        row = services.end_employment(
            self._record(Employment, options["target"]),
            on=options["on"],
            reason=options["reason"],
            note=options["note"],
            **self._common(options),
        )
        self._done(_("kết thúc quá trình công tác"), row)

    def do_appoint(self, options: dict[str, Any]) -> None:
        from partyorg.cadres import services

        self._need(options, "target", "post", "unit", "on")
        row = services.appoint(
            find_person(options["target"]),
            self._post(options["post"]),
            self._unit(options["unit"]),
            on=options["on"],
            mode=options["mode"],
            dossier_received_on=options["dossier"],
            note=options["note"],
            override=self._override(options),
            **self._common(options),
        )
        self._done(_("chức vụ, hết thời hạn %(day)s") % {"day": vn_date(row.term_ends_on)}, row)

    def do_release(self, options: dict[str, Any]) -> None:
        from partyorg.cadres import services
        from partyorg.cadres.models import PostHolding

        self._need(options, "target", "on", "reason")
        row = services.end_post(
            self._record(PostHolding, options["target"]),
            on=options["on"],
            reason=options["reason"],
            note=options["note"],
            override=self._override(options),
            **self._common(options),
        )
        self._done(_("thôi giữ chức vụ"), row)

    def do_train(self, options: dict[str, Any]) -> None:
        from partyorg.cadres import services

        self._need(options, "target", "programme", "on")
        row = services.start_training(
            find_person(options["target"]),
            services.Course(options["programme"], options["level"] or ""),
            on=options["on"],
            planned_end_on=options["until"],
            note=options["note"],
            **self._common(options),
        )
        self._done(_("khóa học"), row)

    def do_finish(self, options: dict[str, Any]) -> None:
        from partyorg.cadres import services
        from partyorg.cadres.models import TrainingEnrolment

        self._need(options, "target", "on")
        row = services.end_training(
            self._record(TrainingEnrolment, options["target"]),
            on=options["on"],
            outcome=options["outcome"],
            note=options["note"],
            **self._common(options),
        )
        self._done(_("kết thúc khóa học"), row)

    def do_rate(self, options: dict[str, Any]) -> None:
        from partyorg.cadres import services

        self._need(options, "target", "unit", "year", "on", "level")
        try:
            score = Decimal(options["score"].replace(",", ".")) if options["score"] else None
        except InvalidOperation:
            raise CommandError(_("Điểm không hợp lệ: %(score)s") % {"score": options["score"]}) from None
        row = services.rate_state(
            find_person(options["target"]),
            self._unit(options["unit"]),
            year=options["year"],
            rated_on=options["on"],
            level=options["level"],
            score=score,
            note=options["note"],
            override=self._override(options),
            **self._common(options),
        )
        self._done(_("đánh giá, xếp loại (%(system)s)") % {"system": row.get_system_display()}, row)

    def do_plan(self, options: dict[str, Any]) -> None:
        from partyorg.cadres import services

        self._need(options, "target", "post", "unit", "on", "term")
        first, _sep, last = str(options["term"]).partition("-")
        if not (first.isdigit() and last.isdigit()):
            raise CommandError(
                _("Nhiệm kỳ không hợp lệ: %(term)s (ví dụ 2025-2030)") % {"term": options["term"]}
            )
        row = services.plan(
            find_person(options["target"]),
            self._post(options["post"]),
            self._unit(options["unit"]),
            term_first_year=int(first),
            term_last_year=int(last),
            on=options["on"],
            note=options["note"],
            override=self._override(options),
            **self._common(options),
        )
        self._done(_("quy hoạch"), row)

    def do_unplan(self, options: dict[str, Any]) -> None:
        from partyorg.cadres import services
        from partyorg.cadres.models import PlanningEntry

        self._need(options, "target", "on", "reason")
        row = services.exit_planning(
            self._record(PlanningEntry, options["target"]),
            on=options["on"],
            reason=options["reason"],
            note=options["note"],
            **self._common(options),
        )
        self._done(_("ra khỏi quy hoạch"), row)

    def do_list(self, options: dict[str, Any]) -> None:
        from partyorg.cadres import queries

        self._need(options, "unit", "on")
        unit = self._unit(options["unit"])
        on = options["on"]
        rows = (
            queries.employments_on(on, units=queries.unit_subtree([unit.pk], on))
            .select_related("person")
            .order_by("person__search_key", "person__code")
        )
        for job in rows:
            posts = queries.ranked_posts(job.person_id, on)
            top = posts[0].post.title if posts else ""
            self.stdout.write(
                f"{job.person.code:<12} {job.person.full_name:<30} {job.get_category_display():<20} {top}"
            )

    def do_staff(self, options: dict[str, Any]) -> None:
        from partyorg.reports.statistics.cadres import SENIOR_OR_BACHELOR, staff_of

        self._need(options, "unit", "on")
        staff = staff_of([self._unit(options["unit"])], options["on"])
        write = self.stdout.write
        write(
            _("Đội ngũ ngày %(day)s: %(n)d người") % {"day": vn_date(options["on"]), "n": staff.total.value}
        )
        write(
            _("Chuyên môn: %(doctor)d tiến sĩ, %(master)d thạc sĩ, %(bachelor)d đại học")
            % {k: staff.degree[k].value for k in ("doctor", "master", "bachelor")}
        )
        write(
            _(
                "Lý luận chính trị: %(senior)d cao cấp, cử nhân; %(mid)d trung cấp; %(low)d sơ cấp; %(studying)d đang học cao cấp, cử nhân"  # noqa: E501
            )
            % {
                "senior": staff.theory[SENIOR_OR_BACHELOR].value,
                "mid": staff.theory["intermediate"].value,
                "low": staff.theory["elementary"].value,
                "studying": staff.studying_theory[SENIOR_OR_BACHELOR].value,
            }
        )
        write(
            _("Nữ: %(women)d; dân tộc thiểu số: %(minority)d; đảng viên: %(members)d")
            % {
                "women": staff.women.value,
                "minority": staff.ethnic_minority.value,
                "members": staff.party_members.value,
            }
        )

    def do_grant(self, options: dict[str, Any]) -> None:
        from partyorg.cadres import services

        self._need(options, "target", "org")
        grant = services.grant_cadre_role(
            options["target"],
            find_org(options["org"]),
            ROLES[options["role"]],
            granted_by=self.recorded_by(options),
        )
        self.stdout.write(
            _("Đã cấp quyền công tác cán bộ (%(role)s) cho %(user)s tại %(org)s")
            % {"role": options["role"], "user": grant.user.get_username(), "org": options["org"]}
        )

    def do_revoke(self, options: dict[str, Any]) -> None:
        from partyorg.cadres import services
        from partyorg.cadres.models import CadreGrant

        self._need(options, "target", "org")
        grants = CadreGrant.objects.filter(
            user__username=options["target"], organization=find_org(options["org"]), revoked_at__isnull=True
        )
        for grant in grants:
            services.take_cadre_role(grant, revoked_by=self.recorded_by(options))
        self.stdout.write(_("Đã thu hồi %(n)d quyền công tác cán bộ") % {"n": len(grants)})
