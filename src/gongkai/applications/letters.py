"""Letters to applicants and consulted parties: text from templates, then DOCX/PDF.

The wording cites the articles each letter rests on. Staff may edit the text
before the 负责人 signs; the generated text is only the starting point.
"""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

from django.db import transaction

from gongkai.applications.models import Application, Letter
from gongkai.audit.services import audit_record
from gongkai.rules.remedies import REMEDY_NOTICE
from gongkai.rules.taxonomy import OUTCOME_BY_CODE

CODES = {"correction": "BZ", "consultation": "ZQ", "extension": "YQ", "fee": "SF", "reply": "DF"}
TITLES = {
    "correction": "政府信息公开申请补正告知书",
    "consultation": "政府信息公开征求意见书",
    "extension": "政府信息公开申请延期答复告知书",
    "fee": "政府信息公开信息处理费收费通知书",
    "reply": "政府信息公开申请答复书",
}


def cn_date(day: dt.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def _head(application: Application, date: dt.date) -> str:
    return (
        f"{application.applicant_name}：\n"
        f"本机关于{cn_date(application.received_on)}收到您（单位）提出的政府信息公开申请"
        f"（申请编号：{application.receipt_number}），申请获取：{application.information_sought}\n"
    )


def _foot(application: Application, date: dt.date) -> str:
    return f"\n{application.agency.name}\n{cn_date(date)}\n"


def correction_letter(
    application: Application, *, items: list[str], deadline: dt.date, date: dt.date
) -> str:
    listed = "\n".join(f"{n}. {item}" for n, item in enumerate(items, start=1))
    return (
        _head(application, date)
        + "经审查，您的申请内容不明确。根据《中华人民共和国政府信息公开条例》第三十条的规定，"
        f"请您对以下事项作出补正：\n{listed}\n"
        f"请于{cn_date(deadline)}前提交补正后的申请。答复期限自本机关收到补正的申请之日起计算。"
        "无正当理由逾期不补正的，视为放弃申请，本机关不再处理该政府信息公开申请。\n"
        + _foot(application, date)
    )


def consultation_letter(
    application: Application, *, addressee: str, party: str, date: dt.date
) -> str:
    article = "第三十二条" if party == "third-party" else "第三十四条"
    consequence = (
        "逾期未提出意见的，由本机关依照条例的规定决定是否公开。"
        if party == "third-party"
        else "逾期未提出意见的，视为同意公开。"
    )
    return (
        f"{addressee}：\n本机关收到一件政府信息公开申请（申请编号：{application.receipt_number}），"
        f"所申请的信息可能涉及贵方。根据《中华人民共和国政府信息公开条例》{article}的规定，"
        f"现征求贵方意见，请自收到本征求意见书之日起15个工作日内书面提出意见。{consequence}\n"
        + _foot(application, date)
    )


def extension_letter(application: Application, *, workdays: int, date: dt.date) -> str:
    return (
        _head(application, date)
        + "因情况复杂，本机关不能在规定期限内作出答复。经政府信息公开工作机构负责人同意，"
        f"根据《中华人民共和国政府信息公开条例》第三十三条第二款的规定，答复期限延长{workdays}个工作日。\n"
        + _foot(application, date)
    )


def reply_letter(application: Application, *, outcome: str, date: dt.date) -> str:
    item = OUTCOME_BY_CODE[outcome]
    return (
        _head(application, date) + f"经审查，现答复如下：{item.label.zh}。\n"
        f"依据：《中华人民共和国政府信息公开条例》{item.basis.zh.removeprefix('条例')}。\n"
        + REMEDY_NOTICE.zh
        + "\n"
        + _foot(application, date)
    )


def fee_letter(application: Application, *, notice: Any, date: dt.date) -> str:
    method = "按件计收" if notice.method == "per_item" else "按量计收"
    unit = "件" if notice.method == "per_item" else "页"
    return (
        _head(application, date)
        + "根据《中华人民共和国政府信息公开条例》第四十二条和《政府信息公开信息处理费管理办法》"
        f"（国办函〔2020〕109号），本申请应缴纳信息处理费，计费方式为{method}，"
        f"计费数量{notice.quantity}{unit}，金额{notice.amount_yuan}元。"
        f"请于{cn_date(notice.pay_by)}前缴纳。逾期未缴纳的，视为放弃申请，本机关不再处理该申请。\n"
        + _foot(application, date)
    )


def letter_create(
    *, actor: Any, application: Application, kind: str, body: str, outcome: str = ""
) -> Letter:
    """Number and store a letter (in the caller's transaction or its own)."""
    with transaction.atomic():
        count = application.letters.filter(kind=kind).count() + 1
        letter = Letter.objects.create(
            application=application,
            kind=kind,
            number=f"{application.receipt_number}-{CODES[kind]}{count}",
            body=body,
            outcome=outcome,
        )
        audit_record(
            actor=actor,
            action="letter.create",
            obj=letter,
            agency=application.agency,
            after={"kind": kind, "number": letter.number},
        )
    return letter


def letter_docx(letter: Letter) -> bytes:
    """The letter as a Word document (opens in Word, WPS and LibreOffice)."""
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml.ns import qn
    from docx.shared import Pt

    document = Document()
    style = document.styles["Normal"]
    style.font.name = "SimSun"
    style.element.rPr.rFonts.set(qn("w:eastAsia"), "宋体")
    style.font.size = Pt(14)
    title = document.add_paragraph(TITLES[letter.kind])
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    title.runs[0].font.size = Pt(20)
    number = document.add_paragraph(letter.number)
    number.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    for line in letter.body.splitlines():
        document.add_paragraph(line)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def letter_pdf(letter: Letter) -> bytes:
    """The letter as PDF, with an embedded CJK font (the report renderer's layout)."""
    from gongkai.rules.annual_report.pdf_output import pdf_document
    from gongkai.rules.annual_report.render import Block

    blocks = [Block("title", TITLES[letter.kind]), Block("paragraph", letter.number)]
    blocks += [Block("paragraph", line) for line in letter.body.splitlines() if line.strip()]
    return pdf_document(blocks)
