"""Every report counts with the same rules: the dashboard, the summary endpoint and the impact
report agree on the demo data set, and the monthly tallies agree with the events they count."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from inventory.devices import tallies
from inventory.devices.tables import Device, EventTally
from inventory.operations.demo import seed_demo
from inventory.reporting import dashboard, figures
from inventory.settings import get_settings


@pytest.fixture
async def demo(database_url: str):
    return await seed_demo("demo password 2026")


async def _tally_rows() -> list[tuple]:
    rows = await EventTally.select().order_by(EventTally.month, EventTally.action, EventTally.to_stage)
    return sorted(
        (r["month"], r["action"], r["to_stage"], bool(r["moved"]), r["funding"], r["events"]) for r in rows
    )


async def test_the_dashboard_and_the_impact_report_agree_on_the_demo_data(client, auth, demo) -> None:
    at = datetime.now(UTC)
    year = at.astimezone(get_settings().tz).year
    board = await dashboard.dashboard(at)
    impact = await figures.impact_figures(year, at=at)
    summary = (await client.get("/api/v1/reports/summary", headers=auth.admin)).json()

    # The months both show carry the same flows.
    impact_months = {month.month: month for month in impact.by_month}
    shared = [month for month in board.by_month if month.month in impact_months]
    assert shared, "the dashboard's twelve months include this year's"
    for month in shared:
        assert month == impact_months[month.month]
    # ... and the year's totals are the sum of its months, with the donations-only "received".
    assert impact.collected == sum(month.received for month in impact.by_month)
    assert impact.collected == sum(month.received for month in shared) > 0
    donations = await Device.count().where(Device.funding == "donation")
    assert impact.collected == donations  # every demo device was registered this year
    assert impact.allocated == sum(month.allocated for month in shared)

    # The dashboard's stages and sites are the summary's.
    assert {stage.value: n for stage, n in board.by_stage.items()} == summary["devices"]["by_stage"]
    assert [(t.key, t.count) for t in board.by_site] == [
        (s["key"], s["count"]) for s in summary["devices"]["by_site"]
    ]
    assert board.total == summary["devices"]["total"] == 41
    assert board.loans.overdue == summary["loans"]["overdue"]
    assert [v.name for v in board.vouchers_by_programme] == [
        v["name"] for v in summary["vouchers"]["by_programme"]
    ]
    by_month = {month["month"]: month for month in summary["devices"]["by_month"]}
    for month in board.by_month:
        assert by_month[month.month]["received"] == month.received

    # The page shows those figures.
    from tests.web.test_web_http import signed_in

    await signed_in(client, auth.admin)
    page = await client.get("/dashboard")
    assert page.status_code == 200
    assert f'<span class="kpi__value">{board.total}</span>' in page.text


async def test_the_tallies_kept_with_each_event_equal_a_recount_of_the_events(demo) -> None:
    kept = await _tally_rows()
    assert kept
    counted = await tallies.rebuild()
    assert counted == sum(row[-1] for row in kept)
    assert await _tally_rows() == kept
