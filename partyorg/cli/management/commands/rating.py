"""``partyorg rating cycle|rate|list|summary``: the annual review of an organization from the CLI."""

from __future__ import annotations

from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any, cast

from django.core.management.base import CommandError, CommandParser
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from partyorg.cli.arguments import count
from partyorg.cli.base import OfficerCommand, parse_date
from partyorg.cli.lookup import find_org, find_person
from partyorg.core.formats import vn_date, vn_number

# Short names an officer types, beside the codes.
ALIASES = {
    "xs": "excellent",
    "tot": "good",
    "ht": "fulfilled",
    "kht": "not_fulfilled",
    "tsvm": "clean_strong",
    "yk": "weak",
}


def parse_level(text: str) -> tuple[str, Decimal | None]:
    """``tot``, ``good`` or ``good:85.5`` → (level, score)."""
    from partyorg.ratings.models import RatingLevel

    level, _sep, score_text = text.partition(":")
    level = ALIASES.get(level.strip().lower(), level.strip().lower())
    if level not in RatingLevel.values:
        raise CommandError(_("Mức xếp loại không hợp lệ: %(level)s") % {"level": level})
    try:
        score = Decimal(score_text.replace(",", ".")) if score_text else None
    except InvalidOperation:
        raise CommandError(_("Điểm không hợp lệ: %(score)s") % {"score": score_text}) from None
    return level, score


