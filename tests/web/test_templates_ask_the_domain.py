"""Templates ask the domain what a status allows; they never compare a status or stage string."""

from __future__ import annotations

import re
from datetime import date, timedelta
from pathlib import Path

import pytest

from inventory.devices.stock_vocabulary import CountStatus
from inventory.loans.vocabulary import LoanStatus
from inventory.schools.vocabulary import RedemptionStatus, VoucherStatus, can_redeem
from inventory.web.templating import TEMPLATES_DIR

# `x.status == "active"`, `stage != 'lost'`, `status in ("issued", ...)` and the reverse order.
_NAME = r"[\w.]*\b(?:status|stage)\b(?:\s*\|\s*\w+)?"
_LITERAL = r"""(?:["'][^"']*["']|[(\[]\s*["'])"""
COMPARISON = re.compile(
    rf"{_NAME}\s*(?:==|!=|\bnot\s+in\b|\bin\b)\s*{_LITERAL}|{_LITERAL}\s*(?:==|!=)\s*{_NAME}"
)
JINJA = re.compile(r"{%.*?%}|{{.*?}}", re.S)


def _comparisons(text: str) -> list[str]:
    return [match.group(0) for block in JINJA.finditer(text) for match in COMPARISON.finditer(block.group(0))]


def test_the_check_catches_a_status_comparison() -> None:
    assert _comparisons('{% if loan.status == "active" %}x{% endif %}')
    assert _comparisons("{% if voucher.status in ('issued', 'partially_redeemed') %}")
    assert _comparisons('{{ "a" if device.stage != "lost" }}')
    assert not _comparisons('{% if term("loan_status", loan.status).open %}')


def test_no_template_compares_a_status_or_stage_with_a_string() -> None:
    found = {
        str(path.relative_to(TEMPLATES_DIR)): hits
        for path in sorted(Path(TEMPLATES_DIR).rglob("*.html"))
        if (hits := _comparisons(path.read_text(encoding="utf-8")))
    }
    assert found == {}, "ask the domain (term(kind, value).<property>, can_redeem, allowed actions)"


TODAY = date(2027, 3, 1)


@pytest.mark.parametrize(
    ("status", "remaining", "expires_on", "expected"),
    [
        (VoucherStatus.ISSUED, 3, TODAY, True),
        (VoucherStatus.PARTIALLY_REDEEMED, 1, TODAY + timedelta(days=30), True),
        # The copy of the rule that school/home.html used to carry forgot the expiry date.
        (VoucherStatus.ISSUED, 3, TODAY - timedelta(days=1), False),
        (VoucherStatus.PARTIALLY_REDEEMED, 0, TODAY, False),
        (VoucherStatus.REDEEMED, 0, TODAY, False),
        (VoucherStatus.CANCELLED, 3, TODAY, False),
        (VoucherStatus.EXPIRED, 3, TODAY, False),
    ],
)
def test_a_voucher_can_be_redeemed_only_with_units_left_a_redeemable_status_and_before_expiry(
    status: VoucherStatus, remaining: int, expires_on: date, expected: bool
) -> None:
    assert can_redeem(status, remaining, expires_on, TODAY) is expected


def test_statuses_say_what_they_allow() -> None:
    assert [s for s in LoanStatus if s.open] == [LoanStatus.ACTIVE]
    assert [s for s in CountStatus if s.open] == [CountStatus.OPEN]
    assert [s for s in RedemptionStatus if s.open] == [RedemptionStatus.REQUESTED]
    assert [s for s in RedemptionStatus if s.delivered] == [RedemptionStatus.HANDED_OVER]
