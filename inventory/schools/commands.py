"""The `relais` subcommands of schools (registered with inventory.cli.command)."""
