"""Every named URL × every persona, generated from `config.urls`, against ONE explicit table.

A URL pattern missing from EXPECTED fails the test, so a new page cannot escape the matrix. All
arguments resolve to real objects of region A (`tests_security.world`); region B's personas
guessing those IDs must be refused (403/404). No request may produce a 500.
"""

import pytest
from django.apps import apps
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from inovasi.audit.models import AuditEvent
from tests_security.world import FROZEN_AT, World

PERSONAS = (
    "anonymous",
    "operator_a",
    "operator_b",
    "admin_a",
    "admin_b",
    "organizer",
    "juror",
    "verifier",
    "system_admin",
)
LOGIN_PATH = reverse("accounts:login")

# GET outcome per persona. L = redirect to the login page, 302 = another redirect, 405 = POST-only
# (checked below with POST). Region A owns every object in the URLs (see tests_security/world.py).
#                                                  anon  op_a  op_b  adm_a adm_b org   juror verif sys
# fmt: off
EXPECTED = {
    # Public site (everyone; unpublished things are 404)
    "public:catalog":                             "200   200   200   200   200   200   200   200   200",
    "public:catalog_export":                      "200   200   200   200   200   200   200   200   200",
    "public:certificate_lookup":                  "200   200   200   200   200   200   200   200   200",
    "public:certificate_pdf":                     "200   200   200   200   200   200   200   200   200",
    "public:certificate_seal_check":              "200   200   200   200   200   200   200   200   200",
    "public:certificate_verify":                  "200   200   200   200   200   200   200   200   200",
    "public:data_json":                           "200   200   200   200   200   200   200   200   200",
    "public:dcat_catalog":                        "200   200   200   200   200   200   200   200   200",
    "public:open_data":                           "200   200   200   200   200   200   200   200   200",
    "public:open_dataset":                        "200   200   200   200   200   200   200   200   200",
    "public:replication_national":                "200   200   200   200   200   200   200   200   200",
    "public:edition_detail":                      "404   404   404   404   404   200   404   404   200",
    "public:edition_gallery":                     "404   404   404   404   404   200   404   404   200",
    "public:edition_gallery_data":                "404   404   404   404   404   200   404   404   200",
    "public:edition_list":                        "200   200   200   200   200   200   200   200   200",
    "public:edition_results":                     "404   404   404   404   404   200   404   404   200",
    "public:edition_results_export":              "404   404   404   404   404   200   404   404   200",
    "public:home":                                "200   200   200   200   200   200   200   200   200",
    "public:index_dashboard":                     "200   200   200   200   200   200   200   200   200",
    "public:index_export":                        "404   404   404   404   404   404   404   404   404",
    "public:index_region":                        "404   404   404   404   404   404   404   404   404",
    "public:innovation_detail":                   "200   200   200   200   200   200   200   200   200",
    "public:innovation_version":                  "200   200   200   200   200   200   200   200   200",
    "public:press_detail":                        "404   404   404   200   404   200   404   404   200",
    "public:press_list":                          "200   200   200   200   200   200   200   200   200",
    "public:region_detail":                       "200   200   200   200   200   200   200   200   200",
    "public:similar_innovations":                 "200   200   200   200   200   200   200   200   200",
    # Accounts: login, profile, two-factor, password reset (public or any logged-in user)
    "accounts:accept_invitation":                 "404   404   404   404   404   404   404   404   404",
    "accounts:home":                              "L     302   302   302   302   302   302   302   302",
    "accounts:login":                             "200   302   302   302   302   302   302   302   302",
    "accounts:logout":                            "405   405   405   405   405   405   405   405   405",
    "accounts:password_reset":                    "200   200   200   200   200   200   200   200   200",
    "accounts:password_reset_complete":           "200   200   200   200   200   200   200   200   200",
    "accounts:password_reset_confirm":            "302   302   302   302   302   302   302   302   302",
    "accounts:password_reset_done":               "200   200   200   200   200   200   200   200   200",
    "accounts:profile":                           "L     200   200   200   200   200   200   200   200",
    "accounts:two_factor_setup":                  "L     200   200   200   200   200   200   200   200",
    "accounts:two_factor_verify":                 "L     302   302   302   302   302   302   302   302",
    # Pemda workspace (region A's operator/admin, system admin; region B refused)
    # System admin's screens (bodies, users, roles, invitations, two-factor reset, outbox): system admins only
    "workspace:system_home":                      "L     403   403   403   403   403   403   403   200",
    "workspace:system_body_list":                 "L     403   403   403   403   403   403   403   200",
    "workspace:system_body_create":               "L     403   403   403   403   403   403   403   200",
    "workspace:system_body_edit":                 "L     403   403   403   403   403   403   403   200",
    "workspace:system_body_set_active":           "L     405   405   405   405   405   405   405   405",
    "workspace:system_outbox":                    "L     403   403   403   403   403   403   403   200",
    "workspace:system_outbox_retry":              "L     405   405   405   405   405   405   405   405",
    "workspace:system_user_list":                 "L     403   403   403   403   403   403   403   200",
    "workspace:system_user_detail":               "L     403   403   403   403   403   403   403   200",
    "workspace:system_user_role_grant":           "L     403   403   403   403   403   403   403   200",
    "workspace:system_user_set_active":           "L     405   405   405   405   405   405   405   405",
    "workspace:system_two_factor_reset":          "L     403   403   403   403   403   403   403   200",
    "workspace:system_membership_revoke":         "L     405   405   405   405   405   405   405   405",
    "workspace:system_invitation_list":           "L     403   403   403   403   403   403   403   200",
    "workspace:system_invitation_cancel":         "L     405   405   405   405   405   405   405   405",
    "workspace:system_invitation_resend":         "L     405   405   405   405   405   405   405   405",
    # Integrations desk: only the owner's Admin Pemda (region A's here) or the body's organizers
    "workspace:delivery_resend":                  "L     405   405   405   405   405   405   405   405",
    "workspace:endpoint_action":                  "L     405   405   405   405   405   405   405   405",
    "workspace:endpoint_create":                  "L     403   403   200   403   403   403   403   403",
    "workspace:endpoint_detail":                  "L     403   403   200   403   403   403   403   403",
    "workspace:integration_home":                 "L     403   403   302   302   302   403   403   403",
    "workspace:integration_owner":                "L     403   403   200   403   403   403   403   403",
    "workspace:token_create":                     "L     403   403   200   403   403   403   403   403",
    "workspace:token_revoke":                     "L     403   403   200   403   403   403   403   403",
    "workspace:agency_create":                    "L     403   403   200   403   403   403   403   200",
    "workspace:agency_delete":                    "L     403   403   200   403   403   403   403   200",
    "workspace:agency_edit":                      "L     403   403   200   403   403   403   403   200",
    "workspace:agency_list":                      "L     403   403   200   403   403   403   403   200",
    "workspace:agency_set_active":                "L     405   405   405   405   405   405   405   405",
    "workspace:dashboard":                        "L     200   200   200   200   403   403   403   200",
    "workspace:evidence_add":                     "L     403   403   403   403   403   403   403   403",
    "workspace:evidence_delete":                  "L     403   403   403   403   403   403   403   403",
    "workspace:evidence_download":                "L     200   403   200   403   403   200   403   200",
    "workspace:evidence_edit":                    "L     403   403   403   403   403   403   403   403",
    "workspace:import_detail":                    "L     403   403   200   403   403   403   403   200",
    "workspace:import_errors_csv":                "L     403   403   200   403   403   403   403   200",
    "workspace:import_start":                     "L     200   403   200   403   403   403   403   200",
    "workspace:recognition_import":               "L     200   403   200   403   403   403   403   200",
    "workspace:recognition_template":             "L     200   403   200   403   403   403   403   200",
    "workspace:import_template":                  "L     200   403   200   403   403   403   403   200",
    "workspace:innovation_duplicates":            "L     200   200   200   200   403   403   403   200",
    "workspace:index_assessment_export":          "L     403   403   200   403   403   403   403   200",
    "workspace:index_assessment":                 "L     403   403   200   403   403   403   403   200",
    "workspace:index_bring_forward":              "L     403   403   200   403   403   403   403   200",
    "workspace:index_home":                       "L     403   403   200   403   403   403   403   200",
    "workspace:index_innovation_claims":          "L     403   403   200   403   403   403   403   200",
    "workspace:index_region_claim":               "L     403   403   200   403   403   403   403   200",
    "workspace:index_start":                      "L     405   405   405   405   405   405   405   405",
    "workspace:index_submit":                     "L     405   405   405   405   405   405   405   405",
    "workspace:innovation_archive":               "L     403   403   200   403   403   403   403   200",
    "workspace:innovation_create":                "L     200   200   200   200   403   403   403   200",
    "workspace:innovation_detail":                "L     200   403   200   403   403   403   403   200",
    "workspace:innovation_version":               "L     200   403   200   403   403   403   403   200",
    "workspace:innovation_edit":                  "L     403   403   403   403   403   403   403   403",
    "workspace:innovation_list":                  "L     200   200   200   200   403   403   403   200",
    "workspace:correction_approve":               "L     403   403   200   403   403   403   403   200",
    "workspace:correction_list":                  "L     200   200   200   200   403   403   403   200",
    "workspace:correction_propose":               "L     200   403   200   403   403   403   403   200",
    "workspace:correction_reject":                "L     403   403   200   403   403   403   403   200",
    "workspace:correction_withdraw":              "L     405   405   405   405   405   405   405   405",
    "workspace:innovation_new_year":              "L     200   403   200   403   403   403   403   200",
    "workspace:innovation_preview":               "L     200   403   200   403   403   403   403   200",
    "workspace:innovation_publish":               "L     403   403   403   403   403   403   403   403",
    "workspace:innovation_reopen":                "L     403   403   200   403   403   403   403   200",
    "workspace:innovation_restore":               "L     405   405   405   405   405   405   405   405",
    "workspace:innovation_return":                "L     403   403   403   403   403   403   403   403",
    "workspace:innovation_review_queue":          "L     200   200   200   200   403   403   403   200",
    "workspace:innovation_submit":                "L     403   403   403   403   403   403   403   403",
    "workspace:member_list":                      "L     403   403   200   403   403   403   403   200",
    "workspace:part_add":                         "L     200   403   200   403   403   403   403   200",
    "workspace:part_delete":                      "L     200   403   200   403   403   403   403   200",
    "workspace:part_edit":                        "L     200   403   200   403   403   403   403   200",
    "workspace:objection_reply":                  "L     200   403   200   403   200   403   403   200",
    "workspace:objection_reply_file":             "L     200   403   200   403   200   403   403   200",
    "workspace:proposal_action":                  "L     405   405   405   405   405   405   405   405",
    "workspace:proposal_attach":                  "L     405   405   405   405   405   405   405   405",
    "workspace:proposal_form_pdf":                "L     200   403   200   403   403   403   403   200",
    "workspace:proposal_confirm":                 "L     200   403   200   403   403   403   403   200",
    "workspace:proposal_detail":                  "L     200   403   200   403   403   403   403   200",
    "workspace:proposal_receipt":                 "L     404   403   404   403   403   403   403   404",
    "workspace:proposal_list":                    "L     200   200   200   200   403   403   403   200",
    "workspace:proposal_start":                   "L     404   404   404   404   403   403   403   404",
    "workspace:replication_add":                  "L     200   403   200   403   403   403   403   200",
    "workspace:replication_delete":               "L     200   403   200   403   403   403   403   200",
    "workspace:replication_edit":                 "L     200   403   200   403   403   403   403   200",
    "workspace:replication_evidence_download":    "L     200   403   200   200   403   200   403   200",
    # Organizer desk (organizer of the body, system admin)
    "organizer:audit_trail":                      "L     403   403   403   403   200   403   403   200",
    "organizer:award_delete":                     "L     403   403   403   403   200   403   403   200",
    "organizer:award_edit":                       "L     403   403   403   403   200   403   403   200",
    "organizer:award_export":                     "L     403   403   403   403   200   403   403   200",
    "organizer:award_give":                       "L     403   403   403   403   200   403   403   200",
    "organizer:award_import":                     "L     403   403   403   403   200   403   403   200",
    "organizer:award_label_create":               "L     403   403   403   403   200   403   403   200",
    "organizer:award_label_delete":               "L     403   403   403   403   200   403   403   200",
    "organizer:award_label_edit":                 "L     403   403   403   403   200   403   403   200",
    "organizer:award_labels_from_stages":         "L     405   405   405   405   405   405   405   405",
    "organizer:award_list":                       "L     403   403   403   403   200   403   403   200",
    "organizer:award_setup":                      "L     403   403   403   403   200   403   403   200",
    "organizer:ceremony_create":                  "L     403   403   403   403   200   403   403   200",
    "organizer:ceremony_delete":                  "L     403   403   403   403   200   403   403   200",
    "organizer:ceremony_edit":                    "L     403   403   403   403   200   403   403   200",
    "organizer:certificate_batch":                "L     403   403   403   403   200   403   403   200",
    "organizer:certificate_generate":             "L     405   405   405   405   405   405   405   405",
    "organizer:certificate_generate_all":         "L     405   405   405   405   405   405   405   405",
    "organizer:certificate_revoke":               "L     403   403   403   403   200   403   403   200",
    "organizer:body_members":                     "L     403   403   403   403   200   403   403   200",
    "organizer:competition_create":               "L     403   403   403   403   200   403   403   200",
    "organizer:competition_list":                 "L     403   403   403   403   200   403   403   200",
    "organizer:config_create":                    "L     403   403   403   403   200   403   403   200",
    "organizer:config_delete":                    "L     403   403   403   403   200   403   403   200",
    "organizer:config_edit":                      "L     403   403   403   403   200   403   403   200",
    "organizer:dashboard":                        "L     403   403   403   403   200   403   403   200",
    "organizer:edition_create":                   "L     403   403   403   403   200   403   403   200",
    "organizer:edition_dashboard":                "L     403   403   403   403   200   403   403   200",
    "organizer:edition_export":                   "L     403   403   403   403   200   403   403   200",
    "organizer:edition_objections":               "L     403   403   403   403   200   403   403   200",
    "organizer:edition_proposals":                "L     403   403   403   403   200   403   403   200",
    "organizer:edition_publish":                  "L     403   403   403   403   200   403   403   200",
    "organizer:edition_run_checks":               "L     405   405   405   405   405   405   405   405",
    "organizer:edition_settings":                 "L     403   403   403   403   200   403   403   200",
    "organizer:index_assessment_reopen":          "L     405   405   405   405   405   405   405   405",
    "organizer:index_assessment_validate":        "L     403   403   403   403   200   403   200   200",
    "organizer:index_claim_validate":             "L     405   405   405   405   405   405   405   405",
    "organizer:index_claims_accept":              "L     405   405   405   405   405   405   405   405",
    "organizer:index_compute":                    "L     405   405   405   405   405   405   405   405",
    "organizer:index_framework":                  "L     403   403   403   403   200   403   403   200",
    "organizer:index_framework_copy":             "L     405   405   405   405   405   405   405   405",
    "organizer:index_frameworks":                 "L     403   403   403   403   200   403   403   200",
    "organizer:index_indicator":                  "L     403   403   403   403   200   403   403   200",
    "organizer:index_nominees":                   "L     403   403   403   403   200   403   403   200",
    "organizer:index_publish":                    "L     405   405   405   405   405   405   405   405",
    "organizer:index_validation_queue":           "L     403   403   403   403   200   403   403   200",
    "organizer:index_workbench":                  "L     403   403   403   403   200   403   200   200",
    "organizer:index_claim_review":               "L     403   403   403   403   200   403   200   200",
    "organizer:index_validators":                 "L     403   403   403   403   200   403   403   200",
    "organizer:index_validators_assign":          "L     405   405   405   405   405   405   405   405",
    "organizer:index_publish_check":              "L     403   403   403   403   200   403   403   200",
    "organizer:judging_assign":                   "L     405   405   405   405   405   405   405   405",
    "organizer:judging_assign_auto":              "L     405   405   405   405   405   405   405   405",
    "organizer:judging_close":                    "L     405   405   405   405   405   405   405   405",
    "organizer:judging_close_check":              "L     403   403   403   403   200   403   403   200",
    "organizer:judging_export":                   "L     403   403   403   403   200   403   403   200",
    "organizer:judging_import":                   "L     405   405   405   405   405   405   405   405",
    "organizer:judging_jury":                     "L     403   403   403   403   200   403   403   200",
    "organizer:judging_minutes":                  "L     403   403   403   403   404   403   403   404",
    "organizer:judging_publish":                  "L     405   405   405   405   405   405   405   405",
    "organizer:judging_publish_check":            "L     403   403   403   403   200   403   403   200",
    "organizer:judging_reliability":              "L     403   403   403   403   200   403   403   200",
    "organizer:judging_assignments":              "L     403   403   403   403   200   403   403   200",
    "organizer:judging_replace":                  "L     405   405   405   405   405   405   405   405",
    "organizer:judging_reopen":                   "L     405   405   405   405   405   405   405   405",
    "organizer:judging_slots":                    "L     403   403   403   403   200   403   403   200",
    "organizer:judging_stage":                    "L     403   403   403   403   200   403   403   200",
    "organizer:judging_unassign":                 "L     405   405   405   405   405   405   405   405",
    "organizer:judging_waive":                    "L     405   405   405   405   405   405   405   405",
    "organizer:presentation_close_slot":          "L     405   405   405   405   405   405   405   405",
    "organizer:presentation_room":                "L     403   403   403   403   200   403   403   200",
    "organizer:presentation_room_status":         "L     403   403   403   403   200   403   403   200",
    "organizer:objection_resolve":                "L     405   405   405   405   405   405   405   405",
    "organizer:press_create":                     "L     403   403   200   200   200   403   403   200",
    "organizer:press_edit":                       "L     403   403   200   403   200   403   403   200",
    "organizer:press_list":                       "L     403   403   200   200   200   403   403   200",
    "organizer:press_preview":                    "L     403   403   200   403   200   403   403   200",
    "organizer:press_publish":                    "L     405   405   405   405   405   405   405   405",
    "organizer:press_regenerate":                 "L     405   405   405   405   405   405   405   405",
    "organizer:press_unpublish":                  "L     405   405   405   405   405   405   405   405",
    "organizer:proposal_review":                  "L     403   403   403   403   403   403   403   200",
    "organizer:rubric_edit":                      "L     403   403   403   403   200   403   403   200",
    "organizer:stage_shortlist":                  "L     403   403   403   403   200   403   403   200",
    "organizer:verification_export":              "L     403   403   403   403   200   403   403   200",
    "organizer:verification_home":                "L     403   403   403   403   200   403   403   200",
    "organizer:verification_photo":               "L     403   403   403   403   200   403   403   200",
    "organizer:verification_plan":                "L     403   403   403   403   200   403   403   200",
    "organizer:verification_policy":              "L     403   403   403   403   200   403   403   200",
    "organizer:verification_stage":               "L     403   403   403   403   200   403   403   200",
    "organizer:verification_visit":               "L     403   403   403   403   200   403   403   200",
    "organizer:verification_visit_accept":        "L     405   405   405   405   405   405   405   405",
    "organizer:verification_visit_cancel":        "L     405   405   405   405   405   405   405   405",
    "organizer:verification_visit_edit":          "L     403   403   403   403   200   403   403   200",
    "organizer:verification_visit_return":        "L     405   405   405   405   405   405   405   405",
    # Jury desk (jurors with an assignment)
    "jury:confirm_submit":                        "L     403   403   403   403   403   302   403   403",
    "jury:dashboard":                             "L     403   403   403   403   403   200   200   403",
    "jury:declare_conflict":                      "L     405   405   405   405   405   405   405   405",
    "jury:presentation_live":                     "L     403   403   403   403   403   200   403   403",
    "jury:presentation_score":                    "L     403   403   403   403   403   404   403   403",
    "jury:score":                                 "L     403   403   403   403   403   200   403   403",
    "jury:visit_form":                            "L     403   403   403   403   403   403   200   403",
    "jury:visit_list":                            "L     403   403   403   403   200   403   200   403",
    "jury:visit_photo":                           "L     403   403   403   403   403   403   200   403",
    "jury:visit_photo_add":                       "L     405   405   405   405   405   405   405   405",
    "jury:visit_photo_delete":                    "L     405   405   405   405   405   405   405   405",
    # Stored files, one view and one rule per kind (inovasi/files): a proposal's attachment for its
    # Pemda, the organizer once received (this proposal is a draft) and its unconflicted jurors;
    # claim evidence for the Admin Pemda and the validators; private evidence as view_evidence;
    # visit photos for the team and the organizer. Anonymous visitors get 404 (nothing revealed).
    "files:proposal_attachment":                  "404   200   403   200   403   403   200   403   200",
    "files:claim_evidence":                       "404   403   403   200   403   200   403   200   200",
    "files:evidence":                             "404   200   403   200   403   403   200   403   200",
    "files:visit_photo":                          "404   403   403   403   403   200   403   200   200",
    "files:replication_evidence":                 "404   200   403   200   200   403   200   403   200",
    # Read API (public) and judging API (jurors / organizers)
    "api:api-root":                               "200   200   200   200   200   200   200   200   200",
    "api:index":                                  "200   200   200   200   200   200   200   200   200",
    "api:assignment_detail":                      "401   403   403   403   403   403   200   403   403",
    "api:edition_results":                        "404   404   404   404   404   200   404   404   200",
    "api:get_innovation":                         "200   200   200   200   200   200   200   200   200",
    "api:get_innovation_version":                 "200   200   200   200   200   200   200   200   200",
    "api:get_region":                             "200   200   200   200   200   200   200   200   200",
    "api:list_agencies":                          "200   200   200   200   200   200   200   200   200",
    "api:list_awards":                            "200   200   200   200   200   200   200   200   200",
    "api:list_frameworks":                        "200   200   200   200   200   200   200   200   200",
    "api:list_governments":                       "200   200   200   200   200   200   200   200   200",
    "api:list_innovations":                       "200   200   200   200   200   200   200   200   200",
    "api:list_innovation_versions":               "200   200   200   200   200   200   200   200   200",
    "api:list_region_indices":                    "404   404   404   404   404   404   404   404   404",
    "api:list_regions":                           "200   200   200   200   200   200   200   200   200",
    "api:list_replications":                      "200   200   200   200   200   200   200   200   200",
    # Write API: bearer tokens only, a session is not enough (401); POST-only operations answer GET with 405
    "api:add_evidence_file":                      "405   405   405   405   405   405   405   405   405",
    "api:add_evidence_link":                      "405   405   405   405   405   405   405   405   405",
    "api:add_replication":                        "405   405   405   405   405   405   405   405   405",
    "api:create_record":                          "401   401   401   401   401   401   401   401   401",
    "api:get_record":                             "401   401   401   401   401   401   401   401   401",
    "api:list_proposals":                         "401   401   401   401   401   401   401   401   401",
    "api:list_records":                           "401   401   401   401   401   401   401   401   401",
    "api:token_info":                             "401   401   401   401   401   401   401   401   401",
    "api:update_record":                          "401   401   401   401   401   401   401   401   401",
    "api:my_assignments":                         "401   403   403   403   403   403   200   403   403",
    "api:openapi-json":                           "200   200   200   200   200   200   200   200   200",
    "api:openapi-view":                           "200   200   200   200   200   200   200   200   200",
    "api:region_breakdown":                       "404   404   404   404   404   404   404   404   404",
    "api:stage_ranking":                          "401   403   403   403   403   200   403   403   200",
    "api:verify_certificate":                     "422   422   422   422   422   422   422   422   422",
    # Django admin (superusers only, none among the personas; the other admin pages share this gate)
    "admin:index":                                "302   302   302   302   302   302   302   302   302",
    # Framework URLs
    "javascript-catalog":                         "200   200   200   200   200   200   200   200   200",
    "set_language":                               "302   302   302   302   302   302   302   302   302",
}
# fmt: on

