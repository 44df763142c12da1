"""Deterministic disclosure applications for the busy demo agency, 2019 onwards.

Every record is made through the write functions, with dates that respect the
statutory clock, so the computed annual-report tables pass every consistency
rule. The random generator is seeded per agency and year: same call, same data.
"""

from __future__ import annotations

import datetime as dt
import random

from gongkai.agencies.models import Agency, User
from gongkai.applications import services
from gongkai.applications.intake import ApplicantData
from gongkai.applications.models import Application
from gongkai.demo.loader import demo_uscc
from gongkai.rules.ids import resident_id_check_char
from gongkai.workcalendar.selectors import current_calendar

SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红建国志刚文博宇浩然思雨欣怡"
TOPICS = (
    "本市{year}年国有建设用地供应计划",
    "某区某地块征收补偿安置方案及批复文件",
    "{year}年度土地利用年度计划执行情况",
    "某项目建设用地规划许可证及附图",
    "某村集体土地征收的报批材料",
    "某路段拓宽工程用地预审意见",
    "不动产登记中心办事指南及收费依据",
    "某小区规划条件核实意见",
    "{year}年矿业权出让收益征收情况",
    "某地块土地出让合同及成交结果",
)
APPLICANT_TYPES = (
    ("natural_person", 80),
    ("business", 10),
    ("research", 2),
    ("public_interest", 2),
    ("legal_service", 4),
    ("other_organisation", 2),
)
CHANNELS = (("online", 50), ("in-person", 20), ("mail", 15), ("mail-confirmed", 10), ("fax", 5))
OUTCOMES = (
    ("disclose", 34),
    ("already_public", 10),
    ("partial", 12),
    ("not_held", 14),
    ("not_this_agency", 5),
    ("needs_creation", 3),
    ("third_party", 2),
    ("process_information", 3),
    ("internal_affairs", 2),
    ("state_secret", 1),
    ("prohibited_by_law", 1),
    ("three_safeties", 1),
    ("enforcement_file", 1),
    ("administrative_query", 1),
    ("petition", 3),
    ("repeat", 2),
    ("publication", 1),
    ("excessive", 1),
    ("confirmation", 1),
    ("other", 1),
)
PER_YEAR = (180, 260)


def _pick(rng: random.Random, table) -> str:
    return rng.choices([value for value, _ in table], [weight for _, weight in table])[0]


def _applicant(rng: random.Random, year: int, serial: int) -> ApplicantData:
    kind = _pick(rng, APPLICANT_TYPES)
    topic = rng.choice(TOPICS).format(year=year - rng.randint(0, 2))
    base = dict(applicant_type=kind, information_sought=topic, provision_form="electronic")
    if kind == "natural_person":
        born = dt.date(1950, 1, 1) + dt.timedelta(days=rng.randint(0, 18000))
        first17 = f"210302{born:%Y%m%d}{rng.randint(100, 999)}"
        name = rng.choice(SURNAMES) + "".join(rng.choices(GIVEN, k=rng.randint(1, 2)))
        return ApplicantData(
            **base,
            applicant_name=name,
            id_type="resident_id",
            id_number=first17 + resident_id_check_char(first17),
            delivery="email",
            email=f"user{year}{serial}@example.cn",
            phone=f"139{rng.randint(10000000, 99999999)}",
        )
    return ApplicantData(
        **base,
        applicant_name=f"鞍山演示{serial}有限公司",
        id_type="uscc",
        id_number=demo_uscc("91", 1000 + serial),
        delivery="post",
        address=f"辽宁省鞍山市铁东区演示路{serial}号",
        contact_person="联系人",
    )


