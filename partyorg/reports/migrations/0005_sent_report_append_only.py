"""Sent reports are a log too: the table refuses UPDATE and DELETE (see partyorg.core.append_only)."""

from django.db import migrations

from partyorg.core import append_only

TABLE = "reports_sentreport"


def install(apps, schema_editor):
    append_only.install(schema_editor, TABLE)


def uninstall(apps, schema_editor):
    append_only.uninstall(schema_editor, TABLE)


class Migration(migrations.Migration):
    dependencies = [("reports", "0004_sent_report")]
    operations = [migrations.RunPython(install, uninstall)]
