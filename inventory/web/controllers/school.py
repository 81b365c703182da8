"""Schools' portal (vouchers, requests, equipment, delivery notes), the workshop's redemption
queue (reserve by scanning, hand over), and the coordinator's schools, programmes and vouchers."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Annotated, Any, TypeVar

import msgspec
from litestar import Controller, Request, Response, get, post
from litestar.params import PathParameter, QueryParameter

from inventory.accounts.guards import ADMIN, WORKSHOP, requires
from inventory.accounts.roles import Role
from inventory.accounts.service import CurrentUser
from inventory.devices import service as devices
from inventory.devices.vocabulary import Action
from inventory.errors import ActionNotAllowed, DomainError, NotFound
from inventory.i18n import LOCALE_PATTERN
from inventory.schools import redemptions, service
from inventory.schools.printing import delivery_note_pdf, vouchers_pdf
from inventory.schools.redemptions import redemption_out
from inventory.schools.rows import VoucherRow
from inventory.schools.schemas import (
    DeviceReturn,
    EquipmentRegistration,
    ProgrammeCreate,
    ProgrammeUpdate,
    RedemptionCancel,
    RedemptionRequest,
    SchoolCreate,
    SchoolUpdate,
    VoucherBatchIssue,
    VoucherCancel,
    VoucherIssue,
    VoucherUpdate,
)
from inventory.schools.service import programme_out, school_out, voucher_out
from inventory.schools.vocabulary import Reason, RedemptionStatus
from inventory.text import NON_BLANK_LINE_PATTERN, QUERY_TEXT_PATTERN
from inventory.web.forms import REQUIRED, form_dict, parse
from inventory.web.language import gettext, said
from inventory.web.pages import go, page, signed_in, wants_partial
from inventory.web.workshop import form_version, refusal

RowId = Annotated[int, PathParameter(ge=1, le=2_147_483_647)]
VoucherCode = Annotated[str, PathParameter(max_length=40, pattern=NON_BLANK_LINE_PATTERN)]
AssetTag = Annotated[str, PathParameter(max_length=40, pattern=NON_BLANK_LINE_PATTERN)]
Done = Annotated[str | None, QueryParameter(name="done", max_length=40, pattern=QUERY_TEXT_PATTERN)]
# A document in another language than its reader's (the school's).
Lang = Annotated[str | None, QueryParameter(name="lang", pattern=LOCALE_PATTERN)]

SCHOOL = requires(Role.SCHOOL)
REDEMPTION_READERS = requires(Role.TECHNICIAN, Role.SCHOOL, Role.ADMIN)

# The struct a creation form describes (a school, a programme, a voucher).
NewStruct = TypeVar("NewStruct", bound=msgspec.Struct)


def _user(request: Request) -> CurrentUser:
    return signed_in(request)


def _pdf(content: bytes, filename: str) -> Response[bytes]:
    return Response(
        content,
        media_type="application/pdf",
        headers={"content-disposition": f'inline; filename="{filename}"'},
    )


def _field_errors(error: DomainError, prefix: str = "") -> dict[str, str]:
    field = getattr(error, "fields", {}).get("field")
    return {f"{prefix}{field}": said(error)} if field else {}


async def _school_message(error: DomainError) -> str:
    """The school's refusals in its language: the domain's sentence, translated."""
    return said(error)


async def _reserve_message(error: DomainError, code: str) -> str:
    """Why the workshop could not reserve a scanned device, in the technician's language."""
    if isinstance(error, NotFound):
        return await refusal(error)
    if isinstance(error, ActionNotAllowed):
        return await refusal(error, Action.RESERVE, code, workshop=False)
    if error.reason in (Reason.WRONG_CATEGORY, Reason.FULLY_RESERVED, Reason.SCHOOL_OWNED):
        return said(error)
    return await refusal(error)


