"""Every organization that has no comment themes gets the starter set."""

from django.db import migrations

from polku.text.starter import STARTER_THEMES


def add_starter_themes(apps, schema_editor):
    Organization = apps.get_model("accounts", "Organization")
    Theme = apps.get_model("text", "Theme")
    ThemeVersion = apps.get_model("text", "ThemeVersion")
    for organization in Organization.objects.all():
        if Theme.objects.filter(organization=organization).exists():
            continue
        Theme.objects.bulk_create(
            Theme(organization=organization, name=t["name"], rules=t["rules"], starter=t["key"])
            for t in STARTER_THEMES
        )
        ThemeVersion.objects.update_or_create(organization=organization, defaults={"number": 2})


class Migration(migrations.Migration):
    dependencies = [("text", "0001_initial"), ("accounts", "0007_membership_weekly_digest")]

    operations = [migrations.RunPython(add_starter_themes, migrations.RunPython.noop)]
