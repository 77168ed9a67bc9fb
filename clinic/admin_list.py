"""
A change list's rows written directly, for the admin lists staff keep open all day.

Django's `items_for_result` works out, for every cell of every row, what kind of column it
is (model field, relation, admin method, property), which empty value and CSS classes apply,
and escapes the result twice through `format_html`. On the request list (50 rows of 9
columns) that bookkeeping cost more than the columns' own work. Here it is done once per
column, and each row is a single string. The markup is the same as Django's, which
tests/appointments/triage/test_fast_result_rows.py checks cell by cell, so the admin's
stylesheet, its select-all script and its sorting headers work unchanged.

Only the column kinds these lists use are handled: admin methods (which return safe HTML
or plain text), concrete model fields, choice fields and foreign keys. Anything else
(list_editable, popups, properties) falls back to Django's own rendering.
"""

import html
from collections.abc import Callable, Iterable, Iterator
from types import SimpleNamespace
from typing import cast

from django.contrib.admin.templatetags.admin_list import (
    ResultList,
    items_for_result,
    result_headers,
    result_list,
)
from django.contrib.admin.templatetags.admin_urls import add_preserved_filters
from django.contrib.admin.utils import quote
from django.contrib.admin.views.main import ChangeList
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils.functional import Promise
from django.utils.safestring import SafeString, mark_safe

Cell = Callable[[models.Model], str]


def cell_html(template: str, *values: object) -> SafeString:
    """
    What `format_html(template, *values)` returns, for the columns' own markup, which runs
    for every cell of every row. format_html passes each value through three functions
    wrapped by `keep_lazy` (conditional_escape, escape, mark_safe), and those wrappers cost
    more than the escaping: a tenth of the request list's time. The escaping is the same
    (tests/appointments/triage/test_fast_result_rows.py compares the two): a value that
    knows its own HTML keeps it, a lazy translation is resolved, anything else is escaped.
    """
    return SafeString(template.format(*map(escaped, values)))


def cell_html_join(separator: str, parts: Iterable[str]) -> SafeString:
    """format_html_join(separator, "{}", ((part,) for part in parts)), as cell_html."""
    return SafeString(separator.join(map(escaped, parts)))


def escaped(value: object) -> str:
    """conditional_escape(value) as a plain string, without its keep_lazy wrappers."""
    if isinstance(value, Promise):
        value = str(value)
    if hasattr(value, "__html__"):
        return value.__html__()
    return html.escape(str(value))


def fast_result_list(cl: ChangeList) -> dict:
    """The context Django's `result_list` tag gives change_list_results.html, faster."""
    if not can_write_rows(cl):
        return result_list(cl)
    headers = list(result_headers(cl))
    return {
        "cl": cl,
        "result_hidden_fields": [],
        "result_headers": headers,
        "num_sorted_fields": sum(1 for h in headers if h["sortable"] and h["sorted"]),
        # The template loops over each row's cells; a row here is one string.
        "results": [ResultList(None, [row]) for row in rows(cl)],
    }


def can_write_rows(cl: ChangeList) -> bool:
    return (
        not cl.formset
        and not cl.is_popup
        and all(column_kind(cl, name) is not None for name in cl.list_display)
    )


def column_kind(cl: ChangeList, name: object) -> str | None:
    if not isinstance(name, str):
        return None  # a function in list_display: Django's rendering handles it
    if name == "action_checkbox" or callable(getattr(cl.model_admin, name, None)):
        return "admin method"
    try:
        field = cl.lookup_opts.get_field(name)
    except FieldDoesNotExist:
        return None
    if field.is_relation:
        return "foreign key" if isinstance(field, models.ForeignKey) else None
    return "choice field" if getattr(field, "choices", None) else "model field"


def cell_for(cl: ChangeList, name: str) -> Cell:
    """A function from a row's object to the cell's escaped contents."""
    empty = cl.model_admin.get_empty_value_display()
    kind = column_kind(cl, name)
    if kind == "admin method":
        method = getattr(cl.model_admin, name)
        empty = getattr(method, "empty_value_display", empty)

        def admin_method(obj) -> str:
            value = method(obj)
            if value is None or (isinstance(value, str) and not value.strip()):
                return empty
            return escaped(value)

        return admin_method
    if kind == "choice field":
        # Each label looked up once per page: get_FOO_display() rebuilds (and translates)
        # the field's whole choices mapping on every call.
        field = cast(models.Field, cl.lookup_opts.get_field(name))
        labels = {value: escaped(label) for value, label in field.flatchoices}

        def choice(obj) -> str:
            found = getattr(obj, name)
            return labels.get(found) or escaped(found) or empty

        return choice

    def value(obj) -> str:
        found = getattr(obj, name)
        return empty if found is None else escaped(found)

    return value


def cell_classes(cl: ChangeList, name: str) -> str:
    if name == "action_checkbox":
        return "action-checkbox"
    classes = f"field-{name}"
    if column_kind(cl, name) in ("model field", "foreign key"):
        field = cl.lookup_opts.get_field(name)
        if isinstance(field, models.DateField | models.TimeField | models.ForeignKey):
            classes += " nowrap"
    return classes


def rows(cl: ChangeList) -> Iterator[SafeString]:
    # ChangeList always fills list_display_links (the first column if the admin names
    # none); None means no links at all.
    links = cl.list_display_links or ()
    columns = [
        (cell_for(cl, name), cell_classes(cl, name), name in links)
        for name in map(str, cl.list_display)
    ]
    link_to = result_links(cl)
    for obj in cl.result_list:
        cells = []
        linked = False
        for cell, classes, is_link in columns:
            contents = cell(obj)
            if is_link and not linked:
                linked = True
                url = escaped(link_to(obj))
                cells.append(f'<th class="{classes}"><a href="{url}">{contents}</a></th>')
            else:
                cells.append(f'<td class="{classes}">{contents}</td>')
        # Every part is escaped above: the cells' contents by cell_for, the URL here, and
        # the classes are column names.
        yield mark_safe("".join(cells))  # noqa: S308


# Stands for a row's primary key in the one link built per page. Only its first
# occurrence is replaced: the one in the path, which starts with the admin's fixed prefix;
# the preserved filters, which could hold anything, come after it. Admin's quote() leaves
# it as it is.
PK_PLACEHOLDER = "!pk!"


def result_links(cl: ChangeList) -> Callable[[models.Model], str]:
    """
    Each row's link to its change page, with the list's filters preserved. Django builds
    the URL and merges the filters into it for every row (a tenth of the rows' cost); the
    rows differ only by their key, so that is done once, for a stand-in row whose key is the
    placeholder, and each row's key put in.
    """
    preserved: dict = {"preserved_filters": cl.preserved_filters, "opts": cl.opts}
    # Not a model instance: building one would run the model's defaults, some of which
    # query; url_for_result reads only the key.
    stand_in = cast(models.Model, SimpleNamespace(**{cl.pk_attname: PK_PLACEHOLDER}))
    link = add_preserved_filters(preserved, cl.url_for_result(stand_in))
    before, after = link.split(PK_PLACEHOLDER, 1)
    return lambda obj: f"{before}{quote(getattr(obj, cl.pk_attname))}{after}"


def django_rows(cl: ChangeList) -> list[list[str]]:
    """Django's own cells for the same list, for the test that compares the two."""
    return [list(items_for_result(cl, obj, None)) for obj in cl.result_list]
