"""The ASGI entry point that uvicorn workers import."""

from inventory.app import create_app

app = create_app()
