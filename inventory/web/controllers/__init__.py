"""Page controllers of the web UI, one module per role."""
