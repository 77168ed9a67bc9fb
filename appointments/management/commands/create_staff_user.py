import getpass
import os

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from staff.invitations import invite

ROLES = ("Front desk", "Clinician", "Content editor", "Practice manager")


class Command(BaseCommand):
    help = (
        "Create a staff account in one role. The password is asked for twice, or read from "
        "an environment variable (--password-from-env) for scripts; it is never printed. "
        "Prints the one-time invitation link with which they set up their second factor."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--role", required=True, choices=ROLES)
        parser.add_argument("--email", default="")
        parser.add_argument(
            "--password-from-env",
            metavar="VARIABLE",
            help="Read the password from this environment variable instead of asking.",
        )

    def handle(self, *args, username: str, role: str, email: str, **options):
        User = get_user_model()
        if User.objects.filter(username=username).exists():
            raise CommandError(f"There is already an account called {username!r}.")
        user = User(username=username, email=email, is_staff=True)
        password = self.read_password(options["password_from_env"])
        try:
            validate_password(password, user)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        user.set_password(password)
        with transaction.atomic():
            user.save()
            user.groups.add(Group.objects.get(name=role))
            link = invite(user)
        hours = int(settings.STAFF_INVITATION_LIFETIME.total_seconds() // 3600)
        self.stdout.write(
            f"Created the staff account {username!r} in the role {role!r}.\n"
            f"Their one-time invitation link (works once, for {hours} hours; shown only now):\n"
            f"{link}\n"
            "Give it to them in person or by phone. They open it, sign in with their password "
            "and set up their second sign-in step."
        )

    def read_password(self, variable: str | None) -> str:
        if variable:
            password = os.environ.get(variable, "")
            if not password:
                raise CommandError(f"The environment variable {variable} is empty or not set.")
            return password
        password = getpass.getpass("Password: ")
        if password != getpass.getpass("Password (again): "):
            raise CommandError("The two passwords differ.")
        return password
