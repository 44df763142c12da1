"""Fuzzing the anonymous side of the site (issue 9 point 6): the application
form, the tracking and 补正 forms, search, the language switch and every public
page with arbitrary query parameters, with arbitrary unicode, huge values,
control characters and malformed multipart bodies. No answer may be a server
error or show a stack trace (Django's test client re-raises any exception)."""

from __future__ import annotations

from urllib.parse import quote

import pytest
from django.utils.http import url_has_allowed_host_and_scheme
from hypothesis import given
from hypothesis import strategies as st

from tests.fault.fuzz import ANY_CHAR, FUZZ, assert_clean, query, text

AGENCY = "anshan-ggzy"
APPLY = f"/site/{AGENCY}/apply/"
FORM_FIELDS = ["submission_token", "applicant_type", "applicant_name", "id_type", "id_number",
               "contact_person", "phone", "email", "address", "information_sought",
               "document_number", "provision_form", "delivery", "purpose"]  # fmt: skip
VALID = {
    "applicant_type": "natural_person",
    "id_type": "resident_id",
    "provision_form": "electronic",
    "delivery": "online",
}
PUBLIC_PAGES = [
    "/", f"/site/{AGENCY}/", f"/site/{AGENCY}/fdzdgknr/", "/search/", f"/site/{AGENCY}/search/",
    "/track/", APPLY, f"/site/{AGENCY}/annual-reports/", f"/site/{AGENCY}/trading/",
    f"/site/{AGENCY}/trading/calendar/", f"/site/{AGENCY}/trading/calendar.ics", "/sitemap.xml",
    "/api/v1/documents", "/api/v1/agencies", "/no/such/page/",
]  # fmt: skip


@pytest.fixture
def site(demo, settings, client):
    settings.GONGKAI_APPLY_LIMIT = 1_000_000  # reach the write function, not the 429
    settings.GONGKAI_TRACK_LIMIT = 1_000_000
    return client


@FUZZ
@given(
    values=st.fixed_dictionaries({}, optional={name: text for name in FORM_FIELDS}),
    plausible=st.booleans(),
)
def test_the_application_form_takes_anything(site, values, plausible):
    data = {**VALID, **values} if plausible else values
    assert_clean(site.post(APPLY, data))


@FUZZ
@given(path=st.sampled_from(PUBLIC_PAGES), params=query)
def test_public_pages_take_any_query(site, path, params):
    assert_clean(site.get(path, params))


@FUZZ
@given(q=text, params=query, agency_wide=st.booleans())
def test_search_takes_anything(site, q, params, agency_wide):
    path = f"/site/{AGENCY}/search/" if agency_wide else "/search/"
    assert_clean(site.get(path, {**params, "q": q}))


@FUZZ
@given(code=text, body=text)
def test_tracking_and_correction_take_anything(site, code, body):
    assert_clean(site.get("/track/", {"code": code}))
    path_code = quote(code[:200], safe="") or "X"
    assert_clean(site.get(f"/track/{path_code}/"))
    assert_clean(site.post(f"/track/{path_code}/correct/", {"text": body}))


@FUZZ
@given(language=text, next_=text, origin=st.sampled_from(["", "same-origin", "cross-site"]))
def test_the_language_switch_takes_anything(site, language, next_, origin):
    headers = {"Sec-Fetch-Site": origin} if origin else {}
    response = site.post("/i18n/setlang/", {"language": language, "next": next_}, headers=headers)
    assert_clean(response)
    if response.status_code in (301, 302):
        location = response["Location"]  # never to another site
        assert url_has_allowed_host_and_scheme(location, allowed_hosts={"testserver"}), location


MULTIPART = "multipart/form-data"


@FUZZ
@given(
    body=st.binary(max_size=2000),
    boundary=st.one_of(st.just("BoUnDaRy"), st.text(ANY_CHAR, max_size=80)),
    shape=st.sampled_from(["raw", "framed", "truncated"]),
    path=st.sampled_from([APPLY, "/i18n/setlang/", "/track/X/correct/"]),
)
def test_malformed_multipart_bodies(site, body, boundary, shape, path):
    framed = (
        f'--{boundary}\r\nContent-Disposition: form-data; name="applicant_name"\r\n\r\n'.encode(
            "utf-8", "replace"
        )
        + body
    )
    payload = {"raw": body, "framed": framed + f"\r\n--{boundary}--\r\n".encode(
        "utf-8", "replace"), "truncated": framed}[shape]  # fmt: skip
    content_type = f"{MULTIPART}; boundary={boundary}"
    try:
        response = site.generic("POST", path, payload, content_type=content_type)
    except UnicodeEncodeError:
        return  # a header no HTTP client can send (WSGI headers are Latin-1)
    assert_clean(response)


# What the fuzzing found, kept as plain examples.


def test_a_tracking_code_with_a_slash_is_refused_not_a_server_error(site):
    response = site.get("/track/", {"code": "/"})
    assert response.status_code == 200
    assert "没有与该查询码对应的申请" in response.content.decode()


@pytest.mark.parametrize("year", ["-1", "0", "1", "9999", "10000"])
def test_the_documents_api_refuses_impossible_years(site, year):
    assert site.get("/api/v1/documents", {"year": year}).status_code == 422


NUL_REQUESTS = [
    ("get", "/track/%00/", None),
    ("get", "/api/v1/agencies/%00", None),
    ("get", "/api/v1/applications/status/%00", None),
    ("get", "/api/v1/documents?agency=%00", None),
    ("get", f"/site/{AGENCY}/apply/%00/", None),
    ("get", "/search/?q=a%00b", None),
    ("post", "/track/ABC/correct/", {"text": "a\x00b"}),
]


@pytest.mark.parametrize(("method", "path", "data"), NUL_REQUESTS)
def test_a_nul_character_is_a_bad_request(site, method, path, data):
    """Found by the fuzzing on PostgreSQL, which refuses NUL in text: these were 500s."""
    response = getattr(site, method)(path, data) if data else getattr(site, method)(path)
    assert response.status_code == 400
    assert "NUL" in response.content.decode()


def test_a_nul_in_a_json_body_is_a_bad_request(site):
    response = site.post(
        f"/api/v1/applications/{AGENCY}",
        '{"applicant_name": "a\\u0000"}',
        content_type="application/json",
        headers={"Idempotency-Key": "nul-test-1"},
    )
    assert response.status_code == 400


def test_a_nul_in_a_cookie_is_a_bad_request(site):
    site.cookies["sessionid"] = "a\x00b"
    assert site.get("/").status_code == 400


@pytest.mark.parametrize(
    "params", [{"offset": str(2**70)}, {"offset": "-1"}, {"limit": str(2**70)}, {"limit": "0"}]
)
def test_the_documents_api_refuses_impossible_pages(site, params):
    """Found by schemathesis: an offset beyond 64 bits was a server error."""
    assert site.get("/api/v1/documents", params).status_code == 422
