from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path
from django.views.decorators.http import require_safe

from clinic import views
from content.views import PageSitemap, robots_txt
from staff import passkeys

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    # Before the admin's own URLs, which end in a catch-all.
    path(
        f"{settings.ADMIN_URL}passkeys/",
        include((passkeys.urlpatterns, passkeys.URL_NAMESPACE)),
    ),
    path(settings.ADMIN_URL, admin.site.urls),
    # One robots.txt and one sitemap for the whole site; the sitemap lists every page in
    # each language it is ready in.
    path("robots.txt", robots_txt, name="robots"),
    path(
        "sitemap.xml", require_safe(sitemap), {"sitemaps": {"pages": PageSitemap}}, name="sitemap"
    ),
    # The patient-facing site: English at these addresses, Spanish under /es/.
    *i18n_patterns(
        path("", include("appointments.urls")),
        path("", include("content.urls")),
        prefix_default_language=False,
    ),
]

handler400 = "clinic.views.bad_request"
handler403 = "clinic.views.permission_denied"
handler404 = "clinic.views.page_not_found"
handler500 = "clinic.views.server_error"
