from django.contrib.sitemaps.views import sitemap
from django.urls import path
from django.views.decorators.http import require_safe

from content import views

app_name = "content"

urlpatterns = [
    path("", views.home, name="home"),
    path("robots.txt", views.robots_txt, name="robots"),
    path(
        "sitemap.xml",
        require_safe(sitemap),
        {"sitemaps": {"pages": views.PageSitemap}},
        name="sitemap",
    ),
    path("<slug:slug>/", views.page, name="page"),
]
