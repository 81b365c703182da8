"""How reminders reach people: e-mail over SMTP and an SMS gateway (letters are a PDF batch)."""
