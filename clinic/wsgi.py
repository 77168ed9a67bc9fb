import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "clinic.settings")

# Set up before the import below, which reads settings.
django_application = get_wsgi_application()

from clinic.last_resort import LastResortApplication  # noqa: E402

# Whatever escapes Django's own error handling still gets a page with the phone number.
application = LastResortApplication(django_application)
