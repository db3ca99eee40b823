import getpass

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from tracks.editors import make_editor


class Command(BaseCommand):
    help = (
        "Create an editor (a staff user in the Editors group, who can edit tracks in admin and nothing "
        "else), or make an existing user one. Prompts for a password unless --no-input is given."
    )

    def add_arguments(self, parser):
        parser.add_argument("email")
        parser.add_argument(
            "--no-input",
            action="store_false",
            dest="interactive",
            help="Do not prompt; a new user gets no usable password (set one with changepassword).",
        )

    def handle(self, *args, email, interactive, **options):
        password = None
        if interactive:
            password = getpass.getpass("Password: ")
            if password != getpass.getpass("Password (again): "):
                raise CommandError("The passwords did not match.")
            try:
                validate_password(password)
            except ValidationError as exc:
                raise CommandError(" ".join(exc.messages)) from exc
        user, created = make_editor(email=email, password=password)
        verb = "Created editor" if created else "Made an editor of"
        self.stdout.write(self.style.SUCCESS(f"{verb} {user.email}."))
        if not interactive and created:
            self.stdout.write(f'Set a password with: make manage ARGS="changepassword {user.email}"')
