# The occupation pages' snapshots moved to the one snapshot model, pages.Snapshot (derived data: rebuilt
# by build_snapshots and by every data load, so nothing is copied).

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("salaries", "0007_reported_titles_occupation_snapshots"),
    ]

    operations = [
        migrations.DeleteModel(name="OccupationSnapshot"),
    ]
