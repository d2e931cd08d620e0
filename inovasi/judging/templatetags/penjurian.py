"""{% pemberitahuan_tanpa_identitas edition as notice %}: what a Pemda is told when a stage of the
edition is judged blind (`judging.blind.blind_notice`), or "" when none is."""

from django import template

from inovasi.judging.blind import blind_notice
from inovasi.judging.models import StageJudging

register = template.Library()


@register.simple_tag
def pemberitahuan_tanpa_identitas(edition) -> str:
    if edition is None or not StageJudging.objects.filter(stage__edition=edition, anonymise=True).exists():
        return ""
    return blind_notice()
