"""
The daily review reminder: each content editor is emailed the published pages whose review
is due within CONTENT_REVIEW_REMINDER_DAYS or overdue, by title and admin link only.

It goes out once a day however many workers or hosts run it: the day's ReviewReminderRun
row is inserted in the same transaction as the sending, and its unique day makes a second
run wait for the first (PostgreSQL holds the second insert until the first commits) and
then stop. A failed send rolls the row back, so the next run tries again.
"""

import logging
import smtplib

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django_tasks import task

from content.models import ReviewReminderRun
from content.signoff import review_due_pages

logger = logging.getLogger(__name__)

EDITOR_ROLE = "Content editor"


def content_editor_addresses() -> list[str]:
    users = get_user_model().objects.filter(groups__name=EDITOR_ROLE, is_active=True)
    return sorted(set(users.exclude(email="").values_list("email", flat=True)))


def reminder_email(pages: list, to: str) -> EmailMultiAlternatives:
    context = {
        "pages": [
            {
                "title": str(page),
                "url": settings.SITE_URL + reverse("admin:content_page_change", args=[page.pk]),
                "overdue": page.is_review_overdue(),
            }
            for page in pages
        ],
        "days": settings.CONTENT_REVIEW_REMINDER_DAYS,
    }
    # Staff work in English; the words are translatable like every email's.
    with translation.override(settings.LANGUAGE_CODE):
        subject = " ".join(render_to_string("emails/review-reminder-subject.txt", context).split())
        text = render_to_string("emails/review-reminder-body-text.txt", context)
        html = render_to_string("emails/review-reminder-body-html.html", context)
    message = EmailMultiAlternatives(subject=subject, body=text, to=[to])
    message.attach_alternative(html, "text/html")
    return message


@task()
def send_review_reminders() -> str:
    today = timezone.localdate()
    pages = list(review_due_pages(today))
    addresses = content_editor_addresses() if pages else []
    try:
        with transaction.atomic():
            ReviewReminderRun.objects.create(day=today, recipients=len(addresses), pages=len(pages))
            if addresses:
                messages = [reminder_email(pages, address) for address in addresses]
                get_connection(fail_silently=False).send_messages(messages)
    except IntegrityError:
        return "already sent today"
    except (OSError, smtplib.SMTPException) as error:
        logger.warning("Could not send the review reminders (%s)", type(error).__name__)
        return "not sent"
    return f"sent to {len(addresses)}" if addresses else "nothing due"
