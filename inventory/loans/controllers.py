"""HTTP endpoints of beneficiaries, loans, their agreement and reminders, and the worklist."""

from __future__ import annotations

from typing import Annotated

from litestar import Controller, Request, Response, get, patch, post
from litestar.datastructures import State
from litestar.params import FromQuery, JSONBody, PathParameter, QueryParameter
from litestar.types import ControllerRouterHandler
from msgspec import UNSET

from inventory.accounts.guards import SOCIAL, STAFF
from inventory.accounts.roles import Role
from inventory.accounts.service import CurrentUser
from inventory.devices.vocabulary import Category
from inventory.http.pagination import Cursor, Limit
from inventory.loans import reminders, service, waiting_list
from inventory.loans.agreement import render_agreement
from inventory.loans.card import render_card
from inventory.loans.rows import LoanRow
from inventory.loans.schemas import (
    BeneficiaryCreate,
    BeneficiaryOut,
    BeneficiaryPage,
    BeneficiaryUpdate,
    LoanBrief,
    LoanCreate,
    LoanEventList,
    LoanLoss,
    LoanOut,
    LoanPage,
    LoanRenewal,
    LoanReturn,
    LoanUpdate,
    ReminderList,
    ReservationCancel,
    ReservationCreate,
    ReservationFulfil,
    ReservationFulfilled,
    ReservationOut,
    ReservationPage,
    WorklistDone,
    WorklistDoneOut,
    WorklistPage,
)
from inventory.loans.vocabulary import LoanFilter, ReservationStatus
from inventory.offload import Work
from inventory.offload import run as offload
from inventory.settings import get_settings
from inventory.text import QUERY_TEXT_PATTERN

RowId = Annotated[int, PathParameter(ge=1, le=2_147_483_647)]

AuthedRequest = Request[CurrentUser, str, State]


def _pdf(content: bytes, filename: str) -> Response[bytes]:
    return Response(
        content,
        media_type="application/pdf",
        headers={"content-disposition": f'inline; filename="{filename}"'},
    )


def _loan_view(row: LoanRow, user: CurrentUser) -> LoanOut | LoanBrief:
    """Technicians learn that a device is on loan and until when, never who holds it."""
    if user.role == Role.TECHNICIAN:
        return service.loan_brief(row)
    return service.loan_out(row, service.today())


class BeneficiaryController(Controller):
    path = "/api/v1/beneficiaries"
    tags = ["beneficiaries"]
    guards = [SOCIAL]

    @post("/")
    async def create(self, request: AuthedRequest, data: JSONBody[BeneficiaryCreate]) -> BeneficiaryOut:
        """Register a beneficiary; they get the next reference B-<year>-<5 digits>."""
        return service.beneficiary_out(await service.create_beneficiary(data, request.user))

    @get("/")
    async def list_beneficiaries(
        self,
        q: Annotated[
            str | None,
            QueryParameter(max_length=200, pattern=QUERY_TEXT_PATTERN, description="name or reference"),
        ] = None,
        limit: Limit = 50,
        cursor: Cursor = None,
    ) -> BeneficiaryPage:
        """Beneficiaries, oldest first; `q` finds a name (case and accents ignored) or a reference."""
        return BeneficiaryPage(**await service.list_beneficiaries(q=q, limit=limit, cursor=cursor))

    @get("/{beneficiary_id:int}")
    async def get_beneficiary(self, beneficiary_id: RowId) -> BeneficiaryOut:
        """One beneficiary."""
        return service.beneficiary_out(await service.get_beneficiary(beneficiary_id))

    @patch("/{beneficiary_id:int}")
    async def update(
        self, request: AuthedRequest, beneficiary_id: RowId, data: JSONBody[BeneficiaryUpdate]
    ) -> BeneficiaryOut:
        """Change a beneficiary's details; `null` clears phone, e-mail or site."""
        return service.beneficiary_out(await service.update_beneficiary(beneficiary_id, data, request.user))

    @get("/{beneficiary_id:int}/card.pdf", media_type="application/pdf")
    async def card(self, beneficiary_id: RowId) -> Response[bytes]:
        """A wallet card with the reference as a barcode: scan it, then the device, to lend."""
        beneficiary = await service.card_holder(beneficiary_id)
        pdf = await offload(Work.DOCUMENT, render_card, beneficiary, organisation=get_settings().org_name)
        return _pdf(pdf, f"{beneficiary.reference}.pdf")


