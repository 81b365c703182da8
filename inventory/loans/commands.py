"""The `relais` subcommands of loans (registered with inventory.cli.command)."""
