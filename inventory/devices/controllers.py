"""HTTP endpoints of devices: intake, lists, scan, actions and the wipe certificate."""

from __future__ import annotations

import base64
from collections.abc import Awaitable
from dataclasses import dataclass
from typing import Annotated

from litestar import Controller, MediaType, Request, Response, get, patch, post, put
from litestar.datastructures import State, UploadFile
from litestar.exceptions.http_exceptions import RequestEntityTooLarge
from litestar.openapi.spec import OpenAPIFormat, OpenAPIMediaType, OpenAPIType, Operation, RequestBody, Schema
from litestar.params import FromQuery, HeaderParameter, JSONBody, PathParameter, QueryParameter
from litestar.types import ControllerRouterHandler

from inventory import text
from inventory.accounts.guards import STAFF, WORKSHOP, requires
from inventory.accounts.roles import Role
from inventory.accounts.service import CurrentUser
from inventory.devices import donors, service, stock_controllers, wipe_reports
from inventory.devices.printing import (
    calibration_page,
    certificate_bundle_pdf,
    device_labels,
    wipe_certificate_pdf,
)
from inventory.devices.rows import CertificateRow, DeviceRow
from inventory.devices.schemas import (
    ActionResult,
    CancelTransferAction,
    DeviceCorrection,
    DeviceIntake,
    DeviceOut,
    DevicePage,
    DonorLanguage,
    DonorList,
    DonorOut,
    EventList,
    FinishRepairAction,
    FoundAction,
    LabelAction,
    LabelLayout,
    LabelRequest,
    ReceiveTransferAction,
    RefurbishAction,
    RepairAction,
    RetireAction,
    ScanResult,
    TransferAction,
    WipeAction,
    WipeCertificateList,
    WipeCertificateOut,
    WipeRecorded,
    WipeReportList,
)
from inventory.devices.vocabulary import Category, Stage, WipeResult
from inventory.errors import N_, InvalidInput, NotFound
from inventory.http.pagination import DEFAULT_LIMIT, Cursor, Limit
from inventory.i18n import LOCALE_PATTERN
from inventory.text import NON_BLANK_LINE_PATTERN, QUERY_TEXT_PATTERN

AssetTag = Annotated[
    str, PathParameter(max_length=40, pattern=NON_BLANK_LINE_PATTERN, description="asset tag, e.g. RL-000042")
]
ScannedCode = Annotated[
    str,
    text.path_code_parameter(100, scanned=True, description="asset tag, serial number or donor reference"),
]
CertificateFile = Annotated[
    str,
    PathParameter(
        max_length=50,
        pattern=NON_BLANK_LINE_PATTERN,
        description="certificate number and .pdf, e.g. RL-WC-000042.pdf",
    ),
]
Locale = Annotated[
    str | None,
    QueryParameter(name="lang", pattern=LOCALE_PATTERN, description="another language than the donor's"),
]

AuthedRequest = Request[CurrentUser, str, State]


# Typed `str` (not optional) so the OpenAPI document never offers null: a header has no null.
IfMatch = Annotated[
    str,
    HeaderParameter(
        name="If-Match",
        required=False,
        pattern=r'^\s*(\*|[0-9]{1,12}|"[0-9]{1,12}")?\s*$',
        description=(
            "the device `version` the client saw: the action applies only if the device is still "
            "at that version, else 409 (of clients racing from one version, exactly one acts)"
        ),
    ),
]


def _version_of(if_match: str | None) -> int | None:
    value = (if_match or "").strip().strip('"')
    return int(value) if value.isdigit() else None


async def _acted(if_match: str | None, action: Awaitable[service.Transition]) -> ActionResult:
    """One device action, applied only to the version the client names in If-Match (if any)."""
    with service.expecting_version(_version_of(if_match)):
        return _result(await action)


def _result(transition: service.Transition) -> ActionResult:
    return ActionResult(
        device=service.device_out(transition.device), event=service.event_out(transition.event)
    )


