"""The SMS gateway interface; no provider is enabled unless RELAIS_SMS_GATEWAY_URL is set."""

from __future__ import annotations

import re
from typing import Protocol

import httpx

from inventory.loans.schedule import SEND_TIMEOUT_SECONDS
from inventory.settings import Settings

# Beneficiaries' numbers are written as Belgians write them ("0470 12 34 56"); gateways want E.164.
DEFAULT_COUNTRY_CODE = "32"


class SmsError(Exception):
    """The gateway refused or failed the message; `permanent` when retrying cannot help."""

    def __init__(self, detail: str, *, permanent: bool = False) -> None:
        super().__init__(detail)
        self.permanent = permanent


class SmsGateway(Protocol):
    """What the reminder sweep needs from an SMS provider: send one text to one number."""

    async def send(self, phone: str, text: str) -> None: ...

    async def close(self) -> None: ...


def international_number(phone: str, country_code: str = DEFAULT_COUNTRY_CODE) -> str:
    """+<country><number>: `0470 12 34 56` → `+32470123456`, `0032...` → `+32...`."""
    digits = re.sub(r"[^\d+]", "", phone)
    if digits.startswith("+"):
        return "+" + digits[1:].replace("+", "")
    if digits.startswith("00"):
        return "+" + digits[2:]
    if digits.startswith("0"):
        return f"+{country_code}{digits[1:]}"
    return f"+{country_code}{digits}"


class WebhookSmsGateway:
    """Posts `{"to": "+32...", "text": "..."}` as JSON to a URL.

    The shape self-hosted gateways (a phone running an SMS gateway app) and most providers'
    HTTP bridges accept; a provider with another API gets its own class with the same two methods.
    """

    def __init__(self, url: str) -> None:
        self.url = url
        self._client = httpx.AsyncClient(timeout=SEND_TIMEOUT_SECONDS)

    async def send(self, phone: str, text: str) -> None:
        try:
            response = await self._client.post(
                self.url, json={"to": international_number(phone), "text": text}
            )
        except httpx.HTTPError as error:
            raise SmsError(f"SMS gateway unreachable: {type(error).__name__}") from error
        if response.status_code >= 300:
            raise SmsError(
                f"SMS gateway answered {response.status_code}",
                permanent=400 <= response.status_code < 500 and response.status_code not in (408, 429),
            )

    async def close(self) -> None:
        await self._client.aclose()


def configured_gateway(settings: Settings) -> SmsGateway | None:
    """The gateway in force, or None: SMS is off until an operator configures a provider."""
    if not settings.sms_gateway_url:
        return None
    return WebhookSmsGateway(settings.sms_gateway_url)
