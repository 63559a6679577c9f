"""`partyorg orgchange`: a split refused leaves nothing behind and is retried; a change corrected
or voided by its uid, as a new row (cast: partyorg.testing: T.H.X commune, T.H.X.1/.2 cells)."""

from datetime import date
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from partyorg import testing
from partyorg.members.queries import person_on
from partyorg.organizations import queries
from partyorg.organizations.models import Organization, OrgChange, OrgChangeKind

pytestmark = pytest.mark.django_db


def run(*args: str) -> str:
    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


@pytest.fixture
def tree():
    return testing.build_tree()


def test_a_split_refused_on_the_command_line_can_be_corrected_and_run_again(tree):
    """Issue 14: the command created the new cells before the split; refused, they stayed, and
    the corrected command failed with an IntegrityError on their codes."""
    a, b = testing.person(), testing.person("Lường Thị Mai", sex="female")
    testing.admit(a, tree.cell_a, date(2012, 4, 2))
    testing.admit(b, tree.cell_a, date(2013, 4, 2))
    split = ["orgchange", "split", "T.H.X.1", "--on", "01/01/2020"]
    split += ["--part", "T.H.X.1a=Chi bộ bản Na Ten 1", "--part", "T.H.X.1b=Chi bộ bản Na Ten 2"]
    with pytest.raises(CommandError, match="Còn 1 đảng viên chưa được phân"):
        run(*split, "--assign", f"{a.code}=T.H.X.1a")
    assert not Organization.objects.filter(code__in=["T.H.X.1a", "T.H.X.1b"]).exists()
    assert "Đã ghi thay đổi tổ chức" in run(
        *split, "--assign", f"{a.code}=T.H.X.1a", "--assign", f"{b.code}=T.H.X.1b"
    )
    held = person_on(b, date(2020, 1, 1)).organization
    assert Organization.objects.get(pk=held.organization_id).code == "T.H.X.1b"


def test_a_change_is_corrected_and_voided_by_its_uid(tree):
    run("orgchange", "rename", "T.H.X.2", "--on", "01/05/2018", "--name", "Chi bộ bản Co Sảnn")
    wrong = OrgChange.objects.get(kind=OrgChangeKind.RENAMED)
    with pytest.raises(CommandError, match="--note"):
        run("orgchange", "correct", str(wrong.uid), "--name", "Chi bộ bản Cò Sản")
    run("orgchange", "correct", str(wrong.uid), "--name", "Chi bộ bản Cò Sản", "--note", "Sai chính tả")
    fixed = OrgChange.objects.get(corrects=wrong)
    assert queries.version_on(tree.cell_b, date(2018, 5, 1)).name == "Chi bộ bản Cò Sản"
    run("orgchange", "void", str(fixed.uid), "--note", "Không có quyết định đổi tên")
    assert queries.version_on(tree.cell_b, date(2018, 5, 1)).name == "Chi bộ bản Co Sản"
    with pytest.raises(CommandError, match="đã được sửa hoặc hủy"):
        run("orgchange", "void", str(wrong.uid), "--note", "lần nữa")
    with pytest.raises(CommandError, match="Không tìm thấy thay đổi"):
        run("orgchange", "void", "not-a-uid", "--note", "x")
