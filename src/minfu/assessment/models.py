"""Tables of assessment."""
