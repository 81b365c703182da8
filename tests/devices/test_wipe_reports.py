"""Uploading nwipe's own report: it becomes the wipe record, the original is kept byte for byte,
and bad input is a clear refusal or a recorded failed wipe, never a half-recorded one."""

from __future__ import annotations

import asyncio
import hashlib
from pathlib import Path

from inventory import db
from tests.helpers import PASSED_WIPE, act, intake

LOGS = Path(__file__).parent / "nwipe_logs"
SYNTHETIC_TWO_DRIVES = LOGS / "synthetic" / "nwipe-0.37-two-drives.log"


def log(name: str) -> bytes:
    return (LOGS / name).read_bytes()


async def upload(client, headers, tag: str, content: bytes, name: str = "nwipe.log"):
    return await client.post(
        f"/api/v1/devices/{tag}/wipe-reports", files={"file": (name, content, "text/plain")}, headers=headers
    )


async def counts() -> tuple[int, int, int]:
    rows = await db.fetch(
        "SELECT (SELECT COUNT(*) FROM wipe_record) AS wipes, (SELECT COUNT(*) FROM wipe_report) AS reports, "
        "(SELECT COUNT(*) FROM device_event) AS events"
    )
    return rows[0]["wipes"], rows[0]["reports"], rows[0]["events"]


def passed_log_with_serial(serial: str) -> bytes:
    """The newer two-drive log with both drives erased and the first drive's serial replaced:
    a passed wipe of a drive with a real serial (the loop devices' are junk)."""
    text = SYNTHETIC_TWO_DRIVES.read_bytes()
    text = text.replace(b"S3Z1NB0K123456A", serial.encode())
    text = text.replace(b"!      sdb |-FAILED-|", b"       sdb | Erased |")
    text = text.replace(
        b"!      sdb |           0 |                   24 |",
        b"       sdb |           0 |                    0 |",
    )
    return text


async def test_a_real_nwipe_log_becomes_the_wipe_and_is_kept_byte_for_byte(client, auth) -> None:
    tag = (await intake(client, auth.technician, serial_number="5CG1234XYZ"))["asset_tag"]
    content = log("zero_verify_last.log")
    wipes, reports, events = await counts()

    response = await upload(client, auth.technician, tag, content, "RL-000001 zero.log")

    assert response.status_code == 201, response.text
    body = response.json()
    wipe = body["wipe"]
    assert wipe["method"] == "overwrite-1-pass"
    assert wipe["result"] == "passed"
    assert wipe["tool"] == "nwipe 0.33"
    assert wipe["verification"] == "last-pass"
    assert wipe["passes"] == 2  # the zero pass and the blanking pass
    assert wipe["storage_serials"] == []  # a loop device's serial is junk, never kept
    assert wipe["certificate_number"] == "RL-WC-000001"
    assert "/verify/RL-WC-000001/" in wipe["verification_url"]
    assert body["device"]["stage"] == "wiped"
    assert body["event"]["data"]["report_sha256"] == hashlib.sha256(content).hexdigest()
    report = body["report"]
    assert report["sha256"] == hashlib.sha256(content).hexdigest()
    assert report["size_bytes"] == len(content)
    assert report["filename"] == "RL-000001 zero.log"
    assert report["tool_method"] == "Fill With Zeros"
    (drive,) = report["drives"]
    assert drive["name"] == "loop15" or drive["name"].startswith("loop")
    assert drive["status"] == "Erased" and drive["passed"] is True and drive["serial"] is None
    assert await counts() == (wipes + 1, reports + 1, events + 1)

    listed = await client.get(f"/api/v1/devices/{tag}/wipe-reports", headers=auth.admin)
    assert listed.status_code == 200
    (item,) = listed.json()["items"]
    assert item["sha256"] == report["sha256"]
    assert item["wipe"]["certificate_number"] == "RL-WC-000001"
    original = await client.get(item["download"], headers=auth.technician)
    assert original.status_code == 200
    assert original.content == content
    assert "attachment" in original.headers["content-disposition"]
    assert original.headers["repr-digest"].startswith("sha-256=:")


