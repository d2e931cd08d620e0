"""Background competition work (django-tasks; the immediate backend in development and tests).

The bulk automatic check of an edition with thousands of proposals takes tens of seconds (about
8 s per 1,000 proposals on PostgreSQL, 2 cores), so the organizer's button enqueues it.
"""

from django_tasks import task

from inovasi.accounts.models import User
from inovasi.competitions import administrative_check
from inovasi.competitions.models import Edition


@task()
def run_automatic_checks_task(edition_id: int, actor_id: int | None = None) -> dict:
    edition = Edition.objects.select_related("competition").get(pk=edition_id)
    actor = User.objects.filter(pk=actor_id).first() if actor_id else None
    return administrative_check.run_automatic_checks(edition=edition, actor=actor)
