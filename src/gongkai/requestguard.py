"""Refuse requests that carry a NUL character (U+0000) in the path, the query
string, a cookie, a form field or a JSON body, with HTTP 400.

No identifier or text Gongkai keeps may hold NUL, and PostgreSQL refuses it in
every text value: without this guard a ``%00`` in a tracking code or a slug
reached the database and became a server error (found by tests/fault's
fuzzing on PostgreSQL). Uploaded files may hold NUL bytes; they are not looked at.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse

MESSAGE = "请求中含有空字符（NUL），无法处理。The request contains a NUL character and was refused."


class NullByteGuardMiddleware:
    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if carries_nul(request):
            return HttpResponse(MESSAGE, status=400, content_type="text/plain; charset=utf-8")
        return self.get_response(request)


def carries_nul(request: HttpRequest) -> bool:
    if "\x00" in request.path or "%00" in request.META.get("QUERY_STRING", ""):
        return True
    if any("\x00" in key or "\x00" in value for key, value in request.COOKIES.items()):
        return True
    if request.method != "POST":
        return False
    if request.content_type == "application/json":
        return b"\\u0000" in request.body or b"\x00" in request.body
    return any("\x00" in key or any("\x00" in v for v in values)
               for key, values in request.POST.lists())  # fmt: skip
