"""Links in a page, and which of them the installation serves itself."""

from __future__ import annotations

from dataclasses import dataclass
from html.parser import HTMLParser
from urllib.parse import urldefrag, urljoin, urlsplit

LINK_ATTRIBUTES = {"a": "href", "link": "href", "img": "src", "script": "src", "iframe": "src"}
SKIPPED_SCHEMES = ("mailto:", "tel:", "javascript:", "data:", "#")


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        wanted = LINK_ATTRIBUTES.get(tag)
        if wanted is None:
            return
        for name, value in attrs:
            if name == wanted and value and not value.strip().lower().startswith(SKIPPED_SCHEMES):
                self.found.append(value.strip())


def links_in(html: str, base: str) -> list[str]:
    """Every link target of ``html`` made absolute against ``base``, without fragment."""
    parser = _Links()
    parser.feed(html)
    parser.close()
    return [urldefrag(urljoin(base, href))[0] for href in dict.fromkeys(parser.found)]


@dataclass(frozen=True)
class Hosts:
    """The hosts the installation serves: ``origin`` (scheme://host:port of the public
    address) and the bare names of ``ALLOWED_HOSTS`` (no wildcard)."""

    origin: str
    names: frozenset[str]

    @classmethod
    def of(cls, public_url: str, allowed_hosts: list[str]) -> Hosts:
        names = frozenset(h.lower() for h in allowed_hosts if h and not h.startswith((".", "*")))
        return cls(public_url.rstrip("/"), names)

    def internal_path(self, url: str) -> str | None:
        """The path (with query) when ``url`` is one of ours, else None."""
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https", ""):
            return None
        own = urlsplit(self.origin) if self.origin else None
        ours = not parts.netloc or (own is not None and parts.netloc.lower() == own.netloc.lower())
        if not ours and parts.port is None and (parts.hostname or "") in self.names:
            ours = True
        if not ours:
            return None
        path = parts.path or "/"
        return f"{path}?{parts.query}" if parts.query else path
