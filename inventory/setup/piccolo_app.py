"""Piccolo app for the first-run setup (its one-time tokens)."""

import os

from piccolo.conf.apps import AppConfig, table_finder

CURRENT_DIRECTORY = os.path.dirname(os.path.abspath(__file__))

APP_CONFIG = AppConfig(
    app_name="setup",
    migrations_folder_path=os.path.join(CURRENT_DIRECTORY, "piccolo_migrations"),
    table_classes=table_finder(modules=["inventory.setup.tables"], exclude_imported=True),
    migration_dependencies=["inventory.accounts.piccolo_app"],
    commands=[],
)
