"""Metric definitions over the operational data, rollups and dashboards."""
