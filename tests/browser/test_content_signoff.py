"""
The whole sign-off path in Chromium: a content editor edits the CRPS page and submits the
draft; a clinician finds it on the admin home, previews it in both languages, reads the
changes and approves; the public page changes only then. axe checks each new admin page
(the draft, the admin home's list, the page form with its draft notice, the history) and
the preview.
"""

import re

import pytest
from playwright.sync_api import expect

from content.models import Page
from tests.browser.conftest import assert_no_axe_violations, sign_in_to_admin
from tests.factories import StaffFactory

pytestmark = pytest.mark.django_db(transaction=True)

NEW_SENTENCE = "A new sentence a clinician must check first."


def test_an_edit_reaches_the_site_only_after_a_clinician_approves_it(
    browser, page, live_server, site_content, screenshot
):
    crps = Page.objects.get(slug="crps")
    public = browser.new_page()
    public.goto(live_server.url + "/crps/")
    expect(public.locator(".page-body")).not_to_contain_text(NEW_SENTENCE)

    # The editor edits the live page: that makes a draft.
    sign_in_to_admin(page, live_server, StaffFactory(username="eddie", role="Content editor"))
    page.goto(live_server.url + f"/admin/content/page/{crps.pk}/change/")
    body = page.locator("#id_body_en")
    body.fill(NEW_SENTENCE + "\n\n" + body.input_value())
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page).to_have_url(re.compile(r"/admin/content/page/drafts/\d+/$"))
    expect(page.get_by_text("Saved as a draft.")).to_be_visible()
    screenshot("editor-draft")
    assert_no_axe_violations(page)
    draft_url = page.url

    public.reload()
    expect(public.locator(".page-body")).not_to_contain_text(NEW_SENTENCE)

    page.get_by_role("button", name="Submit for clinical sign-off").click()
    expect(page.get_by_text("Submitted for clinical sign-off.")).to_be_visible()
    expect(page.locator(".signoff-state")).to_have_text("Waiting for sign-off")
    expect(page.get_by_role("button", name="Approve and publish")).to_have_count(0)
    screenshot("editor-submitted")

    page.goto(live_server.url + f"/admin/content/page/{crps.pk}/change/")
    expect(page.get_by_role("heading", name="Sign-off")).to_be_visible()
    screenshot("page-form-with-draft")
    assert_no_axe_violations(page)

    page.get_by_role("button", name="Log out").click()

    # A clinician finds it on the admin home, previews, compares and approves.
    sign_in_to_admin(page, live_server, StaffFactory(username="dr-lee", role="Clinician"))
    waiting = page.locator(".signoff-summary")
    expect(waiting).to_contain_text("Drafts waiting for a clinician")
    screenshot("clinician-admin-home")
    assert_no_axe_violations(page)
    waiting.get_by_role("link", name=str(crps)).click()
    expect(page).to_have_url(draft_url)
    expect(page.locator(".signoff-diff ins").first).to_contain_text("A new sentence")

    page.get_by_role("link", name="Preview the draft in Spanish").click()
    expect(page.locator("html")).to_have_attribute("lang", "es")
    expect(page.locator(".draft-banner")).to_contain_text("Draft")
    page.go_back()
    page.get_by_role("link", name="Preview the draft in English").click()
    expect(page.locator(".draft-banner")).to_contain_text("Draft")
    expect(page.locator(".page-body")).to_contain_text(NEW_SENTENCE)
    screenshot("clinician-preview")
    assert_no_axe_violations(page)
    page.go_back()

    public.reload()
    expect(public.locator(".page-body")).not_to_contain_text(NEW_SENTENCE)

    screenshot("clinician-draft-diff")
    assert_no_axe_violations(page)
    page.get_by_role("button", name="Approve and publish").click()
    expect(page.get_by_text("Approved: the page on the site now shows")).to_be_visible()
    expect(page.locator(".signoff-state")).to_have_text("Published")

    public.reload()
    expect(public.locator(".page-body")).to_contain_text(NEW_SENTENCE)
    expect(public.locator(".page-review")).to_contain_text(
        "Reviewed by a clinician at Amira Integrative Health on"
    )

    page.goto(live_server.url + f"/admin/content/page/{crps.pk}/history/")
    expect(page.get_by_text("Approved and published (clinical sign-off)")).to_be_visible()
    screenshot("clinician-history")
    assert_no_axe_violations(page)
