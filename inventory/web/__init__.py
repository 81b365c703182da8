"""The server-rendered web UI: pages per role over the domain services, htmx, FR/NL/EN."""
