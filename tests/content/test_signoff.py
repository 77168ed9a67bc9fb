"""
Clinical sign-off (content/signoff.py): a saved edit reaches the public page only with the
approval its kind needs, from someone whose role allows it and who did not write it.
"""

from datetime import timedelta
from http import HTTPStatus

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone

from content.models import DraftState, Page, PageDraft, PageKind, SignoffAction, SignoffEvent
from tests.content.test_admin_page_editing import change_form_data
from tests.factories import PageFactory, ReferenceFactory, StaffFactory

pytestmark = pytest.mark.django_db

HEALTH_KINDS = [PageKind.CONDITION, PageKind.THERAPY, PageKind.EDUCATION]
OLD, NEW = "Old words about pain care.", "New words, waiting for sign-off."


@pytest.fixture(autouse=True)
def clinic_profile():
    from content.models import ClinicProfile

    ClinicProfile.load()


def signed_in(client, user):
    from tests.conftest import sign_in_with_second_factor

    client.logout()
    return sign_in_with_second_factor(client, user)


def draft_url(draft, step=None):
    if step:
        return reverse("admin:content_page_draft_step", args=[draft.pk, step])
    return reverse("admin:content_page_draft", args=[draft.pk])


def public_text(page) -> str:
    from django.test import Client

    return Client().get(page.get_absolute_url()).content.decode()


def save_edit(client, page, **changes) -> PageDraft:
    response = client.post(
        reverse("admin:content_page_change", args=[page.pk]),
        change_form_data(page, body_en=NEW, **changes),
    )
    assert response.status_code == HTTPStatus.FOUND, response.content.decode()[:2000]
    return PageDraft.objects.get(page=page, state=DraftState.EDITING)


@pytest.fixture
def editor():
    return StaffFactory(role="Content editor", email="editor@example.org")


@pytest.fixture
def clinician():
    return StaffFactory(role="Clinician")


@pytest.fixture
def manager():
    return StaffFactory(role="Practice manager")


def test_an_edit_of_a_live_page_is_a_draft_until_published(client, editor):
    page = PageFactory(slug="crps", body=OLD)
    assert OLD in public_text(page)  # and now stored in the public page cache

    draft = save_edit(signed_in(client, editor), page)

    page.refresh_from_db()
    assert page.body_en == OLD
    assert draft.fields["body_en"] == NEW
    assert OLD in public_text(page)
    assert NEW not in public_text(page)


@pytest.mark.parametrize("kind", HEALTH_KINDS)
def test_a_health_page_goes_live_only_on_a_clinicians_approval(client, kind, editor, clinician):
    page = PageFactory(kind=kind, body=OLD)
    draft = save_edit(signed_in(client, editor), page)

    # The editor may submit, never approve or publish it.
    assert client.post(draft_url(draft, "approve")).status_code == HTTPStatus.FORBIDDEN
    client.post(draft_url(draft, "publish"))
    assert OLD in public_text(page)
    client.post(draft_url(draft, "submit"))
    draft.refresh_from_db()
    assert draft.state == DraftState.SUBMITTED
    assert OLD in public_text(page)

    signed_in(client, clinician)
    assert client.post(draft_url(draft, "approve")).status_code == HTTPStatus.FOUND

    assert NEW in public_text(page)
    assert OLD not in public_text(page)
    approval = SignoffEvent.objects.get(draft=draft, action=SignoffAction.APPROVED)
    assert approval.by == clinician
    page.refresh_from_db()
    assert page.history.get(history_id=approval.history_id).body_en == NEW
    assert page.history.get(history_id=approval.history_id).history_user == clinician
    assert approval.reviewed_languages == ["en"]
    assert page.last_reviewed_en == timezone.localdate()


