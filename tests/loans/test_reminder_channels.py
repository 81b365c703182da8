"""The SMS gateway interface against a real HTTP endpoint on loopback, the catalogues of every
message, and logs that never carry a beneficiary's name or contact details."""

from __future__ import annotations

import json
import logging
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from inventory.documents import format_day
from inventory.loans import reminders
from inventory.loans.channels.sms import configured_gateway, international_number
from inventory.loans.tables import Reminder
from inventory.settings import get_settings, use_settings
from tests.loans.loan_steps import lend, local_moment, local_today, register

LOANS_PACKAGE = Path(__file__).parent.parent.parent / "inventory" / "loans"


@dataclass
class Gateway:
    """A minimal SMS gateway: records each JSON body and answers with `status`."""

    url: str
    received: list[dict] = field(default_factory=list)
    status: int = 200


@pytest.fixture
def sms_gateway() -> Iterator[Gateway]:
    gateway = Gateway(url="")

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802
            length = int(self.headers["Content-Length"])
            gateway.received.append(json.loads(self.rfile.read(length)))
            self.send_response(gateway.status)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *args) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    gateway.url = f"http://127.0.0.1:{server.server_address[1]}/send"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield gateway
    finally:
        server.shutdown()
        server.server_close()


def day(offset: int):
    return local_today() + timedelta(days=offset)


def test_no_sms_provider_is_enabled_by_default() -> None:
    assert get_settings().sms_gateway_url is None
    assert configured_gateway(get_settings()) is None


@pytest.mark.parametrize(
    ("written", "international"),
    [
        ("0470 12 34 56", "+32470123456"),
        ("0470/12.34.56", "+32470123456"),
        ("+32 470 12 34 56", "+32470123456"),
        ("0032 470 12 34 56", "+32470123456"),
        ("+33 6 12 34 56 78", "+33612345678"),
    ],
)
def test_phone_numbers_are_sent_to_the_gateway_in_international_form(written, international) -> None:
    assert international_number(written) == international


async def test_a_beneficiary_with_only_a_phone_gets_an_sms_when_a_gateway_is_set_up(
    client, auth, sms_gateway
) -> None:
    use_settings(get_settings().with_overrides(sms_gateway_url=sms_gateway.url))
    sw = auth.social_worker
    person = await register(
        client, sw, language="nl", phone="0470 12 34 56", email="only-mail-if-smtp@example.org"
    )
    loan = await lend(client, sw, auth.technician, beneficiary=person, due_in_days=10)
    report = await reminders.sweep(local_moment(day(3)))
    assert report.sent_by_channel() == {"email": 0, "sms": 1, "letter": 0, "worklist": 0}
    assert sms_gateway.received == [
        {
            "to": "+32470123456",
            "text": f"CPAS Test: breng de Dell Latitude 5490 ({loan['asset_tag']}) uiterlijk op "
            f"{format_day(day(10), 'nl')} terug.",
        }
    ]
    items = (await client.get("/api/v1/worklist", headers=sw)).json()["items"]
    assert [(item["action"], item["channel"]) for item in items] == [("reminder_sent", "sms")]


async def test_a_gateway_error_is_retried_and_a_refusal_is_given_up(client, auth, sms_gateway) -> None:
    use_settings(get_settings().with_overrides(sms_gateway_url=sms_gateway.url))
    sw = auth.social_worker
    loan = await lend(
        client,
        sw,
        auth.technician,
        beneficiary=await register(client, sw, phone="0470 12 34 56"),
        due_in_days=10,
    )
    sms_gateway.status = 503
    assert (await reminders.sweep(local_moment(day(3)))).gave_up == 0
    row = await Reminder.select().where(Reminder.loan == loan["id"]).order_by(Reminder.due_at).first()
    assert (row["status"], row["last_error"]) == ("failed", "SmsError: SMS gateway answered 503")
    assert row["next_attempt_at"] is not None
    sms_gateway.status = 400
    report = await reminders.sweep(row["next_attempt_at"])
    assert (report.failed, report.gave_up) == (1, 1)
    items = (await client.get("/api/v1/worklist", headers=sw)).json()["items"]
    assert [item["action"] for item in items] == ["delivery_failed"]


async def test_logs_never_carry_a_beneficiarys_name_or_contact_details(client, auth, mail, caplog) -> None:
    # Everything at DEBUG: the database driver, which would log statements with their
    # parameters, is kept above DEBUG by inventory/db.py.
    caplog.set_level(logging.DEBUG)
    sw = auth.social_worker
    secrets = ["Zuzanna Brzęczyszczykiewicz", "zuzanna@example.org", "0499 87 65 43"]
    person = await register(client, sw, full_name=secrets[0], email=secrets[1], phone=secrets[2])
    await client.get(f"/api/v1/beneficiaries?q={secrets[0]}", headers=sw)
    loan = await lend(client, sw, auth.technician, beneficiary=person, due_in_days=10)
    await reminders.sweep(local_moment(day(3)))
    mail.sink.refuse.add(secrets[1])  # the next one fails, with the address in the SMTP answer
    await reminders.sweep(local_moment(day(10)))
    await client.get(f"/api/v1/loans/{loan['id']}/agreement.pdf", headers=sw)
    await client.post(f"/api/v1/loans/{loan['id']}/return", json={"condition": "good"}, headers=sw)
    # The test's own SMTP server and HTTP client log what they see; the service must not.
    service_records = [r for r in caplog.records if not r.name.startswith(("mail.log", "httpx", "httpcore"))]
    assert any(r.name == "relais.reminders" for r in service_records)
    for record in service_records:
        text = record.getMessage() + (record.exc_text or "")
        for secret in secrets:
            assert secret not in text, (record.name, text)


def test_every_message_of_loans_is_translated_in_french_and_dutch() -> None:
    # A counted message (ngettext) is known by its singular, as its catalogue entry is.
    used = {
        message if isinstance(message, str) else message[0]
        for _, _, message, _, _ in extract_from_dir(
            str(LOANS_PACKAGE),
            method_map=[("**.py", "python")],
            keywords={"gettext": (2,), "t": (1,), "ngettext": (2, 3)},
        )
        if message and (isinstance(message, str) or message[0])
    }
    # `t(device["category"])` is extracted as the key "category"; categories are checked below.
    used.discard("category")
    used |= {"laptop", "desktop", "tablet", "phone", "monitor", "other"}
    for locale in ("fr", "nl"):
        with (LOANS_PACKAGE / "locale" / locale / "LC_MESSAGES" / "messages.po").open("rb") as handle:
            catalogue = read_po(handle, locale=locale)
        translated = {
            message.id if isinstance(message.id, str) else message.id[0]
            for message in catalogue
            if message.id and message.string
        }
        assert used <= translated, (locale, sorted(used - translated))
        for message in catalogue:
            if message.id:
                # Placeholders survive translation, so that format() fills every one.
                source = message.id if isinstance(message.id, str) else message.id[0]
                forms = message.string if isinstance(message.string, tuple) else (message.string,)
                for form in forms:
                    assert set(_placeholders(source)) == set(_placeholders(form)), message.id


def _placeholders(text: str) -> list[str]:
    import string

    return [name for _, name, _, _ in string.Formatter().parse(text) if name]
