"""axe-core (bundled by the axe-playwright-python package) on a page open in Chromium.

The portal's promise is WCAG 2.1 AA: axe reports no serious or critical
violation of the WCAG 2.0/2.1 A and AA rules on any page type.
"""

from __future__ import annotations

from axe_playwright_python.sync_playwright import Axe

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
BLOCKING = frozenset({"serious", "critical"})
OPTIONS = {"runOnly": {"type": "tag", "values": WCAG_TAGS}, "resultTypes": ["violations"]}


def blocking_violations(page) -> list[dict]:
    """axe's serious and critical WCAG A/AA violations on the page as it is now."""
    violations = Axe().run(page, options=OPTIONS).response["violations"]
    return [v for v in violations if v["impact"] in BLOCKING]


def describe(violations: list[dict], where: str) -> str:
    """One line per violation: rule, impact, the elements it found, and axe's help."""
    lines = []
    for violation in violations:
        targets = "; ".join(" ".join(node["target"]) for node in violation["nodes"][:8])
        lines.append(
            f"{where}: {violation['id']} ({violation['impact']}) at {targets}"
            f" — {violation['help']} [{violation['helpUrl']}]"
        )
    return "\n".join(lines)


def assert_accessible(page, where: str = "") -> None:
    violations = blocking_violations(page)
    assert not violations, describe(violations, where or page.url)
