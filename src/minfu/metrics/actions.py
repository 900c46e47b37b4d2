"""The audit action names of the metrics, registered once."""

from minfu.core.audit import register_actions

METRICS_REBUILT = "metrics.rebuilt"

ACTIONS = register_actions(
    METRICS_REBUILT,
)
