"""An exit's ground gets its own coded field (issue 15). Until now ``detail`` held it, beside a
badge's milestone, a temporary transfer's reason and free text; the re-admission rule then read a
removal's free text as a ground. The grounds already stored in ``detail`` of an exit (removal,
expulsion, withdrawal) move to ``exit_ground``; any other ``detail`` stays where it is.

The log refuses UPDATE (partyorg.core.append_only): the move lifts the triggers for its one
statement and puts them back, which also restores them where SQLite remade the table to add the
column. The values are written out here, as they stood, not imported from the rules."""

from django.db import migrations, models

from partyorg.core import append_only

TABLE = "members_membershipevent"
GROUNDED_EXITS = ("removed", "expelled", "withdrawn")
EXIT_GROUNDS = (
    "abandoned_activity",
    "withdrawal",
    "disunity",
    "corruption_conviction",
    "serious_crime_conviction",
    "less_serious_crime_conviction",
    "family_planning",
    "other",
)


def move_grounds(apps, schema_editor):
    Event = apps.get_model("members", "MembershipEvent")
    append_only.uninstall(schema_editor, TABLE)
    for ground in EXIT_GROUNDS:
        Event.objects.using(schema_editor.connection.alias).filter(
            kind__in=GROUNDED_EXITS, detail=ground, exit_ground=""
        ).update(exit_ground=ground, detail="")
    append_only.install(schema_editor, TABLE)


def move_back(apps, schema_editor):
    Event = apps.get_model("members", "MembershipEvent")
    append_only.uninstall(schema_editor, TABLE)
    for ground in EXIT_GROUNDS:
        Event.objects.using(schema_editor.connection.alias).filter(exit_ground=ground, detail="").update(
            detail=ground
        )
    append_only.install(schema_editor, TABLE)


def reinstall(apps, schema_editor):
    # Backwards: SQLite drops the column by remaking the table, which loses its triggers.
    append_only.uninstall(schema_editor, TABLE)
    append_only.install(schema_editor, TABLE)


def noop(apps, schema_editor):
    pass


class Migration(migrations.Migration):
    dependencies = [("members", "0007_personcorrection")]

    operations = [
        migrations.RunPython(noop, reinstall),
        migrations.AddField(
            model_name="membershipevent",
            name="exit_ground",
            field=models.CharField(
                blank=True,
                choices=[
                    ("abandoned_activity", "Tự bỏ sinh hoạt đảng"),
                    ("withdrawal", "Làm đơn xin ra khỏi Đảng"),
                    ("disunity", "Gây mất đoàn kết nội bộ nghiêm trọng"),
                    ("corruption_conviction", "Bị kết án vì tội tham nhũng"),
                    ("serious_crime_conviction", "Bị kết án về tội nghiêm trọng trở lên"),
                    ("less_serious_crime_conviction", "Bị án hình sự về tội ít nghiêm trọng"),
                    ("family_planning", "Vi phạm chính sách dân số và kế hoạch hóa gia đình"),
                    ("other", "Lý do khác"),
                ],
                db_default="",
                default="",
                max_length=40,
                verbose_name="lý do ra khỏi Đảng",
            ),
        ),
        migrations.RunPython(move_grounds, move_back),
    ]