async def test_the_raw_log_as_text_plain_is_accepted_too(client, auth) -> None:
    tag = (await intake(client, auth.technician))["asset_tag"]
    content = log("dodshort_verify_last.log")
    response = await client.post(
        f"/api/v1/devices/{tag}/wipe-reports",
        content=content,
        params={"filename": "dodshort.log"},
        headers={**auth.technician, "content-type": "text/plain"},
    )
    assert response.status_code == 201, response.text
    assert response.json()["wipe"]["method"] == "overwrite-3-pass"
    assert response.json()["report"]["filename"] == "dodshort.log"


async def test_only_the_workshop_uploads_or_reads_reports(client, auth) -> None:
    tag = (await intake(client, auth.technician))["asset_tag"]
    content = log("zero_verify_last.log")
    assert (await upload(client, {}, tag, content)).status_code == 401
    assert (await upload(client, auth.social_worker, tag, content)).status_code == 403
    listed = await client.get(f"/api/v1/devices/{tag}/wipe-reports", headers=auth.social_worker)
    assert listed.status_code == 403
    assert await counts() == (0, 0, 1)  # the intake's event only


async def test_a_failed_wipes_report_is_recorded_as_a_failed_wipe(client, auth) -> None:
    tag = (await intake(client, auth.technician))["asset_tag"]
    response = await upload(client, auth.technician, tag, log("readonly_fails.log"))
    assert response.status_code == 201, response.text
    body = response.json()
    assert body["wipe"]["result"] == "failed"
    assert body["wipe"]["certificate_number"] is None and body["wipe"]["verification_url"] is None
    assert body["device"]["stage"] == "received"
    assert "FAILED" in body["wipe"]["notes"]
    certificates = await client.get(f"/api/v1/devices/{tag}/wipe-certificates", headers=auth.technician)
    assert certificates.json()["items"] == []


async def test_an_interrupted_run_is_a_failed_wipe_of_both_drives(client, auth) -> None:
    tag = (await intake(client, auth.technician))["asset_tag"]
    response = await upload(client, auth.technician, tag, log("interrupted_sigint.log"))
    assert response.status_code == 201, response.text
    assert response.json()["wipe"]["result"] == "failed"
    assert [drive["status"] for drive in response.json()["report"]["drives"]] == ["UABORTED", "UABORTED"]


async def test_a_run_over_several_drives_is_one_wipe_naming_every_serial(client, auth) -> None:
    tag = (await intake(client, auth.technician))["asset_tag"]
    response = await upload(client, auth.technician, tag, SYNTHETIC_TWO_DRIVES.read_bytes())
    assert response.status_code == 201, response.text
    wipe = response.json()["wipe"]
    assert wipe["storage_serials"] == ["S3Z1NB0K123456A", "WD-WXA1A65K7890"]
    assert wipe["result"] == "failed"  # one of the two drives failed
    assert len(response.json()["report"]["drives"]) == 2
    assert await counts() == (1, 1, 2)


async def test_a_report_of_other_storage_than_the_devices_known_serials_is_409_naming_them(
    client, auth
) -> None:
    tag = (await intake(client, auth.technician))["asset_tag"]
    # A first attempt, typed by hand, failed: it names the device's drive.
    typed = {**PASSED_WIPE, "result": "failed", "storage_serials": ["S3Z1NB0K999999Z"]}
    assert (await act(client, auth.technician, tag, "wipe", typed)).status_code == 200
    before = await counts()

    response = await upload(client, auth.technician, tag, SYNTHETIC_TWO_DRIVES.read_bytes())

    assert response.status_code == 409
    body = response.json()
    assert body["reason"] == "storage_serials_mismatch"
    assert "S3Z1NB0K123456A" in body["detail"] and "S3Z1NB0K999999Z" in body["detail"]
    assert body["known_storage_serials"] == ["S3Z1NB0K999999Z"]
    assert await counts() == before
    # A report of the device's own drive is taken.
    own = passed_log_with_serial("S3Z1NB0K999999Z").replace(b"S/N=WD-WXA1A65K7890", b"S/N=XXXXXXXXXXXXXXX")
    own = own.replace(b"WDC WD5000LPVX-22/WD-WXA1A65K7890", b"WDC WD5000LPVX-22/XXXXXXXXXXXXXXX")
    response = await upload(client, auth.technician, tag, own)
    assert response.status_code == 201, response.text
    assert response.json()["wipe"]["storage_serials"] == ["S3Z1NB0K999999Z"]
    assert response.json()["wipe"]["result"] == "passed"


