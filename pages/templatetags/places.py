"""``{% metro_picker_attrs %}``: the tables a metro picker (or a filterable list) carries for
``static/js/combobox.js`` to match as ``salaries.places.match_metros`` does (state names, aliases)."""

import functools

from django import template
from django.utils.html import format_html_join

from salaries.places import picker_tables

register = template.Library()


@register.simple_tag
def metro_picker_attrs():
    return _picker_attrs()


@functools.cache
def _picker_attrs():
    # The tables are the same for every page (state names, the aliases file): written out once.
    return format_html_join(" ", '{}="{}"', picker_tables().items())