def test_a_clinician_cannot_approve_a_draft_they_wrote(client, clinician):
    clinician.groups.add(Group.objects.get(name="Content editor"))
    page = PageFactory(body=OLD)
    draft = save_edit(signed_in(client, clinician), page)
    client.post(draft_url(draft, "submit"))

    response = client.post(draft_url(draft, "approve"), follow=True)

    assert "another clinician must approve it" in response.content.decode()
    assert OLD in public_text(page)
    draft.refresh_from_db()
    assert draft.state == DraftState.SUBMITTED


def test_a_draft_edited_after_submission_must_be_submitted_again(client, editor, clinician):
    page = PageFactory(body=OLD)
    draft = save_edit(signed_in(client, editor), page)
    client.post(draft_url(draft, "submit"))
    save_edit(client, page, title_en="Changed after submitting")

    signed_in(client, clinician)
    response = client.post(draft_url(draft, "approve"), follow=True)

    assert "Only a submitted draft can be approved." in response.content.decode()
    assert OLD in public_text(page)


def test_changing_the_kind_in_the_draft_does_not_dodge_clinical_signoff(client, editor):
    page = PageFactory(kind=PageKind.EDUCATION, body=OLD)
    draft = save_edit(signed_in(client, editor), page, kind=PageKind.INFORMATION)

    client.post(draft_url(draft, "publish"))

    assert OLD in public_text(page)


def test_an_information_page_is_published_on_the_editors_own_approval(client, editor, clinician):
    page = PageFactory(kind=PageKind.INFORMATION, slug="contact", body=OLD)
    draft = save_edit(signed_in(client, editor), page)
    assert OLD in public_text(page)

    signed_in(client, clinician)
    assert client.post(draft_url(draft, "publish")).status_code == HTTPStatus.FORBIDDEN
    assert OLD in public_text(page)

    signed_in(client, editor)
    client.post(draft_url(draft, "publish"))
    assert NEW in public_text(page)
    assert SignoffEvent.objects.filter(draft=draft, action=SignoffAction.PUBLISHED, by=editor)


def test_a_clinician_sends_a_draft_back_with_a_comment(client, editor, clinician):
    page = PageFactory(body=OLD)
    draft = save_edit(signed_in(client, editor), page)
    client.post(draft_url(draft, "submit"))
    signed_in(client, clinician)

    client.post(draft_url(draft, "send-back"), {"comment": ""})
    draft.refresh_from_db()
    assert draft.state == DraftState.SUBMITTED

    client.post(draft_url(draft, "send-back"), {"comment": "Check the dose."})
    draft.refresh_from_db()
    assert draft.state == DraftState.SENT_BACK
    assert draft.events.get(action=SignoffAction.SENT_BACK).comment == "Check the dose."
    assert OLD in public_text(page)
    assert "Check the dose." in client.get(draft_url(draft)).content.decode()


def test_an_emergency_publication_is_recorded_and_flags_the_page(
    client, editor, manager, clinician
):
    page = PageFactory(body=OLD)
    draft = save_edit(signed_in(client, editor), page)

    signed_in(client, manager)
    client.post(draft_url(draft, "emergency"), {"comment": ""})
    assert OLD in public_text(page)
    client.post(draft_url(draft, "emergency"), {"comment": "Wrong phone number for help."})

    assert NEW in public_text(page)
    draft.refresh_from_db()
    assert draft.state == DraftState.EMERGENCY
    event = draft.events.get(action=SignoffAction.EMERGENCY)
    assert (event.by, event.comment) == (manager, "Wrong phone number for help.")
    assert page.history.get(history_id=event.history_id).history_user == manager
    home = client.get(reverse("admin:index")).content.decode()
    assert "not yet clinically reviewed" in home
    assert str(page) in home.split("not yet")[1]

    signed_in(client, clinician)
    client.post(draft_url(draft, "approve"))
    draft.refresh_from_db()
    assert draft.state == DraftState.PUBLISHED
    assert draft.events.filter(action=SignoffAction.REVIEWED, by=clinician).exists()


