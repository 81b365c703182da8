"""Tables of schools."""
