"""Generator step for the regional innovation index: a full IID 2026 year, computed and published."""

from django.db import transaction

from inovasi.synthetic.dates import at
from inovasi.synthetic.rows import insert_rows


class IndexYearSteps:
    # --- Index year ----------------------------------------------------------------------------

    def index_year(self):
        from inovasi.innovation_index import rounds
        from inovasi.innovation_index.enums import AssessmentStatus, ClaimValidation, IndicatorScope
        from inovasi.innovation_index.methodology import indicators_of
        from inovasi.innovation_index.models import IndexAssessment, IndexClaim
        from inovasi.innovation_index.presets import load_preset
        from inovasi.organisations.models import OrganizerBody

        rng = self.rng
        body = OrganizerBody.objects.create(name="Badan Strategi Kebijakan Dalam Negeri", short_name="BSKDN")
        framework = load_preset("iid-2026", body=body)
        indicators = indicators_of(framework)
        region = [i for i in indicators if i.scope == IndicatorScope.REGION]
        innovation_indicators = [i for i in indicators if i.scope == IndicatorScope.INNOVATION]
        mandatory = [i for i in innovation_indicators if i.is_mandatory]
        optional = [i for i in innovation_indicators if not i.is_mandatory]
        options = {
            i.pk: {o.value: o.pk for o in i.options.all()} for i in indicators if i.scope != IndicatorScope.COUNT
        }
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

        def claim(assessment_id, indicator, innovation_id):
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

        reported = [row for row in self.made if row[7] == "published" and framework.reporting_year_from <= row[6]]

        def claims():
            for government in self.governments:
                for indicator in region:
                    yield claim(assessment_of[government.pk], indicator, None)
            for pk, government_id, *_rest in reported:
                for indicator in mandatory + rng.sample(optional, min(7, len(optional))):
                    yield claim(assessment_of[government_id], indicator, pk)

        with transaction.atomic():
            written = insert_rows(
                IndexClaim,
                [
                    "assessment_id",
                    "indicator_id",
                    "innovation_id",
                    "option_id",
                    "claimed_value",
                    "validation",
                    "validated_option_id",
                    "validated_value",
                ],
                claims(),
            )
        rounds.compute_framework(framework=framework, actor=None)
        rounds.publish_results(framework=framework, actor=None)
        self.counts["assessments"] = len(assessments)
        self.counts["claims"] = written
        self.counts["reported_innovations"] = len(reported)
