"""The DCAT catalogue of the published datasets as JSON-LD (DCAT-AP style), for portal
harvesters (data.gov.tw, CKAN's dcat harvester): dcat:Catalog > dcat:Dataset >
dcat:Distribution with downloadURL, mediaType, license, publisher, contactPoint,
modified and accrualPeriodicity. Pure: the view passes the rows and the URLs."""

from collections.abc import Callable, Iterable

from minfu.opendata import registry

CONTEXT = {
    "dcat": "http://www.w3.org/ns/dcat#",
    "dct": "http://purl.org/dc/terms/",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "vcard": "http://www.w3.org/2006/vcard/ns#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}
FREQUENCY = "http://publications.europa.eu/resource/authority/frequency/"
FREQUENCIES = {"daily": "DAILY", "weekly": "WEEKLY", "monthly": "MONTHLY",
               "quarterly": "QUARTERLY", "half_yearly": "ANNUAL_2", "yearly": "ANNUAL",
               "irregular": "IRREG"}
MEDIA_TYPE = "https://www.iana.org/assignments/media-types/"


def _texts(zh: str, en: str) -> list[dict]:
    texts = [{"@value": zh, "@language": "zh-Hant"}]
    if en:
        texts.append({"@value": en, "@language": "en"})
    return texts


def _moment(value) -> dict:
    return {"@value": value.isoformat(timespec="seconds"), "@type": "xsd:dateTime"}


def dataset_node(dataset, publication, *, page_url: str,
                 file_url: Callable[[str], str]) -> dict:
    """`file_url(name)`: the stable address of the latest version of a file."""
    licence = {"@id": registry.LICENCE_URL}
    node = {
        "@id": page_url,
        "@type": "dcat:Dataset",
        "dct:identifier": dataset.slug,
        "dct:title": _texts(dataset.title_zh, dataset.title_en),
        "dct:description": _texts(dataset.description_zh, dataset.description_en),
        "dct:publisher": {"@type": "foaf:Organization",
                          "foaf:name": _texts(dataset.organisation.name_zh,
                                              dataset.organisation.name_en)},
        "dcat:contactPoint": {"@type": "vcard:Organization", "vcard:fn": dataset.contact_name,
                              "vcard:hasEmail": {"@id": f"mailto:{dataset.contact_email}"},
                              "vcard:hasTelephone": dataset.contact_phone},
        "dcat:keyword": dataset.all_keywords,
        "dcat:theme": dataset.get_category_display(),
        "dct:accrualPeriodicity": {"@id": FREQUENCY + FREQUENCIES[dataset.frequency]},
        "dct:license": licence,
        "dct:rights": f"{registry.LICENCE_ZH} ({registry.LICENCE_EN}); {registry.FEE_ZH}",
        "dcat:landingPage": {"@id": page_url},
        "dct:issued": _moment(dataset.created_at),
        "dcat:distribution": [],
    }
    if publication is None:
        return node
    node["dct:modified"] = _moment(publication.published_at)
    node["dcat:distribution"] = [{
        "@id": file_url(one["name"]),
        "@type": "dcat:Distribution",
        "dct:title": one["name"],
        "dcat:downloadURL": {"@id": file_url(one["name"])},
        "dcat:accessURL": {"@id": page_url},
        "dcat:mediaType": {"@id": MEDIA_TYPE + one["media_type"]},
        "dct:format": one["format"].upper(),
        "dct:license": licence,
        "dcat:byteSize": {"@value": str(one["bytes"]), "@type": "xsd:decimal"},
        "dct:modified": _moment(publication.published_at),
        "spdx:checksum": {"spdx:algorithm": "sha256", "spdx:checksumValue": one["sha256"]},
    } for one in publication.files]
    return node


def catalogue(*, catalogue_url: str, homepage: str, title_zh: str, title_en: str,
              publisher: str, datasets: Iterable[dict], modified=None) -> dict:
    document = {
        "@context": CONTEXT | {"spdx": "http://spdx.org/rdf/terms#"},
        "@id": catalogue_url,
        "@type": "dcat:Catalog",
        "dct:title": _texts(title_zh, title_en),
        "dct:description": _texts("本平臺開放之政府資料集", "Open datasets of this platform"),
        "dct:publisher": {"@type": "foaf:Agent", "foaf:name": publisher},
        "dct:license": {"@id": registry.LICENCE_URL},
        "foaf:homepage": {"@id": homepage},
        "dcat:dataset": list(datasets),
    }
    if modified is not None:
        document["dct:modified"] = _moment(modified)
    return document