class DeviceController(Controller):
    path = "/api/v1/devices"
    tags = ["devices"]

    @post("/", guards=[requires(Role.TECHNICIAN, Role.ADMIN, Role.SCHOOL)])
    async def intake(self, request: AuthedRequest, data: JSONBody[DeviceIntake]) -> DeviceOut:
        """Register a device; it gets the next asset tag and starts `received`.

        A school may register only the equipment it bought with one of its vouchers
        (funding `voucher` and its `voucher_code`): that takes one unit of the voucher and the
        device is the school's, `allocated`, from the start.
        """
        if request.user.role == Role.SCHOOL:
            transition = await service.intake_by_school(data, request.user)
        else:
            transition = await service.intake(data, request.user)
        return service.device_out(transition.device)

    @get("/", guards=[STAFF])
    async def list_devices(
        self,
        stage: FromQuery[Stage | None] = None,
        category: FromQuery[Category | None] = None,
        site: Annotated[str | None, QueryParameter(max_length=40, pattern=QUERY_TEXT_PATTERN)] = None,
        q: Annotated[str | None, QueryParameter(max_length=200, pattern=QUERY_TEXT_PATTERN)] = None,
        limit: Limit = DEFAULT_LIMIT,
        cursor: Cursor = None,
    ) -> DevicePage:
        """Devices, oldest first, filtered by stage, category, site or a search text."""
        result = await service.list_devices(
            stage=stage, category=category, site=site, q=q, limit=limit, cursor=cursor
        )
        return DevicePage(**result)

    @get("/{asset_tag:str}", guards=[STAFF])
    async def get_device(self, asset_tag: AssetTag) -> Response[DeviceOut]:
        """One device; its ETag is its `version`, for If-Match on its actions."""
        row = await service.get_device(asset_tag)
        return Response(service.device_out(row), headers={"ETag": f'"{row.version}"'})

    @patch("/{asset_tag:str}", guards=[WORKSHOP], summary="Correct a device's recorded details")
    async def correct_device(
        self,
        request: AuthedRequest,
        asset_tag: AssetTag,
        data: JSONBody[DeviceCorrection],
        if_match: IfMatch = "",
    ) -> ActionResult:
        """Correct what was typed at intake: category, make, model, serial number, donor, donor
        reference, batch, specs or notes, with a required `reason`.

        Only the fields sent change (`null` clears an optional one; `specs` replaces the whole
        set). The stage, site, funding and owner are never corrected this way: their actions
        change them, and a body naming them is a 400. The answer's event is a `correct` whose
        `data` holds the `reason` and each change as `{field, old, new}`; the stage is the same
        before and after. A make and serial number already registered for another device: 409
        naming its `asset_tag`. Nothing changed: 400 with reason `no_change`. With If-Match, the
        correction applies only to that version, else 409 (of two corrections from one version,
        exactly one wins).
        """
        return await _acted(if_match, service.correct(asset_tag, data, request.user))

    @get("/{asset_tag:str}/events", guards=[STAFF])
    async def get_events(
        self, asset_tag: AssetTag, limit: Limit = DEFAULT_LIMIT, cursor: Cursor = None
    ) -> EventList:
        """The device's history, oldest first."""
        return await service.events_page(asset_tag, limit=limit, cursor=cursor)

    @get("/{asset_tag:str}/wipe-certificates", guards=[WORKSHOP])
    async def list_wipe_certificates(self, asset_tag: AssetTag) -> WipeCertificateList:
        """The certificates of the device's passed wipes, one per wipe, by wipe date (oldest
        first); `current` marks the one that covers the current custody period, if any."""
        device, wipes = await service.wipe_certificates(asset_tag)
        return WipeCertificateList(items=[wipe_certificate_out(device.asset_tag, wipe) for wipe in wipes])

    @get(
        "/{asset_tag:str}/wipe-certificates/{filename:str}",
        guards=[WORKSHOP],
        media_type="application/pdf",
    )
    async def wipe_certificate_by_number(
        self, asset_tag: AssetTag, filename: CertificateFile, lang: Locale = None
    ) -> Response[bytes]:
        """One certificate, `<number>.pdf` (e.g. `RL-WC-000042.pdf`), dated by its wipe, in the
        donor's language unless `lang` asks for another."""
        if not filename.lower().endswith(".pdf"):
            raise NotFound(N_("certificates are served as <number>.pdf"), reason="no_such_certificate")
        device, wipe = await service.wipe_certificate(asset_tag, filename[: -len(".pdf")])
        return await certificate_pdf(device, wipe, lang)

    @get("/{asset_tag:str}/wipe-certificate.pdf", guards=[WORKSHOP], media_type="application/pdf")
    async def wipe_certificate(self, asset_tag: AssetTag, lang: Locale = None) -> Response[bytes]:
        """The certificate of the wipe that covers the current custody period: the latest
        passed wipe since the device last came into custody (intake, return, found), in the
        donor's language unless `lang` asks for another. 404 with `reason` `never_wiped` or
        `not_wiped_since_custody_change` when there is none."""
        device, wipe = await service.current_wipe_certificate(asset_tag)
        return await certificate_pdf(device, wipe, lang)


