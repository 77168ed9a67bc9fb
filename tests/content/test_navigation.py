"""The main menu comes from the pages' menu labels, in menu order, with the request button beside it."""

import pytest

from tests.factories import PageFactory

pytestmark = pytest.mark.django_db


def test_the_menu_lists_labelled_pages_in_menu_order(client):
    PageFactory(slug="second", nav_label="Second", nav_order=20)
    PageFactory(slug="first", nav_label="First", nav_order=10)
    PageFactory(slug="unlisted", nav_label="")

    html = client.get("/first/").content.decode()
    menu = html.split('aria-label="Main"')[1].split("</nav>")[0]

    assert menu.index("First") < menu.index("Second")
    assert "unlisted" not in menu
    assert '<a href="/first/" aria-current="page">First</a>' in menu


def test_request_an_appointment_stays_in_the_header(client):
    PageFactory(slug="first", nav_label="First")
    html = client.get("/first/").content.decode()
    assert 'href="/request-appointment/">Request an appointment</a>' in html
