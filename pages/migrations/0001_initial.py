from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies = []

    operations = [
        migrations.CreateModel(
            name="Snapshot",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("track", "Track page"),
                            ("track_frame", "Track page's pre-rendered body"),
                            ("track_summary", "Track's summary (home table)"),
                            ("track_metro", "Track page's metro panel"),
                            ("home", "Home chart of every track"),
                            ("occupation", "Occupation page"),
                            ("metro", "Metro page"),
                            ("state", "State page"),
                            ("search", "Job-title search index"),
                            ("compare", "Compare data"),
                        ],
                        max_length=16,
                    ),
                ),
                ("key", models.CharField(max_length=96)),
                ("payload", models.JSONField()),
                ("digest", models.CharField(help_text="sha256 of the payload's canonical JSON", max_length=64)),
                (
                    "schema",
                    models.CharField(blank=True, help_text="the payload's shape (see pages.store)", max_length=32),
                ),
                ("built_at", models.DateTimeField()),
            ],
            options={
                "constraints": [models.UniqueConstraint(fields=("kind", "key"), name="unique_snapshot_kind_key")],
            },
        ),
    ]
