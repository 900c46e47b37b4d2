"""The audit action names of the service catalogue, registered once."""

from minfu.core.audit import register_actions

SERVICE_TYPE_CREATED = "catalog.service_type.created"
SERVICE_TYPE_UPDATED = "catalog.service_type.updated"
VERSION_DRAFTED = "catalog.version.drafted"
VERSION_UPDATED = "catalog.version.updated"
VERSION_PUBLISHED = "catalog.version.published"
VERSION_RETIRED = "catalog.version.retired"
TAG_SAVED = "catalog.tag.saved"
CROSS_AGENCY_OPENED = "catalog.cross_agency.opened"

ACTIONS = register_actions(
    SERVICE_TYPE_CREATED, SERVICE_TYPE_UPDATED, VERSION_DRAFTED, VERSION_UPDATED,
    VERSION_PUBLISHED, VERSION_RETIRED, TAG_SAVED, CROSS_AGENCY_OPENED,
)
