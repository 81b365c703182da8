"""A stateful property test of the whole register: random sequences of every device, loan and
school action, through the service functions, with the audit's checks after every step.

Hypothesis's state machine is synchronous; it runs in a worker thread and hands each service
call to the test's event loop (where the database engine and its pool live). A refused action
is fine, as long as it wrote nothing; anything but a domain error fails the test.
"""

from __future__ import annotations

import asyncio
from collections.abc import Coroutine
from typing import Any

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    Bundle,
    RuleBasedStateMachine,
    initialize,
    invariant,
    precondition,
    rule,
    run_state_machine_as_test,
)

from inventory.devices import service as devices
from inventory.devices.schemas import (
    FinishRepairAction,
    FoundAction,
    LabelAction,
    RepairAction,
    RetireAction,
)
from inventory.devices.vocabulary import Action, Stage, WipeMethod, WipeResult
from inventory.errors import DomainError
from inventory.loans import service as loans
from inventory.loans.vocabulary import ReturnCondition
from inventory.reporting.audit import findings_of_register
from inventory.schools import redemptions
from inventory.schools.vocabulary import ReturnReason
from tests.register_steps import (
    REFURBISHMENT,
    SITES,
    Register,
    add_parties,
    fingerprint,
    last_device_id,
    open_register,
    wipe_action,
)

