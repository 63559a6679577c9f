"""What a load says of the people whose attributes came without a date (issue 15).

A person's residence, education, occupation … on the sheet "Người" with no dated fact of its kind
in the file ("Thông tin theo thời gian") is a fact from an unknown start: it counts in the figures of
every day, as far back as the records go (``members.facts``). Every file of version 1 is such a file
(that version had no dated facts), and a file of version 2 may be so in part. The load says so, kind
by kind, so that the officer knows which breakdowns of past days read today's values.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection

from django.utils.translation import gettext as _

from partyorg.core.formats import vn_number
from partyorg.members.models import PERSON_FIELD, FactKind, Person, PersonFact

# The name is a person's from birth unless a fact says otherwise: not worth a word.
KINDS = tuple(kind for kind in PERSON_FIELD if kind != FactKind.FULL_NAME)


def undated_counts(person_ids: Collection[int]) -> Counter[str]:
    """kind -> how many of ``person_ids`` hold a value of that kind on their row and no fact of it."""
    counts: Counter[str] = Counter()
    if not person_ids:
        return counts
    wanted = set(person_ids)
    low, high = min(wanted), max(wanted)
    dated = set(
        PersonFact.objects.filter(person_id__gte=low, person_id__lte=high).values_list("person_id", "kind")
    )
    fields = [PERSON_FIELD[kind] + ("_id" if kind == FactKind.RESIDENCE else "") for kind in KINDS]
    rows = Person.objects.filter(pk__gte=low, pk__lte=high).values_list("pk", *fields)
    for pk, *values in rows.iterator(chunk_size=5000):
        if pk not in wanted:
            continue
        for kind, value in zip(KINDS, values, strict=True):
            if value not in (None, "", False) and (pk, kind) not in dated:
                counts[kind] += 1
    return counts


def undated_note(person_ids: Collection[int]) -> str | None:
    """The load's note on the people just created whose attributes have no date, or None."""
    counts = undated_counts(person_ids)
    if not counts:
        return None
    kinds = "; ".join(f"{FactKind(kind).label} {vn_number(counts[kind])}" for kind in KINDS if counts[kind])
    return _(
        "Thông tin trên trang Người không kèm ngày (không có dòng cùng loại ở trang Thông tin theo thời"
        " gian), được coi là đúng từ trước khi có hồ sơ, số người theo loại: %(kinds)s"
    ) % {"kinds": kinds}
