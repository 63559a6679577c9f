"""Dues bases, reliefs and payments are logs: they refuse UPDATE and DELETE (see partyorg.core.append_only)."""

from django.db import migrations

from partyorg.core import append_only

TABLES = ("dues_duesbasis", "dues_duesrelief", "dues_duespayment")


def install(apps, schema_editor):
    for table in TABLES:
        append_only.install(schema_editor, table)


def uninstall(apps, schema_editor):
    for table in TABLES:
        append_only.uninstall(schema_editor, table)


class Migration(migrations.Migration):
    dependencies = [("dues", "0001_initial")]
    operations = [migrations.RunPython(install, uninstall)]
