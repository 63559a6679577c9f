from __future__ import annotations

from datetime import date

from django.core.paginator import Paginator
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from partyorg.accounts.models import Role
from partyorg.core.text import fold_vi
from partyorg.members.models import MembershipEvent, MembershipInterval, MemberStatus, Person, Sex
from partyorg.members.queries import person_on
from partyorg.organizations.models import OrgVersion, valid_on

PAGE_SIZE = 50


def members(request: HttpRequest) -> HttpResponse:
    """Members on the day among the organizations the user reaches, with filters and a search by
    name without diacritics ("nguyen thi huong"), card number or identity number."""
    scope = request.scope  # type: ignore[attr-defined]
    on: date = request.on  # type: ignore[attr-defined]
    q = request.GET.get("q", "").strip()
    status = request.GET.get("status", "")
    sex = request.GET.get("sex", "")
    org_code = request.GET.get("org", "").strip()
    org_ids = scope.org_ids()
    if org_code:
        from partyorg.reports.statistics.scope import subtree_on

        org_ids = org_ids & subtree_on(scope.organization(org_code), on)
    held = MembershipInterval.objects.filter(valid_on(on), organization_id__in=org_ids)
    if status in MemberStatus.values:
        held = held.filter(status=status)
    people = Person.objects.filter(pk__in=held.values("person_id"))
    if sex in Sex.values:
        people = people.filter(sex=sex)
    if q:
        people = people.filter(
            Q(search_key__contains=fold_vi(q)) | Q(card_number=q) | Q(identity_number=q) | Q(code=q)
        )
    page = Paginator(
        people.order_by("search_key", "pk").only("code", "full_name", "sex", "birth_date"), PAGE_SIZE
    )
    rows = page.get_page(request.GET.get("page"))
    where = dict(
        MembershipInterval.objects.filter(valid_on(on), person_id__in=[p.pk for p in rows]).values_list(
            "person_id", "organization_id"
        )
    )
    names = dict(
        OrgVersion.objects.filter(valid_on(on), organization_id__in=set(where.values())).values_list(
            "organization_id", "name"
        )
    )
    context = {
        "rows": [(p, names.get(where.get(p.pk, 0), "")) for p in rows],
        "page": rows,
        "q": q,
        "status": status,
        "sex": sex,
        "org": org_code,
        "statuses": MemberStatus.choices,
        "sexes": Sex.choices,
    }
    template = "web/members_rows.html" if getattr(request, "htmx", False) else "web/members.html"
    return render(request, template, context)


def member(request: HttpRequest, code: str) -> HttpResponse:
    """A person on the day: status, organization, party age, deadlines, and every event of their
    record with its legal basis (corrected events shown struck through, with their correction)."""
    scope = request.scope  # type: ignore[attr-defined]
    on: date = request.on  # type: ignore[attr-defined]
    person = scope.person(code)
    events = (
        MembershipEvent.objects.filter(person=person)
        .select_related("organization", "other_organization", "corrects")
        .prefetch_related("corrections")
        .order_by("effective_on", "recorded_at", "pk")
    )
    reached = scope.org_ids()
    # Names only of organizations the user reaches; the others are said to be outside the scope.
    named = ({e.organization_id for e in events} | {e.other_organization_id for e in events}) & reached
    names = dict(
        OrgVersion.objects.filter(organization_id__in=named)
        .order_by("valid_from")
        .values_list("organization_id", "name")
    )
    return render(
        request,
        "web/member.html",
        {
            "person": person,
            "state": person_on(person, on),
            "events": events,
            "names": names,
            "reached": reached,
            "can_edit": scope.reaches_person(person.pk, Role.EDIT),
        },
    )
