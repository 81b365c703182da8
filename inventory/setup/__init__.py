"""First run: the one-time setup address that creates the first coordinator account."""
