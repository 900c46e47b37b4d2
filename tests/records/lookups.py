"""The kernel lookup, answering one kind, as the tests of cases and voice use it."""

from minfu.cases.kind import APPLICATION
from minfu.records.selectors import record_of_kind_for_lookup
from minfu.voice.kind import PETITION


def case_for_lookup(number: str, access_code: str):
    return record_of_kind_for_lookup(APPLICATION, number, access_code)


def petition_for_lookup(number: str, access_code: str):
    return record_of_kind_for_lookup(PETITION, number, access_code)
