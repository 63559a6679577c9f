"""``partyorg paper issue|list|print|withdraw``: the papers a committee issues from the records
(decisions on admission, recognition, removal and expulsion, transfer letters; ``partyorg.papers``),
the same commands the member page calls.

A paper is found by its issuer, its number as printed ("1-QĐ/HU") and its year, as an officer reads
it off the register; an event by its member, kind and day, as the member page lists it."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from django.core.management.base import CommandError, CommandParser
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from partyorg.cli.arguments import count
from partyorg.cli.base import OfficerCommand, parse_date
from partyorg.cli.lookup import find_org, find_person
from partyorg.core.formats import vn_date

if TYPE_CHECKING:
    from partyorg.members.models import MembershipEvent
    from partyorg.papers.models import Paper


class Command(OfficerCommand):
    help = cast(
        str,
        gettext_lazy(
            "Văn bản in từ hồ sơ: cấp số và in quyết định, giấy giới thiệu (issue), sổ đăng ký văn bản "
            "(list), in lại (print), thu hồi (withdraw)"
        ),
    )

    def add_arguments(self, parser: CommandParser) -> None:
        from partyorg.members.models import EventKind
        from partyorg.papers.content import PAPER_OF_EVENT

        parser.add_argument("action", choices=["issue", "list", "print", "withdraw"])
        parser.add_argument("--person", help=_("mã hồ sơ đảng viên (issue)"))
        parser.add_argument(
            "--event",
            choices=[kind.value for kind in EventKind if kind in PAPER_OF_EVENT],
            help=_("sự kiện cần văn bản (issue)"),
        )
        parser.add_argument("--on", type=parse_date, help=_("ngày của sự kiện (issue, DD/MM/YYYY)"))
        parser.add_argument(
            "--issuer", help=_("mã tổ chức có cấp ủy ban hành (issue: trống là cấp ủy cấp trên gần nhất)")
        )
        parser.add_argument(
            "--issued-on", type=parse_date, help=_("ngày ký quyết định công nhận chính thức (DD/MM/YYYY)")
        )
        parser.add_argument("--place", default="", help=_("địa danh ở dòng ký (ví dụ: Điện Biên Phủ)"))
        parser.add_argument("--body-name", default="", help=_("tên cơ quan ban hành, nếu khác tên tự lập"))
        parser.add_argument("--body-symbol", default="", help=_("ký hiệu cơ quan ban hành (ví dụ: HU, ĐU)"))
        parser.add_argument("--org", help=_("mã tổ chức có cấp ủy ban hành (list, print, withdraw)"))
        parser.add_argument("--number", help=_("số văn bản như đã in, ví dụ 1-QĐ/HU (print, withdraw)"))
        parser.add_argument("--year", type=count, help=_("năm ban hành (list, print, withdraw)"))
        parser.add_argument("--out", type=Path, help=_("tệp sẽ ghi: đuôi .docx (Word) hoặc .pdf (PDF)"))
        parser.add_argument("--note", default="", help=_("lý do thu hồi (withdraw)"))
        parser.add_argument("--by", default="", help=_("người ghi (mặc định: tên đăng nhập hệ điều hành)"))

    def handle(self, *args: Any, **options: Any) -> None:
        from partyorg.core.records import Refused

        out = options["out"]
        if out is not None and out.suffix.lower() not in (".docx", ".pdf"):
            raise CommandError(_("--out phải có đuôi .docx hoặc .pdf"))
        try:
            getattr(self, options["action"])(options)
        except Refused as refused:
            raise CommandError(_("Bị từ chối: %(why)s") % {"why": refused}) from None

    def _require(self, options: dict[str, Any], *names: str) -> None:
        missing = [f"--{name.replace('_', '-')}" for name in names if not options[name]]
        if missing:
            raise CommandError(_("Thiếu %(what)s") % {"what": ", ".join(missing)})

    def issue(self, options: dict[str, Any]) -> None:
        from partyorg.papers.bodies import default_issuer
        from partyorg.papers.services import held_by, issue_paper

        self._require(options, "person", "event", "on")
        event = self._event(options)
        if options["issuer"]:
            issuer = find_org(options["issuer"])
        else:
            about = held_by(event)
            issuer = default_issuer(about, options["issued_on"] or event.effective_on) if about else None
            if issuer is None:
                raise CommandError(_("Không tìm được cấp ủy ban hành: hãy ghi --issuer"))
        paper = issue_paper(
            event,
            issuer=issuer,
            recorded_by=self.recorded_by(options),
            issued_on=options["issued_on"],
            place=options["place"],
            body_name=options["body_name"],
            body_symbol=options["body_symbol"],
        )
        self.stdout.write(
            _("Đã cấp số: %(paper)s số %(number)s ngày %(day)s, %(who)s")
            % {
                "paper": paper.get_kind_display(),
                "number": paper.full_number,
                "day": vn_date(paper.issued_on),
                "who": f"{paper.person.full_name} ({paper.person.code})",
            }
        )
        self._write(paper, options["out"])

    def _event(self, options: dict[str, Any]) -> MembershipEvent:
        """The member's event of that kind on that day, as it stands (nobody corrected it)."""
        from partyorg.members.models import EventKind, MembershipEvent

        person = find_person(options["person"])
        rows = list(
            MembershipEvent.objects.filter(
                person=person, kind=options["event"], effective_on=options["on"], corrections__isnull=True
            ).select_related("person")
        )
        if len(rows) != 1:
            raise CommandError(
                _("%(who)s không có đúng một sự kiện “%(event)s” ngày %(day)s (có %(n)s).")
                % {
                    "who": f"{person.full_name} ({person.code})",
                    "event": EventKind(options["event"]).label,
                    "day": vn_date(options["on"]),
                    "n": len(rows),
                }
            )
        return rows[0]

    def list(self, options: dict[str, Any]) -> None:
        from partyorg.papers.models import Paper

        self._require(options, "org")
        year = options["year"] or timezone.localdate().year
        rows = list(
            Paper.objects.filter(issuer=find_org(options["org"]), issued_on__year=year, withdrawn=False)
            .select_related("person")
            .order_by("kind_symbol", "body_symbol", "period", "number")
        )
        withdrawn = set(
            Paper.objects.filter(corrects__in=rows, withdrawn=True).values_list("corrects_id", flat=True)
        )
        for paper in rows:
            self.stdout.write(
                f"{paper.full_number:<14}  {vn_date(paper.issued_on)}  {paper.get_kind_display():<40}  "
                f"{paper.person.code} {paper.person.full_name}"
                + (f"  ({_('đã thu hồi')})" if paper.pk in withdrawn else "")
            )
        self.stdout.write(_("%(n)s văn bản năm %(year)s") % {"n": len(rows), "year": year})

    def _paper(self, options: dict[str, Any]) -> Paper:
        """The paper numbered ``--number`` in ``--org``'s register of ``--year`` (not a withdrawal row)."""
        from partyorg.papers.models import Paper

        self._require(options, "org", "number")
        number, _sep, symbols = options["number"].partition("-")
        kind_symbol, _sep, body_symbol = symbols.partition("/")
        year = options["year"] or timezone.localdate().year
        found = None
        if number.isdigit():
            found = (
                Paper.objects.filter(
                    issuer=find_org(options["org"]),
                    number=int(number),
                    kind_symbol=kind_symbol,
                    body_symbol=body_symbol,
                    issued_on__gte=date(year, 1, 1),
                    issued_on__lt=date(year + 1, 1, 1),
                    withdrawn=False,
                )
                .select_related("person")
                .first()
            )
        if found is None:
            raise CommandError(
                _("Không có văn bản số %(number)s năm %(year)s trong sổ của %(org)s")
                % {"number": options["number"], "year": year, "org": options["org"]}
            )
        return found

    def print(self, options: dict[str, Any]) -> None:
        self._require(options, "out")
        self._write(self._paper(options), options["out"])

    def withdraw(self, options: dict[str, Any]) -> None:
        from partyorg.papers.services import withdraw_paper

        paper = self._paper(options)
        withdraw_paper(paper, recorded_by=self.recorded_by(options), note=options["note"])
        self.stdout.write(_("Đã thu hồi văn bản số %(number)s") % {"number": paper.full_number})

    def _write(self, paper: Paper, out: Path | None) -> None:
        """Write the paper as Word or PDF, and log the read: the paper names a person."""
        if out is None:
            return
        from partyorg.accounts.models import ReadKind
        from partyorg.accounts.reads import log_read
        from partyorg.papers.documents import PdfUnavailableError, docx_bytes, pdf_bytes

        try:
            data = pdf_bytes(paper.content) if out.suffix.lower() == ".pdf" else docx_bytes(paper.content)
        except PdfUnavailableError as error:
            raise CommandError(str(error)) from None
        out.write_bytes(data)
        log_read(
            "paper",
            ReadKind.DOCUMENT,
            person=paper.person,
            on=paper.issued_on,
            detail=f"partyorg paper: {paper.full_number} ({paper.get_kind_display()})",
        )
        self.stdout.write(_("Đã ghi %(path)s") % {"path": out})