def wipe_certificate_out(asset_tag: str, wipe: CertificateRow) -> WipeCertificateOut:
    number = wipe.certificate_number
    return WipeCertificateOut(
        number=number,
        wiped_at=wipe.wiped_at,
        started_at=wipe.started_at,
        finished_at=wipe.finished_at,
        method=wipe.method,
        passed=wipe.result == WipeResult.PASSED,
        current=wipe.current,
        pdf=f"/api/v1/devices/{asset_tag}/wipe-certificates/{number}.pdf",
    )


async def certificate_pdf(device: DeviceRow, wipe: CertificateRow, lang: str | None) -> Response[bytes]:
    return _pdf(await wipe_certificate_pdf(device, wipe, lang), f"{wipe.certificate_number}.pdf")


class DeviceActionController(Controller):
    path = "/api/v1/devices/{asset_tag:str}/actions"
    tags = ["device actions"]
    guards = [WORKSHOP]

    @post("/wipe", status_code=200)
    async def wipe(
        self,
        request: AuthedRequest,
        asset_tag: AssetTag,
        data: JSONBody[WipeAction],
        if_match: IfMatch = "",
    ) -> ActionResult:
        """Record a wipe; a passed one makes the device `wiped` and numbers its certificate."""
        return await _acted(if_match, service.wipe(asset_tag, data, request.user))

    @post("/refurbish", status_code=200)
    async def refurbish(
        self,
        request: AuthedRequest,
        asset_tag: AssetTag,
        data: JSONBody[RefurbishAction],
        if_match: IfMatch = "",
    ) -> ActionResult:
        """Complete refurbishment with a full checklist; any failed check is refused."""
        return await _acted(if_match, service.refurbish(asset_tag, data, request.user))

    @post("/label", status_code=200)
    async def label(
        self,
        request: AuthedRequest,
        asset_tag: AssetTag,
        data: JSONBody[LabelAction],
        if_match: IfMatch = "",
    ) -> ActionResult:
        """The label was printed and stuck: the device becomes `available`."""
        return await _acted(if_match, service.label(asset_tag, data, request.user))

    @post("/send_to_repair", status_code=200)
    async def send_to_repair(
        self,
        request: AuthedRequest,
        asset_tag: AssetTag,
        data: JSONBody[RepairAction],
        if_match: IfMatch = "",
    ) -> ActionResult:
        """Send the device to repair, saying why."""
        return await _acted(if_match, service.send_to_repair(asset_tag, data, request.user))

    @post("/finish_repair", status_code=200)
    async def finish_repair(
        self,
        request: AuthedRequest,
        asset_tag: AssetTag,
        data: JSONBody[FinishRepairAction],
        if_match: IfMatch = "",
    ) -> ActionResult:
        """The repair is done: back to `wiped` if a passed wipe covers the device's current custody
        and `storage_replaced` is false, else to `received`, to be wiped."""
        return await _acted(if_match, service.finish_repair(asset_tag, data, request.user))

    @post("/retire", status_code=200)
    async def retire(
        self,
        request: AuthedRequest,
        asset_tag: AssetTag,
        data: JSONBody[RetireAction],
        if_match: IfMatch = "",
    ) -> ActionResult:
        """Retire the device for good (recycled, parts, beyond repair).

        With no passed wipe since the last custody change, `destruction_certificate_ref` (the
        recycler's certificate of destruction) is required: 409 otherwise.
        """
        return await _acted(if_match, service.retire(asset_tag, data, request.user))

    @post("/transfer", status_code=200)
    async def transfer(
        self,
        request: AuthedRequest,
        asset_tag: AssetTag,
        data: JSONBody[TransferAction],
        if_match: IfMatch = "",
    ) -> ActionResult:
        """Send the device to another site; it arrives when that site scans it."""
        return await _acted(if_match, service.transfer(asset_tag, data.site, request.user))

    @post("/receive_transfer", status_code=200)
    async def receive_transfer(
        self,
        request: AuthedRequest,
        asset_tag: AssetTag,
        data: JSONBody[ReceiveTransferAction],
        if_match: IfMatch = "",
    ) -> ActionResult:
        """Confirm by a scan that a transferred device arrived."""
        return await _acted(if_match, service.receive_transfer(asset_tag, request.user, data.notes))

    @post("/cancel_transfer", status_code=200)
    async def cancel_transfer(
        self,
        request: AuthedRequest,
        asset_tag: AssetTag,
        data: JSONBody[CancelTransferAction],
        if_match: IfMatch = "",
    ) -> ActionResult:
        """Cancel a pending transfer: the device stays at its site, no longer in transit."""
        return await _acted(if_match, service.cancel_transfer(asset_tag, request.user, data.notes))

    @post("/found", status_code=200)
    async def found(
        self,
        request: AuthedRequest,
        asset_tag: AssetTag,
        data: JSONBody[FoundAction],
        if_match: IfMatch = "",
    ) -> ActionResult:
        """A lost device was found: it becomes `returned`, to be wiped; its loan stays `lost`
        and records the day it was found."""
        return await _acted(if_match, service.found(asset_tag, data, request.user))


