"""The index's business verbs, by concept (each runs in one transaction and writes an audit event):

- `states`: the assessment state machine's one door, `transition_assessment`;
- `assessments`: the Pemda's side (`start_assessment`, `prefill_claims`, `bring_innovations_forward`,
  `set_claim`, `save_innovation_claims`, `submit_assessment`, `reopen_assessment`, `reopen_validation`);
- `validation`: the validators' side (`validate_claim`, `accept_claims`, Pemda assignment and progress);
- `rounds`: the organizer's side of a round (`copy_framework`, `update_framework`, `update_indicator`,
  `compute_framework`, `recompute_government`, `publish_checks`, `publish_results`).

This module re-exports them so `from inovasi.innovation_index import services` keeps working;
new code imports the concept module.
"""

from inovasi.innovation_index.assessments import (  # noqa: F401
    CLAIM_AUDIT_FIELDS,
    ClaimEntry,
    StaleClaim,
    audit_stale_refusal,
    bring_innovations_forward,
    prefill_claims,
    reopen_assessment,
    reopen_validation,
    save_innovation_claims,
    set_claim,
    start_assessment,
    submit_assessment,
)
from inovasi.innovation_index.rounds import (  # noqa: F401
    FRAMEWORK_EDITABLE,
    compute_framework,
    copy_framework,
    publish_results,
    recompute_government,
    update_framework,
    update_indicator,
)
from inovasi.innovation_index.states import transition_assessment  # noqa: F401
from inovasi.innovation_index.validation import accept_claims, has_evidence_q, validate_claim  # noqa: F401
