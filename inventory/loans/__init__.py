"""Beneficiaries, loans, loan agreements, returns and return reminders."""