class LoanController(Controller):
    path = "/api/v1/loans"
    tags = ["loans"]

    @post("/", guards=[SOCIAL])
    async def lend(self, request: AuthedRequest, data: JSONBody[LoanCreate]) -> LoanOut:
        """Lend an available device to a beneficiary; its return reminders are scheduled."""
        return service.loan_out(await service.lend(data, request.user), service.today())

    @get("/", guards=[SOCIAL])
    async def list_loans(
        self,
        status: FromQuery[LoanFilter | None] = None,
        beneficiary_id: Annotated[int | None, QueryParameter(ge=1, le=2_147_483_647)] = None,
        asset_tag: Annotated[str | None, QueryParameter(max_length=40, pattern=QUERY_TEXT_PATTERN)] = None,
        limit: Limit = 50,
        cursor: Cursor = None,
    ) -> LoanPage:
        """Loans, oldest first; `status=overdue` gives active loans past their due date."""
        result = await service.list_loans(
            status=status, beneficiary_id=beneficiary_id, asset_tag=asset_tag, limit=limit, cursor=cursor
        )
        return LoanPage(**result)

    @get("/{loan_id:int}", guards=[STAFF])
    async def get_loan(self, request: AuthedRequest, loan_id: RowId) -> LoanOut | LoanBrief:
        """One loan; a technician gets only `{id, asset_tag, status, due_on}`."""
        if request.user.role == Role.TECHNICIAN:
            return service.loan_brief(await service.get_loan_brief(loan_id))
        return service.loan_out(await service.get_loan(loan_id), service.today())

    @post("/{loan_id:int}/return", guards=[STAFF], status_code=200)
    async def give_back(
        self, request: AuthedRequest, loan_id: RowId, data: JSONBody[LoanReturn]
    ) -> LoanOut | LoanBrief:
        """The device came back: the loan ends and the device becomes `returned` (to be wiped)."""
        returned = None if data.accessories_returned is UNSET else data.accessories_returned
        row = await service.give_back(loan_id, data.condition, data.notes, request.user, returned)
        return _loan_view(row, request.user)

    @patch("/{loan_id:int}", guards=[SOCIAL])
    async def edit(self, request: AuthedRequest, loan_id: RowId, data: JSONBody[LoanUpdate]) -> LoanOut:
        """Correct the accessories lent or the notes while the loan is active (an `edit` in its history)."""
        return service.loan_out(await service.edit_loan(loan_id, data, request.user), service.today())

    @get("/{loan_id:int}/events", guards=[SOCIAL])
    async def events(self, loan_id: RowId) -> LoanEventList:
        """The loan's history, oldest first: lent, edited (before and after), renewed, returned, lost."""
        return LoanEventList(
            items=[service.loan_event_out(row) for row in await service.loan_events(loan_id)]
        )

    @get("/{loan_id:int}/return-receipt.pdf", guards=[SOCIAL], media_type="application/pdf")
    async def return_receipt(self, loan_id: RowId) -> Response[bytes]:
        """What came back and in what condition, in the beneficiary's language; 409 until returned."""
        return _pdf(await service.return_receipt_pdf(loan_id), f"loan-{loan_id:06d}-return-receipt.pdf")

    @post("/{loan_id:int}/renew", guards=[SOCIAL], status_code=200)
    async def renew(self, request: AuthedRequest, loan_id: RowId, data: JSONBody[LoanRenewal]) -> LoanOut:
        """Move the due date later; the reminders follow the new date."""
        return service.loan_out(await service.renew(loan_id, data.due_on, request.user), service.today())

    @post("/{loan_id:int}/report-lost", guards=[SOCIAL], status_code=200)
    async def report_lost(self, request: AuthedRequest, loan_id: RowId, data: JSONBody[LoanLoss]) -> LoanOut:
        """The device is lost: the loan ends `lost` and so does the device."""
        return service.loan_out(await service.report_lost(loan_id, data.notes, request.user), service.today())

    @get("/{loan_id:int}/agreement.pdf", guards=[SOCIAL], media_type="application/pdf")
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

    @get("/{loan_id:int}/reminders", guards=[SOCIAL])
    async def list_reminders(self, loan_id: RowId) -> ReminderList:
        """The loan's reminders, by due time: planned, sent, failed (with the error) or cancelled."""
        return ReminderList(items=[service.reminder_out(row) for row in await service.reminders_of(loan_id)])


