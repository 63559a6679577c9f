"""``partyorg candidate add|step|list|due|plan``: the recruitment pipeline from the command line."""

from __future__ import annotations

from datetime import date
from typing import Any, cast

from django.core.management.base import CommandError, CommandParser
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from partyorg.cli.arguments import count
from partyorg.cli.base import OfficerCommand, parse_date
from partyorg.cli.lookup import find_org, find_person
from partyorg.core.formats import vn_date

# The officer's short names for the steps, and the step each records.
STEPS = {
    "course": "awareness_course",
    "sympathizer": "sympathizer",
    "application": "application",
    "introducer": "introducer",
    "verified": "verified",
    "resolution": "cell_resolved",
    "decision": "decided",
    "ceremony": "ceremony",
    "proposal": "recognition_proposed",
    "recognition": "recognized",
    "stop": "stopped",
}


class Command(OfficerCommand):
    help = cast(
        str,
        gettext_lazy(
            "Phát triển đảng viên: thêm quần chúng ưu tú (add), ghi một bước (step: course, "
            "sympathizer, application, introducer, verified, resolution, decision, ceremony, proposal, "
            "recognition, stop), "
            "liệt kê (list), việc đến hạn (due), kế hoạch tạo nguồn (plan)"
        ),
    )

    def add_arguments(self, parser: CommandParser) -> None:
        from partyorg.recruitment.models import IntroducedBy, IntroducerKind, StopReason

        parser.add_argument("action", choices=["add", "step", "list", "due", "plan"])
        parser.add_argument("step", nargs="?", choices=list(STEPS), help=_("bước cần ghi (step)"))
        parser.add_argument("--org", help=_("mã chi bộ (add, plan) hoặc tổ chức cần xem (list, due)"))
        parser.add_argument("--on", type=parse_date, help=_("ngày (DD/MM/YYYY); list/due: mặc định hôm nay"))
        parser.add_argument("--candidate", help=_("mã quần chúng (uid) hoặc mã hồ sơ của người"))
        # add
        parser.add_argument("--person", help=_("mã hồ sơ của người đã có (add)"))
        parser.add_argument("--code", help=_("mã hồ sơ của người mới (add)"))
        parser.add_argument("--name", help=_("họ và tên (add)"))
        parser.add_argument("--sex", choices=["male", "female"], help=_("giới tính (add)"))
        parser.add_argument("--birth", type=parse_date, help=_("ngày sinh (add)"))
        parser.add_argument("--education", default="", help=_("giáo dục phổ thông (add)"))
        parser.add_argument(
            "--introduced-by",
            choices=IntroducedBy.values,
            default=IntroducedBy.YOUTH_UNION,
            help=_("tổ chức giới thiệu"),
        )
        parser.add_argument("--body", default="", help=_("tên tổ chức giới thiệu (add)"))
        # steps
        parser.add_argument("--introducer", help=_("mã hồ sơ của đảng viên giới thiệu hoặc giúp đỡ"))
        parser.add_argument(
            "--introducer-kind",
            choices=IntroducerKind.values,
            default=IntroducerKind.MEMBER,
            help=_("loại giới thiệu"),
        )
        parser.add_argument("--since", type=parse_date, help=_("cùng công tác từ ngày (introducer)"))
        parser.add_argument("--for", dest="votes_for", type=count, help=_("số tán thành"))
        parser.add_argument("--against", type=count, default=0, help=_("số không tán thành"))
        parser.add_argument(
            "--total", type=count, help=_("tổng số đảng viên chính thức (mặc định theo hồ sơ)")
        )
        parser.add_argument("--deciding-org", help=_("mã cấp ủy quyết định (decision, recognition)"))
        parser.add_argument("--received", type=parse_date, help=_("ngày chi bộ nhận quyết định (decision)"))
        parser.add_argument("--extended", action="store_true", help=_("gia hạn trong trường hợp đặc biệt"))
        parser.add_argument("--stop-reason", choices=StopReason.values, default=StopReason.OTHER)
        parser.add_argument("--override", default="", help=_("mã quy định được vượt qua có lý do"))
        parser.add_argument("--reason", default="", help=_("lý do vượt qua quy định"))
        parser.add_argument("--note", default="", help=_("ghi chú"))
        # list, due, plan
        parser.add_argument("--all", action="store_true", help=_("kể cả hồ sơ đã kết nạp hoặc dừng (list)"))
        parser.add_argument("--days", type=count, default=30, help=_("số ngày tới (due)"))
        parser.add_argument("--year", type=count, help=_("năm (plan)"))
        parser.add_argument("--planned", type=count, help=_("số quần chúng dự kiến tạo nguồn (plan)"))
        self.add_basis_arguments(parser)

    def handle(self, *args: Any, **options: Any) -> None:
        from partyorg.core.records import Refused

        try:
            getattr(self, f"do_{options['action']}")(options)
        except Refused as refused:
            if refused.code:  # a rule refused: an override naming it may pass
                raise CommandError(
                    _('Bị từ chối: %(why)s. Nếu có căn cứ, ghi lại với --override %(code)s --reason "…"')
                    % {"why": refused, "code": refused.code}
                ) from None
            raise CommandError(_("Bị từ chối: %(why)s") % {"why": refused}) from None

    def _need(self, options: dict[str, Any], *names: str) -> None:
        missing = ["--" + n.replace("_", "-") for n in names if options.get(n) in (None, "")]
        if missing:
            raise CommandError(_("Thiếu %(what)s") % {"what": ", ".join(missing)})

    def _day(self, options: dict[str, Any]) -> date:
        return cast(date, options["on"] or timezone.localdate())

    def do_add(self, options: dict[str, Any]) -> None:
        from partyorg.recruitment import services

        self._need(options, "org", "on")
        common = {
            "introduced_by": options["introduced_by"],
            "introduced_on": options["on"],
            "introducing_body": options["body"],
            "legal_basis": self.legal_basis(options),
            "recorded_by": self.recorded_by(options),
            "note": options["note"],
        }
        org = find_org(options["org"])
        if options["person"]:
            person = find_person(options["person"])
            candidate = services.add_candidate(person, org, **common)
        else:
            self._need(options, "code", "name", "sex", "birth")
            extra = {"general_education": options["education"]} if options["education"] else {}
            candidate = services.add_new_candidate(
                org,
                code=options["code"],
                full_name=options["name"],
                sex=options["sex"],
                birth_date=options["birth"],
                **common,
                **extra,
            )
        self.stdout.write(
            _("Đã ghi quần chúng ưu tú %(name)s (%(uid)s)")
            % {"name": candidate.person.full_name, "uid": candidate.uid}
        )

    def _candidate(self, options: dict[str, Any]) -> Any:
        from partyorg.recruitment.models import Candidate

        self._need(options, "candidate")
        key = options["candidate"]
        found = None
        if len(key) == 36:
            found = Candidate.objects.filter(uid=key).first()
        found = found or Candidate.objects.filter(person__code=key).order_by("-introduced_on", "-pk").first()
        if found is None:
            raise CommandError(_("Không tìm thấy quần chúng %(key)s") % {"key": key})
        return found

    def do_step(self, options: dict[str, Any]) -> None:
        from partyorg.core.records import Override
        from partyorg.recruitment import services

        if options["step"] is None:
            raise CommandError(_("Thiếu tên bước (course, application, …)"))
        self._need(options, "on")
        candidate = self._candidate(options)
        step, on = options["step"], options["on"]
        basis = self.legal_basis(options)
        by = self.recorded_by(options)
        override = Override(options["override"], options["reason"]) if options["override"] else None
        note = options["note"]
        person = None
        if options["introducer"]:
            person = find_person(options["introducer"])
        common: dict[str, Any] = {"legal_basis": basis, "recorded_by": by, "note": note}
        if step == "course":
            row = services.record_course(candidate, on, **common)
        elif step == "sympathizer":
            row = services.record_sympathizer(candidate, on, mentor=person, **common)
        elif step == "application":
            row = services.record_application(candidate, on, **common)
        elif step == "introducer":
            row = services.record_introducer(
                candidate,
                on,
                kind=options["introducer_kind"],
                introducer=person,
                worked_together_since=options["since"],
                override=override,
                **common,
            )
        elif step == "verified":
            row = services.record_verification(candidate, on, override=override, **common)
        elif step in ("resolution", "proposal"):
            self._need(options, "votes_for")
            record = (
                services.record_cell_resolution
                if step == "resolution"
                else services.record_recognition_proposal
            )
            row = record(
                candidate,
                on,
                votes_for=options["votes_for"],
                votes_against=options["against"],
                votes_total=options["total"],
                override=override,
                **common,
            )
        elif step == "decision":
            self._need(options, "deciding_org")
            row = services.record_decision(
                candidate,
                on,
                deciding_organization=find_org(options["deciding_org"]),
                received_on=options["received"],
                extended=options["extended"],
                override=override,
                **common,
            )
        elif step == "ceremony":
            row = services.record_ceremony(candidate, on, override=override, **common)
        elif step == "recognition":
            self._need(options, "deciding_org")
            row = services.record_recognition(
                candidate,
                on,
                deciding_organization=find_org(options["deciding_org"]),
                extended=options["extended"],
                override=override,
                **common,
            )
        else:
            row = services.stop(candidate, on, reason=options["stop_reason"], **common)
        self.stdout.write(
            _("Đã ghi: %(kind)s ngày %(on)s — %(name)s")
            % {
                "kind": row.get_kind_display(),
                "on": vn_date(row.effective_on),
                "name": candidate.person.full_name,
            }
        )

    def _scope(self, options: dict[str, Any], on: date) -> frozenset[int]:
        from partyorg.reports.statistics.scope import subtree_on

        self._need(options, "org")
        ids = subtree_on(find_org(options["org"]), on)
        if not ids:
            raise CommandError(
                _("Tổ chức %(code)s không tồn tại vào ngày %(on)s")
                % {"code": options["org"], "on": vn_date(on)}
            )
        return ids

    def do_list(self, options: dict[str, Any]) -> None:
        from partyorg.recruitment.queries import candidates_in

        on = self._day(options)
        rows = candidates_in(self._scope(options, on), on, include_closed=options["all"])
        for row in rows:
            self.stdout.write(
                f"{row.person.code:<12} {row.person.full_name:<30} {row.candidate.organization.code:<16} "
                f"{vn_date(row.candidate.introduced_on)}  {row.stage_label}"
            )
        self.stdout.write(_("Tổng số: %(n)d quần chúng") % {"n": len(rows)})

    def do_due(self, options: dict[str, Any]) -> None:
        from partyorg.recruitment.queries import due

        on = self._day(options)
        items = due(self._scope(options, on), on, options["days"])
        for item in items:
            flag = _("QUÁ HẠN") if item.overdue else _("đến hạn")
            self.stdout.write(
                f"{vn_date(item.deadline)}  {flag:<8} {item.person.full_name:<30} "
                f"{item.organization_name:<30} {item.title}"
            )
        self.stdout.write(
            _("%(n)d việc đến hạn hoặc quá hạn đến ngày %(until)s")
            % {"n": len(items), "until": vn_date(date.fromordinal(on.toordinal() + options["days"]))}
        )

    def do_plan(self, options: dict[str, Any]) -> None:
        from partyorg.recruitment.services import set_source_plan
        from partyorg.reports.statistics.recruitment import source_plan_progress

        self._need(options, "org", "year")
        org = find_org(options["org"])
        if options["planned"] is not None:
            set_source_plan(
                org,
                options["year"],
                options["planned"],
                recorded_by=self.recorded_by(options),
                legal_basis=self.legal_basis(options),
                note=options["note"],
            )
        progress = source_plan_progress(org, options["year"])
        planned = "—" if progress.planned is None else str(progress.planned)
        self.stdout.write(
            _("Kế hoạch tạo nguồn năm %(year)d: %(planned)s; đã giới thiệu %(done)d quần chúng")
            % {"year": options["year"], "planned": planned, "done": progress.introduced.value}
        )
