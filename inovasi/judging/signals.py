"""Who tells the ranking cache that its inputs changed (see `judging.versions`).

Receivers on the models a stage's ranking, its conflicts and its reliability report are computed
from, connected in `JudgingConfig.ready`: the lower apps (accounts, organisations, innovations)
announce their changes through Django's own `post_save`/`post_delete`/`m2m_changed` and import
nothing from judging. Bulk writes of judging's scorecards and assignments bump through
`models.VersionedQuerySet`; bulk writes elsewhere send no signal and must call
`versions.changed()` themselves.
"""

from django.apps import apps
from django.db.models.signals import m2m_changed, post_delete, post_save

from inovasi.judging import versions

# Changes that concern one stage: (app label, model) → the attribute holding the stage id.
STAGE_MODELS = {
    ("judging", "Scorecard"): "stage_id",
    ("judging", "Assignment"): "stage_id",  # replacements are assignments
    ("judging", "StageJudging"): "stage_id",  # settings: aggregation, tie-breaks, jurors per proposal
    ("judging", "StageClosure"): "stage_id",
    ("competitions", "Stage"): "pk",  # advancement rule: top N, passing score, quotas
    ("competitions", "Criterion"): "stage_id",  # rubric weights and scales
}
# Their deletions (one or in bulk) announce themselves (`models.VersionedQuerySet`, `VersionedModel`).
QUERYSET_ANNOUNCED = {("judging", "Scorecard"), ("judging", "Assignment")}
# Changes that may concern any stage: what conflicts, the juror rule and the candidates come from.
GLOBAL_MODELS = (
    ("judging", "Juror"),  # home government and agency, the body
    ("judging", "Conflict"),  # declarations and waivers
    ("judging", "Panel"),
    ("accounts", "User"),  # an inactive user's memberships stop counting
    ("accounts", "Membership"),  # Admin Pemda, operator, the juror role
    ("innovations", "InnovationPerson"),  # the named people of an innovation
    ("organisations", "Agency"),  # agency chains
    ("organisations", "Government"),
    ("competitions", "Edition"),
    ("competitions", "EditionGroup"),
    ("competitions", "EditionCategory"),
    ("competitions", "EntryCap"),
    ("competitions", "Proposal"),  # title, state, owner
    ("competitions", "StageResult"),  # who is still in the running
    ("competitions", "Disqualification"),
    ("verification", "VerificationPlan"),  # the final decision reads field verification
    ("verification", "Visit"),
)
# Saves that change nothing a ranking reads (a login stamps last_login).
IGNORED_FIELDS = {("accounts", "User"): {"last_login"}}


def _stage_receiver(attribute):
    def receiver(sender, instance, using=None, **kwargs):
        versions.changed(stage_id=getattr(instance, attribute), using=using or "default")

    return receiver


def _global_receiver(ignored=frozenset()):
    def receiver(sender, instance, using=None, update_fields=None, **kwargs):
        if update_fields and ignored and set(update_fields) <= ignored:
            return
        versions.changed(using=using or "default")

    return receiver


def _m2m_receiver(sender, instance, action, using=None, **kwargs):
    if action in ("post_add", "post_remove", "post_clear"):
        versions.changed(using=using or "default")


_receivers = []  # strong references: signals keep weak ones


def connect() -> None:
    for (label, name), attribute in STAGE_MODELS.items():
        model = apps.get_model(label, name)
        receiver = _stage_receiver(attribute)
        _receivers.append(receiver)
        post_save.connect(receiver, sender=model, dispatch_uid=f"ranking-version-{label}.{name}-save")
        if (label, name) not in QUERYSET_ANNOUNCED:
            post_delete.connect(receiver, sender=model, dispatch_uid=f"ranking-version-{label}.{name}-delete")
    for label, name in GLOBAL_MODELS:
        if not apps.is_installed(f"inovasi.{label}"):
            continue
        model = apps.get_model(label, name)
        receiver = _global_receiver(frozenset(IGNORED_FIELDS.get((label, name), ())))
        _receivers.append(receiver)
        post_save.connect(receiver, sender=model, dispatch_uid=f"ranking-version-{label}.{name}-save")
        post_delete.connect(receiver, sender=model, dispatch_uid=f"ranking-version-{label}.{name}-delete")
    Panel = apps.get_model("judging", "Panel")
    m2m_changed.connect(_m2m_receiver, sender=Panel.jurors.through, dispatch_uid="ranking-version-panel-jurors")