# POST-only URLs: who may use them. Everybody else must be refused (login, 403 or 404) and nothing
# may change (no audit event, same row counts).
REGION_A = {"operator_a", "admin_a", "system_admin"}
ADMIN_A = {"admin_a", "system_admin"}
DESK = {"organizer", "system_admin"}
VALIDATORS = {"organizer", "verifier", "system_admin"}  # the verifikator is assigned region A's Pemda
SYSTEM = {"system_admin"}
PRESS_A = {"admin_a", "organizer", "system_admin"}  # region A's year: its Admin Pemda and the covering organizer
POST_ALLOWED = {
    "accounts:logout": set(PERSONAS),
    # Token-only API operations: no session persona may write (401 without a token).
    "api:add_evidence_file": set(),
    "api:add_evidence_link": set(),
    "api:add_replication": set(),
    "workspace:delivery_resend": {"admin_a"},
    "workspace:endpoint_action": {"admin_a"},
    "jury:declare_conflict": {"juror"},
    "jury:visit_photo_add": {"verifier"},
    "jury:visit_photo_delete": {"verifier"},
    "organizer:award_labels_from_stages": DESK,
    "organizer:certificate_generate": DESK,
    "organizer:certificate_generate_all": DESK,
    "organizer:edition_run_checks": DESK,
    "organizer:index_assessment_reopen": VALIDATORS,
    "organizer:index_claim_validate": VALIDATORS,
    "organizer:index_claims_accept": VALIDATORS,
    "organizer:index_compute": DESK,
    "organizer:index_framework_copy": DESK,
    "organizer:index_publish": DESK,
    "organizer:index_validators_assign": DESK,
    "organizer:judging_assign": DESK,
    "organizer:judging_assign_auto": DESK,
    "organizer:judging_close": DESK,
    "organizer:judging_import": DESK,
    "organizer:judging_publish": DESK,
    "organizer:judging_replace": DESK,
    "organizer:judging_reopen": DESK,
    "organizer:judging_unassign": DESK,
    "organizer:judging_waive": DESK,
    "organizer:presentation_close_slot": DESK,
    "organizer:objection_resolve": DESK,
    "organizer:verification_visit_accept": DESK,
    "organizer:verification_visit_cancel": DESK,
    "organizer:verification_visit_return": DESK,
    "organizer:press_publish": PRESS_A,
    "organizer:press_regenerate": PRESS_A,
    "organizer:press_unpublish": PRESS_A,
    "workspace:agency_set_active": ADMIN_A,
    "workspace:system_body_set_active": SYSTEM,
    "workspace:system_invitation_cancel": SYSTEM,
    "workspace:system_invitation_resend": SYSTEM,
    "workspace:system_membership_revoke": SYSTEM,
    "workspace:system_outbox_retry": SYSTEM,
    "workspace:system_user_set_active": SYSTEM,
    "workspace:correction_withdraw": {"operator_a"},  # the proposer of the world's correction
    "workspace:index_start": ADMIN_A,
    "workspace:index_submit": ADMIN_A,
    "workspace:innovation_restore": ADMIN_A,
    "workspace:proposal_action": REGION_A,
    "workspace:proposal_attach": REGION_A,
}


