"""Every legal and every illegal move of every registered state machine, through the one mover.

The tables are discovered from the registry (`audit.transitions.MACHINES`), filled when each app's
`enums.py` is imported; a new machine joins this test by calling `machine(...)`. Each move is made
on a real saved row (an outbox mail's free-text `subject` column carries the state), so the lock,
the check, the save and the audit event are those every door uses.
"""

import dataclasses
import importlib

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError

from inovasi.audit.models import AuditEvent
from inovasi.audit.transitions import MACHINES, machine, transition
from inovasi.outbox.models import OutgoingMail
from inovasi.verification.enums import VisitState


def _load_every_enums_module():
    for config in apps.get_app_configs():
        if config.name.startswith("inovasi."):
            try:
                importlib.import_module(f"{config.name}.enums")
            except ModuleNotFoundError as exc:
                if exc.name != f"{config.name}.enums":
                    raise


_load_every_enums_module()
MOVES = sorted(
    (name, current, to) for name, m in MACHINES.items() for current in m.states.values for to in m.states.values
)


def test_the_registry_holds_every_machine_of_the_apps():
    assert {
        "innovation",
        "innovation_correction",
        "proposal",
        "objection",
        "visit",
        "press_release",
        "certificate_batch",
        "import_job",
        "scorecard",
    } <= set(MACHINES)


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "current", "to"), MOVES)
def test_every_move_of_every_table(name, current, to, django_user_model):
    moved = dataclasses.replace(MACHINES[name], field="subject")
    actor = django_user_model.objects.create_user(email="pelaku@example.id", password="x")
    row = OutgoingMail.objects.create(to="a@example.id", subject=current, body="-")
    events = AuditEvent.objects.count()
    legal = to in moved.table[current]
    if legal:
        action = transition(row, to, machine=moved, actor=actor, changes={"body": "dipindah"}, after={"n": 1})
        row.refresh_from_db()
        event = AuditEvent.objects.order_by("-id").first()
        assert (row.subject, row.body) == (to, "dipindah")
        assert (event.action, event.before, event.after, event.actor_id) == (
            moved.table[current][to],
            {"subject": current},
            {"subject": to, "n": 1},
            actor.pk,
        )
        assert action == event.action
        assert AuditEvent.objects.count() == events + 1
    else:
        with pytest.raises(ValidationError) as caught:
            transition(row, to, machine=moved, actor=actor, changes={"body": "dipindah"})
        assert caught.value.code == "illegal_transition"
        assert caught.value.messages == [
            f"{moved.noun} berstatus “{moved.states(current).label}” tidak dapat diubah menjadi "
            f"“{moved.states(to).label}”."
        ]
        row.refresh_from_db()
        assert (row.subject, row.body) == (current, "-")
        assert AuditEvent.objects.count() == events


@pytest.mark.django_db
def test_the_state_is_read_from_the_locked_row_not_the_callers_copy(django_user_model):
    moved = dataclasses.replace(MACHINES["visit"], field="subject")
    row = OutgoingMail.objects.create(to="a@example.id", subject="accepted", body="-")
    stale = OutgoingMail.objects.get(pk=row.pk)
    stale.subject = "submitted"  # what the caller believed; the row was accepted meanwhile
    with pytest.raises(ValidationError):
        transition(stale, "in_progress", machine=moved, actor=None)


def test_a_table_missing_a_state_is_refused_at_registration():
    with pytest.raises(ValueError, match="one row per state"):
        machine("broken", {VisitState.PLANNED: {}}, states=VisitState, noun="x")
