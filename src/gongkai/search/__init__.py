"""Chinese full-text search: tokens, the backend interface and two backends.

No Django here. :mod:`~gongkai.search.engine` defines :class:`SearchDoc` and the
backend interface; :mod:`~gongkai.search.tantivy_backend` is the embedded
default, :mod:`~gongkai.search.postgres_backend` the backend for several
application servers; :mod:`~gongkai.search.reconcile` finds drift between the
database and an index. Design and operations: docs/search.md.
"""
