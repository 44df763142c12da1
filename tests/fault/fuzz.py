"""Hypothesis settings and strategies the fuzz tests share.

Example counts stay modest so the suite stays fast; GONGKAI_FUZZ_EXAMPLES
raises them (e.g. GONGKAI_FUZZ_EXAMPLES=2000 for a long run before a release).
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

EXAMPLES = int(os.environ.get("GONGKAI_FUZZ_EXAMPLES", "30"))

FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    database=None,  # nothing written into the work tree
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

# Any character a browser can send: every plane, control characters, NUL, right-to-left
# marks; lone surrogates cannot be encoded as UTF-8, so no client sends them.
ANY_CHAR = st.characters(exclude_categories=("Cs",))
CONTROL = st.characters(min_codepoint=0, max_codepoint=0x1F) | st.sampled_from(
    "\x7f\u200b\u202e\ufeff"
)
HUGE = st.integers(min_value=5_000, max_value=40_000).map(lambda n: "申" * n)

text = st.one_of(
    st.text(ANY_CHAR, max_size=300),
    st.text(CONTROL, min_size=1, max_size=20),
    HUGE,
    st.sampled_from(["", " ", "0", "-1", "9" * 40, "<script>alert(1)</script>", "' OR 1=1 --",
                     "%00", "../../etc/passwd", "{{ 7*7 }}", "\x00", "null", "[]", "{}"]),
)  # fmt: skip

field_names = st.one_of(
    st.text(ANY_CHAR, min_size=1, max_size=30),
    st.sampled_from(["q", "page", "year", "agency", "column", "kind", "sort", "code", "next",
                     "language", "submission_token", "csrfmiddlewaretoken", "format"]),
)  # fmt: skip

query = st.dictionaries(field_names, st.one_of(text, st.lists(text, max_size=3)), max_size=6)


def assert_clean(response) -> None:
    """No server error and no stack trace (the test client raises on an exception)."""
    assert response.status_code < 500, response.status_code
    # Read to the end, the test client then closes a streamed file itself (calling
    # response.close() here would also fire request_finished and drop the connection).
    body = b"".join(response.streaming_content) if response.streaming else response.content
    assert b"Traceback" not in body
