"""`manage.py load_site_content` creates the shipped pages once and never overwrites staff edits."""

import io

import pytest
from django.core.management import call_command

from content.models import Page
from tests.content.conftest import SHIPPED_SLUGS

pytestmark = pytest.mark.django_db


def test_it_creates_every_shipped_page_published():
    call_command("load_site_content")
    assert sorted(Page.objects.published().values_list("slug", flat=True)) == sorted(SHIPPED_SLUGS)


def test_running_it_again_changes_nothing():
    call_command("load_site_content")
    before = list(Page.objects.order_by("slug").values())
    call_command("load_site_content")
    assert list(Page.objects.order_by("slug").values()) == before


def test_it_never_overwrites_a_page_staff_have_edited():
    call_command("load_site_content")
    page = Page.objects.get(slug="crps")
    page.body = "Our own words."
    page.published = False
    page.save()

    call_command("load_site_content")

    page.refresh_from_db()
    assert page.body == "Our own words."
    assert page.published is False


def test_it_puts_back_a_page_that_was_deleted():
    call_command("load_site_content")
    Page.objects.filter(slug="faq").delete()
    call_command("load_site_content")
    assert Page.objects.filter(slug="faq").exists()


def test_shipped_pages_leave_the_clinical_reviewer_blank_in_every_language():
    call_command("load_site_content")
    for page in Page.objects.all():
        for code in ("en", "es"):
            assert not page.translated("reviewer_name", code)
            assert not page.translated("reviewer_credentials", code)


def test_every_shipped_page_comes_with_a_complete_spanish_version():
    call_command("load_site_content")
    for page in Page.objects.all():
        assert page.is_ready_in("es"), page.slug


def test_it_adds_the_spanish_version_to_pages_that_have_none_yet():
    # A site that loaded the English pages before the Spanish ones existed.
    call_command("load_site_content")
    Page.objects.update(
        **{
            f"{field}_es": None
            for field in (
                "title",
                "nav_label",
                "summary",
                "body",
                "last_reviewed",
                "next_review_due",
            )
        }
    )
    output = io.StringIO()
    call_command("load_site_content", stdout=output)
    assert "Added language versions: es:about, es:accessibility" in output.getvalue()
    assert Page.objects.get(slug="crps").title_es == "Síndrome de dolor regional complejo (SDRC)"


def test_it_never_touches_a_spanish_version_staff_have_started():
    call_command("load_site_content")
    Page.objects.filter(slug="crps").update(
        title_es="Nuestro propio título", summary_es=None, body_es=None
    )
    call_command("load_site_content")
    page = Page.objects.get(slug="crps")
    assert page.title_es == "Nuestro propio título"
    assert page.body_es is None


def test_a_shipped_translation_without_its_english_page_is_refused(tmp_path, monkeypatch):
    from content import shipped_content

    (tmp_path / "es").mkdir()
    for source in shipped_content.CONTENT_DIR.glob("*.md"):
        (tmp_path / source.name).write_text(source.read_text())
    (tmp_path / "es" / "orphan.md").write_text(
        '+++\nslug = "orphan"\ntitle = "Huérfana"\nsummary = "Sin página en inglés."\n'
        "last_reviewed = 2026-12-01\nnext_review_due = 2027-12-01\n+++\nTexto.\n"
    )
    monkeypatch.setattr(shipped_content, "CONTENT_DIR", tmp_path)
    with pytest.raises(shipped_content.ShippedContentError, match=r"es/orphan\.md"):
        shipped_content.load_shipped_pages()
    assert not Page.objects.exists()
