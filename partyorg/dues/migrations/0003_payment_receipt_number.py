"""A dues payment's receipt (or voucher) number: optional text, empty for the payments before it."""

from django.db import migrations, models

from partyorg.core import append_only


def reinstall(apps, schema_editor):
    # SQLite adds a NOT NULL column by remaking the table, which loses its triggers: put them back.
    append_only.uninstall(schema_editor, "dues_duespayment")
    append_only.install(schema_editor, "dues_duespayment")


def noop(apps, schema_editor):
    pass


class Migration(migrations.Migration):
    dependencies = [("dues", "0002_append_only")]

    operations = [
        migrations.AddField(
            model_name="duespayment",
            name="receipt_number",
            field=models.CharField(
                blank=True, db_default="", default="", max_length=30, verbose_name="số biên lai, chứng từ"
            ),
        ),
        migrations.RunPython(reinstall, noop),
    ]