class ReservationController(Controller):
    path = "/api/v1/reservations"
    tags = ["reservations"]
    guards = [SOCIAL]

    @post("/")
    async def add(self, request: AuthedRequest, data: JSONBody[ReservationCreate]) -> ReservationOut:
        """Put a beneficiary on the waiting list of a category (and a site); answers their position."""
        return await waiting_list.add(data, request.user)

    @get("/")
    async def list_reservations(
        self,
        category: FromQuery[Category | None] = None,
        site: Annotated[str | None, QueryParameter(max_length=40, pattern=QUERY_TEXT_PATTERN)] = None,
        status: FromQuery[ReservationStatus | None] = None,
        beneficiary_id: Annotated[int | None, QueryParameter(ge=1, le=2_147_483_647)] = None,
        limit: Limit = 50,
        cursor: Cursor = None,
    ) -> ReservationPage:
        """Reservations in order of request; `status=waiting` with a category and site is a queue."""
        result = await waiting_list.list_reservations(
            category=category,
            site=site,
            status=status,
            beneficiary_id=beneficiary_id,
            limit=limit,
            cursor=cursor,
        )
        return ReservationPage(**result)

    @get("/{reservation_id:int}")
    async def get_reservation(self, reservation_id: RowId) -> ReservationOut:
        """One reservation, with its current position while waiting."""
        return await waiting_list.get_out(reservation_id)

    @post("/{reservation_id:int}/cancel", status_code=200)
    async def cancel(
        self, request: AuthedRequest, reservation_id: RowId, data: JSONBody[ReservationCancel]
    ) -> ReservationOut:
        """Take them off the waiting list; the ones behind move up."""
        return await waiting_list.cancel(reservation_id, data.reason, request.user)

    @post("/{reservation_id:int}/fulfil", status_code=200)
    async def fulfil(
        self, request: AuthedRequest, reservation_id: RowId, data: JSONBody[ReservationFulfil]
    ) -> ReservationFulfilled:
        """Lend them a device of the category, through the loan rules; the reservation is fulfilled."""
        result = await waiting_list.fulfil(reservation_id, data, request.user)
        return ReservationFulfilled(
            reservation=result.reservation, loan=service.loan_out(result.loan, service.today())
        )


class WorklistController(Controller):
    path = "/api/v1/worklist"
    tags = ["worklist"]
    guards = [SOCIAL]

    @get("/")
    async def worklist(
        self, request: AuthedRequest, limit: Limit = 50, cursor: Cursor = None
    ) -> WorklistPage:
        """What the caller must act on: reminders sent, letters to print, late devices, decisions."""
        return WorklistPage(**await service.worklist(request.user, limit=limit, cursor=cursor))

    @post("/done", status_code=200)
    async def done(self, request: AuthedRequest, data: JSONBody[WorklistDone]) -> WorklistDoneOut:
        """Tick entries off the caller's worklist."""
        return WorklistDoneOut(done=await service.complete_worklist(data.ids, request.user))

    @get("/letters.pdf", media_type="application/pdf")
    async def letters(self, request: AuthedRequest) -> Response[bytes]:
        """The reminder letters waiting to be printed, one page each; 404 when there are none."""
        pdf = await reminders.pending_letters_pdf(request.user, service.today())
        return _pdf(pdf, f"reminder-letters-{service.today().isoformat()}.pdf")


ROUTE_HANDLERS: list[ControllerRouterHandler] = [
    BeneficiaryController,
    LoanController,
    ReservationController,
    WorklistController,
]
