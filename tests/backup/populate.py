"""Fill an installation for the backup tests: ``python -m tests.backup.populate [--full]``.

Runs in the installation's environment (GONGKAI_DATA_DIR, DATABASE_URL, keys):
migrates, loads the demo (``--full``: with its years of applications, documents,
trading notices and annual reports) and adds, through the write functions,
documents with attachments and applications with scanned files, so that the
media folder and the audit log have something to lose.
"""

from __future__ import annotations

import datetime as dt
import sys

from gongkai.cli.base import setup_django

PNG = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4
APPLICANT = "备份测试申请人"


def main(argv: list[str]) -> int:
    setup_django()
    from django.core.management import call_command

    from gongkai.demo import demo_load

    call_command("migrate", interactive=False, verbosity=0)
    demo_load(applications="--full" in argv)
    _documents()
    _applications()
    return 0


def _documents() -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from gongkai.agencies.models import Agency, User
    from gongkai.catalogue import services
    from gongkai.catalogue.models import Column

    agency = Agency.objects.get(slug="anshan-ggzy")
    editor = User.objects.get(username="ggzy_editor")
    column = Column.objects.filter(agency=agency).order_by("id").first()
    for n in range(3):
        document = services.document_create(
            actor=editor,
            agency=agency,
            column=column,
            title=f"备份测试文件{n}",
            written_on=dt.date(2024, 3, 1),
            body_html=f"<p>正文{n}</p>",
        )
        for m in range(2):
            upload = SimpleUploadedFile(f"图{n}-{m}.png", PNG + bytes([n, m]))
            services.attachment_add(actor=editor, document=document, upload=upload)


def _applications() -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from gongkai.agencies.models import Agency, User
    from gongkai.applications import services
    from gongkai.applications.intake import ApplicantData
    from gongkai.rules.ids import resident_id_check_char

    agency = Agency.objects.get(slug="anshan-ggzy")
    handler = User.objects.get(username="ggzy_handler")
    for n in range(3):
        data = ApplicantData(
            applicant_type="natural_person",
            applicant_name=f"{APPLICANT}{n}",
            id_type="resident_id",
            id_number=f"2103021980010112{n}" + resident_id_check_char(f"2103021980010112{n}"),
            information_sought=f"备份测试所需信息{n}",
            provision_form="electronic",
            delivery="online",
            phone="13900000000",
        )
        application, _ = services.application_submit(
            agency=agency, data=data, idempotency_key=f"backup-{n}", today=dt.date(2024, 3, 4)
        )
        upload = SimpleUploadedFile(f"扫描件{n}.pdf", b"%PDF-1.4 scan " + bytes([n]) * 300)
        services.application_attach(
            actor=handler, application=application, upload=upload, kind="scan"
        )


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
