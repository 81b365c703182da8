"""Relais: tracks decommissioned IT equipment from wipe to loan for digital-inclusion programmes."""

import os

# Piccolo finds its engine through this module; set it before any table module is imported.
os.environ.setdefault("PICCOLO_CONF", "inventory.piccolo_conf")
