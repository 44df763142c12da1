"""Deterministic demo data: our first user and a busy agency.

``demo_load()`` is what ``gongkai demo`` runs. It only calls write functions,
so the demo data carries the same audit records as real data, and it is
idempotent: running it again keeps what is there and adds what is missing.
Later features extend it with their own records (applications, documents,
trading notices) in the same deterministic way.
"""

from gongkai.demo.loader import DEMO_PASSWORD, DEMO_TOTP_SECRET, demo_load

__all__ = ["DEMO_PASSWORD", "DEMO_TOTP_SECRET", "demo_load"]
