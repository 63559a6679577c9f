"""``in`` with a list of ids: one array parameter on PostgreSQL, the same rows as Django's own."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group, User
from django.db import connection

pytestmark = pytest.mark.django_db


@pytest.fixture
def users() -> list[User]:
    return [User.objects.create(username=f"u{i}") for i in range(4)]


def test_ids_give_the_rows_asked_for_with_repeats_and_nulls_left_out(users: list[User]) -> None:
    wanted = [users[0].pk, users[2].pk, users[2].pk, None]
    found = set(User.objects.filter(pk__in=wanted).values_list("username", flat=True))
    assert found == {"u0", "u2"}
    assert User.objects.filter(pk__in=[]).count() == 0
    assert User.objects.filter(pk__in=[None]).count() == 0


def test_a_relation_by_ids_and_by_objects(users: list[User]) -> None:
    staff = Group.objects.create(name="staff")
    users[1].groups.add(staff)
    users[3].groups.add(staff)
    by_id = User.objects.filter(groups__in=[staff.pk]).order_by("username")
    by_object = User.objects.filter(groups__in=[staff]).order_by("username")
    assert [u.username for u in by_id] == [u.username for u in by_object] == ["u1", "u3"]


def test_text_and_subqueries_keep_djangos_own_in(users: list[User]) -> None:
    names = User.objects.filter(username__in=["u1", "u3"])
    assert names.count() == 2
    inner = User.objects.filter(username="u2").values("pk")
    assert list(User.objects.filter(pk__in=inner).values_list("username", flat=True)) == ["u2"]
    assert "ANY" not in str(names.query)


def test_postgresql_gets_one_array_parameter(users: list[User]) -> None:
    ids = [u.pk for u in users]
    sql, params = User.objects.filter(pk__in=ids).query.sql_with_params()
    if connection.vendor == "postgresql":
        assert "= ANY(%s::bigint[])" in sql
        assert params == (ids,)
    else:
        assert sql.count("%s") == len(ids)
        assert params == tuple(ids)
