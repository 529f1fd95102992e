from django.db import migrations, models

FIELD = {
    "choices": [
        ("read", "Read only"),
        ("events", "Send customers and events"),
        ("admin", "Everything, business figures too"),
    ],
    "help_text": "A webshop needs only to send customers and events.",
    "max_length": 10,
    "verbose_name": "may",
}


class Migration(migrations.Migration):
    dependencies = [("accounts", "0008_organization_retention_months_and_more")]

    # Keys made before scopes could do everything: they keep that; new keys default to
    # sending customers and events.
    operations = [
        migrations.AddField(
            model_name="apikey", name="scope", field=models.CharField(default="admin", **FIELD)
        ),
        migrations.AlterField(
            model_name="apikey", name="scope", field=models.CharField(default="events", **FIELD)
        ),
    ]
