"""The administrative units recorded before their log existed become its first rows: a unit's row
becomes its creation (and its end, when it has one), each parent link an attachment with its end.
The derived rows stay as they were; each link now names the row it comes from. Then the two new
logs refuse UPDATE and DELETE (see partyorg.core.append_only)."""

import uuid

from django.db import migrations
from django.utils import timezone

from partyorg.core import append_only

TABLES = ["organizations_localitychange", "organizations_servedlocality"]
RECORDED_BY = "partyorg (chuyển dữ liệu đơn vị hành chính vào nhật ký)"


def rows_to_log(apps, schema_editor):
    Locality = apps.get_model("organizations", "Locality")
    LocalityParent = apps.get_model("organizations", "LocalityParent")
    LocalityChange = apps.get_model("organizations", "LocalityChange")
    now = timezone.now()
    common = {"recorded_at": now, "recorded_by": RECORDED_BY}
    rows = []
    for loc in Locality.objects.order_by("id").iterator():
        rows.append(
            LocalityChange(
                uid=uuid.uuid4(),
                locality_id=loc.id,
                kind="created",
                effective_on=loc.valid_from,
                name=loc.name,
                level=loc.kind,
                is_ethnic_minority_area=loc.is_ethnic_minority_area,
                **common,
            )
        )
        if loc.valid_until is not None:
            rows.append(
                LocalityChange(
                    uid=uuid.uuid4(), locality_id=loc.id, kind="ended", effective_on=loc.valid_until, **common
                )
            )
    LocalityChange.objects.bulk_create(rows, batch_size=2000)
    links = list(LocalityParent.objects.order_by("id"))
    changes = [
        LocalityChange(
            uid=uuid.uuid4(),
            locality_id=link.locality_id,
            kind="attached",
            effective_on=link.valid_from,
            until=link.valid_until,
            parent_id=link.parent_id,
            **common,
        )
        for link in links
    ]
    LocalityChange.objects.bulk_create(changes, batch_size=2000)
    by_uid = dict(LocalityChange.objects.filter(kind="attached").values_list("uid", "id"))
    for link, change in zip(links, changes, strict=True):
        link.source_id = by_uid[change.uid]
    LocalityParent.objects.bulk_update(links, ["source"], batch_size=2000)


def install(apps, schema_editor):
    for table in TABLES:
        append_only.install(schema_editor, table)


def uninstall(apps, schema_editor):
    for table in TABLES:
        append_only.uninstall(schema_editor, table)


class Migration(migrations.Migration):
    dependencies = [("organizations", "0004_locality_log")]
    operations = [
        migrations.RunPython(rows_to_log, migrations.RunPython.noop),
        migrations.RunPython(install, uninstall),
    ]