async def test_the_same_report_twice_is_409_and_records_nothing_more(client, auth) -> None:
    first = (await intake(client, auth.technician))["asset_tag"]
    second = (await intake(client, auth.technician))["asset_tag"]
    content = log("zero_verify_last.log")
    assert (await upload(client, auth.technician, first, content)).status_code == 201
    before = await counts()
    for tag in (first, second):
        response = await upload(client, auth.technician, tag, content)
        assert response.status_code == 409
        assert response.json()["reason"] == "report_already_recorded"
        assert first in response.json()["detail"]
    assert await counts() == before


async def test_two_racing_uploads_of_one_report_record_it_once(client, auth) -> None:
    tags = [(await intake(client, auth.technician))["asset_tag"] for _ in range(2)]
    content = log("one_verify_all.log")
    responses = await asyncio.gather(*(upload(client, auth.technician, tag, content) for tag in tags))
    assert sorted(response.status_code for response in responses) == [201, 409]
    assert (await counts())[:2] == (1, 1)


async def test_bad_files_are_clear_400s_and_record_nothing(client, auth) -> None:
    tag = (await intake(client, auth.technician))["asset_tag"]
    content = log("zero_verify_last.log")
    cut = content[: content.index(b"Drive Status")]
    cases = {
        b"": "report_empty",
        b"   \n\n": "report_empty",
        b"name,serial\nDell,123\n": "not_nwipe_log",
        bytes(range(256)) * 64: "not_nwipe_log",
        cut: "report_truncated",
        b"%PDF-1.4\n%garbage": "not_a_pdf",
        log("verify_zero_on_blank.log"): "not_a_wipe",
    }
    for bad, reason in cases.items():
        response = await upload(client, auth.technician, tag, bad)
        assert response.status_code == 400, (reason, response.text)
        assert response.json()["reason"] == reason
        assert response.json()["detail"]
    assert await counts() == (0, 0, 1)


async def test_a_report_over_20_mb_is_413_with_a_clear_message(client, auth) -> None:
    tag = (await intake(client, auth.technician))["asset_tag"]
    huge = log("zero_verify_last.log") + b"\n" * (21 * 1024 * 1024)
    for response in (
        await upload(client, auth.technician, tag, huge),
        await client.post(
            f"/api/v1/devices/{tag}/wipe-reports",
            content=huge,
            headers={**auth.technician, "content-type": "text/plain"},
        ),
    ):
        assert response.status_code == 413
        assert "20 MB" in response.json()["detail"]
    # Just over the limit but inside the form's allowance: the same answer from the reader.
    just_over = log("zero_verify_last.log") + b" " * (20 * 1024 * 1024)
    response = await client.post(
        f"/api/v1/devices/{tag}/wipe-reports",
        content=just_over,
        headers={**auth.technician, "content-type": "text/plain"},
    )
    assert response.status_code == 413 and "20 MB" in response.json()["detail"]
    assert await counts() == (0, 0, 1)


async def test_an_unknown_device_is_404_and_a_multipart_without_file_is_400(client, auth) -> None:
    response = await upload(client, auth.technician, "RL-999999", log("zero_verify_last.log"))
    assert response.status_code == 404
    tag = (await intake(client, auth.technician))["asset_tag"]
    response = await client.post(
        f"/api/v1/devices/{tag}/wipe-reports",
        data={"other": "x"},
        files={"x": ("a", b"b")},
        headers=auth.technician,
    )
    assert response.status_code == 400
    assert await counts() == (0, 0, 1)


async def test_a_multi_round_gutmann_wipe_records_its_hundreds_of_passes(client, auth) -> None:
    tag = (await intake(client, auth.technician))["asset_tag"]
    wipe = {**PASSED_WIPE, "method": "overwrite-3-pass", "passes": 35 * 8 + 1}
    response = await act(client, auth.technician, tag, "wipe", wipe)
    assert response.status_code == 200, response.text
