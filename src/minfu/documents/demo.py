"""Demo letterheads: Taipei Customs and the National Taxation Bureau of Taipei number
their letters as they do (北關業字, 財北國稅服字), with a contact and, for the customs, the
Customs Administration as the appeal authority. Loaded before the demo applications, so
their letters carry these numbers; creates only what is missing."""

from __future__ import annotations

from minfu.documents import services
from minfu.documents.models import Letterhead
from minfu.org.models import Organisation

LETTERHEADS = {
    "TPC": {"title_zh": "財政部關務署臺北關", "title_en": "Taipei Customs, Customs "
            "Administration, Ministry of Finance", "contact_zh": "業務一組服務櫃檯",
            "contact_en": "Service counter, Operations Division I", "phone": "(03) 398-2000",
            "fax": "(03) 398-3060", "email": "service@taipei.customs.example.gov.tw",
            "number_pattern": "北關業字第{year}{serial}號", "appeal_authority_zh": "財政部關務署",
            "appeal_authority_en": "Customs Administration, Ministry of Finance"},
    "NTBT": {"contact_zh": "服務科", "contact_en": "Taxpayer Service Division",
             "phone": "(02) 2311-3711", "fax": "(02) 2311-6720",
             "number_pattern": "財北國稅服字第{year}{serial}號"},
}


def load() -> None:
    for code, fields in LETTERHEADS.items():
        organisation = Organisation.objects.filter(code=code).first()
        if organisation is None or Letterhead.objects.filter(organisation=organisation).exists():
            continue
        services.letterhead_save(letterhead=Letterhead(organisation=organisation, **fields))
