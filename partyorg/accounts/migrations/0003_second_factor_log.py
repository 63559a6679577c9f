"""The second factor's log (issue 19): each set-up and each reset of a user's devices, who, when,
by whom. A log: its table refuses UPDATE and DELETE (see partyorg.core.append_only)."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

from partyorg.core import append_only


def install(apps, schema_editor):
    append_only.install(schema_editor, "accounts_secondfactorevent")


def uninstall(apps, schema_editor):
    append_only.uninstall(schema_editor, "accounts_secondfactorevent")


class Migration(migrations.Migration):

    dependencies = [
        ('accounts', '0002_read_log'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='SecondFactorEvent',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('at', models.DateTimeField(db_index=True, verbose_name='lúc')),
                ('username', models.CharField(max_length=150, verbose_name='người dùng')),
                ('kind', models.CharField(choices=[('set_up', 'Thiết lập xác thực hai lớp'), ('reset', 'Xóa thiết bị xác thực hai lớp')], max_length=10, verbose_name='việc')),
                ('by', models.CharField(max_length=150, verbose_name='người làm')),
                ('detail', models.CharField(blank=True, max_length=300, verbose_name='chi tiết')),
                ('user', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'verbose_name': 'thay đổi xác thực hai lớp',
                'verbose_name_plural': 'nhật ký xác thực hai lớp',
            },
        ),
        migrations.RunPython(install, uninstall),
    ]
