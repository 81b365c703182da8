"""Piccolo's configuration: the engine from the settings and every domain's app."""

from piccolo.conf.apps import AppRegistry

from inventory.engines import engine_for_url
from inventory.settings import get_settings

DB = engine_for_url(get_settings().database_url)

APP_REGISTRY = AppRegistry(
    apps=[
        "inventory.accounts.piccolo_app",
        "inventory.sites.piccolo_app",
        "inventory.devices.piccolo_app",
        "inventory.loans.piccolo_app",
        "inventory.schools.piccolo_app",
        "inventory.operations.piccolo_app",
        "inventory.setup.piccolo_app",
    ]
)
