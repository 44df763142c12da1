"""Browser security headers on every response Django sends.

Content-Security-Policy (``GONGKAI_CSP``) allows scripts, styles, images and
fonts only from the site itself, never inline, so an injected ``<script>`` or
``onerror=`` does not run even if it got past the sanitiser. Permissions-Policy
(``GONGKAI_PERMISSIONS_POLICY``) switches off browser features no page uses.
nosniff, Referrer-Policy, X-Frame-Options and HSTS come from Django's own
SecurityMiddleware and XFrameOptionsMiddleware (settings.py).

deploy/nginx/gongkai.conf sends the same values with the pages it serves from the
page cache; tests/portal/test_nginx.py compares them.
"""

from __future__ import annotations

from django.conf import settings


class SecurityHeadersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", settings.GONGKAI_CSP)
        response.headers.setdefault("Permissions-Policy", settings.GONGKAI_PERMISSIONS_POLICY)
        return response
