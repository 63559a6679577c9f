"""The cadre records are logs: the tables refuse UPDATE and DELETE (partyorg.core.append_only). The
post catalogue (configuration) and the cadre grants (revoked in place, like accounts.Assignment)
are not."""

from django.db import migrations

from partyorg.core import append_only

TABLES = (
    "cadres_unit",
    "cadres_unitversion",
    "cadres_staffingquota",
    "cadres_employment",
    "cadres_postholding",
    "cadres_trainingenrolment",
    "cadres_staterating",
    "cadres_planningentry",
    "cadres_planningreview",
)


def install(apps, schema_editor):
    for table in TABLES:
        append_only.install(schema_editor, table)


def uninstall(apps, schema_editor):
    for table in TABLES:
        append_only.uninstall(schema_editor, table)


class Migration(migrations.Migration):
    dependencies = [("cadres", "0001_initial")]
    operations = [migrations.RunPython(install, uninstall)]
