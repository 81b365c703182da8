"""The social workers' desk: beneficiaries, loans by scanning, returns, renewals, the worklist."""

from __future__ import annotations

import dataclasses
from datetime import timedelta
from typing import Annotated, Any

import msgspec
from litestar import Controller, Request, Response, get, post
from litestar.params import PathParameter, QueryParameter

from inventory.accounts.guards import SOCIAL
from inventory.accounts.service import CurrentUser
from inventory.devices import service as devices
from inventory.devices.vocabulary import Action, Category
from inventory.errors import ActionNotAllowed, DomainError, InvalidInput, NotFound
from inventory.loans import accessories, reminders, service, waiting_list
from inventory.loans.agreement import render_agreement
from inventory.loans.card import render_card
from inventory.loans.schemas import (
    BeneficiaryCreate,
    BeneficiaryUpdate,
    LoanCreate,
    LoanLossAtDesk,
    LoanRenewal,
    LoanReturn,
    LoanUpdate,
    ReservationCreate,
    ReservationFulfil,
)
from inventory.loans.vocabulary import LoanFilter, Reason, ReservationStatus, WorklistAction
from inventory.offload import Work
from inventory.offload import run as offload
from inventory.settings import get_settings
from inventory.sites import service as sites
from inventory.text import QUERY_TEXT_PATTERN
from inventory.web.forms import NOT_VALID, REQUIRED, Parsed, form_dict, parse
from inventory.web.language import N_, current_locale, gettext, said
from inventory.web.pages import go, page, signed_in
from inventory.web.workshop import refusal

RowId = Annotated[int, PathParameter(ge=1, le=2_147_483_647)]
Query = Annotated[str | None, QueryParameter(name="q", max_length=200, pattern=QUERY_TEXT_PATTERN)]
Done = Annotated[str | None, QueryParameter(name="done", max_length=40, pattern=QUERY_TEXT_PATTERN)]
Code = Annotated[str | None, QueryParameter(name="code", max_length=100, pattern=QUERY_TEXT_PATTERN)]
Card = Annotated[str | None, QueryParameter(name="card", max_length=100, pattern=QUERY_TEXT_PATTERN)]
BeneficiaryId = Annotated[int | None, QueryParameter(name="beneficiary", ge=1, le=2_147_483_647)]
ReservationId = Annotated[int | None, QueryParameter(name="reservation", ge=1, le=2_147_483_647)]

# What the loan form proposes as due date; the social worker changes it as the situation needs.
SUGGESTED_LOAN_WEEKS = 12


def _actor(request: Request) -> CurrentUser:
    """The user, speaking the interface's language: the worklist's messages follow it."""
    return dataclasses.replace(signed_in(request), language=current_locale())


def _with(offered: list[str], lent: list[str]) -> list[str]:
    """The kinds a form offers: the desk's choice, plus any the loan has that it no longer offers."""
    return [*offered, *(code for code in lent if code not in offered)]


def _pdf(content: bytes, filename: str) -> Response[bytes]:
    return Response(
        content,
        media_type="application/pdf",
        headers={"content-disposition": f'inline; filename="{filename}"'},
    )


def _errors_of(error: DomainError, message: str) -> dict[str, str]:
    field = getattr(error, "fields", {}).get("field")
    return {str(field): message} if field else {}


async def _message(error: DomainError, tag: str | None = None) -> str:
    """A refusal in the user's language where it is a known one, else the service's words."""
    field = getattr(error, "fields", {}).get("field")
    if isinstance(error, InvalidInput) and field == "asset_tag":
        return await refusal(NotFound(error.message, values=error.values))
    if isinstance(error, InvalidInput) and field == "due_on":
        if error.reason == Reason.NOT_AFTER_CURRENT_DUE_DATE:
            return said(error)
        return gettext("Choose a due date after today and within three years.")
    if isinstance(error, ActionNotAllowed):
        return await refusal(error, Action.LEND, tag, workshop=False)
    if error.reason == Reason.LOAN_CLOSED:
        return said(error)
    return await refusal(error)


