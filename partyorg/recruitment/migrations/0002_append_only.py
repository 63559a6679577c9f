"""The pipeline is a log: candidates, their steps and the source plans refuse UPDATE and DELETE
(see partyorg.core.append_only)."""

from django.db import migrations

from partyorg.core import append_only

TABLES = ("recruitment_candidate", "recruitment_candidatestep", "recruitment_sourceplan")


def install(apps, schema_editor):
    for table in TABLES:
        append_only.install(schema_editor, table)


def uninstall(apps, schema_editor):
    for table in TABLES:
        append_only.uninstall(schema_editor, table)


class Migration(migrations.Migration):
    dependencies = [("recruitment", "0001_initial")]
    operations = [migrations.RunPython(install, uninstall)]
