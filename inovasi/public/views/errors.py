"""Error pages in the site's layout. Never a traceback."""

from django.shortcuts import render

from inovasi.inputs import InvalidInput


def bad_request(request, exception=None):
    """400: our own `InvalidInput` says what was wrong; Django's (too many fields, a bad host) do not."""
    message = exception.args[0] if isinstance(exception, InvalidInput) and exception.args else ""
    return render(request, "errors/400.html", {"message": message}, status=400)


def permission_denied(request, exception=None):
    return render(request, "errors/403.html", status=403)


def page_not_found(request, exception=None):
    return render(request, "errors/404.html", status=404)


def server_error(request):
    return render(request, "errors/500.html", status=500)
