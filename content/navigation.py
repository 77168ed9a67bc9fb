from dataclasses import dataclass

from django.urls import reverse


@dataclass(frozen=True)
class NavigationItem:
    label: str
    url: str


def main_navigation() -> list[NavigationItem]:
    return [
        NavigationItem("Home", reverse("content:home")),
        NavigationItem("Request an appointment", reverse("appointments:request")),
    ]
