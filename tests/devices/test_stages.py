"""The stage machine as a table: every (stage, action) pair is either a listed transition or refused,
then the custody guards (wipe since the last custody change, in transit, retirement proof)."""

import pytest

from inventory.devices.stages import DeviceState, allowed_actions, next_state
from inventory.devices.vocabulary import Action, CheckResult, Stage, WipeResult
from inventory.errors import ActionNotAllowed

S, A = Stage, Action

# How a device is in ordinary life at each stage: past the wipe it is covered by it, received
# and returned devices are not.
COVERED = {S.WIPED, S.REFURBISHED, S.AVAILABLE, S.ON_LOAN, S.RESERVED, S.ALLOCATED, S.LOST, S.IN_REPAIR}


def typical(stage: Stage, **fields: bool) -> DeviceState:
    return DeviceState(stage, wiped=fields.pop("wiped", stage in COVERED), **fields)


def next_stage(stage: Stage, action: Action, **inputs) -> Stage:
    return next_state(typical(stage), action, **inputs).stage


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
    (S.LOST, A.FOUND): S.RETURNED,
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
    (stage, action)
    for stage in Stage
    for action in Action
    if action not in (A.INTAKE, A.RECEIVE_TRANSFER, A.CANCEL_TRANSFER)
]


@pytest.mark.parametrize(("stage", "action"), ALL_PAIRS, ids=lambda v: str(v))
def test_each_stage_and_action_follows_the_product_table(stage: Stage, action: Action) -> None:
    if (stage, action) in EXPECTED:
        # Retirement from an unwiped stage needs its proof; the guard has its own tests below.
        inputs = {"destruction_proof": True} if action == A.RETIRE else {}
        assert next_stage(stage, action, **inputs) == EXPECTED[(stage, action)]
    else:
        with pytest.raises(ActionNotAllowed) as refused:
            next_stage(stage, action)
        assert refused.value.allowed_actions == allowed_actions(typical(stage))
        assert action not in refused.value.allowed_actions


def test_returned_device_cannot_be_lent_or_allocated_before_a_new_wipe() -> None:
    for stage in (S.AVAILABLE, S.RESERVED):
        for action in (A.LEND, A.RESERVE, A.HAND_OVER):
            assert action not in allowed_actions(DeviceState(stage, wiped=False))
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
        assert A.RETIRE not in allowed_actions(typical(stage))


def test_a_pending_transfer_is_received_or_cancelled_not_sent_again() -> None:
    moving = typical(S.AVAILABLE, in_transit=True)
    assert A.RECEIVE_TRANSFER in allowed_actions(moving)
    assert A.CANCEL_TRANSFER in allowed_actions(moving)
    assert A.TRANSFER not in allowed_actions(moving)
    assert A.RECEIVE_TRANSFER not in allowed_actions(typical(S.AVAILABLE))
    assert A.CANCEL_TRANSFER not in allowed_actions(typical(S.AVAILABLE))
    for action in (A.RECEIVE_TRANSFER, A.CANCEL_TRANSFER):
        assert next_state(moving, action) == typical(S.AVAILABLE)
    assert next_state(typical(S.AVAILABLE), A.TRANSFER) == moving


@pytest.mark.parametrize("stage", [S.RECEIVED, S.RETURNED])
def test_a_repair_never_stands_in_for_a_wipe(stage: Stage) -> None:
    repaired = next_state(next_state(typical(stage), A.SEND_TO_REPAIR), A.FINISH_REPAIR)
    assert repaired == DeviceState(S.RECEIVED, wiped=False)
    assert A.WIPE in allowed_actions(repaired)


def test_a_repair_returns_to_wiped_only_when_the_wipe_still_covers_the_storage() -> None:
    in_repair = next_state(typical(S.AVAILABLE), A.SEND_TO_REPAIR)
    assert in_repair == DeviceState(S.IN_REPAIR, wiped=True)
    assert next_state(in_repair, A.FINISH_REPAIR) == DeviceState(S.WIPED, wiped=True)
    assert next_state(in_repair, A.FINISH_REPAIR, storage_replaced=True) == DeviceState(S.RECEIVED)


