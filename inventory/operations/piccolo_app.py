"""Piccolo app for operations (stock counts and their scans, device imports)."""

import os

from piccolo.conf.apps import AppConfig, table_finder

CURRENT_DIRECTORY = os.path.dirname(os.path.abspath(__file__))

APP_CONFIG = AppConfig(
    app_name="operations",
    migrations_folder_path=os.path.join(CURRENT_DIRECTORY, "piccolo_migrations"),
    table_classes=table_finder(modules=["inventory.operations.tables"], exclude_imported=True),
    migration_dependencies=[
        "inventory.accounts.piccolo_app",
        "inventory.sites.piccolo_app",
        "inventory.devices.piccolo_app",
    ],
    commands=[],
)
