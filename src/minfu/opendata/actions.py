"""The audit action names of open data, registered once."""

from minfu.core.audit import register_actions

DATASET_REGISTERED = "dataset.registered"
DATASET_SAVED = "dataset.saved"
DATASET_PUBLISHED = "dataset.published"

ACTIONS = register_actions(
    DATASET_REGISTERED,
    DATASET_SAVED,
    DATASET_PUBLISHED,
)
