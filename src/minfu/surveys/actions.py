"""The audit action names of surveys and ratings, registered once."""

from minfu.core.audit import register_actions

SURVEY_CREATED = "survey.created"
SURVEY_VERSION_EDITED = "survey.version.edited"
SURVEY_VERSION_PUBLISHED = "survey.version.published"
SURVEY_WAVE_CREATED = "survey.wave.created"
SURVEY_INVITATION_CREATED = "survey.invitation.created"
SURVEY_RESPONSE_SUBMITTED = "survey.response.submitted"
RATING_SUBMITTED = "rating.submitted"
RATING_FOLLOW_UP_OPENED = "rating.follow_up.opened"
RATING_FOLLOW_UP_ADVANCED = "rating.follow_up.advanced"

ACTIONS = register_actions(
    SURVEY_CREATED, SURVEY_VERSION_EDITED, SURVEY_VERSION_PUBLISHED, SURVEY_WAVE_CREATED,
    SURVEY_INVITATION_CREATED, SURVEY_RESPONSE_SUBMITTED, RATING_SUBMITTED,
    RATING_FOLLOW_UP_OPENED, RATING_FOLLOW_UP_ADVANCED,
)