@pytest.mark.parametrize("kind", list(PageKind))
@pytest.mark.parametrize(
    ("role", "step"),
    [
        ("Content editor", "approve"),
        ("Content editor", "emergency"),
        ("Clinician", "publish"),
        ("Clinician", "emergency"),
        ("Practice manager", "approve"),
        ("Practice manager", "publish"),
        ("Front desk", "approve"),
        ("Front desk", "publish"),
        ("Front desk", "emergency"),
    ],
)
def test_no_role_takes_a_step_outside_it(client, editor, kind, role, step):
    page = PageFactory(kind=kind, body=OLD)
    draft = save_edit(signed_in(client, editor), page)
    client.post(draft_url(draft, "submit"))

    signed_in(client, StaffFactory(role=role))
    response = client.post(draft_url(draft, step), {"comment": "Trying anyway."})

    assert response.status_code == HTTPStatus.FORBIDDEN
    assert OLD in public_text(page)


@pytest.mark.parametrize("kind", list(PageKind))
@pytest.mark.parametrize("role", ["Front desk", "Clinician", "Practice manager"])
def test_only_content_editors_save_pages(client, kind, role):
    page = PageFactory(kind=kind, body=OLD)
    signed_in(client, StaffFactory(role=role))

    response = client.post(
        reverse("admin:content_page_change", args=[page.pk]), change_form_data(page, body_en=NEW)
    )

    assert response.status_code == HTTPStatus.FORBIDDEN
    assert not PageDraft.objects.exists()
    assert OLD in public_text(page)


@pytest.mark.parametrize("url", ["draft", "preview"])
def test_the_front_desk_sees_none_of_it(client, editor, url):
    draft = save_edit(signed_in(client, editor), PageFactory(body=OLD))
    signed_in(client, StaffFactory(role="Front desk"))
    address = (
        draft_url(draft)
        if url == "draft"
        else reverse("admin:content_page_draft_preview", args=[draft.pk, "en"])
    )
    assert client.get(address).status_code == HTTPStatus.FORBIDDEN


def test_a_new_page_published_from_the_add_form_waits_for_signoff(client, editor):
    signed_in(client, editor)
    today = timezone.localdate()
    response = client.post(
        reverse("admin:content_page_add"),
        {
            "slug": "new-page",
            "kind": "education",
            "published": "on",
            "nav_order": 100,
            "title_en": "A new page",
            "summary_en": "A summary.",
            "body_en": NEW,
            "last_reviewed_en": today.isoformat(),
            "next_review_due_en": (today + timedelta(days=365)).isoformat(),
        },
    )
    assert response.status_code == HTTPStatus.FOUND
    page = Page.objects.get(slug="new-page")
    assert not page.published
    assert PageDraft.objects.get(page=page).fields["published"] is True
    assert public_text_status("/new-page/") == HTTPStatus.NOT_FOUND


def public_text_status(path: str) -> int:
    from django.test import Client

    return Client().get(path).status_code


@pytest.mark.parametrize(("language", "prefix"), [("en", ""), ("es", "/es")])
def test_a_draft_previews_in_the_page_template_unindexed_and_uncached(
    client, editor, language, prefix
):
    page = PageFactory(
        slug="crps",
        body=OLD,
        title_es="SDRC",
        summary_es="Resumen.",
        body_es="Texto antiguo.",
        last_reviewed_es=timezone.localdate(),
        next_review_due_es=timezone.localdate() + timedelta(days=30),
    )
    draft = save_edit(signed_in(client, editor), page, body_es="Texto nuevo.")

    response = client.get(reverse("admin:content_page_draft_preview", args=[draft.pk, language]))

    html = response.content.decode()
    assert response.status_code == HTTPStatus.OK
    assert "no-store" in response["Cache-Control"]
    assert "noindex" in response["X-Robots-Tag"]
    assert '<meta name="robots" content="noindex, nofollow">' in html
    assert "<strong>Draft</strong>" in html
    assert f'<html lang="{language}"' in html
    assert (NEW if language == "en" else "Texto nuevo.") in html
    assert public_text(page).count("Draft") == 0


