"""A URLconf with one view that fails, for the error-report tests."""

from django.urls import path
from django.views.decorators.csrf import csrf_exempt

from clinic.urls import urlpatterns as project_urlpatterns


@csrf_exempt
def failing_view(request):
    submitted_name = request.POST.get("name", "")  # a local variable holding patient data
    raise RuntimeError(f"Something broke after reading {len(submitted_name)} characters")


urlpatterns = [path("fails/", failing_view), *project_urlpatterns]

handler404 = "clinic.views.page_not_found"
handler500 = "clinic.views.server_error"
