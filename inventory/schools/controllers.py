"""HTTP endpoints of schools, programmes, vouchers, redemptions and a school's own devices."""

from __future__ import annotations

from typing import Annotated

from litestar import Controller, Request, Response, get, patch, post
from litestar.datastructures import State
from litestar.params import FromQuery, HeaderParameter, JSONBody, PathParameter, QueryParameter
from litestar.types import ControllerRouterHandler

from inventory.accounts.guards import ADMIN, WORKSHOP, requires
from inventory.accounts.roles import Role
from inventory.accounts.service import CurrentUser
from inventory.devices import service as devices
from inventory.devices.schemas import ActionResult, DevicePage
from inventory.devices.vocabulary import Stage
from inventory.http.pagination import Cursor, Limit
from inventory.i18n import LOCALE_PATTERN
from inventory.schools import codes, redemptions, service
from inventory.schools.printing import delivery_note_pdf, vouchers_pdf
from inventory.schools.redemptions import redemption_out
from inventory.schools.rows import VoucherBatchRow, VoucherRow
from inventory.schools.schemas import (
    DeviceReturn,
    EquipmentOut,
    EquipmentRegistration,
    ProgrammeCreate,
    ProgrammeOut,
    ProgrammePage,
    ProgrammeUpdate,
    RedemptionCancel,
    RedemptionOut,
    RedemptionPage,
    RedemptionRequest,
    ReserveDevice,
    SchoolCreate,
    SchoolOut,
    SchoolPage,
    SchoolUpdate,
    VoucherBatchIssue,
    VoucherBatchOut,
    VoucherCancel,
    VoucherEventList,
    VoucherIssue,
    VoucherOut,
    VoucherPage,
    VoucherUpdate,
)
from inventory.schools.service import programme_out, school_out, voucher_out
from inventory.schools.vocabulary import RedemptionKind, RedemptionStatus, VoucherStatus
from inventory.text import NON_BLANK_LINE_PATTERN, QUERY_TEXT_PATTERN

SCHOOL_OR_ADMIN = requires(Role.SCHOOL, Role.ADMIN)
# Technicians see requests to prepare them, never vouchers themselves.
REDEMPTION_READERS = requires(Role.TECHNICIAN, Role.SCHOOL, Role.ADMIN)

RowId = Annotated[int, PathParameter(ge=1, le=2**31 - 1)]
Code = Annotated[
    str,
    PathParameter(
        max_length=codes.CODE_MAX_LENGTH,
        pattern=codes.CODE_PATTERN,
        description=f"voucher code {codes.PRINTED_FORM}, any case, dashes optional",
    ),
]
AssetTag = Annotated[
    str, PathParameter(max_length=40, pattern=NON_BLANK_LINE_PATTERN, description="asset tag, e.g. RL-000042")
]
Locale = Annotated[
    str | None,
    QueryParameter(name="lang", pattern=LOCALE_PATTERN, description="another language than the school's"),
]
OptionalId = Annotated[int | None, QueryParameter(ge=1, le=2**31 - 1)]

AuthedRequest = Request[CurrentUser, str, State]

# Typed `str` (not optional) so the OpenAPI document never offers null: a header has no null.
IfMatch = Annotated[
    str,
    HeaderParameter(
        name="If-Match",
        required=False,
        pattern=r'^\s*(\*|[0-9]{1,12}|"[0-9]{1,12}")?\s*$',
        description=(
            "the voucher `version` the client saw: the change applies only if the voucher's "
            "history is still at that version, else 409"
        ),
    ),
]


def _version_of(if_match: str) -> int | None:
    value = if_match.strip().strip('"')
    return int(value) if value.isdigit() else None


def _pdf(content: bytes, filename: str) -> Response[bytes]:
    return Response(
        content,
        media_type="application/pdf",
        headers={"content-disposition": f'inline; filename="{filename}"'},
    )