class SchoolPortal(Controller):
    include_in_schema = False
    guards = [SCHOOL]

    async def _home(
        self,
        request: Request,
        *,
        errors: dict[str, str] | None = None,
        values: dict[str, Any] | None = None,
        message: str = "",
        done: str | None = None,
        status_code: int = 200,
    ) -> Response:
        user = _user(request)
        school_id = user.school_id or 0
        school = school_out(await service.get_school(school_id, user))
        vouchers = await service.list_vouchers(user, limit=200)
        histories = await service.voucher_histories(user, [voucher.code for voucher in vouchers["items"]])
        requests = await redemptions.list_redemptions(user, limit=200)
        equipment = await redemptions.school_devices(school_id, user, limit=500)
        return page(
            request,
            "school/home.html",
            status_code=status_code,
            school=school,
            vouchers=vouchers["items"],
            histories=histories,
            redemptions=list(reversed(requests["items"])),
            equipment=equipment["items"],
            giveable={
                device.asset_tag for device in equipment["items"] if redemptions.may_give_back(device.stage)
            },
            errors=errors or {},
            values=values or {},
            message=message,
            done=done,
        )

    @get("/school")
    async def home(self, request: Request, done: Done = None) -> Response:
        """The school's vouchers and what remains of each, its requests and its equipment."""
        return await self._home(request, done=done)

    @post("/school/vouchers/{code:str}/redemptions")
    async def request_devices(self, request: Request, code: VoucherCode) -> Response:
        """Ask the workshop for devices against a voucher; the units are taken at once."""
        values = form_dict(await request.form())
        prefix = f"{code}."
        fields = {key.removeprefix(prefix): value for key, value in values.items() if key.startswith(prefix)}
        parsed = parse(RedemptionRequest, fields)
        if not parsed.ok:
            errors = {prefix + key: text for key, text in parsed.errors.items()}
            return await self._home(request, errors=errors, values=values, status_code=400)
        try:
            await redemptions.request_redemption(code, parsed.value, _user(request))
        except NotFound:
            raise
        except DomainError as error:
            message = await _school_message(error)
            errors = {prefix + "quantity": message}
            return await self._home(
                request, errors=errors, values=values, message=message, status_code=error.status_code
            )
        return go(request, "/school?done=requested")

    @post("/school/redemptions/{redemption_id:int}/cancel")
    async def cancel(self, request: Request, redemption_id: RowId) -> Response:
        """Withdraw a request that was not handed over yet; its units go back to the voucher."""
        values = form_dict(await request.form())
        parsed = parse(RedemptionCancel, values)
        reason = parsed.value.reason if parsed.value else ""
        try:
            await redemptions.cancel_redemption(redemption_id, reason, _user(request))
        except NotFound:
            raise
        except DomainError as error:
            return await self._home(request, message=said(error), status_code=error.status_code)
        return go(request, "/school?done=cancelled")

    @post("/school/devices/{asset_tag:str}/return")
    async def give_back(self, request: Request, asset_tag: AssetTag) -> Response:
        """Give a device back to the programme, broken or no longer needed."""
        user = _user(request)
        values = form_dict(await request.form())
        parsed = parse(DeviceReturn, values)
        if not parsed.ok:
            errors = {f"{asset_tag}.{key}": text for key, text in parsed.errors.items()}
            return await self._home(request, errors=errors, values=values, status_code=400)
        body = parsed.value
        assert body is not None
        try:
            await redemptions.return_device(user.school_id or 0, asset_tag, body.reason, body.notes, user)
        except NotFound:
            raise
        except DomainError as error:
            return await self._home(request, message=said(error), status_code=error.status_code)
        return go(request, "/school?done=returned")

    async def _equipment_form(
        self,
        request: Request,
        voucher: VoucherRow,
        values: dict[str, Any],
        errors: dict[str, str],
        message: str = "",
        status_code: int = 200,
    ) -> Response:
        return page(
            request,
            "school/equipment.html",
            status_code=status_code,
            voucher=voucher_out(voucher),
            values=values,
            errors=errors,
            message=message,
        )

    @get("/school/vouchers/{code:str}/equipment")
    async def equipment_form(self, request: Request, code: VoucherCode) -> Response:
        """Register a device the school bought itself with the voucher: the API's own fields."""
        voucher = await service.get_voucher(code, _user(request))
        return await self._equipment_form(request, voucher, {"category": voucher.category or ""}, {})

    @post("/school/vouchers/{code:str}/equipment")
    async def register_equipment(self, request: Request, code: VoucherCode) -> Response:
        """The bought device joins the school's equipment, funded by the voucher; it takes one unit."""
        user = _user(request)
        voucher = await service.get_voucher(code, user)
        values = form_dict(await request.form())
        parsed = parse(EquipmentRegistration, values)
        if not parsed.ok:
            return await self._equipment_form(request, voucher, values, parsed.errors, status_code=400)
        try:
            await redemptions.register_equipment(code, parsed.value, user)
        except NotFound:
            raise
        except DomainError as error:
            errors = _field_errors(error)
            if isinstance(error, devices.AlreadyRegistered):
                errors = {"serial_number": said(error)}
            return await self._equipment_form(
                request,
                voucher,
                values,
                errors,
                message="" if errors else said(error),
                status_code=error.status_code,
            )
        return go(request, "/school?done=registered")

    @get("/school/vouchers/{code:str}/voucher.pdf", media_type="application/pdf")
    async def voucher_pdf(self, request: Request, code: VoucherCode, lang: Lang = None) -> Response[bytes]:
        """The voucher, to print or keep, in the school's language unless `lang` asks for another."""
        voucher = await service.get_voucher(code, _user(request))
        pdf = await vouchers_pdf([voucher], lang)
        return _pdf(pdf, f"voucher-{voucher_out(voucher).code}.pdf")


