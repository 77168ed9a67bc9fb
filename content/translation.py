"""
The fields staff translate, one column per language (django-modeltranslation): a page's
title, menu label, summary, text, review dates and reviewer, and the clinic's price range
and after-hours instruction.
Everything else (the address, kind, menu position, cited sources) is shared by every language.

A page's history is registered here rather than on the model: simple-history copies the
fields a model has when it is registered, and the language columns exist only from here on.
Registered earlier, the history would record and restore the English text alone.
"""

import simple_history
from modeltranslation.translator import TranslationOptions, register

from content.models import ClinicProfile, Page


@register(Page)
class PageTranslationOptions(TranslationOptions):
    fields = (
        "title",
        "nav_label",
        "summary",
        "body",
        "last_reviewed",
        "next_review_due",
        "reviewer_name",
        "reviewer_credentials",
    )
    # English is the original; another language's version is optional, and shown only once
    # it is complete and reviewed (Page.is_ready_in).
    required_languages = ("en",)


@register(ClinicProfile)
class ClinicProfileTranslationOptions(TranslationOptions):
    fields = ("price_range", "after_hours")
    required_languages = ("en",)


simple_history.register(Page)
