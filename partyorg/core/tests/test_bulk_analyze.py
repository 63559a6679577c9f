"""After a bulk write, the planner's statistics are refreshed for the tables written, never with a
database-wide ANALYZE (on a PostgreSQL server busy loading another database, one waited more than
22 minutes)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from partyorg.core import bulk
from partyorg.members.models import MembershipInterval, StockFact

pytestmark = pytest.mark.django_db


def test_only_the_tables_named_are_analyzed():
    with CaptureQueriesContext(connection) as done:
        bulk.analyze(StockFact, MembershipInterval)
    analyzed = [q["sql"] for q in done.captured_queries if q["sql"].upper().startswith("ANALYZE")]
    quote = connection.ops.quote_name
    assert analyzed == [
        f"ANALYZE {quote(StockFact._meta.db_table)}",
        f"ANALYZE {quote(MembershipInterval._meta.db_table)}",
    ]
