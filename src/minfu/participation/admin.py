"""Admin of the participation app: each area's read-only admin in its own module."""

from minfu.participation import part2_admin  # noqa: F401  (proposals and sessions)
