"""{{ assignment|nama_proposal }}: the title, or the opaque code in a blind stage (`judging.blind`)."""

from django import template

from inovasi.jury.workspace import proposal_label

register = template.Library()


@register.filter
def nama_proposal(assignment) -> str:
    return proposal_label(assignment)
