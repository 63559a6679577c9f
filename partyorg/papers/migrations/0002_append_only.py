"""The register of papers is a log: its table refuses UPDATE and DELETE (see partyorg.core.append_only)."""

from django.db import migrations

from partyorg.core import append_only

TABLES = ("papers_paper",)


def install(apps, schema_editor):
    for table in TABLES:
        append_only.install(schema_editor, table)


def uninstall(apps, schema_editor):
    for table in TABLES:
        append_only.uninstall(schema_editor, table)


class Migration(migrations.Migration):
    dependencies = [("papers", "0001_initial")]
    operations = [migrations.RunPython(install, uninstall)]
