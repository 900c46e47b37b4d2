"""Programmes, execution plans, actions, key indicators, progress reports, plan documents."""
