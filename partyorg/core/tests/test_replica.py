"""Reads from a streaming replica (``partyorg.core.replica``): only inside ``reading_replica()``,
never inside a transaction on the primary nor after a write in the same block, never a write or a
migration; the middleware opens the block for a GET of the figures and report pages only, and not
for a browser that recorded something in the last seconds (it reads its own writes)."""

from __future__ import annotations

import pytest
from django.db import transaction
from django.http import HttpResponse
from django.test import RequestFactory, override_settings

from partyorg.core import replica
from partyorg.core.replica import (
    REPLICA,
    WROTE_COOKIE,
    ReplicaReadsMiddleware,
    ReplicaRouter,
    reading_replica,
)
from partyorg.members.models import Person


@pytest.fixture
def with_replica(monkeypatch):
    monkeypatch.setattr(replica, "configured", lambda: True)


@pytest.mark.django_db(transaction=True)
def test_reads_go_to_the_replica_only_inside_the_block_outside_transactions_and_before_a_write(with_replica):
    router = ReplicaRouter()
    assert router.db_for_read(Person) is None  # outside the block: the primary
    with reading_replica():
        assert router.db_for_read(Person) == REPLICA
        with transaction.atomic():  # what is read in a write transaction is about to be written
            assert router.db_for_read(Person) is None
        assert router.db_for_read(Person) == REPLICA
        assert router.db_for_write(Person) == "default"  # never a write on the replica
        assert router.db_for_read(Person) is None  # the block then reads what it wrote
    with reading_replica():  # a new block starts on the replica again
        assert router.db_for_read(Person) == REPLICA
    assert router.allow_migrate(REPLICA, "members") is False
    assert router.allow_migrate("default", "members") is True


def test_without_a_replica_configured_the_block_reads_the_primary():
    with reading_replica():
        assert ReplicaRouter().db_for_read(Person) is None


@pytest.mark.django_db(transaction=True)  # a test's own transaction would keep the primary
@override_settings(PARTYORG_REPLICA_VIEWS=["reports"], PARTYORG_REPLICA_FRESH_SECONDS=30)
def test_the_middleware_reads_report_pages_from_the_replica_unless_the_browser_just_wrote(with_replica):
    seen: list[str | None] = []

    def view(request):
        seen.append(ReplicaRouter().db_for_read(Person))
        return HttpResponse("ok")

    middleware = ReplicaReadsMiddleware(view)
    factory = RequestFactory()

    middleware(factory.get("/bao-cao/"))  # the reports page (view "reports")
    middleware(factory.get("/dang-vien/"))  # the members list: not in the list, the primary
    written = middleware(factory.post("/bao-cao/gui/bieu-1/"))  # a write: marks the browser
    assert written.cookies[WROTE_COOKIE]["max-age"] == 30
    fresh = factory.get("/bao-cao/")
    fresh.COOKIES[WROTE_COOKIE] = written.cookies[WROTE_COOKIE].value
    middleware(fresh)  # the officer who just recorded reads the primary
    assert seen == [REPLICA, None, None, None]


@pytest.mark.django_db
def test_a_refused_write_does_not_mark_the_browser(with_replica):
    middleware = ReplicaReadsMiddleware(lambda request: HttpResponse(status=403))
    assert WROTE_COOKIE not in middleware(RequestFactory().post("/bao-cao/gui/bieu-1/")).cookies