def named_patterns():
    """(name, {kwarg names}) of every named URL pattern (Django admin: its index only)."""

    def walk(patterns, namespace, keys):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                ns = ":".join(filter(None, [namespace, pattern.namespace])) if pattern.namespace else namespace
                yield from walk(pattern.url_patterns, ns, keys | set(pattern.pattern.regex.groupindex))
            elif isinstance(pattern, URLPattern) and pattern.name:
                name = f"{namespace}:{pattern.name}" if namespace else pattern.name
                yield name, keys | set(pattern.pattern.regex.groupindex)

    seen = {}
    for name, keys in walk(get_resolver().url_patterns, "", set()):
        # Django admin's own pages share one gate (`admin_site.has_permission`); its index stands for them.
        if name.startswith("admin:") and name != "admin:index":
            continue
        seen.setdefault(name, keys)
    return sorted(seen.items())


def fetch(client, cast, world, name, keys, persona, method="GET"):
    client.logout()
    if persona != "anonymous":
        client.force_login(getattr(cast, persona))
    url = reverse(name, kwargs=world.kwargs_for(name, keys))
    response = client.get(url) if method == "GET" else client.post(url, {})
    if response.status_code == 302:
        return "login" if response["Location"].startswith(LOGIN_PATH) else "302"
    return response.status_code


