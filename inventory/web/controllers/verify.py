"""The public verification of a wipe certificate: no account, rate-limited, only what the donor knows."""

from __future__ import annotations

from typing import Annotated

from litestar import Controller, Request, Response, get
from litestar.params import PathParameter

from inventory.accounts import throttle
from inventory.devices import wipe_reports
from inventory.errors import TooManyAttempts
from inventory.web.language import said
from inventory.web.pages import page

# Anything a person might type or a QR code might carry; what does not match is "not valid".
Typed = Annotated[str, PathParameter(max_length=60)]


class CertificateVerification(Controller):
    path = "/verify"
    include_in_schema = False

    @get("/{certificate_number:str}/{code:str}", exclude_from_auth=True)
    async def verify(self, request: Request, certificate_number: Typed, code: Typed) -> Response:
        """The certificate's public facts if the number and code belong together, else "not
        valid" and nothing more (the same answer whichever was wrong)."""
        try:
            await throttle.public_lookup(throttle.client_address(request))
        except TooManyAttempts as error:
            response = page(
                request, "public/verify.html", status_code=429, certificate=None, refusal=said(error)
            )
            response.headers["Retry-After"] = str(error.retry_after_seconds)
            return response
        certificate = await wipe_reports.verify(certificate_number, code)
        return page(
            request,
            "public/verify.html",
            status_code=200 if certificate else 404,
            certificate=certificate,
            refusal=None,
        )
