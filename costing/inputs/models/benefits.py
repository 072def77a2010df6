"""Per-head benefits (M.G.L. c.32B): plans, tiers, premiums, the employer's share, plan moves."""

from __future__ import annotations

from decimal import Decimal
from typing import ClassVar, Literal

from pydantic import Field, field_validator, model_validator

from .base import Dated, Frozen, Label, Selector, SharePercent, Sourced


class PremiumRatesFields(Frozen):
    rates: dict[str, Decimal]  # tier -> premium

    @field_validator("rates")
    @classmethod
    def _positive(cls, value: dict[str, Decimal]) -> dict[str, Decimal]:
        if not value:
            raise ValueError("give at least one tier's premium")
        for tier, amount in value.items():
            if not (amount >= 0 and amount.is_finite()):
                raise ValueError(f"tier {tier!r}: premium {amount} must be a finite amount >= 0")
        return value


class PremiumRates(PremiumRatesFields, Dated):
    """A plan's premium for each tier from a date (monthly or annual, as the benefit's ``basis``)."""

    VALUE: ClassVar[str] = "rates"


class EmployerShareFields(Frozen):
    percent: SharePercent
    plans: tuple[str, ...] | None = None

    @field_validator("percent")
    @classmethod
    def _range(cls, value: Decimal) -> Decimal:
        if not Decimal(0) <= value <= Decimal(100):
            raise ValueError(f"{value}% is not a share between 0% and 100%")
        return value


class EmployerShare(EmployerShareFields, Dated):
    """The employer's share of the premium from a date, for every plan or for the plans named."""

    VALUE: ClassVar[str] = "percent"


class PlanMoveFields(Frozen):
    from_plan: str
    to_plan: str


class PlanMove(PlanMoveFields, Dated):
    """From a date, members of one plan are costed at another plan's premiums (tiers kept)."""

    VALUE: ClassVar[str] = "to_plan"


class Benefit(Selector, Sourced):
    """Per-head employer cost of a benefit (health, dental) by plan and tier (M.G.L. c.32B).

    The roster column ``column`` holds each person's enrolment as ``PLAN:TIER`` (or ``TIER`` when
    there is one plan); blank, ``waived`` or ``none`` means not enrolled. Positions a proposal
    creates take ``new_position_mix``: the share of new hires in each ``PLAN:TIER`` (the rest
    waive), stated as an assumption. Premiums are charged by month (a month counts when the
    person is employed on its first day) or by calendar day, whatever the schedule's pay basis:
    10-month staff carry twelve months of coverage.
    """

    name: str
    label: Label = ""
    column: str
    basis: Literal["monthly", "annual"] = "monthly"
    proration: Literal["months", "days"] = "months"
    plans: dict[str, tuple[PremiumRates, ...]]
    employer_share: tuple[EmployerShare, ...] = Field(min_length=1)
    plan_moves: tuple[PlanMove, ...] = ()
    new_position_mix: dict[str, Decimal] = {}
    assumption: str = ""
    contingent: str | None = None   # a switch: costed only when the scenario switches it on (an assumed benefit)

    @model_validator(mode="after")
    def _consistent(self):
        if not self.plans:
            raise ValueError("give at least one plan")
        for plan, dated in self.plans.items():
            if not dated:
                raise ValueError(f"plan {plan!r} has no premiums")
            dates = [d.effective for d in dated]
            if dates != sorted(dates) or len(set(dates)) != len(dates):
                raise ValueError(f"plan {plan!r}: premiums must be in date order, one per date")
        for share in self.employer_share:
            for plan in share.plans or ():
                if plan not in self.plans:
                    raise ValueError(f"employer_share names plan {plan!r}, which is not in plans ({', '.join(self.plans)})")
        for move in self.plan_moves:
            for plan in (move.from_plan, move.to_plan):
                if plan not in self.plans:
                    raise ValueError(f"plan_moves names plan {plan!r}, which is not in plans ({', '.join(self.plans)})")
        total = Decimal(0)
        for key, share in self.new_position_mix.items():
            self.split_enrolment(key)
            if not Decimal(0) <= share <= Decimal(1):
                raise ValueError(f"new_position_mix {key!r}: {share} is not a share between 0 and 1")
            total += share
        if total > 1:
            raise ValueError(f"new_position_mix adds up to {total}, more than 1 (all new hires)")
        return self

    def split_enrolment(self, text: str) -> tuple[str, str]:
        """'HMO:family' -> ('HMO', 'family'); 'family' alone when there is one plan."""
        plan, sep, tier = str(text).partition(":")
        if not sep:
            if len(self.plans) != 1:
                raise ValueError(f"{text!r} names no plan; write PLAN:TIER (plans: {', '.join(self.plans)})")
            plan, tier = next(iter(self.plans)), plan
        plan, tier = plan.strip(), tier.strip()
        if plan not in self.plans:
            raise ValueError(f"{text!r}: unknown plan {plan!r} (plans: {', '.join(self.plans)})")
        tiers = {t for dated in self.plans[plan] for t in dated.rates}
        if tier not in tiers:
            raise ValueError(f"{text!r}: plan {plan!r} has no tier {tier!r} (tiers: {', '.join(sorted(tiers))})")
        return plan, tier
