"""``{% load tracks_markdown %}`` then ``{{ track.lede|markdown:placeholder_values }}``.

The argument (a dict of placeholder name -> formatted figure) is optional; without it every placeholder
reads "not available". Output is sanitised HTML (see tracks.markdown), never the raw input.
"""

from django import template

from tracks.markdown import render_markdown

register = template.Library()


@register.filter(name="markdown")
def markdown_filter(text, values=None):
    return render_markdown(text, values if isinstance(values, dict) else None)
