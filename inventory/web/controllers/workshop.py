"""The technicians' pages: scan station, batch scanning, intake, action forms and labels."""

from __future__ import annotations

from typing import Annotated, Any

from litestar import Controller, Request, Response, get, post
from litestar.datastructures import UploadFile
from litestar.exceptions.http_exceptions import RequestEntityTooLarge
from litestar.params import FromPath, PathParameter, QueryParameter

from inventory.accounts.guards import STAFF, WORKSHOP
from inventory.accounts.roles import Role
from inventory.devices import donors, stages, wipe_reports
from inventory.devices import service as devices
from inventory.devices.printing import certificate_bundle_pdf, wipe_certificate_pdf
from inventory.devices.rows import CertificateRow, DeviceRow
from inventory.devices.schemas import DeviceIntake, DonorLanguage
from inventory.devices.vocabulary import Action, Stage, WipeMethod
from inventory.errors import ActionNotAllowed, DomainError, InvalidInput, NotFound
from inventory.i18n import LOCALE_PATTERN
from inventory.loans import service as loans
from inventory.sites import service as sites
from inventory.text import NON_BLANK_LINE_PATTERN, QUERY_TEXT_PATTERN
from inventory.web import workshop
from inventory.web.forms import NOT_VALID, count_of, form_dict, parse
from inventory.web.language import N_, gettext, said
from inventory.web.operations import carried, carry
from inventory.web.pages import go, page, signed_in, user_of, wants_partial

Code = Annotated[str | None, QueryParameter(name="code", max_length=100, pattern=QUERY_TEXT_PATTERN)]
AssetTag = Annotated[str, PathParameter(max_length=40, pattern=NON_BLANK_LINE_PATTERN)]
CertificateFile = Annotated[str, PathParameter(max_length=50, pattern=NON_BLANK_LINE_PATTERN)]
Done = Annotated[str | None, QueryParameter(name="done", max_length=40, pattern=QUERY_TEXT_PATTERN)]
Refused = Annotated[str | None, QueryParameter(name="refused", max_length=40, pattern=QUERY_TEXT_PATTERN)]
# A document in another language than its reader's (the donor's).
Lang = Annotated[str | None, QueryParameter(name="lang", pattern=LOCALE_PATTERN)]
BundleDonor = Annotated[str, QueryParameter(min_length=1, max_length=200, pattern=QUERY_TEXT_PATTERN)]
BundleBatch = Annotated[str | None, QueryParameter(max_length=100, pattern=QUERY_TEXT_PATTERN)]
REPORT_TOO_LARGE = "report-too-large"
CHOOSE_REPORT = N_("Choose nwipe's report (its log, or its PDF certificate).")
PREVIEW_AGAIN = N_("The report could not be carried over from its preview: choose it and read it again.")


def _report_too_large(request: Request, _: RequestEntityTooLarge) -> Response:
    """A report over the limit, refused while the form is read: back to the form, saying so."""
    tag = str(request.path_params.get("asset_tag", ""))
    return go(request, f"/devices/{tag}/actions/wipe?refused={REPORT_TOO_LARGE}")


# Fields of a batch that are not part of its preset.
BATCH_CONTROL_FIELDS = {"code", "ok", "refused", "again", "failed", "done", "_csrf_token", "action"}
# Intake presets leave out what identifies one device: that is what each scan provides.
INTAKE_SCAN_FIELDS = ("serial_number", "donor_ref")


async def _device_view(row: DeviceRow) -> dict[str, Any]:
    """A device with its history and allowed actions, as the card template shows it."""
    history = await devices.events(row.asset_tag)
    certificates = await devices.certificates_of(row, history)
    actions = workshop.workshop_actions(devices.allowed_actions(row))
    next_action = workshop.next_step(actions)
    return {
        "device": devices.device_out(row),
        "events": list(reversed(history)),
        # Newest first, like the history; each links to its own PDF.
        "certificates": list(reversed(certificates)),
        "actions": sorted(actions, key=lambda action: action != next_action),
        "next_action": next_action,
        "retirement_needs_proof": devices.retirement_needs_proof(row),
        "custody_rule": stages.CUSTODY_RULE,
        "site_names": {site["code"]: site["name"] for site in await sites.list_sites()},
        # What anyone at the scan station may know of a loan: until when, never who holds it.
        "loan": await loans.active_loan_for_device(row.id) if row.stage == Stage.ON_LOAN else None,
        # Accessories its last loan did not bring back (a charger to find before lending it again).
        "last_return": await loans.last_return(row.id),
    }


