"""Gongkai (公开): government information disclosure run end to end."""

__version__ = "0.1.0"
