"""JSON bodies, refused with 400 when any string in them (keys included) holds NUL or
another control character (minfu.core.text). DRF's CharField refuses NUL, but a
DictField or JSONField would hand it to PostgreSQL, which cannot store it in jsonb.
Query strings and form bodies are checked by minfu.web.middleware."""

from rest_framework.exceptions import ParseError
from rest_framework.parsers import JSONParser as DrfJSONParser

from minfu.core.text import CONTROL_CHARACTER_CODE, CONTROL_CHARACTER_MESSAGE, has_control_character


class JSONParser(DrfJSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        data = super().parse(stream, media_type, parser_context)
        if has_control_character(data):
            raise ParseError(CONTROL_CHARACTER_MESSAGE, code=CONTROL_CHARACTER_CODE)
        return data
