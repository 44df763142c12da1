"""What an applicant gives us, checked the same way for the form, the API and staff.

条例 Art. 29 ¶2: (一) 姓名或者名称、身份证明、联系方式; (二) the information
sought, described well enough to find it; (三) 形式要求 and how to obtain it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from gongkai.applications.models import Delivery, IdType, ProvisionForm
from gongkai.rules.ids import is_valid_resident_id, is_valid_uscc
from gongkai.rules.taxonomy import ApplicantType

MAX_REQUEST_LENGTH = 5000


@dataclass
class ApplicantData:
    applicant_type: str
    applicant_name: str
    id_type: str
    id_number: str
    information_sought: str
    provision_form: str
    delivery: str
    phone: str = ""
    email: str = ""
    address: str = ""
    contact_person: str = ""
    document_number: str = ""
    purpose: str = ""


def _choice(value: str, allowed, field: str, errors: dict) -> None:
    if value not in {str(v) for v in allowed}:
        errors[field] = _("Choose one of the listed options.")


def _identity(data: ApplicantData, errors: dict, today: dt.date) -> None:
    number = "".join(data.id_number.split()).upper()
    data.id_number = number
    organisation = data.applicant_type != ApplicantType.NATURAL_PERSON
    if organisation and data.id_type != IdType.USCC:
        errors["id_type"] = _("An organisation identifies itself by its credit code.")
    elif data.id_type == IdType.RESIDENT_ID and not is_valid_resident_id(number, today=today):
        errors["id_number"] = _(
            "This resident identity card number is not valid (check the 18 characters)."
        )
    elif data.id_type == IdType.USCC and not is_valid_uscc(number):
        errors["id_number"] = _("This unified social credit code is not valid.")
    elif not number:
        errors["id_number"] = _("Give the number of your identity document.")


def _contact(data: ApplicantData, errors: dict) -> None:
    if not (data.phone.strip() or data.email.strip() or data.address.strip()):
        errors["phone"] = _("Give at least one way to reach you: telephone, e-mail or address.")
    if data.delivery == Delivery.EMAIL and not data.email.strip():
        errors["email"] = _("Delivery by e-mail needs an e-mail address.")
    if data.delivery == Delivery.POST and not data.address.strip():
        errors["address"] = _("Delivery by post needs a postal address.")


def applicant_validate(data: ApplicantData, *, today: dt.date) -> ApplicantData:
    """Raise a ValidationError naming every field that is wrong; return cleaned data."""
    errors: dict[str, str] = {}
    _choice(data.applicant_type, list(ApplicantType), "applicant_type", errors)
    _choice(data.id_type, IdType.values, "id_type", errors)
    _choice(data.provision_form, ProvisionForm.values, "provision_form", errors)
    _choice(data.delivery, Delivery.values, "delivery", errors)
    data.applicant_name = data.applicant_name.strip()
    if not data.applicant_name:
        errors["applicant_name"] = _("Give your name or your organisation's name.")
    if "id_type" not in errors:
        _identity(data, errors, today)
    _contact(data, errors)
    data.information_sought = data.information_sought.strip()
    if len(data.information_sought) < 4:
        errors["information_sought"] = _("Describe the information you are asking for.")
    elif len(data.information_sought) > MAX_REQUEST_LENGTH:
        errors["information_sought"] = _("The description is too long.")
    if errors:
        raise ValidationError(errors)
    return data