class ScanController(Controller):
    path = "/api/v1/scan"
    tags = ["devices"]
    guards = [STAFF]

    @get("/{code:str}")
    async def scan(self, code: ScannedCode) -> ScanResult:
        """Find a device by asset tag, serial number or donor reference."""
        row = await service.scan(code)
        return ScanResult(device=service.device_out(row), allowed_actions=service.allowed_actions(row))


def _pdf(content: bytes, filename: str) -> Response[bytes]:
    return Response(
        content,
        media_type="application/pdf",
        headers={"content-disposition": f'inline; filename="{filename}"'},
    )


class LabelController(Controller):
    path = "/api/v1/labels"
    tags = ["labels"]
    guards = [WORKSHOP]

    @post("/", status_code=200, media_type="application/pdf")
    async def print_labels(self, request: AuthedRequest, data: JSONBody[LabelRequest]) -> Response[bytes]:
        """Asset labels as a PDF laid out at exact millimetres; print at 100 %, never scaled.

        `start_position` (1 = top left, row by row) skips the used labels of a partly used
        sheet. Any unknown tag is a 400 listing every unknown tag, and nothing is rendered. The
        document's title is in the account's language.
        """
        pdf = await device_labels(data.asset_tags, data.layout, data.start_position, request.user.language)
        return _pdf(pdf, "labels.pdf")

    @get("/calibration.pdf", media_type="application/pdf")
    async def calibration(
        self, request: AuthedRequest, layout: FromQuery[LabelLayout] = "a4-63x38"
    ) -> Response[bytes]:
        """A page with every label outline of the layout, to check the printer's alignment."""
        return _pdf(await calibration_page(layout, request.user.language), f"calibration-{layout}.pdf")


ReportId = Annotated[int, PathParameter(ge=1, le=2**31 - 1, description="the report's id")]
FileName = Annotated[
    str | None,
    QueryParameter(max_length=255, pattern=NON_BLANK_LINE_PATTERN, description="the report's file name"),
]


@dataclass
class ReportUpload(Operation):
    """The OpenAPI operation of an upload of one wipe report: a form with `file`, or the file."""

    def __post_init__(self) -> None:
        binary = OpenAPIMediaType(schema=Schema(type=OpenAPIType.STRING, format=OpenAPIFormat.BINARY))
        self.request_body = RequestBody(
            content={
                "multipart/form-data": OpenAPIMediaType(
                    schema=Schema(
                        type=OpenAPIType.OBJECT,
                        properties={"file": Schema(type=OpenAPIType.STRING, format=OpenAPIFormat.BINARY)},
                        required=["file"],
                    )
                ),
                "text/plain": binary,
                "application/pdf": binary,
            },
            description=(
                "nwipe's log (`nwipe -l FILE`) or its PDF certificate (nwipe 0.35+), as a form field "
                f"`file` or as the body itself; at most {wipe_reports.MAX_REPORT_MB} MB."
            ),
            required=True,
        )


def _too_large(_: AuthedRequest, __: RequestEntityTooLarge) -> Response[dict[str, object]]:
    error = wipe_reports.ReportTooLarge()
    return Response(
        {"status_code": 413, "detail": error.detail, "reason": error.reason, **error.extra()},
        status_code=413,
        media_type=MediaType.JSON,
    )


async def uploaded_report(request: AuthedRequest) -> tuple[bytes, str]:
    """The uploaded report's bytes and file name: the form's `file`, else the body itself."""
    content_type = request.headers.get("content-type", "")
    if content_type.startswith("multipart/form-data"):
        form = await request.form()
        upload = form.get("file")
        if not isinstance(upload, UploadFile):
            raise InvalidInput(N_("the form has no file: send the report as the field 'file'"), field="file")
        return await upload.read(), upload.filename or ""
    return await request.body(), ""


