"""The read log (issue 19): who read which person's file, list, document or export, when and from
where. A log: its table refuses UPDATE and DELETE (see partyorg.core.append_only)."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

from partyorg.core import append_only


def install(apps, schema_editor):
    append_only.install(schema_editor, "accounts_readentry")


def uninstall(apps, schema_editor):
    append_only.uninstall(schema_editor, "accounts_readentry")


class Migration(migrations.Migration):

    dependencies = [
        ('accounts', '0001_initial'),
        ('members', '0010_readmission_consent'),
        ('organizations', '0003_orgversion_name_index'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='ReadEntry',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('at', models.DateTimeField(db_index=True, verbose_name='lúc')),
                ('username', models.CharField(db_index=True, max_length=150, verbose_name='người đọc')),
                ('kind', models.CharField(choices=[('person', 'Hồ sơ một người'), ('member_list', 'Danh sách đảng viên'), ('deadlines', 'Danh sách việc đến hạn'), ('warnings', 'Cảnh báo công tác đảng'), ('document', 'Biểu mẫu, báo cáo'), ('export', 'Xuất toàn bộ hồ sơ')], max_length=20, verbose_name='đọc gì')),
                ('on', models.DateField(blank=True, null=True, verbose_name='tại ngày')),
                ('detail', models.CharField(blank=True, max_length=300, verbose_name='chi tiết')),
                ('channel', models.CharField(choices=[('web', 'Trang web'), ('api', 'API'), ('cli', 'Dòng lệnh')], max_length=3, verbose_name='qua')),
                ('address', models.GenericIPAddressField(blank=True, null=True, verbose_name='địa chỉ IP')),
                ('agent', models.CharField(blank=True, max_length=300, verbose_name='trình duyệt, máy')),
                ('organization', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='organizations.organization')),
                ('person', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='members.person')),
                ('user', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'verbose_name': 'lượt đọc hồ sơ',
                'verbose_name_plural': 'nhật ký truy cập',
            },
        ),
        migrations.RunPython(install, uninstall),
    ]
