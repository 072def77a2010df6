"""Ops on pay items beside the rate tables: longevity, stipends, one-time and retro pay, paid days, extra pay."""

from __future__ import annotations

from ...errors import did_you_mean
from ...inputs import models as m
from ...inputs.labels import item_label
from ...inputs.models import changes as ch
from ...inputs.models.consistency import check_daily_rate
from ...inputs.words import date, listed, money, pct, plural
from .. import rate_tables
from .registry import Applying, month_day_words, register, shared, sourced, words

# ------------------------------------------------------------------ replace_longevity


def _check_longevity(change: ch.ReplaceLongevity, at: Applying) -> None:
    programs = [lg.name for lg in at.contract.longevity]
    if programs and change.name not in programs:
        raise ValueError(f"no longevity program named {change.name!r}{did_you_mean(change.name, programs)}"
                         f" (the contract has {', '.join(programs)})")


def _replace_longevity(change: ch.ReplaceLongevity, at: Applying) -> m.Contract:
    contract = at.contract
    table = m.LongevityTable(effective=change.effective, **shared(change, m.LongevityTableFields), **sourced(change))
    if any(lg.name == change.name for lg in contract.longevity):
        items = tuple(lg.model_copy(update={"tables": tuple(sorted((*lg.tables, table), key=lambda t: t.effective))})
                      if lg.name == change.name else lg for lg in contract.longevity)
    else:
        items = (*contract.longevity, m.Longevity(name=change.name, schedules=change.schedules, units=change.units,
                                                  tables=(table,)))
    return contract.model_copy(update={"longevity": items})


def _describe_longevity(change: ch.ReplaceLongevity, _) -> str:
    amounts = ", ".join(f"{money(v)} at {k} years" for k, v in sorted(change.amounts.items()))
    held = f" (hold harmless: {change.hold_harmless})" if change.hold_harmless else ""
    return f"new {change.name} amounts: {amounts}{held}"


register(ch.ReplaceLongevity, check=_check_longevity, apply=_replace_longevity, describe=_describe_longevity)


# ------------------------------------------------------------------ set_stipend

STIPEND_OVERRIDES = ("kind", "column", "prorated", "fte_scaled", "pay_month_day", "eligible")


def _check_stipend(change: ch.SetStipend, at: Applying) -> None:
    names = [s.name for s in at.contract.stipends]
    if change.name not in names and change.kind is None:
        raise ValueError(f"no stipend named {change.name!r}{did_you_mean(change.name, names)}; a new stipend needs a kind")


def _set_stipend(change: ch.SetStipend, at: Applying) -> m.Contract:
    contract = at.contract
    value = m.DatedAmount(effective=change.effective, **shared(change, m.DatedAmountFields), **sourced(change))
    if any(s.name == change.name for s in contract.stipends):
        def updated(s: m.Stipend) -> m.Stipend:
            values = tuple(sorted((*[v for v in s.values if v.effective != change.effective], value),
                                  key=lambda v: v.effective))
            overrides = {k: getattr(change, k) for k in STIPEND_OVERRIDES if getattr(change, k) is not None}
            overrides.update({"label": change.label} if change.label else {})
            return s.model_copy(update={"values": values, **overrides})
        items = tuple(updated(s) if s.name == change.name else s for s in contract.stipends)
    else:
        items = (*contract.stipends, m.Stipend(
            name=change.name, kind=change.kind, column=change.column,
            prorated=True if change.prorated is None else change.prorated,
            fte_scaled=bool(change.fte_scaled), pay_month_day=change.pay_month_day, eligible=change.eligible,
            schedules=change.schedules, units=change.units, values=(value,), label=change.label))
    return contract.model_copy(update={"stipends": items})


def stipend_amount(change: ch.SetStipend, contract: m.Contract | None) -> str:
    """A stipend's new value in its own unit: dollars a year, an hour or a day, a percent, or hours."""
    kind = change.kind
    if kind is None and contract is not None:
        kind = next((s.kind for s in contract.stipends if s.name == change.name), None)
    amount = change.amount
    if kind is None:   # neither the change nor the contract given says (a stipend of a switch left off): no unit guessed
        return f"{amount:g} in the stipend's own unit (this change does not say which)"
    return {
        "per_hour": f"{money(amount)} an hour",
        "per_day": f"{money(amount)} a day",
        "percent": f"{pct(amount)} of base pay",
        "hours_at_rate": f"{amount:g} hours a year at each person's own hourly rate",
    }.get(kind, f"{money(amount)} a year")


register(ch.SetStipend, check=_check_stipend, apply=_set_stipend,
         describe=lambda c, contract: f"{c.label or item_label((contract,), 'stipend', c.name) or words(c.name)} set to "
                                      f"{stipend_amount(c, contract)}")


# ------------------------------------------------------------------ one_time


