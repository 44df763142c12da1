"""The remedies every reply letter must tell the applicant about (救济途径).

条例 Art. 51: an applicant who thinks an agency infringed their rights in
disclosure work may apply for 行政复议 or bring an 行政诉讼.
- 《行政复议法》(2023 revision) Art. 20: apply within 60 days of knowing of the act.
- 《行政诉讼法》Art. 46: sue within 6 months of knowing of the act.
"""

from __future__ import annotations

from gongkai.rules.text import Text

RECONSIDERATION_DAYS = 60  # 行政复议法 Art. 20
LAWSUIT_MONTHS = 6  # 行政诉讼法 Art. 46

# The wording letters use (Chinese numerals, as official letters write them).
REMEDY_NOTICE = Text(
    "如对本答复不服，可以自收到本答复之日起六十日内依法申请行政复议，"
    "或者自收到本答复之日起六个月内依法提起行政诉讼。",
    f"If you disagree with this reply you may apply for administrative reconsideration within"
    f" {RECONSIDERATION_DAYS} days of receiving it, or sue within {LAWSUIT_MONTHS} months.",
)
