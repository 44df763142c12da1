"""Records: all releases of one contracting process and its compiled release.

The compiled release comes from the OCDS merge routine as ocdsmerge implements
it (spec trading.md §1.4): releases sorted by ``date`` folded into one object,
arrays of objects merged by ``id``. ocdsmerge derives its rules from the
release schema; we give it those rules directly so that nothing is read from
the network or from files outside the product. They are few: ``id``, ``date``
and ``tag`` are omitted when merging, and the arrays below are replaced whole
(the 1.1.5 schema's arrays of strings or of objects without ``id``). A test
derives the same rules from the schema itself. The lots and bids extensions
and Gongkai's own add no rule: their arrays hold strings or objects with ``id``.
"""

from __future__ import annotations

from collections.abc import Iterable

from ocdsmerge import Merger

OMITTED = ("id", "date", "tag")
WHOLE_LISTS = (
    "awards.amendment.changes",
    "awards.amendments.changes",
    "awards.items.additionalClassifications",
    "awards.suppliers.additionalIdentifiers",
    "buyer.additionalIdentifiers",
    "contracts.amendment.changes",
    "contracts.amendments.changes",
    "contracts.implementation.transactions.payee.additionalIdentifiers",
    "contracts.implementation.transactions.payer.additionalIdentifiers",
    "contracts.items.additionalClassifications",
    "contracts.relatedProcesses.relationship",
    "parties.additionalIdentifiers",
    "parties.roles",
    "relatedProcesses.relationship",
    "tender.additionalProcurementCategories",
    "tender.amendment.changes",
    "tender.amendments.changes",
    "tender.items.additionalClassifications",
    "tender.procuringEntity.additionalIdentifiers",
    "tender.submissionMethod",
    "tender.tenderers.additionalIdentifiers",
)
MERGE_RULES: dict[tuple[str, ...], str] = {
    **{(name,): "omitWhenMerged" for name in OMITTED},
    **{tuple(path.split(".")): "wholeListMerge" for path in WHOLE_LISTS},
}
_MERGER = Merger(merge_rules=MERGE_RULES)


def record(releases: Iterable[dict]) -> dict:
    """The record of one ocid: its releases, oldest first, and the compiled release."""
    ordered = sorted(releases, key=lambda item: item["date"])  # stable: same-second order kept
    return {
        "ocid": ordered[0]["ocid"],
        "releases": ordered,
        "compiledRelease": _MERGER.create_compiled_release(ordered),
    }
