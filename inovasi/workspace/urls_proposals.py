from django.urls import path

from inovasi.workspace.views import objections, proposals

urlpatterns = [
    path("proposal/", proposals.proposal_list, name="proposal_list"),
    path("kompetisi/<int:edition_id>/ikut/", proposals.proposal_start, name="proposal_start"),
    path("proposal/<int:proposal_id>/", proposals.proposal_detail, name="proposal_detail"),
    path(
        "proposal/<int:proposal_id>/lampiran/<int:requirement_id>/",
        proposals.proposal_attach,
        name="proposal_attach",
    ),
    path("proposal/<int:proposal_id>/formulir.pdf", proposals.proposal_form_pdf, name="proposal_form_pdf"),
    path("proposal/<int:proposal_id>/tanda-terima.pdf", proposals.proposal_receipt, name="proposal_receipt"),
    path("proposal/<int:proposal_id>/periksa/<slug:action>/", proposals.proposal_confirm, name="proposal_confirm"),
    path("proposal/<int:proposal_id>/<slug:action>/", proposals.proposal_action, name="proposal_action"),
    path("sanggahan/<int:objection_id>/", objections.objection_reply, name="objection_reply"),
    path(
        "sanggahan/lampiran/<int:attachment_id>/",
        objections.objection_reply_file,
        name="objection_reply_file",
    ),
]
