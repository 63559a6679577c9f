"""The pages of the papers: on the member page, each event that has a paper with its "In …" button
or the paper already issued; the form that issues it (POST), the paper's page with its downloads
(.docx to edit, PDF to sign) and its withdrawal.

Access goes through the scope like every page (partyorg/accounts/scope.py): to issue, the user must
be able to change the member's record on the event's day and the issuing organization's on the
paper's day; to read or download, to see the member. Anything else is "not found"."""

from __future__ import annotations

from datetime import date, timedelta
from uuid import UUID

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from partyorg.accounts import otp
from partyorg.accounts.models import ReadKind, Role
from partyorg.accounts.reads import log_read
from partyorg.accounts.scope import Scope
from partyorg.core.text import fold_vi
from partyorg.members.models import EventKind, MembershipEvent
from partyorg.organizations.models import Organization
from partyorg.organizations.queries import version_on
from partyorg.papers.bodies import body_of, default_issuer, issuers_for
from partyorg.papers.content import DATED_BY_EVENT, PAPER_OF_EVENT
from partyorg.papers.documents import PdfUnavailableError, docx_bytes, pdf_bytes
from partyorg.papers.forms import IssueForm
from partyorg.papers.models import Paper, PaperKind
from partyorg.papers.services import PaperRefused, held_by, issue_paper, withdraw_paper
from partyorg.recruitment.models import CandidateStage, CandidateStep

CONTENT_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
}
ISSUE_LABELS: dict[str, object] = {
    PaperKind.ADMISSION: gettext_lazy("In quyết định kết nạp"),
    PaperKind.RECOGNITION: gettext_lazy("In quyết định công nhận chính thức"),
    PaperKind.TRANSFER: gettext_lazy("In giấy giới thiệu sinh hoạt đảng"),
    PaperKind.TEMPORARY_TRANSFER: gettext_lazy("In giấy giới thiệu sinh hoạt tạm thời"),
    PaperKind.REMOVAL: gettext_lazy("In quyết định xóa tên"),
    PaperKind.EXPULSION: gettext_lazy("In quyết định khai trừ"),
}


def _issuers(scope: Scope, event: MembershipEvent, day: date) -> list[tuple[Organization, str]]:
    """The organizations that may issue the event's paper on ``day`` and that the user may change
    that day, nearest first, with their names; none when the user may not change the member's
    record on the event's day. A transfer letter is the sending side's: from the transfer's day
    the destination holds the member (in transit), so whoever held them the day before prints it."""
    reach_day = event.effective_on
    if event.kind == EventKind.TRANSFER_OUT:
        reach_day -= timedelta(days=1)
    if not scope.on_day(reach_day).reaches_person(event.person_id, Role.EDIT):
        return []
    about = held_by(event)
    if about is None:
        return []
    on_day = scope.on_day(day)
    named = [(org, version_on(org, day)) for org in issuers_for(about, day) if on_day.can(org.pk, Role.EDIT)]
    return [(org, version.name) for org, version in named if version is not None]


def _day(event: MembershipEvent, today: date) -> date:
    """The paper's day: its event's, or a recognition decision's (recorded in the candidate's steps,
    else the page's day)."""
    if PAPER_OF_EVENT[event.kind] in DATED_BY_EVENT:
        return event.effective_on
    step = CandidateStep.objects.filter(
        kind=CandidateStage.RECOGNIZED, membership_event=event, corrections__isnull=True
    ).first()
    return step.effective_on if step else today


@require_GET
def member_papers(request: HttpRequest, code: str) -> HttpResponse:
    """The member page's part on papers (loaded after the page): every event in force that has a
    paper, with the paper issued for it or, for a user who may change the record that day, the
    button that issues it."""
    scope: Scope = request.scope  # type: ignore[attr-defined]
    person = scope.person(code)
    events = list(
        MembershipEvent.objects.filter(person=person, kind__in=list(PAPER_OF_EVENT), corrections__isnull=True)
        .exclude(kind=EventKind.VOIDED)
        .order_by("effective_on", "pk")
    )
    papers = {p.event_id: p for p in Paper.objects.in_force().filter(person=person)}
    rows = [
        {
            "event": event,
            "paper": papers.get(event.pk),
            "label": ISSUE_LABELS[PAPER_OF_EVENT[event.kind]],
            "may_issue": event.pk not in papers
            and not event.basis_number
            and bool(_issuers(scope, event, _day(event, scope.on))),
        }
        for event in events
    ]
    return render(request, "papers/member_papers.html", {"person": person, "rows": rows})


