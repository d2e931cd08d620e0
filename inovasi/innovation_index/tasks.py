"""Background index runs (django-tasks; the immediate backend in development and tests)."""

from django_tasks import task

from inovasi.accounts.models import User
from inovasi.innovation_index import rounds
from inovasi.innovation_index.models import IndexFramework


@task()
def compute_framework_task(framework_id: int, actor_id: int | None = None) -> int:
    framework = IndexFramework.objects.get(pk=framework_id)
    actor = User.objects.filter(pk=actor_id).first() if actor_id else None
    return rounds.compute_framework(framework=framework, actor=actor)