# Bounded so that one backend runs in well under a minute; derandomized so a failure replays.
MACHINE_SETTINGS = settings(
    max_examples=20,
    stateful_step_count=40,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
MAX_DEVICES = 4
WIPE_METHODS = (WipeMethod.NIST_PURGE, WipeMethod.FACTORY_RESET, WipeMethod.PHYSICAL_DESTRUCTION)


def register_machine(loop: asyncio.AbstractEventLoop, base: Register) -> type[RuleBasedStateMachine]:
    def run(work: Coroutine[Any, Any, Any]) -> Any:
        return asyncio.run_coroutine_threadsafe(work, loop).result()

    class RegisterMachine(RuleBasedStateMachine):
        devices = Bundle("devices")
        requests = Bundle("requests")

        def __init__(self) -> None:
            super().__init__()
            # Each example has its own beneficiary, school and voucher; the database is shared,
            # so the audit after each step checks every earlier example's devices too.
            self.register = run(add_parties(base.actor))
            self.before = run(last_device_id())
            self.actor = self.register.actor
            self.count = 0
            self.open_requests = 0
            self.last_loan: dict[str, int] = {}
            self.reserved_for: dict[str, int] = {}

        def attempt(self, work: Coroutine[Any, Any, Any]) -> Any:
            """Run one service call; a refusal must leave the register exactly as it was."""
            before = run(fingerprint())
            try:
                return run(work)
            except DomainError:
                assert run(fingerprint()) == before, "a refused action wrote something"
                return None

        def audit(self) -> None:
            # This example's devices only: a fault left by an earlier example (Hypothesis
            # replays failing ones while it shrinks them) must not fail this one.
            findings = run(findings_of_register(page_size=3, after_device=self.before))
            assert findings == [], "\n".join(finding.line() for finding in findings)

        def act(self, tag: str, action: Action, choice: int, passed: bool) -> None:
            """Ask the service for `action` on the device, with what that action needs."""
            actor = self.actor
            device = run(devices.get_device(tag))
            if action == Action.WIPE:
                result = WipeResult.PASSED if passed else WipeResult.FAILED
                method = WIPE_METHODS[choice % len(WIPE_METHODS)]
                self.attempt(devices.wipe(tag, wipe_action(result, method), actor))
            elif action == Action.REFURBISH:
                self.attempt(devices.refurbish(tag, REFURBISHMENT, actor))
            elif action == Action.LABEL:
                self.attempt(devices.label(tag, LabelAction(), actor))
            elif action == Action.SEND_TO_REPAIR:
                self.attempt(devices.send_to_repair(tag, RepairAction(reason="hinge"), actor))
            elif action == Action.FINISH_REPAIR:
                repair = FinishRepairAction(storage_replaced=choice % 3 == 0)
                self.attempt(devices.finish_repair(tag, repair, actor))
            elif action == Action.RETIRE:
                proof = f"RECY-{choice:04d}" if passed else None
                retirement = RetireAction(reason="recycled", destruction_certificate_ref=proof)
                self.attempt(devices.retire(tag, retirement, actor))
            elif action == Action.CANCEL_TRANSFER:
                self.attempt(devices.cancel_transfer(tag, actor))
            elif action == Action.FOUND:
                self.attempt(devices.found(tag, FoundAction(), actor))
            elif action == Action.TRANSFER:
                # Mostly to another site; sometimes to where it is (refused: 400 naming the site).
                sites = [site for site in SITES if site != device.site_code] if passed else SITES
                self.attempt(devices.transfer(tag, sites[choice % len(sites)], actor))
            elif action == Action.RECEIVE_TRANSFER:
                self.attempt(devices.receive_transfer(tag, actor))
            elif action == Action.LEND:
                loan_id = self.attempt(self.register.lend(tag))
                if loan_id is not None:
                    self.last_loan[tag] = loan_id
            elif action == Action.RETURN and (device.stage == Stage.ALLOCATED or passed):
                reason = list(ReturnReason)[choice % len(ReturnReason)]
                self.attempt(redemptions.return_device(self.register.school_id, tag, reason, "", actor))
            elif action == Action.RETURN and tag in self.last_loan:
                condition = list(ReturnCondition)[choice % len(ReturnCondition)]
                self.attempt(loans.give_back(self.last_loan[tag], condition, "", actor))
            elif action == Action.REPORT_LOST and tag in self.last_loan:
                self.attempt(loans.report_lost(self.last_loan[tag], "stolen", actor))
            elif action == Action.RESERVE:
                redemption = self.attempt(self.register.request(1))
                if redemption is not None:
                    self.reserve(redemption, tag)
            elif action == Action.UNRESERVE and tag in self.reserved_for:
                self.attempt(redemptions.unreserve_device(self.reserved_for[tag], tag, actor))
            elif action == Action.HAND_OVER and tag in self.reserved_for:
                self.attempt(redemptions.hand_over(self.reserved_for[tag], actor))

        # Rules --------------------------------------------------------------------------------

        @initialize(target=devices)
        def first_device(self) -> str:
            self.count += 1
            return self.attempt(self.register.intake())

        @precondition(lambda self: self.count < MAX_DEVICES)
        @rule(target=devices, site=st.sampled_from(SITES))
        def intake(self, site: str) -> str:
            self.count += 1
            return self.attempt(self.register.intake(site))

        @rule(tag=devices, choices=st.lists(st.integers(0, 60), min_size=1, max_size=8), passed=st.booleans())
        def walk(self, tag: str, choices: list[int], passed: bool) -> None:
            """A few of the actions the device allows, one after the other (the audit after
            each): blind actions are mostly refused, so this is what takes devices deep into
            their lives, through repairs, second loans and school returns."""
            for choice in choices:
                allowed = devices.allowed_actions(run(devices.get_device(tag)))
                if choice % 8:
                    # Retiring ends a device's life: keep it rare so that walks go deep.
                    allowed = [action for action in allowed if action != Action.RETIRE]
                if not allowed:
                    return
                self.act(tag, allowed[choice % len(allowed)], choice, passed or choice % 4 != 0)
                self.audit()

        @rule(
            tag=devices,
            action=st.sampled_from([a for a in Action if a != Action.INTAKE]),
            choice=st.integers(0, 60),
            passed=st.booleans(),
        )
        def blind(self, tag: str, action: Action, choice: int, passed: bool) -> None:
            """Any action on any device, allowed or not."""
            self.act(tag, action, choice, passed)

        @precondition(lambda self: self.open_requests < 3)
        @rule(target=requests, quantity=st.integers(1, 2))
        def request(self, quantity: int) -> int:
            self.open_requests += 1
            return self.attempt(self.register.request(quantity))

        @rule(redemption=requests, tag=devices)
        def reserve(self, redemption: int, tag: str) -> None:
            if self.attempt(redemptions.reserve_device(redemption, tag, self.actor)) is not None:
                self.reserved_for[tag] = redemption

        @rule(
            redemption=requests, tag=devices, operation=st.sampled_from(["unreserve", "hand_over", "cancel"])
        )
        def school_request(self, redemption: int, tag: str, operation: str) -> None:
            if operation == "unreserve":
                self.attempt(redemptions.unreserve_device(redemption, tag, self.actor))
            elif operation == "hand_over":
                self.attempt(redemptions.hand_over(redemption, self.actor))
            else:
                self.attempt(redemptions.cancel_redemption(redemption, "changed plans", self.actor))

        @invariant()
        def the_audit_finds_nothing(self) -> None:
            self.audit()

    return RegisterMachine


async def test_random_actions_keep_every_promise_of_the_register(database_url) -> None:
    base = await open_register()
    machine = register_machine(asyncio.get_running_loop(), base)
    await asyncio.to_thread(run_state_machine_as_test, machine, settings=MACHINE_SETTINGS)