class SchoolController(Controller):
    path = "/api/v1/schools"
    tags = ["schools"]

    @post("/", guards=[ADMIN])
    async def create_school(self, data: JSONBody[SchoolCreate]) -> SchoolOut:
        """Register a school; its FASE number is unique."""
        return school_out(await service.create_school(data))

    @get("/", guards=[SCHOOL_OR_ADMIN])
    async def list_schools(
        self,
        request: AuthedRequest,
        q: Annotated[str | None, QueryParameter(max_length=200, pattern=QUERY_TEXT_PATTERN)] = None,
        limit: Limit = 50,
        cursor: Cursor = None,
    ) -> SchoolPage:
        """Schools by id, filtered by name or FASE number; a school user sees its own."""
        return SchoolPage(**await service.list_schools(request.user, q=q, limit=limit, cursor=cursor))

    @get("/{school_id:int}", guards=[SCHOOL_OR_ADMIN])
    async def get_school(self, request: AuthedRequest, school_id: RowId) -> SchoolOut:
        """One school."""
        return school_out(await service.get_school(school_id, request.user))

    @patch("/{school_id:int}", guards=[ADMIN])
    async def update_school(self, school_id: RowId, data: JSONBody[SchoolUpdate]) -> SchoolOut:
        """Change a school's name, FASE number, address or contact e-mail."""
        return school_out(await service.update_school(school_id, data))

    @get("/{school_id:int}/devices", guards=[SCHOOL_OR_ADMIN])
    async def school_devices(
        self,
        request: AuthedRequest,
        school_id: RowId,
        stage: FromQuery[Stage | None] = None,
        limit: Limit = 50,
        cursor: Cursor = None,
    ) -> DevicePage:
        """The devices the school holds: allocated to it, or bought with its vouchers."""
        result = await redemptions.school_devices(
            school_id, request.user, stage=stage, limit=limit, cursor=cursor
        )
        return DevicePage(**result)

    @post("/{school_id:int}/devices/{asset_tag:str}/return", guards=[SCHOOL_OR_ADMIN], status_code=200)
    async def return_device(
        self, request: AuthedRequest, school_id: RowId, asset_tag: AssetTag, data: JSONBody[DeviceReturn]
    ) -> ActionResult:
        """Give back an allocated device, broken or no longer needed; the workshop wipes it again."""
        transition = await redemptions.return_device(
            school_id, asset_tag, data.reason, data.notes, request.user
        )
        return ActionResult(
            device=devices.device_out(transition.device), event=devices.event_out(transition.event)
        )


class ProgrammeController(Controller):
    path = "/api/v1/programmes"
    tags = ["schools"]
    guards = [ADMIN]

    @post("/")
    async def create_programme(self, data: JSONBody[ProgrammeCreate]) -> ProgrammeOut:
        """Create a programme (a funder's plan that gives vouchers to schools)."""
        return programme_out(await service.create_programme(data))

    @get("/")
    async def list_programmes(self, limit: Limit = 50, cursor: Cursor = None) -> ProgrammePage:
        """Programmes by id."""
        return ProgrammePage(**await service.list_programmes(limit=limit, cursor=cursor))

    @get("/{programme_id:int}")
    async def get_programme(self, programme_id: RowId) -> ProgrammeOut:
        """One programme."""
        return programme_out(await service.get_programme(programme_id))

    @patch("/{programme_id:int}")
    async def update_programme(self, programme_id: RowId, data: JSONBody[ProgrammeUpdate]) -> ProgrammeOut:
        """Change a programme's name, funder or dates."""
        return programme_out(await service.update_programme(programme_id, data))


