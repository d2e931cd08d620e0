"""The objected-to Pemda's side of an objection: read it, reply once before the deadline (text and
PDFs), and download the reply's attachments. The objector's contact details are not shown."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from inovasi.competitions import shortlists
from inovasi.competitions.models import Objection, ObjectionReplyAttachment


def _objection_for(request, objection_id) -> Objection:
    objection = get_object_or_404(
        Objection.objects.select_related(
            "stage", "stage__edition", "stage__edition__competition", "proposal", "proposal__government"
        ),
        pk=objection_id,
    )
    if not request.user.has_perm("competitions.view_objection", objection):
        raise PermissionDenied
    return objection


@login_required
def objection_reply(request, objection_id):
    objection = _objection_for(request, objection_id)
    may_reply = request.user.has_perm("competitions.reply_objection", objection)
    errors, text, status = [], "", 200
    if request.method == "POST":
        if not may_reply:
            raise PermissionDenied
        text = request.POST.get("reply", "")
        try:
            shortlists.reply_to_objection(
                objection=objection, reply=text, files=request.FILES.getlist("files"), actor=request.user
            )
        except ValidationError as exc:
            errors, status = exc.messages, 400
        else:
            messages.success(request, _("Tanggapan terkirim. Panitia akan memutuskan sanggahan ini."))
            return redirect("workspace:objection_reply", objection_id=objection.pk)
    return render(
        request,
        "workspace/objections/reply.html",
        {
            "objection": objection,
            "attachments": objection.reply_attachments.all(),
            "may_reply": may_reply and shortlists.reply_is_open(objection),
            "errors": errors,
            "text": text,
        },
        status=status,
    )


@login_required
def objection_reply_file(request, attachment_id):
    attachment = get_object_or_404(
        ObjectionReplyAttachment.objects.select_related("objection__stage__edition__competition"), pk=attachment_id
    )
    if not request.user.has_perm("competitions.view_objection", attachment.objection):
        raise PermissionDenied
    if not attachment.file:
        raise Http404
    return FileResponse(
        attachment.file.open("rb"), as_attachment=True, filename=attachment.name, content_type="application/pdf"
    )