class RedemptionDesk(Controller):
    """The workshop's side of a school's request: reserve devices by scanning, hand them over."""

    include_in_schema = False

    async def _redemption(
        self,
        request: Request,
        redemption_id: int,
        *,
        message: str = "",
        outcome: str = "",
        done: str | None = None,
        status_code: int = 200,
        partial: bool = False,
    ) -> Response:
        row = redemption_out(await redemptions.get_redemption(redemption_id, _user(request)))
        live = [line for line in row.devices if line.released_at is None]
        template = "school/_reservation.html" if partial else "school/redemption.html"
        return page(
            request,
            template,
            status_code=status_code,
            redemption=row,
            reserved=live,
            message=message,
            outcome=outcome,
            done=done,
            code="",
            can_prepare=_user(request).role in (Role.TECHNICIAN, Role.ADMIN),
            trigger=("relais:scanned", {"outcome": outcome}) if partial and outcome else None,
        )

    @get("/redemptions", guards=[WORKSHOP])
    async def queue(self, request: Request) -> Response:
        """Schools' requests waiting for devices, oldest first."""
        waiting = await redemptions.list_redemptions(
            _user(request), status=RedemptionStatus.REQUESTED, limit=200
        )
        handed = await redemptions.list_redemptions(
            _user(request), status=RedemptionStatus.HANDED_OVER, limit=200
        )
        return page(
            request,
            "school/queue.html",
            waiting=waiting["items"],
            handed=list(reversed(handed["items"]))[:20],
        )

    @get("/redemptions/{redemption_id:int}", guards=[REDEMPTION_READERS])
    async def redemption(self, request: Request, redemption_id: RowId, done: Done = None) -> Response:
        """A request: its voucher, the devices reserved for it, and the hand-over."""
        return await self._redemption(request, redemption_id, done=done)

    @post("/redemptions/{redemption_id:int}/reserve", guards=[WORKSHOP])
    async def reserve(self, request: Request, redemption_id: RowId) -> Response:
        """Reserve the scanned device for this request (available, and of the voucher's category)."""
        values = form_dict(await request.form())
        code = str(values.get("code", "")).strip()[:100]
        message, outcome = "", "ok"
        if code:
            try:
                await redemptions.reserve_device(redemption_id, code, _user(request))
            except DomainError as error:
                if error.reason == Reason.NO_REDEMPTION:
                    raise
                message, outcome = await _reserve_message(error, code), "refused"
        status = 200
        if not wants_partial(request) and outcome != "ok":
            status = 409
        return await self._redemption(
            request,
            redemption_id,
            message=message,
            outcome=outcome if code else "",
            status_code=status,
            partial=wants_partial(request),
        )

    @post("/redemptions/{redemption_id:int}/unreserve", guards=[WORKSHOP])
    async def unreserve(self, request: Request, redemption_id: RowId) -> Response:
        """Take a device off the request: it is available again."""
        values = form_dict(await request.form())
        try:
            await redemptions.unreserve_device(
                redemption_id, str(values.get("asset_tag", ""))[:40], _user(request)
            )
        except NotFound:
            raise
        except DomainError as error:
            return await self._redemption(request, redemption_id, message=said(error), status_code=409)
        return go(request, f"/redemptions/{redemption_id}")

    @post("/redemptions/{redemption_id:int}/hand-over", guards=[WORKSHOP])
    async def hand_over(self, request: Request, redemption_id: RowId) -> Response:
        """The school collects the devices: they become allocated to it; the delivery note is ready."""
        try:
            await redemptions.hand_over(redemption_id, _user(request))
        except NotFound:
            raise
        except DomainError as error:
            return await self._redemption(request, redemption_id, message=said(error), status_code=409)
        return go(request, f"/redemptions/{redemption_id}?done=handed_over")

    @get(
        "/redemptions/{redemption_id:int}/delivery-note.pdf",
        guards=[REDEMPTION_READERS],
        media_type="application/pdf",
    )
    async def delivery_note(
        self, request: Request, redemption_id: RowId, lang: Lang = None
    ) -> Response[bytes]:
        """The delivery note to sign at hand-over, each device with its barcode, in the school's
        language unless `lang` asks for another."""
        note = await redemptions.delivery_note_parts(redemption_id, _user(request))
        pdf = await delivery_note_pdf(note, lang)
        return _pdf(pdf, f"{note.redemption.delivery_note_number}.pdf")


