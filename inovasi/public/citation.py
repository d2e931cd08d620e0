"""How a reader cites a public page: the moment its figures were computed and a ready-made citation.

A journalist quoting Kota Batu's figures needs to say "as of when" and where they came from. The
figures of a public page follow the data (caches are keyed on data versions and a rendered page is
kept for a minute at most), so the moment of rendering is the moment of the data shown.
"""

from django.utils import formats, timezone
from django.utils.translation import gettext as _


def citation(request, title: str) -> dict:
    """{"moment": aware datetime (WIB), "url": this page's absolute address, "text": the citation}."""
    moment = timezone.localtime()
    url = request.build_absolute_uri(request.get_full_path())
    text = _("%(title)s. Inovasi — inovasi pelayanan publik dan tata kelola daerah. %(url)s (diakses %(date)s).") % {
        "title": title,
        "url": url,
        "date": formats.date_format(moment, "j F Y"),
    }
    return {"moment": moment, "url": url, "text": text}
