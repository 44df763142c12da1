"""Run the WSGI application under gunicorn, in this process (the arbiter)."""

from __future__ import annotations

from gunicorn.app.base import BaseApplication


class GongkaiServer(BaseApplication):
    def __init__(self, options: dict[str, object]) -> None:
        self.options = options
        super().__init__()

    def load_config(self) -> None:
        for key, value in self.options.items():
            self.cfg.set(key, value)

    def load(self):
        from gongkai.wsgi import application

        return application


def run_server(*, bind: str, workers: int) -> int:
    from django.db import connections

    from gongkai.portal.pagecache import pages_clear

    pages_clear()  # pages cached by the code that ran before may differ from this code's
    # The start-up checks used the database: a connection left open here would be
    # inherited by every forked worker, which would then talk over one socket.
    connections.close_all()
    GongkaiServer(
        {
            "bind": bind,
            "workers": workers,
            "accesslog": "-",
            # Query strings may carry tracking codes; log the path only.
            "access_log_format": '%(h)s "%(m)s %(U)s" %(s)s %(b)s %(M)sms',
            "timeout": 60,
            "graceful_timeout": 20,
        }
    ).run()
    return 0
