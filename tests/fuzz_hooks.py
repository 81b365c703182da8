"""Schemathesis hooks of tests/test_fuzz_openapi.py (loaded through SCHEMATHESIS_HOOKS).

`positive_data_acceptance` would count every 400 on schema-valid data as the schema lying.
Some refusals are rules no schema can state (a due date before today, a site that does not
exist, a cursor the service did not issue, a voucher code's check character): the service
reports those as one business `field`. A 400 listing `errors` is the service's validation of
shape and types, which the schema must describe: on schema-valid data it is a failure.
"""

from __future__ import annotations

import schemathesis


@schemathesis.check
def schema_valid_shape_is_accepted(ctx, response, case):  # noqa: ANN001, ANN201
    meta = case.meta
    if meta is None or not meta.generation.mode.is_positive or response.status_code != 400:
        return None
    try:
        body = response.json()
    except ValueError:
        body = {}
    if not isinstance(body, dict) or body.get("errors") or "field" not in body:
        raise AssertionError(f"a schema-valid request was refused as invalid input: {response.text[:500]}")
    return None
