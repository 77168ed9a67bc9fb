from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe


@require_safe
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "content/home.html")


@require_safe
def page(request: HttpRequest, slug: str) -> HttpResponse:
    # Education pages arrive with the Page model; until then every slug is unknown.
    raise Http404
