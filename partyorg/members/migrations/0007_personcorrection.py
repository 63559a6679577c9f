"""Corrections of a person's recorded attributes, kept as rows of an append-only table
(partyorg.core.append_only)."""

import uuid

import django.db.models.deletion
from django.db import migrations, models

from partyorg.core import append_only


def install(apps, schema_editor):
    append_only.install(schema_editor, "members_personcorrection")


def uninstall(apps, schema_editor):
    append_only.uninstall(schema_editor, "members_personcorrection")


class Migration(migrations.Migration):

    dependencies = [
        ('members', '0006_stockfact_person_ends'),
    ]

    operations = [
        migrations.CreateModel(
            name='PersonCorrection',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('basis_number', models.CharField(blank=True, max_length=60, verbose_name='số văn bản')),
                ('basis_date', models.DateField(blank=True, null=True, verbose_name='ngày văn bản')),
                ('basis_issuer', models.CharField(blank=True, max_length=200, verbose_name='cơ quan ban hành')),
                ('recorded_at', models.DateTimeField(db_index=True, verbose_name='thời điểm ghi')),
                ('recorded_by', models.CharField(max_length=150, verbose_name='người ghi')),
                ('uid', models.UUIDField(default=uuid.uuid4, editable=False, unique=True)),
                ('changes', models.JSONField(verbose_name='nội dung sửa')),
                ('note', models.TextField(verbose_name='lý do')),
                ('person', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='attribute_corrections', to='members.person')),
            ],
            options={
                'verbose_name': 'sửa thông tin cá nhân',
                'verbose_name_plural': 'sửa thông tin cá nhân',
            },
        ),
        migrations.RunPython(install, uninstall),
    ]
