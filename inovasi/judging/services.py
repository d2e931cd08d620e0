"""A facade, to be removed: the judging verbs now live in modules by concept.

- `judging.stages`: `settings_for`, `is_frozen`, `require_not_frozen`, `candidates`, `SCORED_KINDS`;
- `judging.jury`: juror records, panels, the juror pool, declared and waived conflicts;
- `judging.assignment`: the automatic plan (`planner.py`), manual assignment, the CSV import;
- `judging.scoring`: `check_values`, `save_scorecard`, `import_scores_csv`.

This module only re-exports their public names so that branches written against the old
`judging.services` keep importing while they are merged. Import from the modules above; the only
importer left is `organizer/judging_views.py`, which the desk rework is changing in parallel.
TODO(#20): switch that file and delete this module once the parallel branches are in.
"""

from inovasi.judging.assignment import (
    Infeasible,
    assign,
    assign_automatically,
    import_assignments_csv,
    plan_assignment,
    unassign,
)
from inovasi.judging.jury import (
    declare_conflict,
    edition_jurors,
    get_user_by_email,
    holds_juror_role_q,
    juror_pool,
    juror_pool_all,
    require_juror,
    save_juror,
    save_panel,
    waive_conflict,
    with_juror_role,
)
from inovasi.judging.scoring import StaleScorecard, check_values, import_scores_csv, save_scorecard
from inovasi.judging.stages import IN_RUNNING, SCORED_KINDS, candidates, is_frozen, require_not_frozen, settings_for

_require_not_frozen = require_not_frozen  # old private name, still called by code written before the split
_require_juror = require_juror

__all__ = [
    "IN_RUNNING",
    "SCORED_KINDS",
    "Infeasible",
    "StaleScorecard",
    "assign",
    "assign_automatically",
    "candidates",
    "check_values",
    "declare_conflict",
    "edition_jurors",
    "get_user_by_email",
    "holds_juror_role_q",
    "import_assignments_csv",
    "import_scores_csv",
    "is_frozen",
    "juror_pool",
    "juror_pool_all",
    "plan_assignment",
    "require_juror",
    "require_not_frozen",
    "save_juror",
    "save_panel",
    "save_scorecard",
    "settings_for",
    "unassign",
    "waive_conflict",
    "with_juror_role",
]
