"""The kinds of activity a participant verifies for, registered with verification so
that a key such as "consultation:12" finds its title, agency and page. Each kind's
module adds its own resolver here (imported by AppConfig.ready)."""

from minfu.participation import proposals_activities, sessions_activities  # noqa: F401
