"""Keeping the search index in step with the content (the search issue builds the index)."""


def document_changed(*, source: str, key: str) -> None:
    """Called by an app's service inside its transaction when a document it offers to the
    search was created, changed or withdrawn."""
