# The track, metro-panel and page snapshots moved to one model, pages.Snapshot (derived data: rebuilt by
# build_snapshots and by every data or catalogue load, so nothing is copied).

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("tracks", "0006_home_chart_snapshot"),
    ]

    operations = [
        migrations.DeleteModel(name="PageSnapshot"),
        migrations.DeleteModel(name="TrackMetroSnapshot"),
        migrations.DeleteModel(name="TrackSnapshot"),
    ]