class VoucherController(Controller):
    path = "/api/v1/vouchers"
    tags = ["vouchers"]

    @post("/", guards=[ADMIN])
    async def issue_voucher(self, request: AuthedRequest, data: JSONBody[VoucherIssue]) -> VoucherOut:
        """Issue a voucher to a school for a number of devices, optionally of one category."""
        return voucher_out(await service.issue_voucher(data, request.user))

    @get("/", guards=[SCHOOL_OR_ADMIN])
    async def list_vouchers(
        self,
        request: AuthedRequest,
        status: FromQuery[VoucherStatus | None] = None,
        programme_id: OptionalId = None,
        school_id: OptionalId = None,
        batch_id: OptionalId = None,
        limit: Limit = 50,
        cursor: Cursor = None,
    ) -> VoucherPage:
        """Vouchers by id with what remains of each; a school user sees its own."""
        result = await service.list_vouchers(
            request.user,
            status=status,
            programme_id=programme_id,
            school_id=school_id,
            batch_id=batch_id,
            limit=limit,
            cursor=cursor,
        )
        return VoucherPage(**result)

    @get("/{code:str}", guards=[SCHOOL_OR_ADMIN])
    async def get_voucher(self, request: AuthedRequest, code: Code) -> VoucherOut:
        """One voucher, by its code in any case, with or without dashes."""
        return voucher_out(await service.get_voucher(code, request.user))

    @patch("/{code:str}", guards=[ADMIN])
    async def extend_voucher(
        self, request: AuthedRequest, code: Code, data: JSONBody[VoucherUpdate], if_match: IfMatch = ""
    ) -> VoucherOut:
        """Move the expiry date; an expired voucher with units left can be used again. The
        voucher's history keeps the old and new dates. With If-Match (the voucher's `version`),
        only if nobody changed it since: else 409."""
        voucher = await service.extend_voucher(
            code, data.expires_on, request.user, version=_version_of(if_match)
        )
        return voucher_out(voucher)

    @post("/{code:str}/cancel", guards=[ADMIN], status_code=200)
    async def cancel_voucher(
        self, request: AuthedRequest, code: Code, data: JSONBody[VoucherCancel], if_match: IfMatch = ""
    ) -> VoucherOut:
        """Cancel a voucher and its open requests (their devices are unreserved); the history
        keeps who, when and why. With If-Match (the voucher's `version`), only if nobody changed
        it since: else 409."""
        voucher = await redemptions.cancel_voucher(
            code, data.reason, request.user, version=_version_of(if_match)
        )
        return voucher_out(voucher)

    @get("/{code:str}/events", guards=[SCHOOL_OR_ADMIN])
    async def voucher_events(self, request: AuthedRequest, code: Code) -> VoucherEventList:
        """The voucher's history, oldest first: issued, expiry dates moved, cancelled (who,
        when, the old and new dates, the reason). A school reads its own vouchers' only."""
        history = await service.voucher_history(code, request.user)
        return VoucherEventList(items=[service.voucher_event_out(row) for row in history])

    @get("/{code:str}/voucher.pdf", guards=[SCHOOL_OR_ADMIN], media_type="application/pdf")
    async def voucher_pdf(self, request: AuthedRequest, code: Code, lang: Locale = None) -> Response[bytes]:
        """The voucher to print or post, in its school's language unless `lang` asks for another."""
        voucher = await service.get_voucher(code, request.user)
        pdf = await vouchers_pdf([voucher], lang)
        return _pdf(pdf, f"voucher-{codes.display(voucher.code)}.pdf")

    @post("/{code:str}/redemptions", guards=[SCHOOL_OR_ADMIN])
    async def request_redemption(
        self, request: AuthedRequest, code: Code, data: JSONBody[RedemptionRequest]
    ) -> RedemptionOut:
        """Ask for devices against the voucher; the units are taken from it at once."""
        return redemption_out(await redemptions.request_redemption(code, data, request.user))

    @get("/{code:str}/redemptions", guards=[SCHOOL_OR_ADMIN])
    async def voucher_redemptions(
        self, request: AuthedRequest, code: Code, limit: Limit = 50, cursor: Cursor = None
    ) -> RedemptionPage:
        """The voucher's redemptions, oldest first."""
        voucher = await service.get_voucher(code, request.user)
        result = await redemptions.list_redemptions(
            request.user, voucher=voucher.code, limit=limit, cursor=cursor
        )
        return RedemptionPage(**result)

    @post("/{code:str}/equipment", guards=[SCHOOL_OR_ADMIN])
    async def register_equipment(
        self, request: AuthedRequest, code: Code, data: JSONBody[EquipmentRegistration]
    ) -> EquipmentOut:
        """Register a device the school bought with the voucher; it takes one unit."""
        transition, redemption = await redemptions.register_equipment(code, data, request.user)
        return EquipmentOut(
            device=devices.device_out(transition.device), redemption=redemption_out(redemption)
        )


def _batch_out(batch: VoucherBatchRow, vouchers: list[VoucherRow]) -> VoucherBatchOut:
    return VoucherBatchOut(
        id=batch.id,
        programme_id=batch.programme,
        quantity=batch.quantity,
        category=batch.category,
        expires_on=batch.expires_on,
        issued_at=batch.issued_at,
        issued_by=batch.issued_by,
        vouchers=[voucher_out(row) for row in vouchers],
        pdf=f"{VoucherBatchController.path}/{batch.id}/vouchers.pdf",
    )