class SchoolAdministration(Controller):
    """The coordinator's schools, programmes and vouchers."""

    include_in_schema = False
    guards = [ADMIN]

    async def _vouchers(
        self,
        request: Request,
        *,
        values: dict[str, Any] | None = None,
        errors: dict[str, str] | None = None,
        message: str = "",
        done: str | None = None,
        status_code: int = 200,
    ) -> Response:
        user = _user(request)
        schools = await service.list_schools(user, limit=500)
        programmes = await service.list_programmes(limit=500)
        vouchers = await service.list_vouchers(user, limit=500)
        return page(
            request,
            "school/admin.html",
            status_code=status_code,
            schools=schools["items"],
            programmes=programmes["items"],
            vouchers=list(reversed(vouchers["items"])),
            values=values or {},
            errors=errors or {},
            message=message,
            done=done,
        )

    @get("/admin/schools")
    async def schools(self, request: Request, done: Done = None) -> Response:
        """Schools, programmes and the vouchers issued to schools."""
        return await self._vouchers(request, done=done)

    async def _create(
        self,
        request: Request,
        struct_type: type[NewStruct],
        prefix: str,
        create: Callable[[NewStruct], Awaitable[object]],
        done: str,
    ) -> Response:
        values = form_dict(await request.form())
        fields = {key.removeprefix(prefix): value for key, value in values.items() if key.startswith(prefix)}
        parsed = parse(struct_type, fields)
        if not parsed.ok:
            errors = {prefix + key: text for key, text in parsed.errors.items()}
            return await self._vouchers(request, values=values, errors=errors, status_code=400)
        try:
            await create(parsed.value)
        except DomainError as error:
            return await self._vouchers(
                request,
                values=values,
                errors=_field_errors(error, prefix),
                message=said(error),
                status_code=error.status_code,
            )
        return go(request, f"/admin/schools?done={done}")

    @post("/admin/schools")
    async def create_school(self, request: Request) -> Response:
        """Register a school (its FASE number is unique)."""
        return await self._create(request, SchoolCreate, "school.", service.create_school, "school")

    @post("/admin/programmes")
    async def create_programme(self, request: Request) -> Response:
        """Create a programme: a funder's plan that gives vouchers to schools."""
        return await self._create(
            request, ProgrammeCreate, "programme.", service.create_programme, "programme"
        )

    @post("/admin/vouchers")
    async def issue_voucher(self, request: Request) -> Response:
        """Issue a voucher to a school for a number of devices."""
        user = _user(request)

        async def issue(body: VoucherIssue) -> Any:
            return await service.issue_voucher(body, user)

        return await self._create(request, VoucherIssue, "voucher.", issue, "voucher")

    @get("/admin/vouchers/{code:str}/voucher.pdf", media_type="application/pdf")
    async def voucher_pdf(self, request: Request, code: VoucherCode, lang: Lang = None) -> Response[bytes]:
        """A voucher to print and post to its school, in its language unless `lang` asks for another."""
        voucher = await service.get_voucher(code, _user(request))
        pdf = await vouchers_pdf([voucher], lang)
        return _pdf(pdf, f"voucher-{voucher_out(voucher).code}.pdf")


def _given(struct: Any) -> dict[str, Any]:
    """The fields of an update struct that were given (not UNSET), by name."""
    return {
        name: value for name, value in msgspec.structs.asdict(struct).items() if value is not msgspec.UNSET
    }


def _cleared(values: dict[str, Any], names: dict[str, Any]) -> dict[str, Any]:
    """Fields the form sent empty, with what empty means for each (None or "")."""
    return {name: empty for name, empty in names.items() if name in values and not str(values[name]).strip()}


