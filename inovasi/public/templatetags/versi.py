"""{% yearly_versions innovation as years %}: the years an innovation's content can be read for.

A tag (not view context) so the public and workspace innovation pages list the years from one
include without their views knowing about it.
"""

from django import template

from inovasi.innovations.versions import years_of

register = template.Library()


@register.simple_tag
def yearly_versions(innovation):
    return years_of(innovation)
