"""Tables of loans."""
