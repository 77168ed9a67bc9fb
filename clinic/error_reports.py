"""
Error reports that say where the code failed, never what a patient typed.

Django's SafeExceptionReporterFilter hides only what a view marks as sensitive, and its
report still prints the query string, cookies and every local variable of every frame.
Here every submitted value, every local variable and the query string are replaced with
stars whenever DEBUG is off, so a report mailed to ADMINS or kept by an error tracker
cannot carry protected health information.
"""

from django.views.debug import ExceptionReporter, SafeExceptionReporterFilter

# request.META keys that carry the query string or earlier URLs (which may hold an admin
# search for a patient's name).
META_WITH_URLS = ("QUERY_STRING", "HTTP_REFERER", "RAW_URI", "REQUEST_URI", "HTTP_COOKIE")


class PatientDataExceptionReporterFilter(SafeExceptionReporterFilter):
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
        return data