class SocialDesk(Controller):
    include_in_schema = False
    guards = [SOCIAL]

    @get("/desk")
    async def desk(self, request: Request, done: Done = None) -> Response:
        """The worklist first, then late loans, and the two everyday journeys: lend, take back."""
        actor = _actor(request)
        worklist = await service.worklist(actor, limit=200)
        overdue = await service.list_loans(status=LoanFilter.OVERDUE, limit=100)
        letters = [item for item in worklist["items"] if item["action"] == WorklistAction.PRINT_LETTER]
        return page(
            request,
            "social/desk.html",
            worklist=worklist["items"],
            more_work=worklist["next_cursor"] is not None,
            overdue=overdue["items"],
            more_overdue=overdue["next_cursor"] is not None,
            letters=len(letters),
            done=done,
        )

    @post("/desk/worklist/done")
    async def worklist_done(self, request: Request) -> Response:
        """Tick the chosen entries off the worklist."""
        values = form_dict(await request.form())
        chosen = values.get("ids", [])
        ids = [
            int(value) for value in (chosen if isinstance(chosen, list) else [chosen]) if str(value).isdigit()
        ]
        if ids:
            await service.complete_worklist(ids, _actor(request))
        return go(request, "/desk?done=worklist")

    @get("/desk/letters.pdf", media_type="application/pdf")
    async def letters(self, request: Request) -> Response[bytes]:
        """The reminder letters waiting to be printed, each in its beneficiary's language."""
        pdf = await reminders.pending_letters_pdf(_actor(request), service.today())
        return _pdf(pdf, f"reminder-letters-{service.today().isoformat()}.pdf")

    @get("/beneficiaries")
    async def beneficiaries(self, request: Request, q: Query = None) -> Response:
        """Search by name (accents and case ignored) or reference."""
        found = await service.list_beneficiaries(q=q, limit=50)
        template = (
            "social/_beneficiary_results.html" if request.headers.get("hx-target") == "results" else None
        )
        return page(
            request,
            template or "social/beneficiaries.html",
            q=q or "",
            beneficiaries=found["items"],
            more=found["next_cursor"] is not None,
        )

    async def _beneficiary_form(
        self,
        request: Request,
        values: dict[str, Any],
        errors: dict[str, str],
        *,
        beneficiary: Any = None,
        message: str = "",
        status_code: int = 200,
    ) -> Response:
        return page(
            request,
            "social/beneficiary_form.html",
            status_code=status_code,
            values=values,
            errors=errors,
            message=message,
            beneficiary=beneficiary,
            sites=await sites.list_sites(),
        )

    @get("/beneficiaries/new")
    async def new_beneficiary(self, request: Request) -> Response:
        """Only what a loan needs: name, language, how to reach them, and the consent date."""
        values = {"consent_recorded_on": service.today().isoformat(), "language": current_locale()}
        return await self._beneficiary_form(request, values, {})

    @post("/beneficiaries")
    async def create_beneficiary(self, request: Request) -> Response:
        """Register the beneficiary; they get their reference for the card."""
        values = form_dict(await request.form())
        parsed = parse(BeneficiaryCreate, values)
        if not parsed.ok:
            return await self._beneficiary_form(request, values, parsed.errors, status_code=400)
        try:
            created = await service.create_beneficiary(parsed.value, _actor(request))
        except DomainError as error:
            message = await _message(error)
            return await self._beneficiary_form(
                request, values, _errors_of(error, message), message=message, status_code=error.status_code
            )
        return go(request, f"/beneficiaries/{created.id}?done=created")

    async def _beneficiary_page(
        self,
        request: Request,
        beneficiary_id: int,
        *,
        done: str | None = None,
        values: dict[str, Any] | None = None,
        errors: dict[str, str] | None = None,
        message: str = "",
        status_code: int = 200,
    ) -> Response:
        row = service.beneficiary_out(await service.get_beneficiary(beneficiary_id))
        loans = await service.list_loans(beneficiary_id=beneficiary_id, limit=100)
        waiting = await waiting_list.list_reservations(
            beneficiary_id=beneficiary_id, status=ReservationStatus.WAITING, limit=50
        )
        return page(
            request,
            "social/beneficiary.html",
            status_code=status_code,
            beneficiary=row,
            loans=loans["items"],
            reservations=waiting["items"],
            done=done,
            values=values or {},
            errors=errors or {},
            message=message,
            categories=list(Category),
            sites=await sites.list_sites(),
        )

    @get("/beneficiaries/{beneficiary_id:int}")
    async def beneficiary(self, request: Request, beneficiary_id: RowId, done: Done = None) -> Response:
        """A beneficiary, their loans and their places on waiting lists."""
        return await self._beneficiary_page(request, beneficiary_id, done=done)

    @post("/beneficiaries/{beneficiary_id:int}/waiting-list")
    async def add_to_waiting_list(self, request: Request, beneficiary_id: RowId) -> Response:
        """Put them on the waiting list of a category (at a site, or anywhere)."""
        values = form_dict(await request.form())
        parsed = parse(ReservationCreate, {**values, "beneficiary_id": str(beneficiary_id)})
        if not parsed.ok:
            return await self._beneficiary_page(
                request, beneficiary_id, values=values, errors=parsed.errors, status_code=400
            )
        try:
            await waiting_list.add(parsed.value, _actor(request))
        except NotFound:
            raise
        except DomainError as error:
            message = await _message(error)
            return await self._beneficiary_page(
                request,
                beneficiary_id,
                values=values,
                errors=_errors_of(error, message),
                message=message,
                status_code=error.status_code,
            )
        return go(request, f"/beneficiaries/{beneficiary_id}?done=waiting")

    @get("/waiting-list")
    async def waiting(
        self,
        request: Request,
        category: Annotated[Category | None, QueryParameter(name="category")] = None,
        site: Annotated[
            str | None, QueryParameter(name="site", max_length=40, pattern=QUERY_TEXT_PATTERN)
        ] = None,
        done: Done = None,
    ) -> Response:
        """Who waits for what, per category and site, in order."""
        found = await waiting_list.list_reservations(
            category=category, site=site or None, status=ReservationStatus.WAITING, limit=500
        )
        queues: dict[tuple[str, str], list[Any]] = {}
        for item in found["items"]:
            queues.setdefault((item.category, item.site or ""), []).append(item)
        return page(
            request,
            "social/waiting_list.html",
            queues=sorted(queues.items()),
            more=found["next_cursor"] is not None,
            category=category or "",
            site=site or "",
            categories=list(Category),
            sites=await sites.list_sites(),
            done=done,
        )

    @post("/waiting-list/{reservation_id:int}/cancel")
    async def cancel_reservation(self, request: Request, reservation_id: RowId) -> Response:
        """Take someone off the waiting list, with a reason; the ones behind move up."""
        values = form_dict(await request.form())
        reason = str(values.get("reason", "")).strip() or gettext("Cancelled at the desk")
        await waiting_list.cancel(reservation_id, reason[:300], _actor(request))
        return go(request, "/waiting-list?done=cancelled")

    @get("/beneficiaries/{beneficiary_id:int}/card.pdf", media_type="application/pdf")
    async def card(self, beneficiary_id: RowId) -> Response[bytes]:
        """Their wallet card: the reference as a barcode, so that a loan is two scans."""
        holder = await service.card_holder(beneficiary_id)
        pdf = await offload(Work.DOCUMENT, render_card, holder, organisation=get_settings().org_name)
        return _pdf(pdf, f"{holder.reference}.pdf")

    @get("/beneficiaries/{beneficiary_id:int}/edit")
    async def edit_beneficiary(self, request: Request, beneficiary_id: RowId) -> Response:
        """Correct a name, a phone number, the language of their reminders."""
        row = service.beneficiary_out(await service.get_beneficiary(beneficiary_id))
        values = {
            "full_name": row.full_name,
            "language": row.language,
            "consent_recorded_on": row.consent_recorded_on.isoformat(),
            "phone": row.phone or "",
            "email": row.email or "",
            "site": row.site or "",
            "postal_address": row.postal_address or "",
        }
        return await self._beneficiary_form(request, values, {}, beneficiary=row)

    @post("/beneficiaries/{beneficiary_id:int}/edit")
    async def update_beneficiary(self, request: Request, beneficiary_id: RowId) -> Response:
        """Every field of the form is written: an emptied phone or e-mail is removed."""
        row = service.beneficiary_out(await service.get_beneficiary(beneficiary_id))
        values = form_dict(await request.form())
        parsed = parse(BeneficiaryCreate, values)
        if not parsed.ok:
            return await self._beneficiary_form(
                request, values, parsed.errors, beneficiary=row, status_code=400
            )
        new = parsed.value
        assert new is not None
        update = BeneficiaryUpdate(
            full_name=new.full_name,
            language=new.language,
            consent_recorded_on=new.consent_recorded_on,
            phone=new.phone,
            email=new.email,
            site=new.site,
            postal_address=new.postal_address,
        )
        try:
            await service.update_beneficiary(beneficiary_id, update, _actor(request))
        except DomainError as error:
            message = await _message(error)
            return await self._beneficiary_form(
                request,
                values,
                _errors_of(error, message),
                beneficiary=row,
                message=message,
                status_code=error.status_code,
            )
        return go(request, f"/beneficiaries/{beneficiary_id}?done=updated")

    async def _lend_page(
        self,
        request: Request,
        template: str,
        beneficiary_id: int,
        values: dict[str, Any],
        errors: dict[str, str],
        *,
        device: Any = None,
        message: str = "",
        status_code: int = 200,
        **extra: Any,
    ) -> Response:
        """One step of the lend flow; each step carries the earlier ones' answers, nothing stored."""
        row = service.beneficiary_out(await service.get_beneficiary(beneficiary_id))
        active = await service.list_loans(beneficiary_id=beneficiary_id, status=LoanFilter.ACTIVE, limit=20)
        reservation = None
        if str(values.get("reservation_id", "")).isdigit():
            reservation = await waiting_list.get_out(int(str(values["reservation_id"])))
        return page(
            request,
            template,
            status_code=status_code,
            beneficiary=row,
            active_loans=active["items"],
            values=values,
            errors=errors,
            message=message,
            device=device,
            reservation=reservation,
            accessory_kinds=accessories.offered(get_settings().accessory_kinds),
            **extra,
        )

    @get("/desk/lend")
    async def lend_start(
        self,
        request: Request,
        beneficiary: BeneficiaryId = None,
        card: Card = None,
        reservation: ReservationId = None,
    ) -> Response:
        """Step 1, the beneficiary's card (or a search); step 2, the device to scan."""
        if beneficiary is not None:
            values = {"reservation_id": str(reservation)} if reservation else {}
            return await self._lend_page(request, "social/lend.html", beneficiary, values, {})
        matches: list[Any] = []
        if card and card.strip():
            found = await service.list_beneficiaries(q=card, limit=20)
            matches = found["items"]
            exact = [row for row in matches if row.reference.upper() == card.strip().upper()]
            if len(exact) == 1:
                return go(request, f"/desk/lend?beneficiary={exact[0].id}")
        return page(request, "social/lend_start.html", code=card or "", matches=matches, searched=bool(card))

    async def _lend_values(self, request: Request) -> tuple[int, dict[str, Any]]:
        values = form_dict(await request.form())
        beneficiary_id = str(values.get("beneficiary_id", ""))
        if not beneficiary_id.isdigit() or not 1 <= int(beneficiary_id) <= 2_147_483_647:
            raise NotFound(N_("no beneficiary chosen"))
        chosen = values.get("accessories", [])
        values["accessories"] = chosen if isinstance(chosen, list) else [chosen]
        return int(beneficiary_id), values

    async def _scanned_device(
        self, request: Request, beneficiary_id: int, values: dict[str, Any]
    ) -> tuple[Any, Response | None]:
        """The device of the scan field, if it may be lent now; else the scan step again, saying why."""
        code = str(values.get("asset_tag", "")).strip()
        if not code:
            return None, await self._lend_page(
                request,
                "social/lend.html",
                beneficiary_id,
                values,
                {"asset_tag": gettext(REQUIRED)},
                status_code=400,
            )
        try:
            tag = (await devices.scan(code)).asset_tag
            device = await service.check_lendable(tag, beneficiary_id)
        except DomainError as error:
            message = await _message(error, code)
            return None, await self._lend_page(
                request,
                "social/lend.html",
                beneficiary_id,
                values,
                {"asset_tag": message},
                status_code=error.status_code if not isinstance(error, NotFound) else 400,
            )
        values["asset_tag"] = device.asset_tag
        return device, None

    @post("/desk/lend/device")
    async def lend_device(self, request: Request) -> Response:
        """Step 3: the scanned device is checked (nothing is stored); due date and accessories next."""
        beneficiary_id, values = await self._lend_values(request)
        device, refused = await self._scanned_device(request, beneficiary_id, values)
        if refused is not None:
            return refused
        due = service.today() + timedelta(weeks=SUGGESTED_LOAN_WEEKS)
        values.setdefault("due_on", due.isoformat())
        return await self._lend_page(
            request, "social/lend_details.html", beneficiary_id, values, {}, device=device
        )

    def _loan_body(self, values: dict[str, Any]) -> Parsed[LoanCreate]:
        extra = [item.strip() for item in str(values.get("other_accessories", "")).split(",") if item.strip()]
        body: dict[str, Any] = {
            key: values[key] for key in ("asset_tag", "beneficiary_id", "due_on", "notes") if key in values
        }
        return parse(LoanCreate, {**body, "accessories": [*values["accessories"], *extra]})

    @post("/desk/lend/review")
    async def lend_review(self, request: Request) -> Response:
        """Step 4: everything the loan will record, and the signature pad; still nothing stored."""
        beneficiary_id, values = await self._lend_values(request)
        device, refused = await self._scanned_device(request, beneficiary_id, values)
        if refused is not None:
            return refused
        parsed = self._loan_body(values)
        errors = dict(parsed.errors)
        if parsed.ok:
            try:
                service.check_due_on(parsed.value.due_on, service.today())
            except DomainError as error:
                errors = _errors_of(error, await _message(error))
        if errors or not parsed.ok:
            return await self._lend_page(
                request,
                "social/lend_details.html",
                beneficiary_id,
                values,
                errors,
                device=device,
                status_code=400,
            )
        kinds, other = accessories.split(parsed.value.accessories)
        return await self._lend_page(
            request,
            "social/lend_review.html",
            beneficiary_id,
            values,
            {},
            device=device,
            kinds=kinds,
            other=other,
            due_on=parsed.value.due_on,
        )

    @post("/loans")
    async def lend(self, request: Request) -> Response:
        """The confirmation: the loan, the device's stage, the reminders (and the signature), together."""
        beneficiary_id, values = await self._lend_values(request)
        device, refused = await self._scanned_device(request, beneficiary_id, values)
        if refused is not None:
            return refused
        parsed = self._loan_body(values)
        if not parsed.ok:
            return await self._lend_page(
                request,
                "social/lend_details.html",
                beneficiary_id,
                values,
                parsed.errors,
                device=device,
                status_code=400,
            )
        new: LoanCreate = parsed.value
        drawn = str(values.get("signature", "")).strip()
        if drawn:
            new = msgspec.structs.replace(new, signature=drawn)
        reservation = str(values.get("reservation_id", ""))
        try:
            if reservation.isdigit():
                body = ReservationFulfil(
                    asset_tag=new.asset_tag,
                    due_on=new.due_on,
                    accessories=new.accessories,
                    notes=new.notes,
                    signature=new.signature,
                )
                loan = (await waiting_list.fulfil(int(reservation), body, _actor(request))).loan
            else:
                loan = await service.lend(new, _actor(request))
        except DomainError as error:
            message = await _message(error, new.asset_tag)
            return await self._lend_page(
                request,
                "social/lend_details.html",
                beneficiary_id,
                values,
                _errors_of(error, message),
                device=device,
                message=message,
                status_code=error.status_code,
            )
        return go(request, f"/loans/{loan.id}?done=lent")

    async def _loan_page(
        self,
        request: Request,
        loan_id: int,
        *,
        errors: dict[str, str] | None = None,
        values: dict[str, Any] | None = None,
        message: str = "",
        done: str | None = None,
        status_code: int = 200,
    ) -> Response:
        loan = service.loan_out(await service.get_loan(loan_id), service.today())
        planned = [service.reminder_out(row) for row in await service.reminders_of(loan_id)]
        history = [service.loan_event_out(row) for row in await service.loan_events(loan_id)]
        return page(
            request,
            "social/loan.html",
            status_code=status_code,
            loan=loan,
            reminders=planned,
            history=history,
            accessory_kinds=_with(accessories.offered(get_settings().accessory_kinds), loan.accessories),
            errors=errors or {},
            values=values or {},
            message=message,
            done=done,
        )

    @get("/loans/{loan_id:int}")
    async def loan(self, request: Request, loan_id: RowId, done: Done = None) -> Response:
        """A loan: its device, dates, reminders, and what can be done with it."""
        return await self._loan_page(request, loan_id, done=done)

    async def _close(self, request: Request, loan_id: int, action: str) -> Response:
        values = form_dict(await request.form())
        forms: dict[str, type[LoanReturn | LoanRenewal | LoanLossAtDesk]] = {
            "return": LoanReturn,
            "renew": LoanRenewal,
            "report-lost": LoanLossAtDesk,
        }
        struct_type = forms[action]
        prefixed = {key.removeprefix(f"{action}."): value for key, value in values.items()}
        parsed = parse(struct_type, prefixed)
        if not parsed.ok:
            errors = {f"{action}.{key}": text for key, text in parsed.errors.items()}
            return await self._loan_page(request, loan_id, errors=errors, values=values, status_code=400)
        body: Any = parsed.value
        actor = _actor(request)
        try:
            if action == "return":
                returned = values.get("return.accessories_returned", [])
                returned = returned if isinstance(returned, list) else [returned]
                await service.give_back(loan_id, body.condition, body.notes, actor, returned)
                if values.get("from") == "desk":
                    return go(request, f"/desk/return?returned={loan_id}")
            elif action == "renew":
                await service.renew(loan_id, body.due_on, actor)
            else:
                await service.report_lost(loan_id, body.notes, actor)
        except NotFound:
            raise
        except DomainError as error:
            message = await _message(error)
            field = getattr(error, "fields", {}).get("field")
            errors = {f"{action}.{field}": message} if field else {}
            return await self._loan_page(
                request, loan_id, errors=errors, values=values, message=message, status_code=error.status_code
            )
        return go(request, f"/loans/{loan_id}?done={action}")

    @post("/loans/{loan_id:int}/edit")
    async def edit(self, request: Request, loan_id: RowId) -> Response:
        """Correct the accessories lent or the notes while the loan is active (kept in its history)."""
        values = form_dict(await request.form())
        chosen = values.get("edit.accessories", [])
        chosen = chosen if isinstance(chosen, list) else [chosen]
        extra = [
            item.strip() for item in str(values.get("edit.other_accessories", "")).split(",") if item.strip()
        ]
        try:
            update = msgspec.convert(
                {"accessories": [*chosen, *extra], "notes": str(values.get("edit.notes", ""))}, LoanUpdate
            )
        except msgspec.ValidationError:
            return await self._loan_page(
                request, loan_id, errors={"edit.notes": gettext(NOT_VALID)}, values=values, status_code=400
            )
        try:
            await service.edit_loan(loan_id, update, _actor(request))
        except NotFound:
            raise
        except DomainError as error:
            message = await _message(error)
            return await self._loan_page(
                request, loan_id, values=values, message=message, status_code=error.status_code
            )
        return go(request, f"/loans/{loan_id}?done=edit")

    @get("/loans/{loan_id:int}/return-receipt.pdf", media_type="application/pdf")
    async def return_receipt(self, loan_id: RowId) -> Response[bytes]:
        """The return receipt, in the beneficiary's language."""
        return _pdf(await service.return_receipt_pdf(loan_id), f"loan-{loan_id:06d}-return-receipt.pdf")

    @post("/loans/{loan_id:int}/return")
    async def give_back(self, request: Request, loan_id: RowId) -> Response:
        """The device came back: it goes to the workshop to be wiped before anyone else gets it."""
        return await self._close(request, loan_id, "return")

    @post("/loans/{loan_id:int}/renew")
    async def renew(self, request: Request, loan_id: RowId) -> Response:
        """A later due date; the reminders follow it."""
        return await self._close(request, loan_id, "renew")

    @post("/loans/{loan_id:int}/report-lost")
    async def report_lost(self, request: Request, loan_id: RowId) -> Response:
        """The device will not come back."""
        return await self._close(request, loan_id, "report-lost")

    @get("/loans/{loan_id:int}/agreement.pdf", media_type="application/pdf")
    async def agreement(self, loan_id: RowId) -> Response[bytes]:
        """The loan agreement to sign, in the beneficiary's language."""
        settings = get_settings()
        pdf = await offload(
            Work.DOCUMENT,
            render_agreement,
            await service.agreement_view(loan_id),
            organisation=settings.org_name,
            retention_months=settings.retention_months,
            printed_on=service.today(),
        )
        return _pdf(pdf, f"loan-{loan_id:06d}-agreement.pdf")

    @get("/desk/return")
    async def return_scan(
        self,
        request: Request,
        code: Code = None,
        returned: Annotated[int | None, QueryParameter(ge=1, le=2_147_483_647)] = None,
    ) -> Response:
        """Returns by scanning: the device's active loan, what comes back, then the scan field
        again with the last return's result."""
        last = None
        if returned is not None:
            last = service.loan_out(await service.get_loan(returned), service.today())
        context: dict[str, Any] = {"code": code or "", "error": "", "loan": None, "last": last}
        if code and code.strip():
            try:
                tag = (await devices.scan(code)).asset_tag
                active = await service.list_loans(asset_tag=tag, status=LoanFilter.ACTIVE, limit=1)
                if active["items"]:
                    context["loan"] = active["items"][0]
                else:
                    context["error"] = "not_on_loan"
                    context["tag"] = tag
            except DomainError as error:
                context["error"] = await refusal(error)
        template = "social/_return_result.html" if request.headers.get("hx-target") == "scan-result" else None
        return page(request, template or "social/return.html", **context)
