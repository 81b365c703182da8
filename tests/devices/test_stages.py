"""The stage machine as a table: every (stage, action) pair is either a listed transition or refused."""

import pytest

from inventory.devices.stages import allowed_actions, next_stage
from inventory.devices.vocabulary import Action, CheckResult, Stage, WipeResult
from inventory.errors import ActionNotAllowed

S, A = Stage, Action

EXPECTED = {
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
    (S.RECEIVED, A.SEND_TO_REPAIR): S.IN_REPAIR,
    (S.WIPED, A.SEND_TO_REPAIR): S.IN_REPAIR,
    (S.REFURBISHED, A.SEND_TO_REPAIR): S.IN_REPAIR,
    (S.AVAILABLE, A.SEND_TO_REPAIR): S.IN_REPAIR,
    (S.RETURNED, A.SEND_TO_REPAIR): S.IN_REPAIR,
    **{
        (stage, A.RETIRE): S.RETIRED
        for stage in (
            S.RECEIVED,
            S.WIPED,
            S.REFURBISHED,
            S.AVAILABLE,
            S.RETURNED,
            S.IN_REPAIR,
            S.LOST,
        )
    },
    **{
        (stage, A.TRANSFER): stage
        for stage in (
            S.RECEIVED,
            S.WIPED,
            S.REFURBISHED,
            S.AVAILABLE,
            S.RETURNED,
            S.IN_REPAIR,
            S.RESERVED,
        )
    },
}
ALL_PAIRS = [
    (stage, action) for stage in Stage for action in Action if action not in (A.INTAKE, A.RECEIVE_TRANSFER)
]


@pytest.mark.parametrize(("stage", "action"), ALL_PAIRS, ids=lambda v: str(v))
def test_each_stage_and_action_follows_the_product_table(stage: Stage, action: Action) -> None:
    if (stage, action) in EXPECTED:
        assert next_stage(stage, action) == EXPECTED[(stage, action)]
    else:
        with pytest.raises(ActionNotAllowed) as refused:
            next_stage(stage, action)
        assert refused.value.allowed_actions == allowed_actions(stage)
        assert action not in refused.value.allowed_actions


def test_returned_device_cannot_be_lent_or_allocated_before_a_new_wipe() -> None:
    for action in (A.LEND, A.RESERVE, A.HAND_OVER, A.REFURBISH, A.LABEL):
        with pytest.raises(ActionNotAllowed):
            next_stage(S.RETURNED, action)
    assert next_stage(S.RETURNED, A.WIPE) == S.WIPED


def test_failed_wipe_leaves_the_stage_unchanged() -> None:
    assert next_stage(S.RECEIVED, A.WIPE, wipe_result=WipeResult.FAILED) == S.RECEIVED
    assert next_stage(S.RETURNED, A.WIPE, wipe_result=WipeResult.FAILED) == S.RETURNED


def test_refurbishment_with_a_failed_check_is_refused_and_repair_is_offered() -> None:
    checklist = {"power": CheckResult.PASS, "screen": CheckResult.FAIL}
    with pytest.raises(ActionNotAllowed) as refused:
        next_stage(S.WIPED, A.REFURBISH, checklist=checklist)
    assert "screen" in refused.value.detail
    assert A.SEND_TO_REPAIR in refused.value.allowed_actions


def test_devices_held_by_someone_cannot_be_retired() -> None:
    for stage in (S.ON_LOAN, S.RESERVED, S.ALLOCATED):
        assert A.RETIRE not in allowed_actions(stage)


def test_a_pending_transfer_is_received_not_sent_again() -> None:
    assert A.RECEIVE_TRANSFER in allowed_actions(S.AVAILABLE, transfer_pending=True)
    assert A.TRANSFER not in allowed_actions(S.AVAILABLE, transfer_pending=True)
    assert A.RECEIVE_TRANSFER not in allowed_actions(S.AVAILABLE)
    assert next_stage(S.AVAILABLE, A.RECEIVE_TRANSFER, transfer_pending=True) == S.AVAILABLE
