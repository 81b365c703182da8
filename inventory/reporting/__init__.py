"""Reporting: read-only figures over every domain (devices, loans, schools, sites).

The one place that counts: the dashboard, the summary endpoint, the impact report and its
page all read `reporting.figures`, whose docstring states each rule ("received", flows,
months, cancelled vouchers). Reporting may import any domain; no domain imports reporting.
"""
