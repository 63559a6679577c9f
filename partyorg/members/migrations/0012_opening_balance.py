"""How the log of a member who predates the records begins (issue 15): the kind ``opened`` and, on
it, the admission decision, ceremony and recognition days as far as they are known. Empty on every
event before it. SQLite may remake the table to add the columns, which loses its append-only
triggers: they are put back (partyorg.core.append_only), as in 0010."""

from django.db import migrations, models

from partyorg.core import append_only

TABLE = "members_membershipevent"


def reinstall(apps, schema_editor):
    append_only.uninstall(schema_editor, TABLE)
    append_only.install(schema_editor, TABLE)


class Migration(migrations.Migration):
    dependencies = [
        ("members", "0011_person_facts"),
    ]

    operations = [
        migrations.RunPython(migrations.RunPython.noop, reinstall),
        migrations.AddField(
            model_name="membershipevent",
            name="admitted_on",
            field=models.DateField(
                blank=True, null=True, verbose_name="ngày quyết định kết nạp (trước khi có hồ sơ)"
            ),
        ),
        migrations.AddField(
            model_name="membershipevent",
            name="ceremony_on",
            field=models.DateField(
                blank=True, null=True, verbose_name="ngày lễ kết nạp (trước khi có hồ sơ)"
            ),
        ),
        migrations.AddField(
            model_name="membershipevent",
            name="recognized_on",
            field=models.DateField(
                blank=True, null=True, verbose_name="ngày công nhận chính thức (trước khi có hồ sơ)"
            ),
        ),
        migrations.AlterField(
            model_name="membershipevent",
            name="kind",
            field=models.CharField(
                choices=[
                    ("admission_decided", "Quyết định kết nạp"),
                    ("admission_ceremony", "Lễ kết nạp"),
                    ("recognized_official", "Công nhận đảng viên chính thức"),
                    ("transfer_out", "Chuyển sinh hoạt đảng chính thức đi"),
                    ("transfer_in", "Chuyển sinh hoạt đảng chính thức đến"),
                    ("temporary_transfer", "Chuyển sinh hoạt đảng tạm thời"),
                    ("temporary_return", "Kết thúc sinh hoạt tạm thời"),
                    ("exempted", "Miễn công tác và sinh hoạt đảng"),
                    ("exemption_ended", "Thôi miễn công tác và sinh hoạt đảng"),
                    ("suspended", "Đình chỉ sinh hoạt đảng"),
                    ("suspension_ended", "Hết đình chỉ sinh hoạt đảng"),
                    ("interrupted", "Gián đoạn sinh hoạt đảng"),
                    ("interruption_ended", "Sinh hoạt đảng trở lại"),
                    ("removed", "Xóa tên"),
                    ("expelled", "Khai trừ"),
                    ("withdrawn", "Ra khỏi Đảng"),
                    ("died", "Từ trần"),
                    ("readmission_decided", "Quyết định kết nạp lại"),
                    ("restored", "Phục hồi đảng tịch"),
                    ("org_reassigned", "Chuyển theo tổ chức"),
                    ("badge_awarded", "Tặng Huy hiệu Đảng"),
                    ("voided", "Hủy bản ghi nhập sai"),
                    ("opened", "Đảng viên từ trước khi có hồ sơ"),
                ],
                max_length=30,
                verbose_name="loại sự kiện",
            ),
        ),
        migrations.RunPython(reinstall, migrations.RunPython.noop),
    ]