def _can_act(request: Request) -> bool:
    user = user_of(request)
    return user is not None and user.role in (Role.TECHNICIAN, Role.ADMIN)


def _can_read_loans(request: Request) -> bool:
    """Social workers and coordinators open a device's loan; a technician sees only its due date."""
    user = user_of(request)
    return user is not None and user.role in (Role.SOCIAL_WORKER, Role.ADMIN)


def _action_of(value: str | None) -> Action | None:
    try:
        action = Action(value or "")
    except ValueError:
        return None
    return action if action in workshop.ACTIONS else None


def _preset(values: dict[str, Any], excluded: set[str]) -> list[tuple[str, str]]:
    """The batch's chosen settings, carried as hidden fields from one scan to the next."""
    pairs: list[tuple[str, str]] = []
    for name, value in values.items():
        if name in excluded:
            continue
        for item in value if isinstance(value, list) else [value]:
            if str(item).strip():
                pairs.append((name, str(item)))
    return pairs


class ScanStation(Controller):
    include_in_schema = False
    guards = [STAFF]

    @get("/scan")
    async def scan(self, request: Request, code: Code = None) -> Response:
        """One always-focused input: a scan shows the device, its history and what can be done."""
        context: dict[str, Any] = {
            "code": code or "",
            "error": "",
            "can_act": _can_act(request),
            "can_read_loans": _can_read_loans(request),
        }
        if code and code.strip():
            try:
                context.update(await _device_view(await devices.scan(code)))
            except DomainError as error:
                context["error"] = await workshop.refusal(error)
        status = 404 if context["error"] and "device" not in context else 200
        if wants_partial(request):
            return page(request, "workshop/_scan_result.html", status_code=status, **context)
        return page(request, "workshop/scan.html", status_code=status, **context)

    @get("/devices/{asset_tag:str}")
    async def device(self, request: Request, asset_tag: AssetTag, done: Done = None) -> Response:
        """A device's page: the same card as a scan shows."""
        view = await _device_view(await devices.get_device(asset_tag))
        latest = view["events"][0] if view["events"] else None
        return page(
            request,
            "workshop/device.html",
            can_act=_can_act(request),
            can_read_loans=_can_read_loans(request),
            done=_action_of(done) or done,
            # A wipe just recorded failed: the page warns and says what to do next.
            wipe_failed=_action_of(done) is Action.WIPE and workshop.is_failed_wipe(latest),
            destruction_method=WipeMethod.PHYSICAL_DESTRUCTION,
            code="",
            **view,
        )

    @get("/scan/batch", guards=[WORKSHOP])
    async def batch_setup(self, request: Request) -> Response:
        """Choose the action (and its settings) that every scan of the batch will apply."""
        values = dict(request.query_params)
        action = _action_of(values.get("action")) or Action.WIPE
        return page(
            request,
            "workshop/batch_setup.html",
            action=action,
            actions=list(workshop.ACTIONS),
            confirm_question=workshop.batch_confirm_question(action),
            values=values,
            errors={},
            sites=await sites.list_sites(),
        )

    @get("/scan/batch/run", guards=[WORKSHOP])
    async def batch_run(self, request: Request) -> Response:
        """The batch scanning page, once its settings are valid."""
        values = form_dict(request.query_params)
        action = _action_of(values.get("action"))
        if action is None:
            return go(request, "/scan/batch")
        struct_type, _ = workshop.ACTIONS[action]
        parsed = parse(struct_type, values)
        if not parsed.ok:
            return page(
                request,
                "workshop/batch_setup.html",
                status_code=400,
                action=action,
                actions=list(workshop.ACTIONS),
                confirm_question=workshop.batch_confirm_question(action),
                values=values,
                errors=parsed.errors,
                sites=await sites.list_sites(),
            )
        return page(
            request,
            "workshop/batch_run.html",
            action=action,
            settings_=parsed.value,
            preset=_preset(values, BATCH_CONTROL_FIELDS),
            results=[],
            ok=0,
            refused=0,
            again=0,
            failed=0 if action is Action.WIPE else None,
            batch_done=[],
        )

    @post("/scan/batch/run", guards=[WORKSHOP])
    async def batch_scan(self, request: Request) -> Response:
        """Apply the batch's action to the scanned device; answered at once, success or refusal."""
        values = form_dict(await request.form())
        action = _action_of(values.get("action"))
        if action is None:
            return go(request, "/scan/batch")
        struct_type, _ = workshop.ACTIONS[action]
        parsed = parse(struct_type, values)
        code = str(values.get("code", "")).strip()[:100]
        ok, refused = count_of(values.get("ok")), count_of(values.get("refused"))
        again, done = count_of(values.get("again")), workshop.batch_done(values.get("done"))
        failed = count_of(values.get("failed"))
        result: dict[str, Any] = {"code": code, "outcome": "refused", "message": "", "device": None}
        if not parsed.ok:
            return go(request, "/scan/batch?action=" + action)
        if not code:
            result.update(outcome="ignored")
        else:
            tag = None
            try:
                device = await devices.scan(code)
                tag = device.asset_tag
                if tag in done:
                    # Scanned twice: this batch did it already (a failed wipe is not recorded twice).
                    result.update(outcome="again", device=devices.device_out(device))
                    again += 1
                else:
                    transition = await workshop.apply(tag, action, parsed.value, signed_in(request))
                    result.update(device=devices.device_out(transition.device))
                    result["certificate"] = transition.event.details.get("certificate_number")
                    done.append(tag)
                    if workshop.is_failed_wipe(transition.event):
                        # Recorded, but the device stays where it was: not an accepted scan.
                        result["outcome"] = "failed"
                        failed += 1
                    else:
                        result["outcome"] = "ok"
                        ok += 1
            except ActionNotAllowed as error:
                result["message"] = await workshop.refusal(error, action, tag)
                refused += 1
            except DomainError as error:
                result.update(outcome="unknown" if isinstance(error, NotFound) else "refused")
                result["message"] = await workshop.refusal(error, action, tag)
                refused += 1
        context: dict[str, Any] = {
            "action": action,
            "settings_": parsed.value,
            "preset": _preset(values, BATCH_CONTROL_FIELDS),
            "results": [result] if result["outcome"] != "ignored" else [],
            "ok": ok,
            "refused": refused,
            "again": again,
            "failed": failed if action is Action.WIPE else None,
            "batch_done": done,
            "destruction_method": WipeMethod.PHYSICAL_DESTRUCTION,
        }
        template = "workshop/_batch_result.html" if wants_partial(request) else "workshop/batch_run.html"
        return page(request, template, trigger=("relais:scanned", {"outcome": result["outcome"]}), **context)