@pytest.fixture
def world(cast, settings, tmp_path, time_machine):
    settings.MEDIA_ROOT = tmp_path / "media"
    built = World(cast)
    time_machine.move_to(FROZEN_AT, tick=False)
    return built


def test_every_named_url_is_in_the_table_and_the_table_has_no_stale_rows(db):
    names = {name for name, _keys in named_patterns()}
    assert sorted(names - set(EXPECTED)) == []
    assert sorted(set(EXPECTED) - names) == []


def test_every_row_has_one_outcome_per_persona():
    assert {name: len(row.split()) for name, row in EXPECTED.items() if len(row.split()) != len(PERSONAS)} == {}


@pytest.mark.django_db
def test_every_page_gives_each_persona_exactly_the_expected_outcome(client, cast, world):
    mismatches = {}
    for name, keys in named_patterns():
        expected = EXPECTED[name].split()
        observed = [
            {"login": "L"}.get(str(code), str(code))
            for code in (fetch(client, cast, world, name, keys, persona) for persona in PERSONAS)
        ]
        if observed != expected:
            mismatches[name] = " ".join(f"{persona}={got}" for persona, got in zip(PERSONAS, observed, strict=True))
    assert mismatches == {}


A_OBJECT_KEYS = {
    "government_id",
    "agency_id",
    "innovation_id",
    "replication_id",
    "evidence_id",
    "part_id",
    "job_id",
    "proposal_id",
    "assessment_id",
    "claim_id",
    "assignment_id",
    "visit_id",
    "photo_id",
    "file_id",
    "release_id",
    "slot_id",
    "slug",
    "token_id",
    "endpoint_id",
    "delivery_id",
    "user_id",
    "membership_id",
    "correction_id",
}


