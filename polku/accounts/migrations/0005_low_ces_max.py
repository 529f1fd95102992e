"""The ease question runs 1 (very difficult) to 7 (very easy), so a case opens for a low
score: "at least N" on the old reading becomes "at most 8 − N" on the ease scale."""

from django.db import migrations, models
from django.db.models import F, Value


def to_ease(apps, schema_editor):
    Organization = apps.get_model("accounts", "Organization")
    Organization.objects.update(low_ces_max=Value(8) - F("low_ces_max"))


class Migration(migrations.Migration):
    dependencies = [("accounts", "0004_organization_business_hours_end_and_more")]

    operations = [
        migrations.RenameField("organization", "high_ces_min", "low_ces_max"),
        migrations.AlterField(
            model_name="organization",
            name="low_ces_max",
            field=models.PositiveSmallIntegerField(
                default=3,
                help_text="1–7; 7 is very easy.",
                verbose_name="a case for ease (CES) at most",
            ),
        ),
        migrations.RunPython(to_ease, to_ease),
    ]