class DeviceActionPages(Controller):
    include_in_schema = False
    guards = [WORKSHOP]

    async def _form(
        self,
        request: Request,
        tag: str,
        action: Action,
        values: dict[str, Any],
        errors: dict[str, str],
        message: str = "",
        status_code: int = 200,
        report_error: str = "",
    ) -> Response:
        view = await _device_view(await devices.get_device(tag))
        return page(
            request,
            "workshop/action.html",
            status_code=status_code,
            action=action,
            values=values,
            errors=errors,
            message=message,
            sites=await sites.list_sites(),
            report_error=report_error,
            report_limit_mb=wipe_reports.MAX_REPORT_MB,
            confirm_question=workshop.confirm_question(action, tag),
            **view,
        )

    async def _edit_form(
        self,
        request: Request,
        tag: str,
        values: dict[str, Any],
        errors: dict[str, str],
        message: str = "",
        status_code: int = 200,
    ) -> Response:
        view = await _device_view(await devices.get_device(tag))
        return page(
            request,
            "workshop/edit.html",
            status_code=status_code,
            values=values,
            errors=errors,
            message=message,
            sites=await sites.list_sites(),
            **view,
        )

    @get("/devices/{asset_tag:str}/edit")
    async def edit_form(self, request: Request, asset_tag: AssetTag) -> Response:
        """Correct what was typed at intake; the stage is not edited here."""
        device = devices.device_out(await devices.get_device(asset_tag))
        return await self._edit_form(request, asset_tag, workshop.correction_form(device), {})

    @post("/devices/{asset_tag:str}/edit")
    async def edit(self, request: Request, asset_tag: AssetTag) -> Response:
        """Apply the correction to the version the form was opened at; the history keeps it."""
        values = form_dict(await request.form())
        parsed = workshop.parse_correction(values)
        if not parsed.ok:
            return await self._edit_form(request, asset_tag, values, parsed.errors, status_code=400)
        try:
            with devices.expecting_version(workshop.form_version(values)):
                transition = await devices.correct(asset_tag, parsed.value, signed_in(request))
        except NotFound:
            raise
        except DomainError as error:
            message = await workshop.refusal(error)
            field = getattr(error, "fields", {}).get("field")
            if isinstance(error, devices.AlreadyRegistered):
                field = "serial_number"
            errors = {str(field): message} if field and field != "form" else {}
            return await self._edit_form(
                request, asset_tag, values, errors, message=message, status_code=error.status_code
            )
        return go(request, f"/devices/{transition.device.asset_tag}?done=correct")

    @get("/devices/{asset_tag:str}/actions/{action:str}")
    async def action_form(
        self, request: Request, asset_tag: AssetTag, action: FromPath[str], refused: Refused = None
    ) -> Response:
        """The form of one workshop action on one device."""
        chosen = _action_of(action)
        if chosen is None:
            raise NotFound(N_("no action '%(action)s'"), values={"action": action})
        report_error = said(wipe_reports.ReportTooLarge()) if refused == REPORT_TOO_LARGE else ""
        # A link may preset a field (the failed-wipe notice offers a physical destruction).
        values = {**workshop.form_defaults(chosen), **form_dict(request.query_params)}
        values.pop("refused", None)
        return await self._form(request, asset_tag, chosen, values, {}, report_error=report_error)

    @post(
        "/devices/{asset_tag:str}/wipe-report/preview",
        status_code=200,
        request_max_body_size=wipe_reports.MAX_REPORT_BYTES + wipe_reports.FORM_OVERHEAD_BYTES,
        exception_handlers={RequestEntityTooLarge: _report_too_large},
    )
    async def preview_wipe_report(self, request: Request, asset_tag: AssetTag) -> Response:
        """What nwipe's report says, shown before anything is recorded; nothing is written."""
        upload = (await request.form()).get("file")
        if not isinstance(upload, UploadFile) or not upload.filename:
            return await self._form(
                request,
                asset_tag,
                Action.WIPE,
                workshop.form_defaults(Action.WIPE),
                {},
                report_error=gettext(CHOOSE_REPORT),
                status_code=400,
            )
        content = await upload.read()
        try:
            read = await wipe_reports.read_offloaded(content)
            wipe = await wipe_reports.check(asset_tag, read)
        except NotFound:
            raise
        except DomainError as error:
            return await self._form(
                request,
                asset_tag,
                Action.WIPE,
                workshop.form_defaults(Action.WIPE),
                {},
                report_error=said(error),
                status_code=error.status_code,
            )
        device = await devices.get_device(asset_tag)
        return page(
            request,
            "workshop/wipe_report_preview.html",
            device=devices.device_out(device),
            wipe=wipe,
            report=read.report,
            drives=wipe_reports.drives_of(read.report),
            sha256=read.sha256,
            size_bytes=read.size_bytes,
            filename=wipe_reports.clean_filename(upload.filename),
            # The confirm form sends the very file back: the server keeps nothing between the two.
            carried=carry(content),
        )

    @post(
        "/devices/{asset_tag:str}/wipe-report",
        request_max_body_size=4 * -(-wipe_reports.MAX_REPORT_BYTES // 3) + wipe_reports.FORM_OVERHEAD_BYTES,
        exception_handlers={RequestEntityTooLarge: _report_too_large},
    )
    async def record_wipe_report(self, request: Request, asset_tag: AssetTag) -> Response:
        """Record the previewed report's wipe and keep the report; all or nothing."""
        values = form_dict(await request.form())
        content = carried(values.get("report"), values.get("sha256"))
        if content is None:
            return await self._form(
                request,
                asset_tag,
                Action.WIPE,
                workshop.form_defaults(Action.WIPE),
                {},
                report_error=gettext(PREVIEW_AGAIN),
                status_code=400,
            )
        try:
            recorded = await wipe_reports.record(
                asset_tag,
                content,
                signed_in(request),
                filename=str(values.get("filename") or ""),
                expected_sha256=str(values.get("sha256") or ""),
            )
        except NotFound:
            raise
        except DomainError as error:
            return await self._form(
                request,
                asset_tag,
                Action.WIPE,
                workshop.form_defaults(Action.WIPE),
                {},
                report_error=said(error),
                status_code=error.status_code,
            )
        return go(request, f"/devices/{recorded.transition.device.asset_tag}?done=wipe")

    @post("/devices/{asset_tag:str}/actions/{action:str}")
    async def apply_action(self, request: Request, asset_tag: AssetTag, action: FromPath[str]) -> Response:
        """Apply the action; a refusal shows the form again with the reason."""
        chosen = _action_of(action)
        if chosen is None:
            raise NotFound(N_("no action '%(action)s'"), values={"action": action})
        values = form_dict(await request.form())
        struct_type, _ = workshop.ACTIONS[chosen]
        parsed = parse(struct_type, values)
        missing = workshop.missing_required(chosen, values)
        if not parsed.ok or missing:
            errors = {**parsed.errors, **missing}
            return await self._form(request, asset_tag, chosen, values, errors, status_code=400)
        try:
            transition = await workshop.apply(asset_tag, chosen, parsed.value, signed_in(request))
        except NotFound:
            raise
        except DomainError as error:
            message = await workshop.refusal(error, chosen, asset_tag)
            fields = getattr(error, "fields", {})
            errors = {str(fields["field"]): message} if fields.get("field") else {}
            return await self._form(
                request, asset_tag, chosen, values, errors, message=message, status_code=error.status_code
            )
        return go(request, f"/devices/{transition.device.asset_tag}?done={chosen}")

    @get("/devices/{asset_tag:str}/wipe-certificate.pdf", media_type="application/pdf")
    async def wipe_certificate(self, asset_tag: AssetTag, lang: Lang = None) -> Response[bytes]:
        """The certificate of the wipe covering the current custody period, in the donor's
        language unless `lang` asks for another."""
        return await _certificate(*await devices.current_wipe_certificate(asset_tag), lang)

    @get("/devices/{asset_tag:str}/wipe-certificates/{filename:str}", media_type="application/pdf")
    async def wipe_certificate_by_number(
        self, asset_tag: AssetTag, filename: CertificateFile, lang: Lang = None
    ) -> Response[bytes]:
        """One of the device's certificates, `<number>.pdf`, in the donor's language unless
        `lang` asks for another."""
        if not filename.lower().endswith(".pdf"):
            raise NotFound(N_("certificates are served as <number>.pdf"), reason="no_such_certificate")
        device, wipe = await devices.wipe_certificate(asset_tag, filename[: -len(".pdf")])
        return await _certificate(device, wipe, lang)


class CertificateBundlePages(Controller):
    include_in_schema = False
    guards = [WORKSHOP]

    @get("/wipe-certificates.pdf", media_type="application/pdf")
    async def bundle(
        self, donor: BundleDonor, batch: BundleBatch = None, lang: Lang = None
    ) -> Response[bytes]:
        """Every certificate of a donor's batch after a summary page, in the donor's language
        unless `lang` asks for another."""
        pdf = await certificate_bundle_pdf(donor, batch, lang)
        return Response(
            pdf,
            media_type="application/pdf",
            headers={"content-disposition": 'inline; filename="wipe-certificates.pdf"'},
        )


async def _certificate(device: DeviceRow, wipe: CertificateRow, lang: str | None) -> Response[bytes]:
    pdf = await wipe_certificate_pdf(device, wipe, lang)
    return Response(
        pdf,
        media_type="application/pdf",
        headers={"content-disposition": f'inline; filename="{wipe.certificate_number}.pdf"'},
    )


class IntakePages(Controller):
    include_in_schema = False
    guards = [WORKSHOP]

    async def _form(
        self,
        request: Request,
        template: str,
        values: dict[str, Any],
        errors: dict[str, str],
        message: str = "",
        status_code: int = 200,
    ) -> Response:
        return page(
            request,
            template,
            status_code=status_code,
            values=values,
            errors=errors,
            message=message,
            sites=await sites.list_sites(),
        )

    @get("/intake")
    async def intake_form(self, request: Request) -> Response:
        """Register one device."""
        return await self._form(request, "workshop/intake.html", dict(request.query_params), {})

    @post("/intake")
    async def intake(self, request: Request) -> Response:
        """The device gets its asset tag; its page shows it, ready for a label."""
        values = form_dict(await request.form())
        parsed = parse(DeviceIntake, values)
        if not parsed.ok:
            return await self._form(request, "workshop/intake.html", values, parsed.errors, status_code=400)
        try:
            transition = await workshop.intake(parsed.value, signed_in(request))
        except DomainError as error:
            message = await workshop.refusal(error)
            field = getattr(error, "fields", {}).get("field")
            errors = {str(field): message} if field else {}
            return await self._form(
                request,
                "workshop/intake.html",
                values,
                errors,
                message=message,
                status_code=error.status_code,
            )
        return go(request, f"/devices/{transition.device.asset_tag}?done=intake")

    @get("/intake/batch")
    async def batch_setup(self, request: Request) -> Response:
        """A donor's delivery: what the devices share, entered once."""
        return await self._form(request, "workshop/intake_batch_setup.html", dict(request.query_params), {})

    def _batch_values(self, values: dict[str, Any], code: str) -> dict[str, Any]:
        scan_field: str = (
            values["scan_field"] if values.get("scan_field") in INTAKE_SCAN_FIELDS else "serial_number"
        )
        shared = {k: v for k, v in values.items() if k not in INTAKE_SCAN_FIELDS}
        return {**shared, scan_field: code}

    @get("/intake/batch/run")
    async def batch_run(self, request: Request) -> Response:
        """Scan each device's serial number (or the donor's inventory number) in turn."""
        values = form_dict(request.query_params)
        # The preset is checked as if a code had been scanned, so a bad field shows now.
        parsed = parse(DeviceIntake, self._batch_values(values, "CHECK"))
        if not parsed.ok:
            return await self._form(
                request, "workshop/intake_batch_setup.html", values, parsed.errors, status_code=400
            )
        return page(
            request,
            "workshop/intake_batch_run.html",
            settings_=parsed.value,
            scan_field=values.get("scan_field") or "serial_number",
            preset=_preset(values, BATCH_CONTROL_FIELDS | set(INTAKE_SCAN_FIELDS)),
            results=[],
            ok=0,
            refused=0,
            again=0,
            batch_done=[],
        )

    @post("/intake/batch/run")
    async def batch_scan(self, request: Request) -> Response:
        """Register the scanned device with the batch's shared fields."""
        values = form_dict(await request.form())
        code = str(values.get("code", "")).strip()[:100]
        ok, refused = count_of(values.get("ok")), count_of(values.get("refused"))
        again, done = count_of(values.get("again")), workshop.batch_done(values.get("done"))
        parsed = parse(DeviceIntake, self._batch_values(values, code or "CHECK"))
        result: dict[str, Any] = {"code": code, "outcome": "refused", "message": "", "device": None}
        if not parsed.ok and set(parsed.errors) - set(INTAKE_SCAN_FIELDS):
            return go(request, "/intake/batch")
        if not code:
            result["outcome"] = "ignored"
        elif not parsed.ok:
            result["message"] = next(iter(parsed.errors.values()))
            refused += 1
        else:
            try:
                transition = await workshop.intake(parsed.value, signed_in(request))
                result.update(outcome="ok", device=devices.device_out(transition.device))
                ok += 1
                done.append(transition.device.asset_tag)
            except devices.AlreadyRegistered as error:
                if error.asset_tag in done:
                    # Scanned twice: registered by this very batch a moment ago.
                    result.update(
                        outcome="again", device=devices.device_out(await devices.get_device(error.asset_tag))
                    )
                    again += 1
                else:
                    result["message"] = await workshop.refusal(error)
                    refused += 1
            except DomainError as error:
                result["message"] = await workshop.refusal(error)
                refused += 1
        context: dict[str, Any] = {
            "settings_": parsed.value,
            "scan_field": values.get("scan_field") or "serial_number",
            "preset": _preset(values, BATCH_CONTROL_FIELDS | set(INTAKE_SCAN_FIELDS)),
            "results": [result] if result["outcome"] != "ignored" else [],
            "ok": ok,
            "refused": refused,
            "again": again,
            "batch_done": done,
        }
        template = (
            "workshop/_intake_result.html" if wants_partial(request) else "workshop/intake_batch_run.html"
        )
        return page(request, template, trigger=("relais:scanned", {"outcome": result["outcome"]}), **context)


def _tags_of(values: dict[str, Any]) -> list[str]:
    """Ticked devices and typed or scanned tags, in that order."""
    ticked = values.get("tags", [])
    typed = str(values.get("more_tags", "")).replace(",", "\n").split()
    return [*(ticked if isinstance(ticked, list) else [ticked]), *typed]


class DonorPages(Controller):
    """Donors and the language of their wipe certificates."""

    include_in_schema = False
    guards = [WORKSHOP]

    async def _donors(
        self,
        request: Request,
        *,
        values: dict[str, Any] | None = None,
        errors: dict[str, str] | None = None,
        done: str | None = None,
        status_code: int = 200,
    ) -> Response:
        return page(
            request,
            "workshop/donors.html",
            status_code=status_code,
            donors=await donors.list_donors(),
            values=values or {},
            errors=errors or {},
            message="",
            done=done,
        )

    @get("/donors")
    async def donor_list(self, request: Request, done: Done = None) -> Response:
        """Every donor with the language of its certificates, and a donor whose devices are coming."""
        return await self._donors(request, done=done)

    @post("/donors")
    async def set_language(self, request: Request) -> Response:
        """Set a donor's language with the API's rules (DonorLanguage)."""
        values = form_dict(await request.form())
        parsed = parse(DonorLanguage, values)
        if not parsed.ok or parsed.value is None:
            return await self._donors(request, values=values, errors=parsed.errors, status_code=400)
        await donors.set_language(parsed.value)
        return go(request, "/donors?done=saved")


class LabelPages(Controller):
    include_in_schema = False
    guards = [WORKSHOP]

    async def _form(
        self,
        request: Request,
        values: dict[str, Any],
        errors: dict[str, str],
        message: str = "",
        status_code: int = 200,
        preselect: bool = False,
    ) -> Response:
        waiting = await devices.list_devices(stage=Stage.REFURBISHED, limit=500)
        return page(
            request,
            "workshop/labels.html",
            status_code=status_code,
            preselect=preselect,
            values=values,
            errors=errors,
            message=message,
            waiting=waiting["items"],
            layouts=workshop.label_layouts(),
        )

    @get("/labels")
    async def labels_form(self, request: Request) -> Response:
        """Choose devices, the label stock and where on a used sheet to start.

        `tags` names devices; `first` and `last` a run of them, such as a device import's.
        """
        values = form_dict(request.query_params)
        tags = values.get("tags", [])
        tags = [
            *(tags if isinstance(tags, list) else [tags]),
            *workshop.tag_range(values.get("first"), values.get("last")),
        ]
        values["more_tags"] = "\n".join(tags)
        values["tags"] = []
        return await self._form(request, values, {}, preselect=not values["more_tags"])

    @post("/labels", status_code=200)
    async def print_labels(self, request: Request) -> Response:
        """The labels as a PDF laid out at exact millimetres: print it at 100 %, never scaled."""
        values = form_dict(await request.form())
        layout = str(values.get("layout", ""))
        try:
            start = int(str(values.get("start_position", "1")) or "1")
        except ValueError:
            return await self._form(request, values, {"start_position": gettext(NOT_VALID)}, status_code=400)
        try:
            pdf = await workshop.label_sheet(_tags_of(values), layout, start)
        except InvalidInput as error:
            field = str(error.fields.get("field"))
            # Unknown or missing tags are shown at the field where tags are typed.
            errors = {"more_tags" if field == "asset_tags" else field: await workshop.refusal(error)}
            return await self._form(request, values, errors, status_code=400)
        return Response(
            pdf,
            media_type="application/pdf",
            headers={"content-disposition": f'inline; filename="labels-{layout}.pdf"'},
        )

    @get("/labels/calibration")
    async def calibration(
        self,
        layout: Annotated[str, QueryParameter(name="layout", max_length=40, pattern=QUERY_TEXT_PATTERN)],
    ) -> Response:
        """The outlines of every label of a layout, to check a printer's alignment."""
        if layout not in {candidate.name for candidate in workshop.label_layouts()}:
            raise NotFound(N_("no layout '%(layout)s'"), values={"layout": layout})
        return Response(
            await workshop.calibration_page(layout),
            media_type="application/pdf",
            headers={"content-disposition": f'inline; filename="calibration-{layout}.pdf"'},
        )
