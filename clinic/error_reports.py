"""
Error reports that say where the code failed, never what a patient typed.

Django's SafeExceptionReporterFilter hides only what a view marks as sensitive, and its
report still prints the query string, cookies and every local variable of every frame.
Here every submitted value, every local variable and the query string are replaced with
stars whenever DEBUG is off, so a report mailed to ADMINS or kept by an error tracker
cannot carry protected health information.

Settings that can hold a secret are masked too: Django's pattern misses `DATABASE_URL`,
`CACHE_URL` (passwords inside a URL), Sentry-style DSNs and the caches' LOCATION; and the
exception's message is replaced by its class and where it was raised, because a database
error can quote a row.
"""

import re
from pathlib import Path

from django.views.debug import ExceptionReporter, SafeExceptionReporterFilter

# Django's own list (API, TOKEN, KEY, SECRET, PASS, ...) plus whatever names a URL, a DSN
# or a cache location.
HIDDEN_SETTINGS = re.compile(
    "API|AUTH|TOKEN|KEY|SECRET|PASS|SIGNATURE|HTTP_COOKIE|URL|DSN|LOCATION", flags=re.IGNORECASE
)
# scheme://user:password@host in any value, whatever its name.
CREDENTIALS_IN_URL = re.compile(r"[a-z][a-z0-9+.-]*://[^/\s]*@", flags=re.IGNORECASE)

# request.META keys that carry the query string or earlier URLs (which may hold an admin
# search for a patient's name).
META_WITH_URLS = ("QUERY_STRING", "HTTP_REFERER", "RAW_URI", "REQUEST_URI", "HTTP_COOKIE")


class PatientDataExceptionReporterFilter(SafeExceptionReporterFilter):
    hidden_settings = HIDDEN_SETTINGS

    def cleanse_setting(self, key, value):
        if type(value) is str and CREDENTIALS_IN_URL.search(value):
            return self.cleansed_substitute
        return super().cleanse_setting(key, value)

    def get_post_parameters(self, request):
        if request is None or not self.is_active(request):
            return super().get_post_parameters(request)
        cleansed = request.POST.copy()
        for key in cleansed:
            cleansed[key] = self.cleansed_substitute
        return cleansed

    def get_traceback_frame_variables(self, request, tb_frame):
        if not self.is_active(request):
            return super().get_traceback_frame_variables(request, tb_frame)
        return [(name, self.cleansed_substitute) for name in tb_frame.f_locals]

    def get_safe_request_meta(self, request):
        meta = super().get_safe_request_meta(request)
        if self.is_active(request):
            for key in META_WITH_URLS:
                if key in meta:
                    meta[key] = self.cleansed_substitute
        return meta

    def get_safe_cookies(self, request):
        cookies = super().get_safe_cookies(request)
        if self.is_active(request):
            cookies = dict.fromkeys(cookies, self.cleansed_substitute)
        return cookies


class PatientDataExceptionReporter(ExceptionReporter):
    """Leaves out the parts of Django's report that its filter does not cover."""

    def get_traceback_data(self):
        data = super().get_traceback_data()
        if self.request is not None and self.filter.is_active(self.request):
            substitute = self.filter.cleansed_substitute
            data["request_GET_items"] = [(key, substitute) for key in self.request.GET]
            data["request_FILES_items"] = [(key, substitute) for key in self.request.FILES]
            data["request_insecure_uri"] = self.request.path
        if self.filter.is_active(self.request) and self.exc_type is not None:
            data["exception_value"] = self.where_it_failed(self.exc_type.__qualname__)
        return data

    def where_it_failed(self, name: str) -> str:
        """The exception's class and the line that raised it, instead of its message."""
        frames = []
        tb = self.tb
        while tb is not None:
            frames.append(tb)
            tb = tb.tb_next
        if not frames:
            return name
        code = frames[-1].tb_frame.f_code
        location = f"{Path(code.co_filename).name}:{frames[-1].tb_lineno} in {code.co_name}"
        return f"{name} raised at {location}"

    def get_traceback_frames(self):
        frames = super().get_traceback_frames()
        if self.filter.is_active(self.request):
            for frame in frames:
                # "The above exception (<its message>) was the direct cause of ..."
                if frame.get("exc_cause") is not None:
                    frame["exc_cause"] = type(frame["exc_cause"]).__qualname__
        return frames
