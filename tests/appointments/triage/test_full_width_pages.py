"""
The request list and a request's page leave out the admin's sidebar of every model, so
the table and the form get the whole width (and the page is drawn faster,
docs/benchmarks.md); the rest of the admin keeps it, with the breadcrumbs on every page.
"""

import pytest

from tests.factories import AppointmentRequestFactory

from .conftest import CHANGELIST, change_url

pytestmark = pytest.mark.django_db

SIDEBAR = 'id="nav-sidebar"'


def test_the_triage_pages_have_no_sidebar_but_keep_the_way_home(practice_manager):
    appointment = AppointmentRequestFactory()
    for url in (CHANGELIST, change_url(appointment)):
        page = practice_manager.get(url).content.decode()
        assert SIDEBAR not in page, url
        assert "nav_sidebar.js" not in page, url
        assert '<div class="breadcrumbs">' in page, url
        assert '<a href="/admin/">Home</a>' in page, url


def test_other_admin_pages_keep_the_sidebar_and_the_index_lists_every_app(practice_manager):
    assert SIDEBAR in practice_manager.get("/admin/auth/user/").content.decode()
    index = practice_manager.get("/admin/").content.decode()
    assert 'href="/admin/appointments/appointmentrequest/"' in index
    assert 'href="/admin/content/page/"' in index
