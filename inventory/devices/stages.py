"""The device stage machine of docs/product.md: a table of (stage, action) -> stage plus the custody
guards (wipe chain of custody, in transit, retirement proof), with no I/O."""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass, replace

from inventory.devices.vocabulary import Action, ChecklistItem, CheckResult, Reason, Stage, WipeResult
from inventory.errors import N_, ActionNotAllowed

S, A = Stage, Action


@dataclass(frozen=True)
class DeviceState:
    """What the rules need to know of a device.

    `wiped`: a passed wipe was recorded after the device's last custody change (intake,
    return, found). `in_transit`: sent to another site (`transfer`) and neither received nor
    cancelled yet.
    """

    stage: Stage
    wiped: bool = False
    in_transit: bool = False


# Stages a device may be retired from: any but those where someone else holds it.
_RETIRABLE = [s for s in Stage if s not in {S.ON_LOAN, S.RESERVED, S.ALLOCATED, S.RETIRED}]
# Stages where the device is on one of our shelves and can be moved between sites.
MOVABLE = (S.RECEIVED, S.WIPED, S.REFURBISHED, S.AVAILABLE, S.RETURNED, S.IN_REPAIR, S.RESERVED)
# Shelf stages past the wipe: a device found there without a wipe covering its current custody
# (a database from before this rule) may be wiped again where it stands.
_REWIPABLE = (S.WIPED, S.REFURBISHED, S.AVAILABLE)

# The actions after which whoever held the device may have put data on it.
CUSTODY_CHANGES: frozenset[Action] = frozenset({A.INTAKE, A.RETURN, A.FOUND})
# The actions that bring a device to a beneficiary or a school: each needs a passed wipe
# after the last custody change.
TO_BENEFICIARY_OR_SCHOOL: frozenset[Action] = frozenset({A.LEND, A.RESERVE, A.HAND_OVER})
# What a device on its way between two sites cannot do until it is received (or the transfer
# is cancelled).
BLOCKED_IN_TRANSIT: frozenset[Action] = frozenset({A.LEND, A.RESERVE, A.HAND_OVER, A.LABEL, A.RETIRE})

# The custody rule in the words a technician reads (French, Dutch and English catalogues).
CUSTODY_RULE = N_(
    "A device goes to a beneficiary or a school only after a passed wipe recorded since it last "
    "came in (intake, return, found); a repair never replaces that wipe."
)

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
    (S.LOST, A.FOUND): S.RETURNED,
    # Back to `wiped` only under the custody guard of next_state; `received` otherwise.
    (S.IN_REPAIR, A.FINISH_REPAIR): S.RECEIVED,
    **{
        (stage, A.SEND_TO_REPAIR): S.IN_REPAIR
        for stage in (S.RECEIVED, S.WIPED, S.REFURBISHED, S.AVAILABLE, S.RETURNED)
    },
    **{(stage, A.RETIRE): S.RETIRED for stage in _RETIRABLE},
    # A transfer changes the site, not the stage.
    **{(stage, A.TRANSFER): stage for stage in MOVABLE},
    **{(stage, A.RECEIVE_TRANSFER): stage for stage in MOVABLE},
    **{(stage, A.CANCEL_TRANSFER): stage for stage in MOVABLE},
}
# Only while the stage's wipe does not cover the current custody (see _REWIPABLE).
_REWIPE: Mapping[tuple[Stage, Action], Stage] = {(stage, A.WIPE): S.WIPED for stage in _REWIPABLE}

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
    A.CANCEL_TRANSFER,
    A.FOUND,
)


def allowed_actions(state: DeviceState) -> list[Action]:
    """Every action the rules accept from this state, in a stable order.

    Retirement is listed even where it needs proof (a destruction certificate reference in its
    body): see retirement_needs_proof.
    """
    return list(_allowed_actions(state))


