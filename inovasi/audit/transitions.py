"""One shape for every state machine: a table, a registry and the one function that moves a row.

Each app keeps its machine in its `enums.py`::

    ALLOWED_TRANSITIONS = {                       # from-state → {to-state: audit action}
        S.DRAFT: {S.SUBMITTED: "thing.submit"},
        S.SUBMITTED: {S.DRAFT: "thing.return"},
    }
    THING_MACHINE = machine("thing", ALLOWED_TRANSITIONS, states=S, noun=_("Thing"))

and its named doors (`submit_thing`, `return_thing`, …) check their own rules, then call::

    transition(thing, S.SUBMITTED, machine=THING_MACHINE, actor=actor,
               changes={"submitted_at": now}, after={"reason": reason})

`transition` locks the row (SELECT … FOR UPDATE), checks the move against the table with the row's
current state from the database, saves the new state and `changes`, and writes one audit event
(the table's action, before/after values) — all inside one transaction. An illegal move raises a
`ValidationError` with code ``illegal_transition`` and an Indonesian message; nothing is written.

Every machine registers itself in `MACHINES`, so one generated test walks every legal and illegal
move of every table (`inovasi/audit/tests/test_transitions.py`).
"""

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils.translation import gettext as _

from inovasi.audit.services import record_event


@dataclass(frozen=True)
class Machine:
    """A named transition table over one choices field of one model."""

    name: str
    table: Mapping[str, Mapping[str, str]]
    states: type[models.TextChoices]
    noun: str  # lazily translated, capitalised: "Proposal", "Kunjungan", …
    field: str = "state"

    def action(self, current: str, to: str) -> str:
        """The audit action of the move, or a ValidationError if the table does not allow it."""
        allowed = self.table.get(current, {})
        if to not in allowed:
            raise self.illegal(current, to)
        return allowed[to]

    def illegal(self, current: str, to: str) -> ValidationError:
        """The one refusal of a move, for doors that narrow the table (e.g. restore = archived → published)."""
        return ValidationError(
            _("%(noun)s berstatus “%(from)s” tidak dapat diubah menjadi “%(to)s”.")
            % {"noun": self.noun, "from": self._label(current), "to": self._label(to)},
            code="illegal_transition",
        )

    def allows(self, current: str, to: str) -> bool:
        return to in self.table.get(current, {})

    def _label(self, state: str) -> str:
        try:
            return str(self.states(state).label)
        except ValueError:
            return str(state)


MACHINES: dict[str, Machine] = {}


def machine(name: str, table: Mapping[str, Mapping[str, str]], *, states, noun, field: str = "state") -> Machine:
    """Register the transition table `table` under `name`; every state of `states` must be a key and
    every target a state, so a new state cannot be forgotten in the table."""
    keys = set(table)
    targets = {to for moves in table.values() for to in moves}
    every = set(states.values)
    if keys != every or not targets <= every:
        raise ValueError(f"transition table {name!r} must have one row per state of {states.__name__}")
    registered = Machine(name=name, table=table, states=states, noun=noun, field=field)
    MACHINES[name] = registered
    return registered


def transition(
    obj: models.Model,
    to: str,
    *,
    machine: Machine,
    actor,
    changes: Mapping | None = None,
    before: Mapping | None = None,
    after: Mapping | None = None,
    check: Callable[[str, str], None] | None = None,
) -> str:
    """Move the saved row `obj` to state `to` through `machine`; returns the audit action written.

    Locks the row, reads its current state from the database, refuses an illegal move
    (`ValidationError`, code ``illegal_transition``), then runs `check(current, to)` (a door's own
    rule that depends on the move, e.g. "a reason is required"), sets the state and `changes` on
    `obj`, saves those fields (and `updated_at` if the model has it) and records the audit event
    with ``before={field: current, **before}`` and ``after={field: to, **changes-free after}``.
    Runs in the caller's transaction if there is one.
    """
    field = machine.field
    changes = dict(changes or {})
    with transaction.atomic():
        current = type(obj)._default_manager.select_for_update().filter(pk=obj.pk).values_list(field, flat=True).get()
        setattr(obj, field, current)
        action = machine.action(current, to)
        if check is not None:
            check(current, to)
        setattr(obj, field, to)
        for name, value in changes.items():
            setattr(obj, name, value)
        update_fields = [field, *changes]
        if any(f.name == "updated_at" for f in obj._meta.concrete_fields):
            update_fields.append("updated_at")
        obj.save(update_fields=update_fields)
        record_event(
            actor=actor,
            action=action,
            obj=obj,
            before={field: current, **(before or {})},
            after={field: to, **(after or {})},
        )
    return action
