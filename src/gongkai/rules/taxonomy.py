"""Outcomes of a disclosure application and the annual-report row each lands in.

条例 Arts. 36–39 list the answers an agency may give; the annual report's table
三 has one leaf row per kind of answer (spec disclosure.md §2.8). Every closed
application carries exactly one outcome code (H4: a partly disclosed
application counts only under （二）部分公开, "区分处理的，只计这一情形，不计其他情形").

Row addresses are those of the report engine: ``三(一)``, ``三(三)4`` and so on.
The 2021 format (国办公开办函〔2021〕30号) split （六）其他处理 into three rows;
the 2019 format (国办公开办函〔2019〕60号) has the single row ``三(六)``.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from gongkai.rules.text import Text


class ApplicantType(StrEnum):
    """The six applicant columns of table 三 (spec §2.11)."""

    NATURAL_PERSON = "natural_person"  # 自然人
    BUSINESS = "business"  # 商业企业
    RESEARCH = "research"  # 科研机构
    PUBLIC_INTEREST = "public_interest"  # 社会公益组织
    LEGAL_SERVICE = "legal_service"  # 法律服务机构
    OTHER_ORGANISATION = "other_organisation"  # 其他


APPLICANT_COLUMNS = {
    ApplicantType.NATURAL_PERSON: "自然人",
    ApplicantType.BUSINESS: "商业企业",
    ApplicantType.RESEARCH: "科研机构",
    ApplicantType.PUBLIC_INTEREST: "社会公益组织",
    ApplicantType.LEGAL_SERVICE: "法律服务机构",
    ApplicantType.OTHER_ORGANISATION: "其他",
}


@dataclass(frozen=True)
class Outcome:
    code: str
    label: Text
    basis: Text  # the article the answer rests on
    row_2019: str
    row_2021: str

    def row(self, report_format: str) -> str:
        return self.row_2019 if report_format == "2019" else self.row_2021


def _o(code: str, zh: str, en: str, basis_zh: str, basis_en: str, row19: str, row21: str = ""):
    return Outcome(code, Text(zh, en), Text(basis_zh, basis_en), row19, row21 or row19)


OUTCOMES: tuple[Outcome, ...] = (
    _o(
        "already_public",
        "已主动公开，告知获取方式和途径",
        "Already published; told where",
        "条例第三十六条第（一）项",
        "Art. 36(1)",
        "三(一)",
    ),
    _o("disclose", "予以公开", "Disclosed", "条例第三十六条第（二）项", "Art. 36(2)", "三(一)"),
    _o(
        "partial",
        "部分公开（区分处理）",
        "Partly disclosed (severed)",
        "条例第三十七条",
        "Art. 37",
        "三(二)",
    ),
    _o(
        "state_secret",
        "不予公开：属于国家秘密",
        "Withheld: state secret",
        "条例第十四条、第三十六条第（三）项",
        "Arts. 14, 36(3)",
        "三(三)1",
    ),
    _o(
        "prohibited_by_law",
        "不予公开：其他法律行政法规禁止公开",
        "Withheld: other laws or regulations forbid it",
        "条例第十四条、第三十六条第（三）项",
        "Arts. 14, 36(3)",
        "三(三)2",
    ),
    _o(
        "three_safeties",
        "不予公开：危及“三安全一稳定”",
        "Withheld: would endanger national, public or economic security or social stability",
        "条例第十四条、第三十六条第（三）项",
        "Arts. 14, 36(3)",
        "三(三)3",
    ),
    _o(
        "third_party",
        "不予公开：保护第三方合法权益",
        "Withheld: protects a third party's rights",
        "条例第十五条、第三十二条、第三十六条第（三）项",
        "Arts. 15, 32, 36(3)",
        "三(三)4",
    ),
    _o(
        "internal_affairs",
        "不予公开：属于三类内部事务信息",
        "Withheld: internal affairs",
        "条例第十六条第一款",
        "Art. 16 ¶1",
        "三(三)5",
    ),
    _o(
        "process_information",
        "不予公开：属于四类过程性信息",
        "Withheld: process information",
        "条例第十六条第二款",
        "Art. 16 ¶2",
        "三(三)6",
    ),
    _o(
        "enforcement_file",
        "不予公开：属于行政执法案卷",
        "Withheld: law-enforcement case file",
        "条例第十六条第二款",
        "Art. 16 ¶2",
        "三(三)7",
    ),
    _o(
        "administrative_query",
        "不予公开：属于行政查询事项",
        "Withheld: a matter of administrative record search",
        "条例第三十六条第（七）项",
        "Art. 36(7)",
        "三(三)8",
    ),
    _o(
        "not_held",
        "无法提供：本机关不掌握相关政府信息",
        "Unavailable: not held by this agency",
        "条例第三十六条第（四）项",
        "Art. 36(4)",
        "三(四)1",
    ),
    _o(
        "not_this_agency",
        "无法提供：不属于本机关公开",
        "Unavailable: another agency's to disclose",
        "条例第三十六条第（五）项",
        "Art. 36(5)",
        "三(四)1",
    ),
    _o(
        "needs_creation",
        "无法提供：没有现成信息需要另行制作",
        "Unavailable: would have to be created",
        "条例第三十八条",
        "Art. 38",
        "三(四)2",
    ),
    _o(
        "unclear_after_correction",
        "无法提供：补正后申请内容仍不明确",
        "Unavailable: still unclear after correction",
        "条例第三十条",
        "Art. 30",
        "三(四)3",
    ),
    _o(
        "petition",
        "不予处理：信访举报投诉类申请",
        "Not processed: a petition or complaint",
        "条例第三十九条第一款",
        "Art. 39 ¶1",
        "三(五)1",
    ),
    _o(
        "repeat",
        "不予处理：重复申请",
        "Not processed: repeated application",
        "条例第三十六条第（六）项",
        "Art. 36(6)",
        "三(五)2",
    ),
    _o(
        "publication",
        "不予处理：要求提供公开出版物",
        "Not processed: asks for a publication",
        "条例第三十九条第二款",
        "Art. 39 ¶2",
        "三(五)3",
    ),
    _o(
        "excessive",
        "不予处理：无正当理由大量反复申请",
        "Not processed: excessive applications without good reason",
        "条例第三十五条",
        "Art. 35",
        "三(五)4",
    ),
    _o(
        "confirmation",
        "不予处理：要求行政机关确认或重新出具已获取信息",
        "Not processed: asks to confirm or re-issue information already obtained",
        "条例第三十六条",
        "Art. 36",
        "三(五)5",
    ),
    _o(
        "correction_overdue",
        "其他处理：申请人无正当理由逾期不补正",
        "Other: the applicant did not correct in time",
        "条例第三十条",
        "Art. 30",
        "三(六)",
        "三(六)1",
    ),
    _o(
        "fee_unpaid",
        "其他处理：申请人逾期未缴纳信息处理费",
        "Other: the applicant did not pay the fee in time",
        "《政府信息公开信息处理费管理办法》",
        "Fee Measures (国办函〔2020〕109号)",
        "三(六)",
        "三(六)2",
    ),
    _o(
        "withdrawn",
        "其他处理：申请人撤回申请",
        "Other: withdrawn by the applicant",
        "—",
        "—",
        "三(六)",
        "三(六)3",
    ),
    _o("other", "其他处理：其他", "Other", "—", "—", "三(六)", "三(六)3"),
)

OUTCOME_BY_CODE = {outcome.code: outcome for outcome in OUTCOMES}
