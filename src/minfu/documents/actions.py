"""The audit action names of letterheads, wordings and document numbers, registered once."""

from minfu.core.audit import register_actions

LETTERHEAD_SAVED = "documents.letterhead.saved"
WORDING_SAVED = "documents.wording.saved"
WORDING_RESET = "documents.wording.reset"
DOCUMENT_ISSUED = "documents.document.issued"

ACTIONS = register_actions(LETTERHEAD_SAVED, WORDING_SAVED, WORDING_RESET, DOCUMENT_ISSUED)