class _Case:
    """One application's planned life, carried out through the write functions."""

    def __init__(self, rng, agency, staff, received, applicant, end):
        self.rng, self.agency, self.end = rng, agency, end
        self.handler, self.head = staff
        self.calendar = current_calendar()
        self.received, self.applicant = received, applicant
        self.corrected = False

    def day(self, after: dt.date, low: int, high: int) -> dt.date:
        return self.calendar.add_workdays(after, self.rng.randint(low, high))

    def run(self) -> Application | None:
        channel = _pick(self.rng, CHANNELS)
        dates = {"arrived_on": self.received}
        if channel == "mail":
            dates["signed_on"] = self.received
        elif channel != "in-person":
            dates["confirmed_on"] = self.received
        app = services.application_register(
            actor=self.handler,
            agency=self.agency,
            data=self.applicant,
            channel=channel,
            today=self.received,
            **dates,
        )
        return self.handle(app)

    def handle(self, app: Application) -> Application:
        roll = self.rng.random()
        if roll < 0.12 and not self.correction(app):
            return app  # abandoned: closed later by applications_close_abandoned
        if self.rng.random() < 0.03:
            return self.withdraw(app)
        if self.rng.random() < 0.08:
            self.consult(app)
        if self.rng.random() < 0.06:
            self.extend(app)
        if self.rng.random() < 0.02 and self.fee(app):
            return app
        return self.reply(app)

    def correction(self, app: Application) -> bool:
        asked = self.day(app.received_on, 1, 5)
        deadline = self.day(asked, 10, 15)
        if asked > self.end:
            return True
        services.application_request_correction(
            actor=self.handler,
            application=app,
            date=asked,
            items=["写明所需信息的名称或文号"],
            deadline=deadline,
        )
        if self.rng.random() < 0.3:
            return False
        corrected = self.day(asked, 2, 8)
        if corrected <= min(deadline, self.end):
            services.application_receive_correction(
                actor=self.handler, application=app, date=corrected
            )
            self.corrected = True
            return True
        return False

    def after_events(self, app: Application, day: dt.date) -> dt.date:
        last = app.events.order_by("-date").values_list("date", flat=True).first()
        return max(day, self.calendar.next_workday(last)) if last else day

    def withdraw(self, app: Application) -> Application:
        day = self.after_events(app, self.day(app.received_on, 1, 6))
        if day <= self.end:
            services.application_withdraw(actor=self.handler, application=app, date=day)
        return app

    def consult(self, app: Application) -> None:
        sent = self.day(app.received_on, 2, 6)
        answered = self.day(sent, 3, 15)
        if answered > self.end:
            return
        services.application_consult(
            actor=self.handler,
            application=app,
            date=sent,
            party="third-party",
            addressee="相关权利人",
        )
        services.application_record_answer(
            actor=self.handler, application=app, ref="c1", date=answered
        )

    def extend(self, app: Application) -> None:
        app.refresh_from_db()
        if app.due_on is None:
            return
        day = self.calendar.add_workdays(app.due_on, -self.rng.randint(1, 4))
        if day <= self.end and day > app.received_on:
            services.application_extend(
                actor=self.handler,
                application=app,
                date=day,
                workdays=self.rng.choice((10, 15, 20)),
                approver=self.head,
            )

    def fee(self, app: Application) -> bool:
        issued = self.day(app.received_on, 3, 8)
        if issued > self.end:
            return False
        notice = services.fee_notice_issue(
            actor=self.handler,
            application=app,
            method="per_page",
            quantity=self.rng.randint(40, 160),
            date=issued,
        )
        if self.rng.random() < 0.5:
            services.fee_paid(
                actor=self.handler,
                notice=notice,
                date=self.day(issued, 1, 10),
                amount_yuan=notice.amount_yuan,
            )
            return False
        expiry = self.after_events(app, self.calendar.next_workday(notice.pay_by))
        if expiry <= self.end:
            services.fee_expire(actor=self.handler, notice=notice, today=expiry)
        return True

    def reply(self, app: Application) -> Application:
        app.refresh_from_db()
        if app.due_on is None:
            return app
        left = self.calendar.workdays_between(app.received_on, app.due_on)
        late = self.rng.random() < 0.03
        day = (
            self.calendar.add_workdays(app.due_on, self.rng.randint(1, 3))
            if late
            else (self.day(app.received_on, max(1, left // 4), max(1, left - 1)))
        )
        day = self.after_events(app, day)
        if day > self.end:
            return app
        outcome = _pick(self.rng, OUTCOMES)
        if self.corrected and self.rng.random() < 0.2:
            outcome = "unclear_after_correction"
        letter = services.application_reply(
            actor=self.handler, application=app, outcome=outcome, date=day
        )
        services.reply_sign(actor=self.head, letter=letter, date=day)
        self.appeal(app, outcome, day)
        return app

    def appeal(self, app: Application, outcome: str, day: dt.date) -> None:
        if outcome in {"disclose", "already_public"} or self.rng.random() > 0.08:
            return
        kind = self.rng.choice(("reconsideration", "reconsideration", "lawsuit_direct"))
        filed = day + dt.timedelta(days=self.rng.randint(10, 55))
        if filed > self.end:
            return
        appeal = services.appeal_register(
            actor=self.handler,
            application=app,
            kind=kind,
            filed_on=filed,
            case_number=f"演示{app.receipt_number}",
        )
        decided = filed + dt.timedelta(days=self.rng.randint(40, 150))
        if decided > self.end:
            return
        result = self.rng.choices(("maintained", "corrected", "other"), (6, 2, 2))[0]
        services.appeal_decide(actor=self.head, appeal=appeal, result=result, decided_on=decided)
        if kind == "reconsideration" and result == "maintained":
            self.lawsuit_after(app, decided)

    def lawsuit_after(self, app: Application, decided: dt.date) -> None:
        sued = decided + dt.timedelta(days=self.rng.randint(5, 14))
        if sued > self.end or self.rng.random() >= 0.4:
            return
        later = services.appeal_register(
            actor=self.handler,
            application=app,
            kind="lawsuit_after",
            filed_on=sued,
            case_number=f"演示诉{app.receipt_number}",
        )
        ruled = sued + dt.timedelta(days=self.rng.randint(60, 200))
        if ruled <= self.end:
            services.appeal_decide(
                actor=self.head, appeal=later, result="maintained", decided_on=ruled
            )


def demo_applications(agency: Agency, staff: tuple[User, User], years, end: dt.date) -> int:
    """Create the applications of ``years`` (received on or before ``end``)."""
    calendar, made = current_calendar(), 0
    for year in years:
        rng = random.Random(f"{agency.slug}-{year}")
        workdays = [
            day
            for day in (dt.date(year, 1, 1) + dt.timedelta(n) for n in range(366))
            if day.year == year and day <= end and calendar.is_workday(day)
        ]
        count = rng.randint(*PER_YEAR) * len(workdays) // 250
        received = sorted(rng.choice(workdays) for _ in range(count))
        for serial, day in enumerate(received, start=1):
            _Case(rng, agency, staff, day, _applicant(rng, year, serial), end).run()
            made += 1
    services.applications_close_abandoned(today=end)
    return made
