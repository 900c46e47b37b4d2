"""Suggestions, complaints, petitions, the head-of-agency mailbox and hotline intake."""