def _one_time(change: ch.OneTimeChange, at: Applying) -> m.Contract:
    item = m.OneTime(**shared(change, m.OneTimeFields), schedules=change.schedules, units=change.units,
                     **sourced(change))
    return at.contract.model_copy(update={"one_time": (*at.contract.one_time, item)})


def _describe_one_time(change: ch.OneTimeChange, _) -> str:
    employed = f" to those employed on {listed(date(d) for d in change.employed_on)}" if change.employed_on else ""
    scaled = " (by FTE)" if change.fte_scaled else ""
    funded = f", funded from {change.funding_source}" if change.funding_source else ""
    return (f"one-time payment {change.label or words(change.name)} of {money(change.amount)}{scaled} paid {date(change.pay_date)}"
            f"{employed}{funded}")


register(ch.OneTimeChange, apply=_one_time, describe=_describe_one_time)


# ------------------------------------------------------------------ retro


def _check_retro(change: ch.RetroChange, at: Applying) -> None:
    for name in at.targets:
        rate_tables.table_in_force(at.contract.schedule(name), change.effective)


def _retro(change: ch.RetroChange, at: Applying) -> m.Contract:
    item = m.Retro(start=change.effective, **shared(change, m.RetroFields), **sourced(change),
                   old_schedules=tuple(s for s in at.baseline.schedules if s.name in at.targets))
    return at.contract.model_copy(update={"retro": (*at.contract.retro, item)})


register(ch.RetroChange, check=_check_retro, apply=_retro, needs_schedules=True,
         describe=lambda c, _: (f"retroactive pay {c.label or words(c.name)} for pay until {date(c.until)} at the old rates,"
                                f" paid {date(c.pay_date)}"))


# ------------------------------------------------------------------ add_paid_days


def _add_paid_days(change: ch.AddPaidDays, at: Applying) -> m.Contract:
    period = change.until is not None
    item = m.PaidDays(**shared(change, m.PaidDaysFields), on=None if period else change.effective,
                      start=change.effective if period else None, schedules=change.schedules, units=change.units,
                      **sourced(change))
    return at.contract.model_copy(update={"paid_days": (*at.contract.paid_days, item)})


def _describe_paid_days(change: ch.AddPaidDays, contract) -> str:
    name = change.label or item_label((contract,), "paid_days", change.name) or words(change.name)
    if change.also_on:  # several dates: the days in all, and each date
        each = listed(date(d) for d in (change.effective, *change.also_on))
        every = ", every year" if change.recurring else ""
        return (f"{plural(change.days * (1 + len(change.also_on)), 'paid day')} ({name}) at each person's"
                f" own daily rate, {plural(change.days, 'day')} on each of {each}{every}")
    when = (f" spread over the period until {date(change.until)}" if change.until
            else " every year on this date" if change.recurring else " on this date")
    return f"{plural(change.days, 'paid day')} ({name}) at each person's own daily rate{when}"


register(ch.AddPaidDays, apply=_add_paid_days, describe=_describe_paid_days,
         check=lambda change, at: check_daily_rate(at.contract, change, ""))


# ------------------------------------------------------------------ set_extra_pay


def _fresh_name(items, name: str) -> str:
    """A replaced extra-pay rule keeps its history under the same name, the new one as name#2, #3, ...."""
    names = {x.name for x in items}
    if name not in names:
        return name
    k = 2
    while f"{name}#{k}" in names:
        k += 1
    return f"{name}#{k}"


def _set_extra_pay(change: ch.SetExtraPay, at: Applying) -> m.Contract:
    kept = tuple(x if x.name != change.name else x.model_copy(update={"until": change.effective})
                 for x in at.contract.extra_pay)
    fields = {**shared(change, m.ExtraPayFields), "name": _fresh_name(kept, change.name)}
    item = m.ExtraPay(**fields, effective=change.effective, schedules=change.schedules, units=change.units,
                      **sourced(change))
    return at.contract.model_copy(update={"extra_pay": (*kept, item)})


def _describe_extra_pay(change: ch.SetExtraPay, contract) -> str:
    unit = "day" if change.measure == "days" else "week"
    tiers = listed(f"{plural(n, unit)} at {years} years" for years, n in sorted(change.tiers.items()))
    counted = f", service counted on {month_day_words(change.service_counted_on)}" if change.service_counted_on else ""
    until = f", until {date(change.until)}" if change.until else ""
    name = change.label or item_label((contract,), "extra_pay", change.name) or words(change.name)
    return (f"extra pay {name}: {tiers} of service, paid each year on {month_day_words(change.pay_month_day)}"
            f"{counted}{until}")


register(ch.SetExtraPay, apply=_set_extra_pay, describe=_describe_extra_pay,
         check=lambda change, at: check_daily_rate(at.contract, change, ""))

