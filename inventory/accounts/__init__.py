"""Users, roles, tokens and the guards that scope every request."""
