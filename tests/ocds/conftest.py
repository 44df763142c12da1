"""A trading center (tests/trading), full processes per sector, and lib-cove-ocds.

lib-cove-ocds (AGPL) is used here only, never by the product. It reads the
OCDS 1.1.5 standard from ../shared/ocds/standard-1__1__5.zip, so it needs no
network for the standard; the lots and bids extensions, which it would fetch
from GitHub, are reported as not fetched when offline (see ``assert_valid``).
Our own extension it fetches from the installation, served here in a thread.
"""

from __future__ import annotations

import threading
from wsgiref.simple_server import WSGIRequestHandler, make_server

import pytest

from tests.trading.conftest import center, project  # noqa: F401  (fixtures)


class _QuietHandler(WSGIRequestHandler):
    def log_message(self, format, *args):
        pass


@pytest.fixture(scope="session")
def public_url():
    """The installation answering on a local port (for the extension's files)."""
    from django.core.wsgi import get_wsgi_application

    server = make_server("127.0.0.1", 0, get_wsgi_application(), handler_class=_QuietHandler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    server.server_close()
