"""Backup and restore of one installation: its database and its uploaded files.

:func:`gongkai.backup.operations.backup_create` writes one archive
(:mod:`gongkai.backup.archive`) from a consistent database snapshot
(:mod:`gongkai.backup.sqlite`, :mod:`gongkai.backup.postgres`) and the media
folder; :func:`gongkai.backup.operations.backup_restore` checks an archive and
puts it into an empty installation. ``gongkai backup`` and ``gongkai restore``
are the command line (docs/operations.md).
"""
