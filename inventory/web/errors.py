"""Failures on web pages: the log-in page when not signed in, an HTML page for the rest.

These handlers are scoped to the web router, so the API keeps its JSON error bodies.
"""

from __future__ import annotations

import logging

from litestar import Request, Response
from litestar.exceptions import (
    HTTPException,
    NotAuthorizedException,
    NotFoundException,
    PermissionDeniedException,
    ValidationException,
)
from litestar.plugins.htmx import ClientRedirect
from litestar.response import Redirect
from litestar.types import ExceptionHandlersMap

from inventory.accounts.service import PasswordChangeRequired
from inventory.errors import DomainError, RetryLater, TooManyAttempts
from inventory.web.language import N_, gettext, said, use_locale
from inventory.web.pages import go, login_url, page, wants_partial

log = logging.getLogger("relais")

CSRF_FAILURE = "CSRF token verification failed"


def error_page(request: Request, status_code: int, title: str, detail: str) -> Response:
    use_locale(request)
    template = "errors/_error.html" if wants_partial(request) else "errors/error.html"
    return page(request, template, status_code=status_code, title=gettext(title), detail=detail)


def not_signed_in(request: Request, _: NotAuthorizedException) -> Response:
    if wants_partial(request):
        return ClientRedirect(redirect_to=login_url(request))
    return Redirect(path=login_url(request), status_code=303)


def refused(request: Request, error: PermissionDeniedException) -> Response:
    if str(error.detail) == CSRF_FAILURE:
        return error_page(
            request,
            403,
            N_("This form has expired"),
            gettext("Reload the page and submit the form again."),
        )
    return _role_refused(request)


def _role_refused(request: Request) -> Response:
    return error_page(
        request, 403, N_("Access refused"), gettext("Your role does not give access to this page.")
    )


def not_found(request: Request, error: Exception) -> Response:
    detail = said(error) if isinstance(error, DomainError) else ""
    return error_page(request, 404, N_("Not found"), detail or gettext("This page does not exist."))


def invalid(request: Request, error: ValidationException) -> Response:
    return error_page(
        request, 400, N_("Invalid request"), gettext("Some values in the address are not valid.")
    )


def domain_error(request: Request, error: DomainError) -> Response:
    if isinstance(error, PasswordChangeRequired):
        # A reset password: the change page is the only one open until a new one is chosen.
        return go(request, "/account/password")
    if error.status_code == 404:
        return not_found(request, error)
    if error.status_code == 403:
        return _role_refused(request)
    if isinstance(error, TooManyAttempts):
        return error_page(
            request,
            429,
            N_("Too many attempts"),
            gettext(
                "Too many failed attempts. Try again in %(seconds)s s.",
                seconds=error.retry_after_seconds,
            ),
        )
    answer = error_page(request, error.status_code, N_("This could not be done"), said(error))
    if isinstance(error, RetryLater):  # Busy (503): the server's queue of this work is full
        answer.headers["Retry-After"] = str(error.retry_after_seconds)
    return answer


def http_error(request: Request, error: HTTPException) -> Response:
    if error.status_code >= 500:
        return server_error(request, error)
    return error_page(request, error.status_code, N_("This could not be done"), "")


def server_error(request: Request, error: Exception) -> Response:
    log.exception("unhandled error on %s %s", request.method, request.url.path, exc_info=error)
    return error_page(
        request,
        500,
        N_("Something went wrong"),
        gettext("The error was recorded. Try again, or tell your coordinator if it persists."),
    )


WEB_EXCEPTION_HANDLERS: ExceptionHandlersMap = {
    NotAuthorizedException: not_signed_in,
    PermissionDeniedException: refused,
    NotFoundException: not_found,
    ValidationException: invalid,
    DomainError: domain_error,
    HTTPException: http_error,
    Exception: server_error,
}
