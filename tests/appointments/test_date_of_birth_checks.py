import datetime
from http import HTTPStatus

import pytest
from django.utils import timezone

from appointments.models import AppointmentRequest
from tests.appointments.answers import URL, date_of_birth, valid_answers, years_ago

pytestmark = pytest.mark.django_db


def post_date(client, day: str, month: str, year: str) -> str:
    response = client.post(
        URL,
        valid_answers(date_of_birth_day=day, date_of_birth_month=month, date_of_birth_year=year),
    )
    assert response.status_code == HTTPStatus.OK
    assert not AppointmentRequest.objects.exists()
    return response.content.decode()


@pytest.mark.parametrize(
    ("day", "month", "year", "message"),
    [
        ("30", "2", "1980", "Date of birth must be a real date"),
        ("31", "4", "1980", "Date of birth must be a real date"),
        ("29", "2", "1981", "Date of birth must be a real date"),
        ("1", "1", "0000", "Date of birth must be a real date"),
        ("1", "13", "1980", "Date of birth must be a real date"),
        ("0", "1", "1980", "Date of birth must be a real date"),
        ("-1", "1", "1980", "Date of birth must be a real date"),
        ("1", "1", "80", "Year must include 4 numbers"),
        ("a", "b", "cdef", "Date of birth must be a real date"),
        ("1\x00", "1", "1980", "Date of birth must be a real date"),
        ("\u0661", "1", "1980", "Date of birth must be a real date"),
        ("", "1", "1980", "Date of birth must include a day"),
        ("1", "", "1980", "Date of birth must include a month"),
        ("1", "1", "", "Date of birth must include a year"),
        ("", "", "", "Enter your date of birth"),
        ("1", "1", "99999999999999999999", "Year must include 4 numbers"),
        ("99999999999999999999", "1", "1980", "Date of birth must be a real date"),
        ("1", "99999999999999999999", "1980", "Date of birth must be a real date"),
    ],
)
def test_impossible_or_incomplete_dates_are_refused(client, day, month, year, message):
    assert message in post_date(client, day, month, year)


def test_a_date_in_the_future_is_refused(client):
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    page = post_date(client, str(tomorrow.day), str(tomorrow.month), str(tomorrow.year))
    assert "Date of birth must be in the past" in page


def test_today_is_refused_as_a_date_of_birth(client):
    today = timezone.localdate()
    page = post_date(client, str(today.day), str(today.month), str(today.year))
    assert "Date of birth must be in the past" in page


def test_more_than_120_years_ago_is_refused(client):
    born = years_ago(120)
    page = post_date(client, str(born.day), str(born.month), str(born.year))
    assert "Date of birth must be less than 120 years ago" in page


def test_just_under_120_is_accepted(client):
    client.post(URL, valid_answers(**date_of_birth(years_ago(120, days=1))))
    assert AppointmentRequest.objects.count() == 1


def test_under_18_is_asked_to_call_the_clinic(client):
    born = years_ago(18, days=1)
    page = post_date(client, str(born.day), str(born.month), str(born.year))
    assert "You must be 18 or older to use this form" in page
    assert "please call us on (570) 555-0123" in page


def test_an_18th_birthday_today_is_accepted(client):
    client.post(URL, valid_answers(**date_of_birth(years_ago(18))))
    assert AppointmentRequest.objects.count() == 1
