from django.conf import settings
from django.db import models
from django.utils import timezone


class EnrolmentInvitation(models.Model):
    """
    The one-time link that lets a staff account set up its second factor. Only the
    SHA-256 of the token is kept, so the table cannot be read back into working links.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="enrolment_invitations"
    )
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    expires_at = models.DateTimeField(editable=False)
    used_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Invitation for {self.user}"

    def is_usable(self) -> bool:
        return self.used_at is None and timezone.now() < self.expires_at