class VoucherBatchController(Controller):
    path = "/api/v1/voucher-batches"
    tags = ["vouchers"]
    guards = [ADMIN]

    @post("/")
    async def issue_batch(self, request: AuthedRequest, data: JSONBody[VoucherBatchIssue]) -> VoucherBatchOut:
        """Issue one voucher per school of a list, all alike; `pdf` prints them all for posting."""
        batch, vouchers = await service.issue_batch(data, request.user)
        return _batch_out(batch, vouchers)

    @get("/{batch_id:int}")
    async def get_batch(self, batch_id: RowId) -> VoucherBatchOut:
        """A batch and its vouchers."""
        batch = await service.get_batch(batch_id)
        return _batch_out(batch, await service.batch_vouchers(batch_id))

    @get("/{batch_id:int}/vouchers.pdf", media_type="application/pdf")
    async def batch_pdf(self, batch_id: RowId, lang: Locale = None) -> Response[bytes]:
        """Every voucher of the batch, one page each, sorted by school name, each in its school's
        language unless `lang` asks for one language for all."""
        await service.get_batch(batch_id)
        pdf = await vouchers_pdf(await service.batch_vouchers(batch_id), lang)
        return _pdf(pdf, f"vouchers-batch-{batch_id}.pdf")


class RedemptionController(Controller):
    path = "/api/v1/redemptions"
    tags = ["vouchers"]

    @get("/", guards=[REDEMPTION_READERS])
    async def list_redemptions(
        self,
        request: AuthedRequest,
        status: FromQuery[RedemptionStatus | None] = None,
        kind: FromQuery[RedemptionKind | None] = None,
        voucher: Annotated[
            str | None,
            QueryParameter(
                max_length=codes.CODE_MAX_LENGTH, pattern=codes.CODE_PATTERN, description="voucher code"
            ),
        ] = None,
        school_id: OptionalId = None,
        limit: Limit = 50,
        cursor: Cursor = None,
    ) -> RedemptionPage:
        """Redemptions by id: the workshop's queue with `status=requested`; a school sees its own."""
        result = await redemptions.list_redemptions(
            request.user,
            status=status,
            kind=kind,
            voucher=voucher,
            school_id=school_id,
            limit=limit,
            cursor=cursor,
        )
        return RedemptionPage(**result)

    @get("/{redemption_id:int}", guards=[REDEMPTION_READERS])
    async def get_redemption(self, request: AuthedRequest, redemption_id: RowId) -> RedemptionOut:
        """One redemption with its devices."""
        return redemption_out(await redemptions.get_redemption(redemption_id, request.user))

    @post("/{redemption_id:int}/reserve", guards=[WORKSHOP], status_code=200)
    async def reserve(
        self, request: AuthedRequest, redemption_id: RowId, data: JSONBody[ReserveDevice]
    ) -> RedemptionOut:
        """Reserve a scanned device for the request; it must be available and of the voucher's category."""
        return redemption_out(await redemptions.reserve_device(redemption_id, data.asset_tag, request.user))

    @post("/{redemption_id:int}/unreserve", guards=[WORKSHOP], status_code=200)
    async def unreserve(
        self, request: AuthedRequest, redemption_id: RowId, data: JSONBody[ReserveDevice]
    ) -> RedemptionOut:
        """Take a scanned device off the request; it is available again."""
        return redemption_out(await redemptions.unreserve_device(redemption_id, data.asset_tag, request.user))

    @post("/{redemption_id:int}/hand-over", guards=[WORKSHOP], status_code=200)
    async def hand_over(self, request: AuthedRequest, redemption_id: RowId) -> RedemptionOut:
        """Hand the reserved devices over: they become `allocated` to the school."""
        return redemption_out(await redemptions.hand_over(redemption_id, request.user))

    @post("/{redemption_id:int}/cancel", guards=[SCHOOL_OR_ADMIN], status_code=200)
    async def cancel(
        self, request: AuthedRequest, redemption_id: RowId, data: JSONBody[RedemptionCancel]
    ) -> RedemptionOut:
        """Cancel a request: its devices are unreserved and its units go back to the voucher."""
        return redemption_out(await redemptions.cancel_redemption(redemption_id, data.reason, request.user))

    @get("/{redemption_id:int}/delivery-note.pdf", guards=[REDEMPTION_READERS], media_type="application/pdf")
    async def delivery_note(
        self, request: AuthedRequest, redemption_id: RowId, lang: Locale = None
    ) -> Response[bytes]:
        """The delivery note of a hand-over, with each device's barcode, for signature, in the
        school's language unless `lang` asks for another."""
        note = await redemptions.delivery_note_parts(redemption_id, request.user)
        pdf = await delivery_note_pdf(note, lang)
        return _pdf(pdf, f"{note.redemption.delivery_note_number}.pdf")


ROUTE_HANDLERS: list[ControllerRouterHandler] = [
    SchoolController,
    ProgrammeController,
    VoucherController,
    VoucherBatchController,
    RedemptionController,
]
