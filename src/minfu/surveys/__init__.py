"""Satisfaction surveys with versions and waves, real-time ratings, analysis."""
