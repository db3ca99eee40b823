"""The Editors group: may add, change, delete and view tracks and their parts, and nothing else."""

from django.db import migrations

EDITORS_GROUP = "Editors"
TRACK_MODELS = ["track", "trackoccupation", "role", "trackindustry", "relatedtrack"]
ACTIONS = ["add", "change", "delete", "view"]


def create_editors_group(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    # Permissions are normally created after all migrations run; make sure tracks' exist now.
    app_config = apps.get_app_config("tracks")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0, using=schema_editor.connection.alias)
    app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.using(schema_editor.connection.alias).get_or_create(name=EDITORS_GROUP)
    codenames = [f"{action}_{model}" for model in TRACK_MODELS for action in ACTIONS]
    permissions = Permission.objects.using(schema_editor.connection.alias).filter(
        content_type__app_label="tracks", codename__in=codenames
    )
    if permissions.count() != len(codenames):
        raise RuntimeError("Some tracks permissions are missing; cannot create the Editors group.")
    group.permissions.set(permissions)


def remove_editors_group(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Group.objects.using(schema_editor.connection.alias).filter(name=EDITORS_GROUP).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("tracks", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_editors_group, remove_editors_group)]