def test_the_draft_page_shows_the_text_and_reference_changes(client, editor):
    kept, dropped, added = ReferenceFactory.create_batch(3)
    page = PageFactory(body="First paragraph.\n\nSecond paragraph stays the same.")
    page.citations.set([kept, dropped])
    signed_in(client, editor)
    data = change_form_data(page, citations=[kept.pk, added.pk])
    data["body_en"] = "First paragraph, changed.\n\nSecond paragraph stays the same."
    client.post(reverse("admin:content_page_change", args=[page.pk]), data)
    draft = PageDraft.objects.get(page=page)

    html = client.get(draft_url(draft)).content.decode()

    assert "<del>paragraph.</del> <ins>paragraph, changed.</ins>" in html
    assert "Second paragraph stays the same." not in html  # unchanged paragraphs left out
    assert f"<ins>Added: {added}</ins>" in html
    assert f"<del>Removed: {dropped}</del>" in html
    assert set(page.citations.all()) == {kept, dropped}  # the live page's sources unchanged


def test_the_change_form_edits_the_open_draft(client, editor):
    page = PageFactory(body=OLD)
    save_edit(signed_in(client, editor), page)

    html = client.get(reverse("admin:content_page_change", args=[page.pk])).content.decode()

    assert NEW in html
    assert "This page has a draft" in html


def test_every_step_is_in_the_pages_history(client, editor, clinician):
    page = PageFactory(body=OLD)
    draft = save_edit(signed_in(client, editor), page)
    client.post(draft_url(draft, "submit"))
    signed_in(client, clinician)
    client.post(draft_url(draft, "approve"))

    html = client.get(reverse("admin:content_page_history", args=[page.pk])).content.decode()

    for action in (SignoffAction.SAVED, SignoffAction.SUBMITTED, SignoffAction.APPROVED):
        assert str(action.label) in html


def test_reverting_to_an_old_version_is_a_draft_too(client, editor):
    page = PageFactory(body=OLD)
    page.body_en = "Live words."
    page.save()
    old_version = page.history.earliest()
    signed_in(client, editor)

    client.post(
        reverse("admin:content_page_simple_history", args=[page.pk, old_version.history_id]),
        change_form_data(old_version.instance),
    )

    assert "Live words." in public_text(page)
    assert PageDraft.objects.get(page=page).fields["body_en"] == OLD


def test_the_public_page_says_a_clinician_reviewed_it(client, editor, clinician):
    page = PageFactory(body=OLD, last_reviewed=timezone.localdate() - timedelta(days=200))
    draft = save_edit(signed_in(client, editor), page)
    client.post(draft_url(draft, "submit"))
    signed_in(client, clinician)
    client.post(draft_url(draft, "approve"))

    html = public_text(page)

    today = timezone.localdate()
    assert (
        f'Reviewed by a clinician at Amira Integrative Health on <time datetime="{today:%Y-%m-%d}">'
    ) in html
    assert "Clinical reviewer:" not in html  # no reviewer's name was entered


def test_a_page_past_its_review_and_the_grace_period_tells_patients(settings):
    settings.CONTENT_REVIEW_GRACE_DAYS = 30
    today = timezone.localdate()
    stale = PageFactory(
        last_reviewed=today - timedelta(days=500), next_review_due=today - timedelta(days=31)
    )
    in_grace = PageFactory(
        last_reviewed=today - timedelta(days=500), next_review_due=today - timedelta(days=29)
    )

    assert "This page is due for its review by our clinicians." in public_text(stale)
    assert "due for its review by our clinicians" not in public_text(in_grace)


