"""How a screen shows a proposal attachment: its kind and the download view's URLs."""

from django.urls import reverse

VIDEO_HOSTS = ("youtube.com", "youtu.be", "vimeo.com", "drive.google.com", "facebook.com", "instagram.com")


def attachment_kind(attachment) -> str:
    """ "pdf" and "image" open inline, "video"/"link" open in a new tab, "file" downloads."""
    if attachment.url:
        host = attachment.url.split("//", 1)[-1].split("/", 1)[0].lower()
        return "video" if attachment.requirement.code == "video" or host.endswith(VIDEO_HOSTS) else "link"
    content_type = (attachment.content_type or "").lower()
    if content_type == "application/pdf":
        return "pdf"
    if content_type.startswith("image/"):
        return "image"
    return "file"


def attachment_view(attachment) -> dict:
    """Title, kind, URL (inline view or the external link), download URL and size of one attachment."""
    if attachment.url:
        url, download_url = attachment.url, ""
    else:
        url = reverse("files:proposal_attachment", args=[attachment.pk])
        download_url = f"{url}?unduh=1"
    return {
        "title": attachment.requirement.title,
        "code": attachment.requirement.code,
        "kind": attachment_kind(attachment),
        "url": url,
        "download_url": download_url,
        "size": attachment.size,
        "sha256": attachment.sha256,
    }
