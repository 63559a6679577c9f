"""How an employment began (form 8C's increases) and its rank class (form 8B's rows). SQLite may
remake the table to add the columns, which loses its append-only triggers: they are put back
(partyorg.core.append_only), as members 0010 does."""

from django.db import migrations, models

from partyorg.core import append_only

TABLE = "cadres_employment"


def reinstall(apps, schema_editor):
    append_only.uninstall(schema_editor, TABLE)
    append_only.install(schema_editor, TABLE)


class Migration(migrations.Migration):

    dependencies = [
        ('cadres', '0002_append_only'),
    ]

    operations = [
        migrations.RunPython(migrations.RunPython.noop, reinstall),
        migrations.AddField(
            model_name='employment',
            name='rank_class',
            field=models.CharField(blank=True, choices=[('senior_specialist', 'Chuyên viên cao cấp và tương đương'), ('principal_specialist', 'Chuyên viên chính và tương đương'), ('specialist', 'Chuyên viên và tương đương'), ('officer', 'Cán sự và tương đương'), ('staff', 'Nhân viên'), ('class_1', 'Viên chức hạng I'), ('class_2', 'Viên chức hạng II'), ('class_3', 'Viên chức hạng III'), ('class_4', 'Viên chức hạng IV'), ('class_5', 'Viên chức hạng V')], db_default='', default='', max_length=24, verbose_name='loại ngạch, hạng'),
        ),
        migrations.AddField(
            model_name='employment',
            name='start_reason',
            field=models.CharField(blank=True, choices=[('recruited_exam', 'Tuyển dụng qua thi tuyển'), ('recruited_selection', 'Tuyển dụng qua xét tuyển'), ('received', 'Tiếp nhận (người có kinh nghiệm, tốt nghiệp xuất sắc, nhà khoa học trẻ)'), ('transferred_in', 'Chuyển đến, điều động đến'), ('elected', 'Bầu cử, phê chuẩn, chỉ định'), ('continued', 'Thay đổi ngạch, bậc, loại (tiếp tục công tác)'), ('other', 'Khác')], db_default='', default='', max_length=24, verbose_name='hình thức bắt đầu'),
        ),
        migrations.RunPython(reinstall, migrations.RunPython.noop),
    ]
