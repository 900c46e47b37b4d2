"""Record ids as they arrive from URLs, forms and query strings."""


def as_id(value) -> int:
    """The integer id in `value`, or 0 for anything that is not one. No row has id 0, so
    a malformed id is simply not found (404), never a 500."""
    try:
        return int(value)
    except (TypeError, ValueError):
        return 0
