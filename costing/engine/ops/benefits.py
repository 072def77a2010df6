"""Ops on per-head benefits: set_premium, set_employer_share, move_plan (dated values added, never edited)."""

from __future__ import annotations

from ...errors import did_you_mean
from ...inputs import models as m
from ...inputs.models import changes as ch
from ...inputs.words import listed, money, pct
from .registry import Applying, register, shared, sourced, words


def benefit_named(contract: m.Contract, name: str) -> m.Benefit:
    for benefit in contract.benefits:
        if benefit.name == name:
            return benefit
    known = ", ".join(b.name for b in contract.benefits) or "none"
    raise ValueError(f"unknown benefit {name!r}{did_you_mean(name, [b.name for b in contract.benefits])}"
                     f" (the contract's benefits: {known})")


def _check_plans(benefit: m.Benefit, plans) -> None:
    for plan in plans:
        if plan not in benefit.plans:
            raise ValueError(f"benefit {benefit.name!r} has no plan {plan!r}{did_you_mean(plan, benefit.plans)}"
                             f" (plans: {', '.join(benefit.plans)})")


def _replace_benefit(contract: m.Contract, name: str, **update) -> m.Contract:
    items = tuple(b.model_copy(update=update) if b.name == name else b for b in contract.benefits)
    return contract.model_copy(update={"benefits": items})


# ------------------------------------------------------------------ set_premium


def _check_premium(change: ch.SetPremium, at: Applying) -> None:
    benefit = benefit_named(at.contract, change.name)
    _check_plans(benefit, [change.plan])
    tiers = sorted({t for dated in benefit.plans[change.plan] for t in dated.rates})
    for tier in change.rates:
        if tier not in tiers:
            raise ValueError(f"plan {change.plan!r} of benefit {change.name!r} has no tier {tier!r}"
                             f"{did_you_mean(tier, tiers)} (tiers: {', '.join(tiers)}): nobody is enrolled in it")


def _set_premium(change: ch.SetPremium, at: Applying) -> m.Contract:
    benefit = benefit_named(at.contract, change.name)
    day, dated = change.effective, benefit.plans[change.plan]
    current = {k: v for x in dated if x.effective <= day for k, v in x.rates.items()}  # tiers not named keep theirs
    value = m.PremiumRates(effective=day, rates={**current, **change.rates}, **sourced(change))
    kept = [x for x in dated if x.effective != day]
    plans = {**benefit.plans, change.plan: tuple(sorted((*kept, value), key=lambda x: x.effective))}
    return _replace_benefit(at.contract, change.name, plans=plans)


register(ch.SetPremium, check=_check_premium, apply=_set_premium,
         describe=lambda c, _: f"{words(c.name)} plan {c.plan} premiums set to "
         + listed(f"{money(v)} {t}" for t, v in c.rates.items()))


# ------------------------------------------------------------------ set_employer_share


def _check_share(change: ch.SetEmployerShare, at: Applying) -> None:
    _check_plans(benefit_named(at.contract, change.name), change.plans or ())


def _set_share(change: ch.SetEmployerShare, at: Applying) -> m.Contract:
    benefit = benefit_named(at.contract, change.name)
    share = m.EmployerShare(effective=change.effective, **shared(change, m.EmployerShareFields), **sourced(change))
    return _replace_benefit(at.contract, change.name, employer_share=(*benefit.employer_share, share))


def _describe_share(change: ch.SetEmployerShare, _) -> str:
    plans = f" for plan(s) {listed(change.plans)}" if change.plans else ""
    return f"{words(change.name)} employer share set to {pct(change.percent)}{plans}"


register(ch.SetEmployerShare, check=_check_share, apply=_set_share, describe=_describe_share)


# ------------------------------------------------------------------ move_plan


def _check_move(change: ch.MovePlan, at: Applying) -> None:
    _check_plans(benefit_named(at.contract, change.name), [change.from_plan, change.to_plan])


def _move(change: ch.MovePlan, at: Applying) -> m.Contract:
    benefit = benefit_named(at.contract, change.name)
    move = m.PlanMove(effective=change.effective, **shared(change, m.PlanMoveFields), **sourced(change))
    return _replace_benefit(at.contract, change.name, plan_moves=(*benefit.plan_moves, move))


register(ch.MovePlan, check=_check_move, apply=_move,
         describe=lambda c, _: f"{words(c.name)}: members of plan {c.from_plan} costed at plan {c.to_plan}'s premiums")
