"""Give every existing account allauth's EmailAddress row: primary, verified when we had confirmed it.

Data only and idempotent (an address that already has a row is left alone); reversing removes nothing.
"""

from django.db import migrations


def create_email_addresses(apps, schema_editor):
    User = apps.get_model("careers", "User")
    EmailAddress = apps.get_model("account", "EmailAddress")
    have = set(EmailAddress.objects.values_list("user_id", flat=True))
    EmailAddress.objects.bulk_create(
        [
            EmailAddress(
                user_id=user.pk,
                email=user.email.lower(),
                primary=True,
                verified=user.email_verified_at is not None,
            )
            for user in User.objects.only("pk", "email", "email_verified_at").iterator()
            if user.pk not in have and user.email
        ],
        ignore_conflicts=True,
    )


class Migration(migrations.Migration):
    dependencies = [
        ("careers", "0002_member_records"),
        ("account", "0009_emailaddress_unique_primary_email"),
    ]

    operations = [migrations.RunPython(create_email_addresses, migrations.RunPython.noop)]