@require_http_methods(["GET", "POST"])
def issue(request: HttpRequest, code: str, uid: UUID) -> HttpResponse:
    """The form that issues an event's paper, filled from the record; POST issues it and opens it."""
    scope: Scope = request.scope  # type: ignore[attr-defined]
    event = scope.record(MembershipEvent.objects.select_related("person"), uid)
    if event.person.code != code or event.kind not in PAPER_OF_EVENT:
        raise Http404(code)
    kind = PaperKind(PAPER_OF_EVENT[event.kind])
    dated = kind in DATED_BY_EVENT
    day = _day(event, scope.on)
    issuers = _issuers(scope, event, day)
    about = held_by(event)
    if not issuers or about is None:
        raise Http404(code)
    issued = Paper.objects.in_force().filter(event=event).first()
    if issued is not None:  # printed already: its page, with the downloads
        return redirect("paper", uid=issued.uid)
    preferred = default_issuer(about, day, grassroots=kind == PaperKind.TEMPORARY_TRANSFER)
    first = preferred if preferred in [org for org, _ in issuers] else issuers[0][0]
    body = body_of(first, day)
    initial = {
        "issuer": str(first.pk),
        "body_name": body.name,
        "body_symbol": body.symbol,
        "place": body.place,
        "issued_on": day,
    }
    form = IssueForm(request.POST or None, initial=initial, issuers=issuers, dated=dated)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        issued_on = None if dated else data["issued_on"]
        issuer = form.issuing_organization()
        scope.on_day(issued_on or day).require(issuer.pk, Role.EDIT)
        try:
            paper = issue_paper(
                event,
                issuer=issuer,
                issued_on=issued_on,
                place=data["place"],
                body_name=data["body_name"],
                body_symbol=data["body_symbol"],
                recorded_by=request.user.get_username(),
            )
        except PaperRefused as refused:
            form.add_error(None, refused.message)
        else:
            messages.success(
                request,
                _("Đã cấp số %(number)s: %(paper)s của %(name)s.")
                % {"number": paper.full_number, "paper": kind.label, "name": event.person.full_name},
            )
            return redirect("paper", uid=paper.uid)
    return render(
        request,
        "papers/issue.html",
        {"form": form, "event": event, "person": event.person, "kind": kind, "dated": dated, "day": day},
    )


def _paper(request: HttpRequest, uid: UUID) -> Paper:
    scope: Scope = request.scope  # type: ignore[attr-defined]
    return scope.record(Paper.objects.select_related("person", "issuer"), uid)


@require_GET
def paper(request: HttpRequest, uid: UUID) -> HttpResponse:
    """One paper of the register: its number, date, issuer, the event it is the basis of, the
    downloads, and its withdrawal when it was withdrawn."""
    found = _paper(request, uid)
    scope: Scope = request.scope  # type: ignore[attr-defined]
    withdrawal = Paper.objects.filter(corrects=found, withdrawn=True).first()
    may_withdraw = (
        withdrawal is None
        and not found.withdrawn
        and scope.on_day(found.issued_on).can(found.issuer_id, Role.EDIT)
        and scope.on_day(found.issued_on).reaches_person(found.person_id, Role.EDIT)
    )
    return render(
        request,
        "papers/paper.html",
        {"paper": found, "person": found.person, "withdrawal": withdrawal, "may_withdraw": may_withdraw},
    )


@require_GET
@otp.for_export
def download(request: HttpRequest, uid: UUID, extension: str) -> HttpResponse:
    """The paper as .docx (to edit) or PDF (to sign), printed from the register's copy."""
    found = _paper(request, uid)
    if extension not in CONTENT_TYPES:
        raise Http404(extension)
    filename = f"{found.kind}-{found.number}-{found.kind_symbol}-{found.body_symbol}-{found.issued_on:%Y%m%d}"
    log_read(request, ReadKind.DOCUMENT, person=found.person, detail=f"{filename}.{extension}")
    try:
        data = docx_bytes(found.content) if extension == "docx" else pdf_bytes(found.content)
    except PdfUnavailableError as unavailable:
        return HttpResponse(str(unavailable), status=503, content_type="text/plain; charset=utf-8")
    response = HttpResponse(data, content_type=CONTENT_TYPES[extension])
    ascii_name = fold_vi(filename).encode("ascii", "ignore").decode() or "van-ban"  # "QĐ" → "qd"
    response["Content-Disposition"] = f'attachment; filename="{ascii_name}.{extension}"'
    return response


@require_POST
def withdraw(request: HttpRequest, uid: UUID) -> HttpResponse:
    """Withdraw a paper (thu hồi), with its reason: the register keeps the number."""
    found = _paper(request, uid)
    scope: Scope = request.scope  # type: ignore[attr-defined]
    scope.on_day(found.issued_on).require(found.issuer_id, Role.EDIT)
    if not scope.on_day(found.issued_on).reaches_person(found.person_id, Role.EDIT):
        raise Http404(str(uid))
    try:
        withdraw_paper(found, recorded_by=request.user.get_username(), note=request.POST.get("note", ""))
    except PaperRefused as refused:
        messages.error(request, refused.message)
    else:
        messages.success(request, _("Đã thu hồi văn bản số %(number)s.") % {"number": found.full_number})
    return redirect("paper", uid=found.uid)


@require_GET
def register(request: HttpRequest, code: str) -> HttpResponse:
    """The register of papers an organization's committee issued in a year (sổ đăng ký văn bản):
    each number in order, with its date, paper, member and whether it was withdrawn."""
    scope: Scope = request.scope  # type: ignore[attr-defined]
    org = scope.organization(code)
    try:
        year = int(request.GET.get("nam", "") or scope.on.year)
    except ValueError:
        year = scope.on.year
    rows = list(
        Paper.objects.filter(issuer=org, issued_on__year=year, withdrawn=False)
        .select_related("person")
        .order_by("kind_symbol", "body_symbol", "period", "number")
    )
    withdrawn = dict(
        Paper.objects.filter(corrects__in=rows, withdrawn=True).values_list("corrects_id", "note")
    )
    version = version_on(org, scope.on)
    return render(
        request,
        "papers/register.html",
        {
            "org": org,
            "name": version.name if version else org.code,
            "year": year,
            "rows": [(paper, withdrawn.get(paper.pk)) for paper in rows],
        },
    )
