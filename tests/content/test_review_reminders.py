"""The daily review reminder goes to each content editor once a day, titles and links only."""

import threading
from datetime import timedelta

import pytest
from django.core import mail
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from content.models import ReviewReminderRun
from content.tasks import send_review_reminders
from tests.factories import PageFactory, StaffFactory

pytestmark = pytest.mark.django_db


def due_in(days: int, **fields):
    today = timezone.localdate()
    return PageFactory(
        last_reviewed=today - timedelta(days=400),
        next_review_due=today + timedelta(days=days),
        **fields,
    )


@pytest.fixture
def editors():
    return [
        StaffFactory(role="Content editor", email="one@example.org"),
        StaffFactory(role="Content editor", email="two@example.org"),
        StaffFactory(role="Front desk", email="desk@example.org"),
    ]


def test_each_editor_gets_the_due_and_overdue_pages_by_title_and_link(editors, settings):
    settings.SITE_URL = "https://clinic.example"
    overdue = due_in(-3, title="Overdue page", body="Secret body words.")
    soon = due_in(20, title="Soon page")
    due_in(90, title="Later page")

    assert send_review_reminders.call() == "sent to 2"

    assert sorted(message.to[0] for message in mail.outbox) == [
        "one@example.org",
        "two@example.org",
    ]
    text = mail.outbox[0].body
    assert "Overdue page (overdue)" in text
    assert "Soon page" in text
    assert "Later page" not in text
    assert "Secret body words." not in text
    path = reverse("admin:content_page_change", args=[soon.pk])
    assert f"https://clinic.example{path}" in text
    assert overdue.title in mail.outbox[0].alternatives[0][0]


def test_the_reminders_go_out_once_a_day(editors):
    due_in(5)

    assert send_review_reminders.call() == "sent to 2"
    assert send_review_reminders.call() == "already sent today"

    assert len(mail.outbox) == 2
    assert ReviewReminderRun.objects.get().day == timezone.localdate()


def test_a_failed_send_is_tried_again(editors, monkeypatch):
    due_in(5)
    monkeypatch.setattr(
        "django.core.mail.backends.locmem.EmailBackend.send_messages",
        lambda self, messages: (_ for _ in ()).throw(OSError("down")),
    )
    assert send_review_reminders.call() == "not sent"
    assert not ReviewReminderRun.objects.exists()
    monkeypatch.undo()

    assert send_review_reminders.call() == "sent to 2"


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_workers_at_once_send_the_reminders_once(editors):
    due_in(5)
    results = []
    barrier = threading.Barrier(2)

    def worker():
        barrier.wait()
        try:
            results.append(send_review_reminders.call())
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(results) == ["already sent today", "sent to 2"]
    assert len(mail.outbox) == 2


def test_the_admin_home_lists_pages_due_for_review(sign_in):
    due_in(-1, title="Overdue page")
    due_in(10, title="Soon page")
    due_in(200, title="Later page")

    html = sign_in("Content editor").get(reverse("admin:index")).content.decode()

    section = html.split("Review due within 30 days")[1]
    assert "Overdue page</a> (overdue)" in section
    assert "Soon page" in section
    assert "Later page" not in section


def test_the_front_desk_home_has_no_signoff_list(sign_in):
    due_in(-1, title="Overdue page")
    html = sign_in("Front desk").get(reverse("admin:index")).content.decode()
    assert "Content sign-off" not in html
