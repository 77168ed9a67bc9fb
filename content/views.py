import json
from collections.abc import Callable
from functools import wraps
from http import HTTPStatus

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.cache import get_conditional_response, patch_cache_control, set_response_etag
from django.views.decorators.http import require_safe

from content.models import HOME_SLUG
from content.profile import get_clinic_profile
from content.site_pages import RenderedPage, site_pages
from content.structured_data import page_structured_data

# Short, so that a visitor sees a staff edit within minutes even from their browser's
# cache; the ETag lets the browser check back cheaply after that.
PUBLIC_MAX_AGE = 5 * 60


def public_page(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Let browsers and shared caches keep a successful page briefly, and revalidate it."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        response = view(request, *args, **kwargs)
        if response.status_code != HTTPStatus.OK:
            return response
        patch_cache_control(response, public=True, max_age=PUBLIC_MAX_AGE)
        set_response_etag(response)
        return (
            get_conditional_response(request, etag=response["ETag"], response=response) or response
        )

    return wrapped


def render_page(request: HttpRequest, page: RenderedPage, template: str) -> HttpResponse:
    clinic = get_clinic_profile()
    # A page shown in English at a Spanish address is the English page: search engines
    # should index it once, at its English address.
    canonical_url = settings.SITE_URL + page.url_in(page.language)
    structured_data = page_structured_data(page, clinic, site_url=settings.SITE_URL)
    return render(
        request,
        template,
        {
            "page": page,
            "canonical_url": canonical_url,
            "structured_data": json_for_script(structured_data),
        },
    )


@require_safe
@public_page
def home(request: HttpRequest) -> HttpResponse:
    page = site_pages().get(HOME_SLUG)
    if page is None:
        # A fresh database before `load_site_content` has run: show a plain welcome rather
        # than a 404 at the site's front door.
        return render(request, "content/home_placeholder.html")
    return render_page(request, page, "content/home.html")


@require_safe
@public_page
def page(request: HttpRequest, slug: str) -> HttpResponse:
    if slug == HOME_SLUG:
        return redirect("content:home", permanent=True)
    found = site_pages().get(slug)
    if found is None:
        raise Http404
    return render_page(request, found, "content/page.html")


@require_safe
@public_page
def robots_txt(request: HttpRequest) -> HttpResponse:
    lines = ["User-agent: *", "Allow: /", f"Sitemap: {settings.SITE_URL}/sitemap.xml", ""]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")


class PageSitemap(Sitemap):
    """
    The published pages in every language each is ready in, each entry listing its other
    languages and x-default, with addresses built from SITE_URL rather than the request.
    """

    i18n = True
    alternates = True
    x_default = True

    def items(self):
        return list(site_pages(settings.LANGUAGE_CODE).pages.values())

    def get_languages_for_item(self, item: RenderedPage) -> list[str]:
        return list(item.ready_languages)

    def location(self, item: RenderedPage) -> str:
        return item.url

    def lastmod(self, item: RenderedPage):
        return item.updated_at

    def get_domain(self, site=None) -> str:
        return settings.SITE_URL.split("://", 1)[1]

    def get_protocol(self, protocol=None) -> str:
        return settings.SITE_URL.split("://", 1)[0]


_SCRIPT_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


def json_for_script(data: object) -> str:
    """JSON that can sit inside a <script> element: no "</script>" can end it early."""
    return json.dumps(data, ensure_ascii=False).translate(_SCRIPT_ESCAPES)
