"""Tables of surveys."""
