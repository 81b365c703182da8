"""CSV downloads from the web UI: the API's exports, with the signed-in user's scope."""

from __future__ import annotations

from typing import Annotated, Literal

from litestar import Controller, Request, get
from litestar.params import PathParameter, QueryParameter
from litestar.response import Stream

from inventory.accounts.guards import ANY_ROLE
from inventory.reporting import exports
from inventory.text import NON_BLANK_LINE_PATTERN
from inventory.web.exports import SEPARATORS, download_name
from inventory.web.pages import user_of

Filename = Annotated[str, PathParameter(max_length=40, pattern=NON_BLANK_LINE_PATTERN)]
Separator = Annotated[Literal["semicolon", "comma"], QueryParameter(name="delimiter")]


class ExportDownloads(Controller):
    include_in_schema = False
    guards = [ANY_ROLE]

    @get("/exports/{filename:str}")
    async def download(
        self, request: Request, filename: Filename, delimiter: Separator = "semicolon"
    ) -> Stream:
        """A list as a CSV file: semicolons for Belgian Excel unless commas are asked for. The rows,
        their scope (a school's own, no beneficiary for a technician) and the neutralised formulas
        are the API's, from the same export."""
        user = user_of(request)
        assert user is not None  # the guard admitted a signed-in user
        name = exports.export_of_file(filename, user.role).name
        return Stream(
            exports.csv_chunks(name, user, delimiter=SEPARATORS[delimiter]),
            media_type="text/csv",  # Litestar adds the charset of text types
            headers={
                "content-disposition": f'attachment; filename="{download_name(name)}"',
                # Loans and beneficiaries hold personal data: no copy kept by the browser or a proxy.
                "cache-control": "no-store",
            },
        )