class SchoolEditing(Controller):
    """The coordinator corrects schools and programmes, and cancels or extends vouchers."""

    include_in_schema = False
    guards = [ADMIN]

    async def _edit(
        self,
        request: Request,
        template: str,
        values: dict[str, Any],
        errors: dict[str, str] | None = None,
        message: str = "",
        status_code: int = 200,
        **context: Any,
    ) -> Response:
        return page(
            request,
            template,
            status_code=status_code,
            values=values,
            errors=errors or {},
            message=message,
            **context,
        )

    @get("/admin/schools/{school_id:int}/edit")
    async def edit_school_form(self, request: Request, school_id: RowId) -> Response:
        """A school's name, FASE number, address and contact e-mail."""
        school = school_out(await service.get_school(school_id, _user(request)))
        values = {**msgspec.structs.asdict(school), "contact_email": school.contact_email or ""}
        return await self._edit(request, "school/school_edit.html", values, school=school)

    @post("/admin/schools/{school_id:int}/edit")
    async def edit_school(self, request: Request, school_id: RowId) -> Response:
        """Save the school with the API's rules (SchoolUpdate): the FASE number stays unique."""
        school = school_out(await service.get_school(school_id, _user(request)))
        values = form_dict(await request.form())
        parsed = parse(SchoolUpdate, values)
        errors = dict(parsed.errors)
        for name in ("name", "fase_number"):
            if not str(values.get(name) or "").strip():
                errors[name] = gettext(REQUIRED)
        if errors or parsed.value is None:
            return await self._edit(
                request, "school/school_edit.html", values, errors, status_code=400, school=school
            )
        update = msgspec.structs.replace(
            parsed.value, **_cleared(values, {"address": "", "contact_email": None})
        )
        try:
            await service.update_school(school_id, update)
        except DomainError as error:
            return await self._edit(
                request,
                "school/school_edit.html",
                values,
                _field_errors(error) or {"fase_number": said(error)},
                message=said(error),
                status_code=error.status_code,
                school=school,
            )
        return go(request, "/admin/schools?done=school_updated")

    @get("/admin/programmes/{programme_id:int}/edit")
    async def edit_programme_form(self, request: Request, programme_id: RowId) -> Response:
        """A programme's name, funder and dates."""
        programme = programme_out(await service.get_programme(programme_id))
        values = {
            **msgspec.structs.asdict(programme),
            "starts_on": programme.starts_on.isoformat() if programme.starts_on else "",
            "ends_on": programme.ends_on.isoformat() if programme.ends_on else "",
        }
        return await self._edit(request, "school/programme_edit.html", values, programme=programme)

    @post("/admin/programmes/{programme_id:int}/edit")
    async def edit_programme(self, request: Request, programme_id: RowId) -> Response:
        """Save the programme with the API's rules (ProgrammeUpdate): it ends after it starts."""
        programme = programme_out(await service.get_programme(programme_id))
        values = form_dict(await request.form())
        parsed = parse(ProgrammeUpdate, values)
        errors = dict(parsed.errors)
        if not str(values.get("name") or "").strip():
            errors["name"] = gettext(REQUIRED)
        if errors or parsed.value is None:
            return await self._edit(
                request, "school/programme_edit.html", values, errors, status_code=400, programme=programme
            )
        update = msgspec.structs.replace(
            parsed.value, **_cleared(values, {"funder": "", "starts_on": None, "ends_on": None})
        )
        try:
            await service.update_programme(programme_id, update)
        except DomainError as error:
            return await self._edit(
                request,
                "school/programme_edit.html",
                values,
                _field_errors(error),
                message=said(error),
                status_code=error.status_code,
                programme=programme,
            )
        return go(request, "/admin/schools?done=programme_updated")

    async def _voucher(
        self,
        request: Request,
        code: str,
        *,
        values: dict[str, Any] | None = None,
        errors: dict[str, str] | None = None,
        message: str = "",
        done: str | None = None,
        status_code: int = 200,
    ) -> Response:
        voucher = voucher_out(await service.get_voucher(code, _user(request)))
        return page(
            request,
            "school/voucher.html",
            status_code=status_code,
            voucher=voucher,
            history=await service.voucher_history(voucher.code, _user(request)),
            values=values or {"expires_on": voucher.expires_on.isoformat()},
            errors=errors or {},
            message=message,
            done=done,
            can_change=service.voucher_can_change(voucher.status),
        )

    @get("/admin/vouchers/{code:str}")
    async def voucher(self, request: Request, code: VoucherCode, done: Done = None) -> Response:
        """A voucher: what remains of it, and its cancellation or a later expiry date."""
        return await self._voucher(request, code, done=done)

    @post("/admin/vouchers/{code:str}/cancel")
    async def cancel_voucher(self, request: Request, code: VoucherCode) -> Response:
        """Cancel the voucher, saying why; its open requests are cancelled and their devices freed."""
        values = form_dict(await request.form())
        parsed = parse(VoucherCancel, values)
        if not parsed.ok:
            return await self._voucher(request, code, values=values, errors=parsed.errors, status_code=400)
        try:
            await redemptions.cancel_voucher(
                code,
                parsed.value.reason,
                _user(request),
                version=form_version(values),
            )
        except NotFound:
            raise
        except DomainError as error:
            return await self._voucher(
                request, code, values=values, message=said(error), status_code=error.status_code
            )
        return go(request, f"/admin/vouchers/{code}?done=cancelled")

    @post("/admin/vouchers/{code:str}/extend")
    async def extend_voucher(self, request: Request, code: VoucherCode) -> Response:
        """Move the expiry date; an expired voucher with units left can be used again."""
        values = form_dict(await request.form())
        parsed = parse(VoucherUpdate, values)
        if not parsed.ok:
            return await self._voucher(request, code, values=values, errors=parsed.errors, status_code=400)
        try:
            await service.extend_voucher(
                code,
                parsed.value.expires_on,
                _user(request),
                version=form_version(values),
            )
        except NotFound:
            raise
        except DomainError as error:
            return await self._voucher(
                request,
                code,
                values=values,
                errors=_field_errors(error) or {"expires_on": said(error)},
                message=said(error),
                status_code=error.status_code,
            )
        return go(request, f"/admin/vouchers/{code}?done=extended")

    async def _batch_form(
        self,
        request: Request,
        values: dict[str, Any],
        errors: dict[str, str] | None = None,
        message: str = "",
        status_code: int = 200,
    ) -> Response:
        programmes = await service.list_programmes(limit=500)
        return page(
            request,
            "school/batch_issue.html",
            status_code=status_code,
            values=values,
            errors=errors or {},
            message=message,
            programmes=programmes["items"],
            school_options=await service.school_names(),
        )

    @get("/admin/voucher-batches/new")
    async def batch_form(self, request: Request) -> Response:
        """Issue one voucher to each of several (or all) schools, printed together."""
        return await self._batch_form(request, {})

    @post("/admin/voucher-batches")
    async def issue_batch(self, request: Request) -> Response:
        """The same issue as the API's and the CLI's (service.issue_batch), all or none."""
        values = form_dict(await request.form())
        fields = dict(values)
        if values.get("all_schools") == "true":
            fields["school_ids"] = [str(school_id) for school_id in await service.all_school_ids()]
        chosen = fields.get("school_ids")
        if not chosen:
            fields.pop("school_ids", None)
        parsed = parse(VoucherBatchIssue, fields)
        if not parsed.ok:
            return await self._batch_form(request, values, parsed.errors, status_code=400)
        try:
            batch, _ = await service.issue_batch(parsed.value, _user(request))
        except DomainError as error:
            return await self._batch_form(
                request, values, _field_errors(error), message=said(error), status_code=error.status_code
            )
        return go(request, f"/admin/voucher-batches/{batch.id}?done=issued")

    @get("/admin/voucher-batches/{batch_id:int}")
    async def batch(self, request: Request, batch_id: RowId, done: Done = None) -> Response:
        """A batch's vouchers, one per school, and the PDF of all of them for posting."""
        batch = await service.get_batch(batch_id)
        vouchers = [voucher_out(row) for row in await service.batch_vouchers(batch_id)]
        programme = programme_out(await service.get_programme(batch.programme))
        return page(
            request, "school/batch.html", batch=batch, vouchers=vouchers, programme=programme, done=done
        )

    @get("/admin/voucher-batches/{batch_id:int}/vouchers.pdf", media_type="application/pdf")
    async def batch_pdf(self, batch_id: RowId, lang: Lang = None) -> Response[bytes]:
        """Every voucher of the batch, one page each, by school name, each in its school's
        language unless `lang` asks for one language for all: the API's PDF."""
        await service.get_batch(batch_id)
        pdf = await vouchers_pdf(await service.batch_vouchers(batch_id), lang)
        return _pdf(pdf, f"vouchers-batch-{batch_id}.pdf")
