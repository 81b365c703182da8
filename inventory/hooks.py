"""Installs the hooks by which a domain serves one below it (which cannot import it).

Called by the composition roots, inventory/app.py and inventory/cli.py, before any request or
command runs; installing twice replaces, never adds.
"""

from __future__ import annotations


def install() -> None:
    from inventory.loans import hooks as loan_hooks
    from inventory.schools import hooks as school_hooks

    loan_hooks.install()
    school_hooks.install()