def test_line_breaks_as_browsers_post_them_are_no_change(client, editor, clinician):
    # Shipped text ends in a line break, which the form strips.
    page = PageFactory(body="One.\n\nTwo.\n", body_es="Uno.\n\nDos.\n", **spanish_dates())
    signed_in(client, editor)
    data = change_form_data(page, body_en="One, changed.\r\n\r\nTwo.", body_es="Uno.\r\n\r\nDos.")
    client.post(reverse("admin:content_page_change", args=[page.pk]), data)
    draft = PageDraft.objects.get(page=page)
    client.post(draft_url(draft, "submit"))

    html = client.get(draft_url(draft)).content.decode()
    assert "No change to the Spanish text." in html
    assert "Two." not in html  # the unchanged last paragraph is not shown as changed
    signed_in(client, clinician)
    client.post(draft_url(draft, "approve"))
    assert draft.events.get(action=SignoffAction.APPROVED).reviewed_languages == ["en"]


def spanish_dates() -> dict:
    today = timezone.localdate()
    return {
        "title_es": "Título",
        "summary_es": "Resumen.",
        "last_reviewed_es": today - timedelta(days=10),
        "next_review_due_es": today + timedelta(days=300),
    }


def test_a_later_clinical_approval_clears_an_emergency_flag(client, editor, manager, clinician):
    from content import signoff

    page = PageFactory(body=OLD)
    first = save_edit(signed_in(client, editor), page)
    signoff.publish_in_emergency(first, manager, "Wrong phone number.")
    assert list(signoff.pages_awaiting_clinical_review()) == [page]

    second = save_edit(client, Page.objects.get(pk=page.pk), title_en="Checked again")
    signoff.submit(second, editor)
    signoff.approve(second, clinician)

    assert not signoff.pages_awaiting_clinical_review().exists()


def test_a_draft_the_site_can_no_longer_take_is_refused_with_a_message(client, editor, clinician):
    page = PageFactory(slug="crps", body=OLD)
    draft = save_edit(signed_in(client, editor), page, slug="new-address")
    client.post(draft_url(draft, "submit"))
    PageFactory(slug="new-address")  # another page took the address meanwhile

    signed_in(client, clinician)
    response = client.post(draft_url(draft, "approve"), follow=True)

    assert response.status_code == HTTPStatus.OK
    assert "This draft cannot be published as it is" in response.content.decode()
    assert Page.objects.get(pk=page.pk).slug == "crps"
    draft.refresh_from_db()
    assert draft.state == DraftState.SUBMITTED


def test_an_editor_discards_a_draft_and_the_page_stays_as_it_was(client, editor):
    page = PageFactory(body=OLD)
    draft = save_edit(signed_in(client, editor), page)

    client.post(draft_url(draft, "discard"))

    draft.refresh_from_db()
    assert draft.state == DraftState.DISCARDED
    assert OLD in public_text(page)
    assert client.post(draft_url(draft, "submit")).status_code == HTTPStatus.FOUND
    draft.refresh_from_db()
    assert draft.state == DraftState.DISCARDED  # a discarded draft goes nowhere


@pytest.mark.parametrize(
    "address",
    ["drafts/{draft}/preview/fr/", "drafts/{draft}/publish-everything/", "drafts/999999/"],
)
def test_a_mistyped_draft_address_is_not_found(client, editor, address):
    draft = save_edit(signed_in(client, editor), PageFactory(body=OLD))
    url = "/admin/content/page/" + address.format(draft=draft.pk)

    response = client.post(url) if "publish" in address else client.get(url)

    assert response.status_code == HTTPStatus.NOT_FOUND


def test_the_daily_command_queues_the_reminders(settings):
    import io

    from django.core.management import call_command

    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    out = io.StringIO()
    call_command("send_review_reminders", stdout=out)
    assert "Queued the review reminders" in out.getvalue()
    from content.models import ReviewReminderRun

    assert ReviewReminderRun.objects.filter(day=timezone.localdate()).exists()
