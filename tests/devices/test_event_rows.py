"""A device's history, its wipe certificates and a stock count are typed rows (devices.rows), as
its device row is: enumerations for stored words, the JSON already read."""

from __future__ import annotations

import pytest

from inventory.accounts.roles import Role
from inventory.accounts.service import CurrentUser
from inventory.devices import service as devices
from inventory.devices import stocktake
from inventory.devices.rows import CertificateRow, CountRow, EventRow, WipeRow
from inventory.devices.schemas import DeviceIntake, WipeAction
from inventory.devices.stock_vocabulary import CountStatus
from inventory.devices.vocabulary import Action, Category, Stage, WipeMethod, WipeResult
from inventory.sites import service as sites
from inventory.sites.tables import SiteKind


@pytest.fixture
def actor(auth) -> CurrentUser:
    return CurrentUser(id=auth.users["technician"]["id"], username="tech", role=Role.TECHNICIAN)


async def test_a_device_history_its_certificates_and_a_count_are_typed_rows(database_url, actor) -> None:
    await sites.create_site("atelier", "Atelier", SiteKind.WORKSHOP)
    intake = DeviceIntake(category=Category.LAPTOP, make="Dell", model="Latitude 5490", site="atelier")
    registered = await devices.intake(intake, actor)
    tag = registered.device.asset_tag
    assert isinstance(registered.event, EventRow)
    wipe = WipeAction(method=WipeMethod.NIST_PURGE, result=WipeResult.PASSED, storage_serials=["WD-1"])
    wiped = await devices.wipe(tag, wipe, actor)

    history = await devices.events(tag)
    assert history == [registered.event, wiped.event]
    assert [(event.action, event.from_stage, event.to_stage) for event in history] == [
        (Action.INTAKE, None, Stage.RECEIVED),
        (Action.WIPE, Stage.RECEIVED, Stage.WIPED),
    ]
    assert type(history[1].action) is Action and history[1].details["certificate_number"] == "RL-WC-000001"

    device, [certificate] = await devices.wipe_certificates(tag)
    assert device == wiped.device
    assert isinstance(certificate, CertificateRow) and isinstance(certificate, WipeRow)
    assert (certificate.certificate_number, certificate.method, certificate.current) == (
        "RL-WC-000001",
        WipeMethod.NIST_PURGE,
        True,
    )
    assert certificate.storage_serials == ["WD-1"] and certificate.operator_name == "tech"
    assert (await devices.current_wipe_certificate(tag))[1] == certificate

    opened = await stocktake.open_count("atelier", actor)
    count = await stocktake.get_count(opened.id)
    assert isinstance(count, CountRow)
    assert (count.site_code, count.site_name, count.status, count.result) == (
        "atelier",
        "Atelier",
        CountStatus.OPEN,
        {},
    )