class Command(OfficerCommand):
    help = cast(
        str,
        gettext_lazy(
            "Kiểm điểm, đánh giá, xếp loại chất lượng: mở đợt kiểm điểm (cycle), xếp loại đảng viên và "
            "tổ chức (rate), danh sách (list), tổng hợp tỷ lệ (summary)"
        ),
    )

    def add_arguments(self, parser: CommandParser) -> None:
        from partyorg.ratings.models import ReviewPeriod

        parser.add_argument("action", choices=["cycle", "rate", "list", "summary"])
        parser.add_argument("--org", help=_("mã tổ chức"))
        parser.add_argument("--year", type=count, help=_("năm đánh giá"))
        parser.add_argument("--period", choices=ReviewPeriod.values, default=ReviewPeriod.YEAR)
        parser.add_argument("--number", type=count, default=0, help=_("số quý (1–4) khi đánh giá theo quý"))
        parser.add_argument("--on", type=parse_date, help=_("ngày kiểm điểm (DD/MM/YYYY)"))
        parser.add_argument(
            "--member",
            action="append",
            default=[],
            help=_("MÃ_HỒ_SƠ=mức[:điểm], ví dụ P000012=tot hoặc P000012=good:85 (lặp lại cho nhiều người)"),
        )
        parser.add_argument("--org-level", help=_("xếp loại của chính tổ chức: mức[:điểm]"))
        parser.add_argument("--override-rule", default="", help=_("mã quy định được vượt qua"))
        parser.add_argument("--override-reason", default="", help=_("lý do vượt qua quy định"))
        parser.add_argument("--note", default="", help=_("ghi chú"))
        self.add_basis_arguments(parser)

    def handle(self, *args: Any, **options: Any) -> None:
        from partyorg.core.records import Refused

        try:
            getattr(self, options["action"])(options)
        except Refused as refused:  # the service's refusal or a rule's (RatingRefused, RuleViolation)
            raise CommandError(_("Bị từ chối: %(why)s") % {"why": refused}) from None

    def _need(self, options: dict[str, Any], *names: str) -> None:
        missing = ["--" + n for n in names if options.get(n) is None]
        if missing:
            raise CommandError(_("Thiếu %(what)s") % {"what": ", ".join(missing)})

    def _cycle(self, options: dict[str, Any]) -> Any:
        from partyorg.ratings.models import ReviewCycle

        self._need(options, "org", "year")
        cycle = ReviewCycle.objects.filter(
            organization=find_org(options["org"]),
            year=options["year"],
            period=options["period"],
            period_number=options["number"],
        ).first()
        if cycle is None:
            raise CommandError(_("Chưa có đợt kiểm điểm này; hãy mở bằng: partyorg rating cycle"))
        return cycle

    def _override(self, options: dict[str, Any]) -> Any:
        from partyorg.core.records import Override

        if not options["override_rule"]:
            return None
        return Override(options["override_rule"], options["override_reason"])

    def cycle(self, options: dict[str, Any]) -> None:
        from partyorg.ratings.services import open_cycle

        self._need(options, "org", "year", "on")
        cycle = open_cycle(
            find_org(options["org"]),
            year=options["year"],
            reviewed_on=options["on"],
            period=options["period"],
            period_number=options["number"],
            legal_basis=self.legal_basis(options),
            recorded_by=self.recorded_by(options),
            note=options["note"],
        )
        self.stdout.write(_("Đã mở đợt kiểm điểm %(cycle)s — %(uid)s") % {"cycle": cycle, "uid": cycle.uid})

    def rate(self, options: dict[str, Any]) -> None:
        from partyorg.ratings.services import RatingEntry, rate_members, rate_organization

        cycle = self._cycle(options)
        override = self._override(options)
        entries = []
        for item in options["member"]:
            code, sep, level_text = item.partition("=")
            if not sep:
                raise CommandError(_("Sai dạng %(item)s (cần MÃ_HỒ_SƠ=mức[:điểm])") % {"item": item})
            person = find_person(code.strip())
            level, score = parse_level(level_text)
            entries.append(RatingEntry(person, level, score, options["note"], override))
        basis, by = self.legal_basis(options), self.recorded_by(options)
        if entries:
            rate_members(cycle, entries, legal_basis=basis, recorded_by=by)
            self.stdout.write(_("Đã xếp loại %(n)d đảng viên") % {"n": len(entries)})
        if options["org_level"]:
            level, score = parse_level(options["org_level"])
            rate_organization(cycle, level, score=score, legal_basis=basis, recorded_by=by, override=override)
            self.stdout.write(_("Đã xếp loại tổ chức"))

    def list(self, options: dict[str, Any]) -> None:
        from partyorg.members.models import Person
        from partyorg.ratings.queries import organization_ratings_in_force, ratings_of, roster
        from partyorg.rules import ratings as rules

        cycle = self._cycle(options)
        regime = rules.regime_on(cycle.reviewed_on)
        rated = ratings_of([cycle]).get(cycle.pk, {})
        lines = roster(cycle)
        people = Person.objects.in_bulk([line.person_id for line in lines])
        self.stdout.write(f"{cycle} — {regime.rule.title}")
        for line in lines:
            person = people[line.person_id]
            rating = rated.get(line.person_id)
            if rating is not None:
                what = regime.label(rating.level) + (
                    f" ({str(rating.score).replace('.', ',')} điểm)" if rating.score is not None else ""
                )
            elif line.exclusion is not None:
                what = f"— {line.exclusion.text}"
            else:
                what = _("chưa xếp loại")
            self.stdout.write(f"{person.code}  {person.full_name:<30}  {what}")
        org_rating = organization_ratings_in_force().filter(cycle=cycle).first()
        if org_rating is not None:
            label = regime.label(org_rating.level, rules.ORGANIZATION)
            self.stdout.write(_("Tổ chức: %(level)s") % {"level": label})

    def summary(self, options: dict[str, Any]) -> None:
        from partyorg.reports.statistics.ratings import member_ratings, organization_ratings
        from partyorg.rules import ratings as rules

        self._need(options, "org", "year")
        root = find_org(options["org"])
        year = options["year"]
        on = options["on"] or date(year, 12, 31)
        figure = member_ratings(root, year, period=options["period"], period_number=options["number"], on=on)
        self.stdout.write(
            _("Xếp loại năm %(year)d (tổ chức tính đến %(on)s):") % {"year": year, "on": vn_date(on)}
        )
        self.stdout.write(figure.sentence())
        orgs = organization_ratings(
            root, year, period=options["period"], period_number=options["number"], on=on
        )
        for level, fig in orgs.by_level.items():
            if fig.value:
                count = vn_number(fig.value)
                self.stdout.write(f"  {rules.LABELS[level]}: {count} tổ chức ({orgs.percent(level)})")
