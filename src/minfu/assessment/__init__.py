"""Inspections with score sheets, courtesy tests, improvement items, recognition, proposals, awards."""
