"""A stated figure may bound its value ("hơn 74.600") and state its change against a base day in
percent ("tăng 70,01% so với năm 2010"); the indicators gain the sub-committees, the committees and
cells right under an organization, and the district and commune committees."""

from django.db import migrations, models

from partyorg.core import append_only

TABLE = "reports_enteredfigure"


def reinstall(apps, schema_editor):
    # SQLite adds a NOT NULL column by remaking the table, which loses its triggers: put them back.
    append_only.uninstall(schema_editor, TABLE)
    append_only.install(schema_editor, TABLE)


def noop(apps, schema_editor):
    pass


class Migration(migrations.Migration):
    dependencies = [("reports", "0002_append_only")]

    operations = [
        migrations.AddField(
            model_name="enteredfigure",
            name="base_day",
            field=models.DateField(blank=True, null=True, verbose_name="so với ngày"),
        ),
        migrations.AddField(
            model_name="enteredfigure",
            name="bound",
            field=models.CharField(
                blank=True,
                choices=[
                    ("", "đúng bằng"),
                    ("more_than", "hơn"),
                    ("at_least", "ít nhất"),
                    ("unstated", "không nêu số, chỉ nêu mức thay đổi"),
                ],
                db_default="",
                default="",
                max_length=10,
                verbose_name="mức",
            ),
        ),
        migrations.AddField(
            model_name="enteredfigure",
            name="change_percent",
            field=models.CharField(
                blank=True, db_default="", default="", max_length=12, verbose_name="thay đổi so với ngày gốc (%)"
            ),
        ),
        migrations.AlterField(
            model_name="enteredfigure",
            name="indicator",
            field=models.CharField(
                choices=[
                    ("members", "Tổng số đảng viên"),
                    ("probationary", "Đảng viên dự bị"),
                    ("admissions", "Kết nạp mới (không kể kết nạp lại)"),
                    ("grassroots_organizations", "Tổ chức cơ sở đảng"),
                    ("grassroots_committees", "Đảng bộ cơ sở"),
                    ("grassroots_cells", "Chi bộ cơ sở"),
                    ("cells", "Chi bộ trực thuộc đảng ủy cơ sở"),
                    ("sub_committees", "Đảng bộ bộ phận"),
                    ("direct_committees", "Đảng bộ trực thuộc (ngay dưới tổ chức)"),
                    ("direct_cells", "Chi bộ trực thuộc (ngay dưới tổ chức)"),
                    ("district_committees", "Đảng bộ huyện, quận, thị xã"),
                    ("commune_committees", "Đảng bộ xã, phường, đặc khu"),
                    ("hamlets", "Thôn, bản, tổ dân phố"),
                    ("hamlets_without_members", "Thôn, bản chưa có đảng viên"),
                    ("staff", "Cán bộ, công chức, viên chức, người lao động của đơn vị"),
                ],
                max_length=30,
                verbose_name="chỉ tiêu",
            ),
        ),
        migrations.RunPython(reinstall, noop),
    ]
