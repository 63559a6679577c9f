"""Meetings, attendance, residence ties and comments are logs: their tables refuse UPDATE and DELETE
(see partyorg.core.append_only)."""

from django.db import migrations

from partyorg.core import append_only

TABLES = (
    "meetings_meeting",
    "meetings_attendance",
    "meetings_residencetie",
    "meetings_residencecomment",
)


def install(apps, schema_editor):
    for table in TABLES:
        append_only.install(schema_editor, table)


def uninstall(apps, schema_editor):
    for table in TABLES:
        append_only.uninstall(schema_editor, table)


class Migration(migrations.Migration):
    dependencies = [("meetings", "0001_initial")]
    operations = [migrations.RunPython(install, uninstall)]
