"""A re-admission's second legal basis (issue 15): the written consent of the provincial standing
committee or its equivalent (RULES.md §2.12), beside the deciding committee's decision (the event's
``basis_*``). Empty for every event before it. SQLite may remake the table to add the columns, which
loses its append-only triggers: they are put back (partyorg.core.append_only)."""

from django.db import migrations, models

from partyorg.core import append_only

TABLE = "members_membershipevent"


def reinstall(apps, schema_editor):
    append_only.uninstall(schema_editor, TABLE)
    append_only.install(schema_editor, TABLE)


class Migration(migrations.Migration):
    dependencies = [("members", "0009_exit_ground_family_hardship")]

    operations = [
        migrations.RunPython(migrations.RunPython.noop, reinstall),
        migrations.AddField(
            model_name="membershipevent",
            name="consent_date",
            field=models.DateField(blank=True, null=True, verbose_name="ngày văn bản đồng ý"),
        ),
        migrations.AddField(
            model_name="membershipevent",
            name="consent_issuer",
            field=models.CharField(
                blank=True, db_default="", default="", max_length=200, verbose_name="cơ quan đồng ý"
            ),
        ),
        migrations.AddField(
            model_name="membershipevent",
            name="consent_number",
            field=models.CharField(
                blank=True,
                db_default="",
                default="",
                max_length=60,
                verbose_name="số văn bản đồng ý của cấp trên",
            ),
        ),
        migrations.RunPython(reinstall, migrations.RunPython.noop),
    ]