@functools.cache
def _allowed_actions(state: DeviceState) -> tuple[Action, ...]:
    # Every scan asks; the table does not change while the process runs.
    actions = {action for (from_stage, action) in TRANSITIONS if from_stage == state.stage}
    if state.in_transit:
        actions -= {A.TRANSFER, *BLOCKED_IN_TRANSIT}
    else:
        actions -= {A.RECEIVE_TRANSFER, A.CANCEL_TRANSFER}
    if not state.wiped:
        actions -= TO_BENEFICIARY_OR_SCHOOL
        actions |= {action for (from_stage, action) in _REWIPE if from_stage == state.stage}
    return tuple(sorted(actions, key=list(Action).index))


def retirement_needs_proof(state: DeviceState) -> bool:
    """Retiring needs a destruction certificate reference when no passed wipe covers the
    device's current custody: otherwise it would leave with data no one proved destroyed."""
    return not state.wiped


def _refusal(state: DeviceState, action: Action) -> ActionNotAllowed:
    allowed = allowed_actions(state)
    if state.in_transit and action in BLOCKED_IN_TRANSIT and (state.stage, action) in TRANSITIONS:
        return ActionNotAllowed(
            None,
            allowed,
            reason=Reason.IN_TRANSIT,
            values={"action": str(action)},
        )
    if not state.wiped and action in TO_BENEFICIARY_OR_SCHOOL and (state.stage, action) in TRANSITIONS:
        return ActionNotAllowed(
            None,
            allowed,
            reason=Reason.NOT_WIPED_SINCE_CUSTODY_CHANGE,
            values={"action": str(action)},
        )
    return ActionNotAllowed(
        N_("'%(action)s' is not allowed on a device that is '%(stage)s'"),
        allowed,
        values={"action": str(action), "stage": str(state.stage)},
    )


def next_state(
    state: DeviceState,
    action: Action,
    *,
    wipe_result: WipeResult | None = None,
    checklist: Mapping[ChecklistItem, CheckResult] | None = None,
    storage_replaced: bool = False,
    destruction_proof: bool = False,
) -> DeviceState:
    """The state after `action`, or ActionNotAllowed naming what is allowed instead.

    A failed wipe is accepted and leaves the state unchanged; a refurbishment checklist with
    a failed item is refused, since the device must go to repair first. A finished repair
    returns to `wiped` only when a passed wipe covers the current custody and no storage was
    replaced; otherwise to `received`, to be wiped. Retiring without such a wipe needs
    `destruction_proof` (the recycler's destruction certificate reference).
    """
    allowed = allowed_actions(state)
    if action not in allowed:
        raise _refusal(state, action)
    if action == A.WIPE:
        if wipe_result == WipeResult.FAILED:
            return state
        return replace(state, stage=S.WIPED, wiped=True)
    if action == A.REFURBISH and checklist is not None:
        failed = sorted(item for item, result in checklist.items() if result == CheckResult.FAIL)
        if failed:
            raise ActionNotAllowed(
                None,
                allowed,
                reason=Reason.CHECKLIST_FAILED,
                values={"checks": ", ".join(failed)},
            )
    if action == A.RETIRE and retirement_needs_proof(state) and not destruction_proof:
        raise ActionNotAllowed(
            None,
            allowed,
            reason=Reason.DESTRUCTION_PROOF_MISSING,
        )
    if action == A.FINISH_REPAIR:
        still_wiped = state.wiped and not storage_replaced
        return replace(state, stage=S.WIPED if still_wiped else S.RECEIVED, wiped=still_wiped)
    stage = TRANSITIONS[(state.stage, action)]
    wiped = state.wiped and action not in CUSTODY_CHANGES
    if action == A.TRANSFER:
        in_transit = True
    elif action in (A.RECEIVE_TRANSFER, A.CANCEL_TRANSFER) or stage not in MOVABLE:
        in_transit = False
    else:
        in_transit = state.in_transit
    return DeviceState(stage, wiped=wiped, in_transit=in_transit)
