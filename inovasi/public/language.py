"""Indonesian first: the interface speaks Indonesian unless the visitor chose English.

Django's LocaleMiddleware would follow the browser's Accept-Language, and most officials' browsers
are set to English; the language switch (a cookie) is the only way to get English here.
"""


class IndonesianFirstMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.META.pop("HTTP_ACCEPT_LANGUAGE", None)
        return self.get_response(request)
