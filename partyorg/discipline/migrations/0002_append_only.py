"""Disciplinary measures and commendations are logs: the tables refuse UPDATE and DELETE (partyorg.core.append_only)."""

from django.db import migrations

from partyorg.core import append_only

TABLES = ("discipline_disciplinarymeasure", "discipline_commendation")


def install(apps, schema_editor):
    for table in TABLES:
        append_only.install(schema_editor, table)


def uninstall(apps, schema_editor):
    for table in TABLES:
        append_only.uninstall(schema_editor, table)


class Migration(migrations.Migration):
    dependencies = [("discipline", "0001_initial")]
    operations = [migrations.RunPython(install, uninstall)]