class WipeReportController(Controller):
    path = "/api/v1/devices/{asset_tag:str}/wipe-reports"
    tags = ["wipe reports"]
    guards = [WORKSHOP]

    @post(
        "/",
        status_code=201,
        request_max_body_size=wipe_reports.MAX_REPORT_BYTES + wipe_reports.FORM_OVERHEAD_BYTES,
        operation_class=ReportUpload,
        exception_handlers={RequestEntityTooLarge: _too_large},
    )
    async def upload(
        self, request: AuthedRequest, asset_tag: AssetTag, filename: FileName = None
    ) -> WipeRecorded:
        """Record the wipe an nwipe report reports, and keep the report unchanged.

        One wipe per run, covering every drive the report lists; any drive not Erased, or with
        pass, verification or sync errors, makes it a failed wipe (recorded as such). When the
        device's storage serials are known (from its earlier wipes), the report's must be among
        them: 409 naming them otherwise. The same file twice is a 409. Not a report, an empty
        or cut log, a run that only verified: 400; over 20 MB: 413. Nothing is half-recorded.
        """
        content, form_name = await uploaded_report(request)
        if not content:
            raise InvalidInput(N_("The report is empty."), reason="report_empty", field="file")
        recorded = await wipe_reports.record(asset_tag, content, request.user, filename=filename or form_name)
        tag = recorded.transition.device.asset_tag
        sha256 = recorded.report.sha256
        return WipeRecorded(
            wipe=wipe_reports.wipe_out(tag, recorded.wipe, sha256),
            report=wipe_reports.report_out(tag, recorded.report, recorded.wipe),
            device=service.device_out(recorded.transition.device),
            event=service.event_out(recorded.transition.event),
        )

    @get("/")
    async def list_reports(self, asset_tag: AssetTag) -> WipeReportList:
        """The device's kept wipe reports, oldest first: digest, download link and the wipe."""
        device, reports = await wipe_reports.reports_of(asset_tag)
        tag = device.asset_tag
        return WipeReportList(items=[wipe_reports.report_out(tag, report, wipe) for report, wipe in reports])

    @get("/{report_id:int}", media_type="application/octet-stream")
    async def download(self, asset_tag: AssetTag, report_id: ReportId) -> Response[bytes]:
        """The original report, byte for byte as it was uploaded; `Repr-Digest` carries its SHA-256."""
        kept = await wipe_reports.original(asset_tag, report_id)
        name = kept.filename or f"wipe-report-{report_id}"
        digest = base64.b64encode(bytes.fromhex(kept.sha256)).decode()
        return Response(
            kept.content,
            media_type=kept.media_type or "application/octet-stream",
            headers={
                "content-disposition": f'attachment; filename="{name}"',
                "repr-digest": f"sha-256=:{digest}:",
                "x-content-type-options": "nosniff",
            },
        )


Donor = Annotated[str, QueryParameter(min_length=1, max_length=200, pattern=QUERY_TEXT_PATTERN)]
BatchName = Annotated[str | None, QueryParameter(max_length=100, pattern=QUERY_TEXT_PATTERN)]


@get("/api/v1/wipe-certificates.pdf", guards=[WORKSHOP], tags=["wipe reports"], media_type="application/pdf")
async def wipe_certificate_bundle(
    donor: Donor, batch: BatchName = None, lang: Locale = None
) -> Response[bytes]:
    """Every wipe certificate of a donor's batch (every batch without `batch`) in one PDF, after
    a summary page counting its devices wiped, whose wipe failed, destroyed and not yet wiped; in
    the donor's language unless `lang` asks for another."""
    pdf = await certificate_bundle_pdf(donor, batch, lang)
    return _pdf(pdf, "wipe-certificates.pdf")


class DonorController(Controller):
    path = "/api/v1/donors"
    tags = ["donors"]
    guards = [WORKSHOP]

    @get("")
    async def list_donors(self) -> DonorList:
        """Every donor named on a device or with a record, by name, with the language of its
        wipe certificates (French until set) and how many devices name it."""
        return DonorList(items=await donors.list_donors())

    @put("")
    async def set_donor_language(self, data: JSONBody[DonorLanguage]) -> DonorOut:
        """Set the language of a donor's wipe certificates; `name` is the donor as devices carry
        it (a donor not yet named on any device gets its record ahead of its delivery)."""
        return await donors.set_language(data)


# What devices contribute to the app (collected by inventory/app.py), with the endpoints of
# imports and stock counts (inventory/devices/stock_controllers.py).
ROUTE_HANDLERS: list[ControllerRouterHandler] = [
    DeviceController,
    DeviceActionController,
    ScanController,
    LabelController,
    WipeReportController,
    wipe_certificate_bundle,
    DonorController,
    *stock_controllers.ROUTE_HANDLERS,
]
