"""The recruitment forms read what was typed: the deciding committee's code becomes the organization
the step's service takes, an unknown code is refused at its field."""

import pytest

from partyorg import testing
from partyorg.recruitment.forms import StepForm

pytestmark = pytest.mark.django_db


def step(**typed: str) -> StepForm:
    return StepForm({"kind": "decided", "effective_on": "20/01/2017", **typed})


def test_the_deciding_committee_is_found_by_its_code() -> None:
    tree = testing.build_tree()
    form = step(deciding=f" {tree.district.code} ")
    assert form.is_valid(), form.errors
    assert form.cleaned_data["deciding_organization"] == tree.district


def test_an_unknown_or_missing_deciding_committee_is_refused_at_its_field() -> None:
    testing.build_tree()
    unknown = step(deciding="KHONG.CO")
    assert not unknown.is_valid()
    assert unknown.errors["deciding"] == ["Không tìm thấy tổ chức có mã này"]
    missing = step()
    assert not missing.is_valid()
    assert missing.errors["deciding"] == ["Cần ghi mã cấp ủy ra quyết định"]