# Region B's Admin Pemda is the adopter of region A's replication in the world: it may open the
# statement it signed (files/rules.py), so that one file is shared on purpose, by both download paths.
SHARED_WITH_REGION_B = {"files:replication_evidence", "workspace:replication_evidence_download"}


def test_region_b_never_opens_region_a_objects(db):
    """IDOR: every URL naming a region-A object refuses region B's operator and admin (403/404)."""
    columns = (PERSONAS.index("operator_b"), PERSONAS.index("admin_b"))
    leaks = {
        name: EXPECTED[name]
        for name, keys in named_patterns()
        if keys & A_OBJECT_KEYS and not name.startswith(("public:", "api:")) and name not in SHARED_WITH_REGION_B
        for i in columns
        if EXPECTED[name].split()[i] not in {"403", "404", "405"}
    }
    assert leaks == {}


def table_counts():
    return {m._meta.label_lower: m._default_manager.count() for m in apps.get_models() if m._meta.managed}


@pytest.mark.django_db
def test_post_only_urls_refuse_the_wrong_personas_without_side_effects(client, cast, world):
    post_only = [name for name, row in EXPECTED.items() if set(row.split()) - {"L"} == {"405"}]
    assert sorted(post_only) == sorted(POST_ALLOWED)
    keys = dict(named_patterns())
    before = table_counts()
    events = AuditEvent.objects.count()
    accepted = {}
    for name in post_only:
        for persona in PERSONAS:
            if persona in POST_ALLOWED[name]:
                continue
            outcome = fetch(client, cast, world, name, keys[name], persona, method="POST")
            if outcome not in ("login", 401, 403, 404):
                accepted[f"{name} as {persona}"] = outcome
    assert accepted == {}
    assert AuditEvent.objects.count() == events
    after = table_counts()
    assert {k: (before[k], after[k]) for k in before if before[k] != after[k] and k != "sessions.session"} == {}


# Two URLs that serve the same stored file must answer every signed-in persona alike (one download
# rule): the workspace's "Unduh" links and the /berkas/ view. Anonymous visitors differ only in form
# (the workspace sends them to log in, /berkas/ reveals nothing with a 404).
SAME_FILE = {
    "workspace:evidence_download": "files:evidence",
    "workspace:replication_evidence_download": "files:replication_evidence",
}


def test_every_path_to_a_file_asks_the_same_rule():
    for workspace_url, files_url in SAME_FILE.items():
        assert EXPECTED[workspace_url].split()[1:] == EXPECTED[files_url].split()[1:], (workspace_url, files_url)
