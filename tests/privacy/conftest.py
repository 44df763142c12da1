"""Fixtures for the personal-data tests: one applicant with distinctive values."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.conftest import resident_id

D = dt.date
NAME = "欧阳测试"
ID_NUMBER = resident_id("21030219791231456")
PHONE = "13987650123"
EMAIL = "ouyang.private@example.cn"
ADDRESS = "辽宁省鞍山市铁东区隐私路99号"
SECRETS = (NAME, ID_NUMBER, PHONE, EMAIL, ADDRESS, "ouyang.private")


@pytest.fixture
def life(agency, staff, person):
    """One application from receipt to a signed reply, with every letter in between."""
    from gongkai.applications import services as apps

    def run():
        data = person(
            applicant_name=NAME, id_number=ID_NUMBER, phone=PHONE, email=EMAIL, address=ADDRESS
        )
        h = staff["handler"]
        application = apps.application_register(
            actor=h,
            agency=agency,
            data=data,
            channel="in-person",
            arrived_on=D(2019, 9, 2),
            today=D(2019, 9, 2),
        )
        apps.application_request_correction(
            actor=h,
            application=application,
            date=D(2019, 9, 3),
            items=["写明文号"],
            deadline=D(2019, 9, 20),
        )
        apps.application_receive_correction(actor=h, application=application, date=D(2019, 9, 5))
        apps.application_extend(
            actor=h,
            application=application,
            date=D(2019, 9, 20),
            workdays=10,
            approver=staff["head"],
        )
        apps.application_reveal(actor=h, application=application)
        letter = apps.application_reply(
            actor=h, application=application, outcome="disclose", date=D(2019, 9, 25)
        )
        apps.reply_sign(actor=staff["head"], letter=letter, date=D(2019, 9, 25))
        application.refresh_from_db()
        return application

    return run
