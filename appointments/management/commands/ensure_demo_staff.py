from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError

from staff.invitations import invite

DEMO_USERNAME = "demo"
# A fixed, public password is acceptable only because this command refuses to run unless
# DEBUG is on, which production never is.
DEMO_PASSWORD = "demo-clinic-staff"  # noqa: S105
DEMO_ROLES = ("Practice manager", "Content editor")


class Command(BaseCommand):
    help = "Create a demo staff account for local development (DEBUG only) and print its login."

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError(
                "The demo staff account is for local development only (DEBUG is off)."
            )
        User = get_user_model()
        user = User.objects.filter(username=DEMO_USERNAME).first()
        if user is None:
            user = User.objects.create_user(
                DEMO_USERNAME, email="", password=DEMO_PASSWORD, is_staff=True
            )
            self.stdout.write(f"Created the demo staff account {DEMO_USERNAME!r}.")
        # A practice manager who also edits content: every screen a newcomer wants to see,
        # through the same roles real staff have, rather than a superuser who sees more.
        user.is_staff = True
        user.is_superuser = False
        user.save(update_fields=["is_staff", "is_superuser"])
        user.groups.set(Group.objects.filter(name__in=DEMO_ROLES))
        self.stdout.write(
            f"Staff admin: http://127.0.0.1:8000/{settings.ADMIN_URL}  "
            f"username {DEMO_USERNAME!r}, password {DEMO_PASSWORD!r} (local development only)."
        )
        if settings.OTP_REQUIRED:
            link = invite(user)
            self.stdout.write(
                "Two-factor sign-in is on (OTP_REQUIRED): open this one-time invitation link, "
                f"then sign in and set up an authenticator app: {link}"
            )
        else:
            self.stdout.write(
                "Two-factor sign-in is off in local development (OTP_REQUIRED is false); "
                "production always asks staff for an authenticator code."
            )
