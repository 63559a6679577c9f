"""An uploaded file's cadre records are judged by the cadre role (issue 17,
``partyorg.exchange.scope_check``): the role of their own (``CadreGrant``, read by ``CadreScope``),
not the member-records role. The file is the cadres' export of ``test_interchange`` (the province's
Ban Tổ chức and the district's People's Committee, every record type)."""

from __future__ import annotations

from datetime import date

import pytest

from partyorg import testing
from partyorg.accounts.models import Role
from partyorg.accounts.scope import Scope
from partyorg.cadres import catalogue
from partyorg.cadres.tests.cast import cadre_user
from partyorg.cadres.tests.test_interchange import KINDS, exported, located
from partyorg.exchange.load import load
from partyorg.exchange.scope_check import out_of_scope
from partyorg.organizations.models import Organization

pytestmark = pytest.mark.django_db

UPLOADED = date(2026, 6, 1)
__all__ = ["exported"]  # the fixture, shared with test_interchange


def cadre_rows(exported: list) -> list:
    """The organizations and people of the export loaded; its cadre records as a file's rows."""
    records, _ = exported
    catalogue.load()
    load(located([r for r in records if type(r) not in KINDS]))
    return located([r for r in records if type(r) in KINDS])


def test_a_member_records_officer_of_the_province_without_the_cadre_role_may_upload_no_cadre_record(
    exported: list,
) -> None:
    rows = cadre_rows(exported)
    officer = testing.user_with("tc.tinh", (Organization.objects.get(code="T"), Role.ADMINISTER))
    problems = out_of_scope(rows, Scope(officer, UPLOADED))
    assert {p.location.row for p in problems if p.location} == {loc.row for loc, _ in rows}


def test_the_cadre_role_over_the_province_uploads_them_all_and_a_neighbours_none(exported: list) -> None:
    rows = cadre_rows(exported)
    province = cadre_user("canbo.tinh", Organization.objects.get(code="T"))
    assert [str(p) for p in out_of_scope(rows, Scope(province, UPLOADED))] == []
    # The cadre role over the commune (beside the district, under the province) reaches none of them.
    commune = cadre_user("canbo.xa", Organization.objects.get(code="T.H.X"))
    problems = out_of_scope(rows, Scope(commune, UPLOADED))
    assert {p.location.row for p in problems if p.location} == {loc.row for loc, _ in rows}
