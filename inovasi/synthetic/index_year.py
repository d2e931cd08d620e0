"""Generator step for the regional innovation index: a full IID 2026 year, computed and published."""

from django.db import transaction

from inovasi.innovation_index import rounds
from inovasi.innovation_index.enums import AssessmentStatus, ClaimValidation, IndicatorScope
from inovasi.innovation_index.methodology import indicators_of
from inovasi.innovation_index.models import IndexAssessment, IndexClaim
from inovasi.innovation_index.presets import load_preset
from inovasi.organisations.models import OrganizerBody
from inovasi.synthetic.dates import at
from inovasi.synthetic.rows import insert_rows

CLAIM_FIELDS = [
    "assessment_id",
    "indicator_id",
    "innovation_id",
    "option_id",
    "claimed_value",
    "validation",
    "validated_option_id",
    "validated_value",
]


class IndexYearSteps:
    # --- Index year ----------------------------------------------------------------------------

    def index_year(self):
        rng = self.rng
        body = OrganizerBody.objects.create(name="Badan Strategi Kebijakan Dalam Negeri", short_name="BSKDN")
        framework = load_preset("iid-2026", body=body)
        indicators = indicators_of(framework)
        assessments = IndexAssessment.objects.bulk_create(
            [
                IndexAssessment(
                    framework=framework,
                    government=g,
                    status=AssessmentStatus.SUBMITTED,
                    submitted_at=at(2026, 8, rng.randint(1, 31)),
                )
                for g in self.governments
            ]
        )
        assessment_of = {a.government_id: a.pk for a in assessments}
        reported = [row for row in self.made if row[7] == "published" and framework.reporting_year_from <= row[6]]
        with transaction.atomic():
            written = insert_rows(IndexClaim, CLAIM_FIELDS, self._index_claims(indicators, assessment_of, reported))
        rounds.compute_framework(framework=framework, actor=None)
        rounds.publish_results(framework=framework, actor=None)
        self.counts["assessments"] = len(assessments)
        self.counts["claims"] = written
        self.counts["reported_innovations"] = len(reported)

    def _index_claims(self, indicators, assessment_of, reported):
        """Rows of CLAIM_FIELDS: every region indicator per Pemda, then per reported innovation the
        mandatory indicators and up to seven optional ones."""
        region = [i for i in indicators if i.scope == IndicatorScope.REGION]
        innovation_indicators = [i for i in indicators if i.scope == IndicatorScope.INNOVATION]
        mandatory = [i for i in innovation_indicators if i.is_mandatory]
        optional = [i for i in innovation_indicators if not i.is_mandatory]
        options = {
            i.pk: {o.value: o.pk for o in i.options.all()} for i in indicators if i.scope != IndicatorScope.COUNT
        }
        for government in self.governments:
            for indicator in region:
                yield self._index_claim(options, assessment_of[government.pk], indicator, None)
        for pk, government_id, *_rest in reported:
            for indicator in mandatory + self.rng.sample(optional, min(7, len(optional))):
                yield self._index_claim(options, assessment_of[government_id], indicator, pk)

    def _index_claim(self, options, assessment_id, indicator, innovation_id):
        """One claim: a value of 1 to 3, validated as accepted (90 %), adjusted down (7 %) or rejected."""
        rng = self.rng
        value = rng.choices((1, 2, 3), weights=(2, 3, 5))[0]
        roll = rng.random()
        if roll < 0.9:
            verdict, validated = ClaimValidation.ACCEPTED, value
        elif roll < 0.97:
            verdict, validated = ClaimValidation.ADJUSTED, max(1, value - 1)
        else:
            verdict, validated = ClaimValidation.REJECTED, None
        return (
            assessment_id,
            indicator.pk,
            innovation_id,
            options[indicator.pk][value],
            value,
            str(verdict),
            options[indicator.pk][validated] if validated else None,
            validated,
        )
