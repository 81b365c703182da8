"""Piccolo app for operations: the migrations of the stock-count and device-import tables.

The tables' code lives with devices (inventory/devices/stock_tables.py), but their migrations
were written under this app's name, which existing databases record: the app keeps them, so
an upgrade finds its history and a future auto-migration of devices does not recreate them."""

import os

from piccolo.conf.apps import AppConfig, table_finder

CURRENT_DIRECTORY = os.path.dirname(os.path.abspath(__file__))

APP_CONFIG = AppConfig(
    app_name="operations",
    migrations_folder_path=os.path.join(CURRENT_DIRECTORY, "piccolo_migrations"),
    table_classes=table_finder(modules=["inventory.devices.stock_tables"], exclude_imported=True),
    migration_dependencies=[
        "inventory.accounts.piccolo_app",
        "inventory.sites.piccolo_app",
        "inventory.devices.piccolo_app",
    ],
    commands=[],
)
