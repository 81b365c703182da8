"""Devices: intake, the stage machine, events, wipe records and certificates."""
