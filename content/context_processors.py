from django.utils.functional import SimpleLazyObject

from content.navigation import main_navigation
from content.profile import get_clinic_profile


def clinic(request):
    # Lazy, so that a page which never shows these, or an error page that passes its own,
    # touches neither the cache nor the database.
    return {
        "clinic": SimpleLazyObject(get_clinic_profile),
        "navigation": SimpleLazyObject(main_navigation),
    }
