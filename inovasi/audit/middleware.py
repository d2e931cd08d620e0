from inovasi.audit.context import client_address


class AuditContextMiddleware:
    """Remember the client's address for the duration of the request.

    REMOTE_ADDR is used as is; behind a reverse proxy configure it to set REMOTE_ADDR (e.g. uWSGI or
    gunicorn with --forwarded-allow-ips) rather than trusting a client-supplied header here.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = client_address.set(request.META.get("REMOTE_ADDR"))
        try:
            return self.get_response(request)
        finally:
            client_address.reset(token)
