"""E-mail over real SMTP (aiosmtplib), one connection reused for a whole sweep."""

from __future__ import annotations

from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import formatdate
from types import TracebackType
from urllib.parse import unquote, urlsplit

import aiosmtplib

from inventory.loans.schedule import SEND_TIMEOUT_SECONDS
from inventory.text import header_safe


@dataclass(frozen=True)
class SmtpTarget:
    host: str
    port: int
    implicit_tls: bool
    username: str | None
    password: str | None


def smtp_target(url: str) -> SmtpTarget:
    """`smtp://[user:pass@]host[:port]` (STARTTLS when offered) or `smtps://...` (TLS from the start)."""
    parts = urlsplit(url)
    if parts.scheme not in {"smtp", "smtps"} or not parts.hostname:
        raise ValueError("RELAIS_SMTP_URL must look like smtp://host:port or smtps://host:port")
    implicit_tls = parts.scheme == "smtps"
    return SmtpTarget(
        host=parts.hostname,
        port=parts.port or (465 if implicit_tls else 25),
        implicit_tls=implicit_tls,
        username=unquote(parts.username) if parts.username else None,
        password=unquote(parts.password) if parts.password else None,
    )


@dataclass(frozen=True)
class OutgoingMail:
    to: str
    subject: str
    body: str
    language: str
    # Stable per reminder: should a crash ever make a sweep send it twice, mail systems that
    # deduplicate by Message-ID show it once.
    message_id: str


def compose(mail: OutgoingMail, sender: str) -> EmailMessage:
    """The message; every header value is made one clean line first, so that text stored before
    single-line fields refused line breaks (a device's make from a spreadsheet cell) can never
    stop a reminder."""
    message = EmailMessage()
    message["From"] = header_safe(sender)
    message["To"] = header_safe(mail.to)
    message["Subject"] = header_safe(mail.subject)
    message["Date"] = formatdate(localtime=False)
    message["Message-ID"] = header_safe(mail.message_id)
    message["Auto-Submitted"] = "auto-generated"
    message.set_content(mail.body)
    # After set_content, which replaces every Content-* header.
    message["Content-Language"] = header_safe(mail.language)
    return message


class SmtpMailer:
    """An SMTP session opened on the first message and closed when the sweep ends."""

    def __init__(self, url: str, sender: str) -> None:
        self.target = smtp_target(url)
        self.sender = sender
        self._client: aiosmtplib.SMTP | None = None

    async def __aenter__(self) -> SmtpMailer:
        return self

    async def __aexit__(
        self,
        exception_type: type[BaseException] | None,
        exception: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        await self.close()

    async def _connected(self) -> aiosmtplib.SMTP:
        if self._client is not None and self._client.is_connected:
            return self._client
        target = self.target
        client = aiosmtplib.SMTP(
            hostname=target.host,
            port=target.port,
            use_tls=target.implicit_tls,
            username=target.username,
            password=target.password,
            timeout=SEND_TIMEOUT_SECONDS,
        )
        await client.connect()
        self._client = client
        return client

    async def send(self, mail: OutgoingMail) -> None:
        try:
            client = await self._connected()
            await client.send_message(compose(mail, self.sender))
        except (aiosmtplib.SMTPServerDisconnected, aiosmtplib.SMTPConnectError):
            # A server may drop an idle session between batches: reconnect once, then give up.
            await self.close()
            client = await self._connected()
            await client.send_message(compose(mail, self.sender))

    async def close(self) -> None:
        client, self._client = self._client, None
        if client is not None and client.is_connected:
            try:
                await client.quit()
            except aiosmtplib.SMTPException:
                client.close()


def is_permanent(error: BaseException) -> bool:
    """A 5xx answer (unknown mailbox, refused recipient) will not get better by retrying."""
    if isinstance(error, aiosmtplib.SMTPRecipientsRefused):
        return all(refusal.code >= 500 for refusal in error.recipients)
    if isinstance(error, aiosmtplib.SMTPResponseException):
        return error.code >= 500
    return False
