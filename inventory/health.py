"""GET /health: is the service up and can it reach its database."""

from litestar import Response, get

from inventory import db


@get("/health", exclude_from_auth=True, tags=["health"], security=[])
async def health() -> Response[dict[str, str]]:
    """200 when the database answers, 503 when it does not; no authentication."""
    reachable = await db.ping(db.current_engine())
    body = {
        "status": "ok" if reachable else "degraded",
        "database": "ok" if reachable else "unreachable",
    }
    return Response(body, status_code=200 if reachable else 503)