@pytest.mark.parametrize("action", [A.RETURN, A.FOUND])
def test_a_custody_change_ends_the_wipe_cover(action: Action) -> None:
    stage = S.LOST if action == A.FOUND else S.ON_LOAN
    assert next_state(typical(stage), action) == DeviceState(S.RETURNED, wiped=False)


def test_a_passed_wipe_covers_the_custody_and_a_failed_one_changes_nothing() -> None:
    assert next_state(typical(S.RETURNED), A.WIPE, wipe_result=WipeResult.PASSED) == DeviceState(
        S.WIPED, True
    )
    assert next_state(typical(S.RETURNED), A.WIPE, wipe_result=WipeResult.FAILED) == typical(S.RETURNED)


@pytest.mark.parametrize(
    ("stage", "action"), [(S.AVAILABLE, A.LEND), (S.AVAILABLE, A.RESERVE), (S.RESERVED, A.HAND_OVER)]
)
def test_no_device_reaches_a_beneficiary_or_a_school_without_a_wipe_since_its_custody_change(
    stage: Stage, action: Action
) -> None:
    with pytest.raises(ActionNotAllowed) as refused:
        next_state(DeviceState(stage, wiped=False), action)
    assert refused.value.reason == "not_wiped_since_custody_change"
    assert action not in refused.value.allowed_actions
    assert next_state(DeviceState(stage, wiped=True), action).wiped


def test_a_shelved_device_the_wipe_no_longer_covers_can_be_wiped_where_it_stands() -> None:
    for stage in (S.WIPED, S.REFURBISHED, S.AVAILABLE):
        assert A.WIPE in allowed_actions(DeviceState(stage, wiped=False))
        assert A.WIPE not in allowed_actions(DeviceState(stage, wiped=True))
        assert next_state(DeviceState(stage), A.WIPE, wipe_result=WipeResult.PASSED) == DeviceState(
            S.WIPED, True
        )


@pytest.mark.parametrize(
    ("stage", "action"),
    [(S.AVAILABLE, A.LEND), (S.AVAILABLE, A.RESERVE), (S.RESERVED, A.HAND_OVER), (S.REFURBISHED, A.LABEL)]
    + [(stage, A.RETIRE) for stage in (S.RECEIVED, S.WIPED, S.AVAILABLE, S.IN_REPAIR)],
)
def test_a_device_in_transit_can_be_neither_lent_reserved_allocated_labelled_nor_retired(
    stage: Stage, action: Action
) -> None:
    with pytest.raises(ActionNotAllowed) as refused:
        next_state(typical(stage, in_transit=True), action, destruction_proof=True)
    assert refused.value.reason == "in_transit"
    assert refused.value.allowed_actions == allowed_actions(typical(stage, in_transit=True))
    assert A.CANCEL_TRANSFER in refused.value.allowed_actions


def test_the_workshop_goes_on_while_a_device_is_in_transit() -> None:
    moving = typical(S.RECEIVED, in_transit=True)
    wiped = next_state(moving, A.WIPE, wipe_result=WipeResult.PASSED)
    assert wiped == DeviceState(S.WIPED, wiped=True, in_transit=True)


@pytest.mark.parametrize("stage", [S.RECEIVED, S.RETURNED, S.IN_REPAIR, S.LOST, S.AVAILABLE])
def test_retirement_without_a_wipe_since_the_custody_change_needs_a_destruction_proof(stage: Stage) -> None:
    unwiped = DeviceState(stage, wiped=False)
    assert A.RETIRE in allowed_actions(unwiped)
    with pytest.raises(ActionNotAllowed) as refused:
        next_state(unwiped, A.RETIRE)
    assert refused.value.reason == "destruction_proof_missing"
    assert "destruction certificate number" in refused.value.detail
    assert "physical destruction" in refused.value.detail
    assert next_state(unwiped, A.RETIRE, destruction_proof=True).stage == S.RETIRED
    assert next_state(DeviceState(stage, wiped=True), A.RETIRE).stage == S.RETIRED
