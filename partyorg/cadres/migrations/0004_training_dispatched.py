"""Whether a course was one the agency sent the person to (cử đi đào tạo). SQLite may remake the
table to add the column, which loses its append-only triggers: they are put back
(partyorg.core.append_only), as 0003 does."""

from django.db import migrations, models

from partyorg.core import append_only

TABLE = "cadres_trainingenrolment"


def reinstall(apps, schema_editor):
    append_only.uninstall(schema_editor, TABLE)
    append_only.install(schema_editor, TABLE)


class Migration(migrations.Migration):

    dependencies = [
        ('cadres', '0003_employment_start_and_rank_class'),
    ]

    operations = [
        migrations.RunPython(migrations.RunPython.noop, reinstall),
        migrations.AddField(
            model_name='trainingenrolment',
            name='dispatched',
            field=models.BooleanField(db_default=False, default=False, verbose_name='được cử đi đào tạo'),
        ),
        migrations.RunPython(reinstall, migrations.RunPython.noop),
    ]
