"""Named queries of awards for the public pages and the API: only editions that are published."""

from inovasi.awards.models import Award


def public_awards():
    """Awards of published editions, with what a list shows (no N+1)."""
    return Award.objects.filter(label__edition__is_published=True).select_related(
        "label__edition__competition",
        "ceremony",
        "government__region",
        "agency",
        "innovation",
        "certificate",
    )


def awards_of_innovation(innovation):
    return public_awards().filter(innovation=innovation).order_by("-awarded_on", "label__order", "pk")


def awards_of_governments(government_ids, limit=200):
    return (
        public_awards().filter(government_id__in=government_ids).order_by("-awarded_on", "label__order", "pk")[:limit]
    )
