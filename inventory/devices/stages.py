"""The device stage machine of PRODUCT.md: a table of (stage, action) -> stage, with no I/O."""

from __future__ import annotations

import functools
from collections.abc import Mapping

from inventory.devices.vocabulary import Action, CheckResult, Stage, WipeResult
from inventory.errors import N_, ActionNotAllowed

S, A = Stage, Action

# Stages a device may be retired from: any but those where someone else holds it.
_RETIRABLE = [s for s in Stage if s not in {S.ON_LOAN, S.RESERVED, S.ALLOCATED, S.RETIRED}]
# Stages where the device is on one of our shelves and can be moved between sites.
_MOVABLE = [S.RECEIVED, S.WIPED, S.REFURBISHED, S.AVAILABLE, S.RETURNED, S.IN_REPAIR, S.RESERVED]

TRANSITIONS: Mapping[tuple[Stage, Action], Stage] = {
    (S.RECEIVED, A.WIPE): S.WIPED,
    (S.RETURNED, A.WIPE): S.WIPED,
    (S.WIPED, A.REFURBISH): S.REFURBISHED,
    (S.REFURBISHED, A.LABEL): S.AVAILABLE,
    (S.AVAILABLE, A.LEND): S.ON_LOAN,
    (S.ON_LOAN, A.RETURN): S.RETURNED,
    (S.ALLOCATED, A.RETURN): S.RETURNED,
    (S.AVAILABLE, A.RESERVE): S.RESERVED,
    (S.RESERVED, A.UNRESERVE): S.AVAILABLE,
    (S.RESERVED, A.HAND_OVER): S.ALLOCATED,
    (S.ON_LOAN, A.REPORT_LOST): S.LOST,
    (S.IN_REPAIR, A.FINISH_REPAIR): S.WIPED,
    **{
        (stage, A.SEND_TO_REPAIR): S.IN_REPAIR
        for stage in (S.RECEIVED, S.WIPED, S.REFURBISHED, S.AVAILABLE, S.RETURNED)
    },
    **{(stage, A.RETIRE): S.RETIRED for stage in _RETIRABLE},
    # A transfer changes the site, not the stage.
    **{(stage, A.TRANSFER): stage for stage in _MOVABLE},
    **{(stage, A.RECEIVE_TRANSFER): stage for stage in _MOVABLE},
}

# Actions a technician or admin triggers directly on a device; the others belong to loans
# (lend, return, report_lost) and school redemptions (reserve, unreserve, hand_over).
WORKSHOP_ACTIONS: tuple[Action, ...] = (
    A.WIPE,
    A.REFURBISH,
    A.LABEL,
    A.SEND_TO_REPAIR,
    A.FINISH_REPAIR,
    A.RETIRE,
    A.TRANSFER,
    A.RECEIVE_TRANSFER,
)


def allowed_actions(stage: Stage, *, transfer_pending: bool = False) -> list[Action]:
    """Every action the stage machine accepts from this stage, in a stable order."""
    return list(_allowed_actions(stage, transfer_pending))


@functools.cache
def _allowed_actions(stage: Stage, transfer_pending: bool) -> tuple[Action, ...]:
    # Every scan asks; the table does not change while the process runs.
    actions = [action for (from_stage, action) in TRANSITIONS if from_stage == stage]
    if transfer_pending:
        actions = [a for a in actions if a != A.TRANSFER]
    else:
        actions = [a for a in actions if a != A.RECEIVE_TRANSFER]
    return tuple(sorted(set(actions), key=list(Action).index))


def next_stage(
    stage: Stage,
    action: Action,
    *,
    wipe_result: WipeResult | None = None,
    checklist: Mapping[str, CheckResult] | None = None,
    transfer_pending: bool = False,
) -> Stage:
    """The stage after `action`, or ActionNotAllowed naming what is allowed instead.

    A failed wipe is accepted and leaves the stage unchanged; a refurbishment checklist with
    a failed item is refused, since the device must go to repair first.
    """
    allowed = allowed_actions(stage, transfer_pending=transfer_pending)
    if action not in allowed:
        raise ActionNotAllowed(
            N_("'%(action)s' is not allowed on a device that is '%(stage)s'"),
            allowed,
            values={"action": str(action), "stage": str(stage)},
        )
    if action == A.WIPE and wipe_result == WipeResult.FAILED:
        return stage
    if action == A.REFURBISH and checklist is not None:
        failed = sorted(item for item, result in checklist.items() if result == CheckResult.FAIL)
        if failed:
            raise ActionNotAllowed(
                N_(
                    "refurbishment cannot complete with failed checks (%(checks)s): send the device to repair"
                ),
                allowed,
                reason="checklist_failed",
                values={"checks": ", ".join(failed)},
            )
    return TRANSITIONS[(stage, action)]
