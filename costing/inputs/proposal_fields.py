"""What a proposal's fields are, read off the proposal models: for writing a proposal back out.

Writing a proposal (to YAML, :mod:`.proposal_writer`; as a spreadsheet, :mod:`.proposal_sheet`) is
the inverse of loading one, so it must know every op and field the loader knows, and nothing
else. Nothing here lists an op or a field by hand: the ops are the members of ``Proposal.changes``'
union, each field's shape (a single value, a list, a mapping) comes from its annotation, and a
field is a percent when its own validator takes text such as ``"1%"``. A new op or field in
:mod:`.models` is written and read with no change here.
"""

from __future__ import annotations

import datetime as dt
import types
from decimal import Decimal
from functools import cache
from typing import Annotated, Literal, Union, get_args, get_origin

from pydantic import BaseModel, TypeAdapter, ValidationError

from .models import Proposal

ORDER_FIRST = ("op", "effective")
ORDER_LAST = ("contingent", "reference", "note")
"""Every change is written op and date first and its sources last, as the bundled files are."""


def _members(annotation) -> list:
    """The types a (possibly Annotated, possibly optional) annotation allows, None left out."""
    origin = get_origin(annotation)
    if origin is Annotated:
        return _members(get_args(annotation)[0])
    if origin in (Union, types.UnionType):
        return [m for a in get_args(annotation) if a is not type(None) for m in _members(a)]
    return [annotation]


@cache
def change_models() -> dict[str, type[BaseModel]]:
    """op name -> its model, from the union that ``Proposal.changes`` holds (in the union's order)."""
    (item,) = get_args(Proposal.model_fields["changes"].annotation)[:1]
    out = {}
    for model in _members(item):
        (op,) = get_args(model.model_fields["op"].annotation)
        out[op] = model
    return out


def header_fields() -> list[str]:
    """The proposal's own fields (title, label, proposer, ...): everything but its changes."""
    return [name for name in Proposal.model_fields if name != "changes"]


def field_order(models) -> list[str]:
    """The fields of these models in one order: op and date, then each field as first met, then the sources."""
    seen: list[str] = []
    for model in models:
        seen += [name for name in model.model_fields if name not in seen]
    middle = [name for name in seen if name not in ORDER_FIRST and name not in ORDER_LAST]
    return [*[n for n in ORDER_FIRST if n in seen], *middle, *[n for n in ORDER_LAST if n in seen]]


def _adapter(model: type[BaseModel], name: str) -> TypeAdapter:
    info = model.model_fields[name]
    annotation = Annotated[(info.annotation, *info.metadata)] if info.metadata else info.annotation
    return TypeAdapter(annotation)


@cache
def is_percent(model: type[BaseModel], name: str) -> bool:
    """Whether the field is a percent: its validator reads "1%" as the number 1.

    A percent below 0.5 must be written with its sign ("0.25%"): bare, the loader reads it as a
    fraction typed by mistake and refuses it.
    """
    try:
        value = _adapter(model, name).validate_python("1%")
    except ValidationError:
        return False
    return isinstance(value, Decimal | int | float) and value == 1


def _kind(annotation) -> str:
    members = _members(annotation)
    if len(members) == 1:
        member = members[0]
        origin = get_origin(member) or member
        if origin in (tuple, list):
            return "list"
        if origin is dict or (isinstance(origin, type) and issubclass(origin, BaseModel)):
            return "mapping"
    return "value"


@cache
def shape(model: type[BaseModel], name: str) -> str:
    """"list" (a tuple of values), "mapping" (a dict, or a model of its own) or "value"."""
    return _kind(model.model_fields[name].annotation)


def _scalar(annotation) -> str:
    """"date", "number", "bool" or "text": what a single typed value of this annotation is."""
    kinds = set()
    for member in _members(annotation):
        if get_origin(member) is Literal:
            kinds |= {"bool" if isinstance(v, bool) else "text" for v in get_args(member)}
        elif member is bool:
            kinds.add("bool")
        elif member in (dt.date, dt.datetime):
            kinds.add("date")
        elif member in (Decimal, int, float):
            kinds.add("number")
        else:
            kinds.add("text")
    for kind in ("date", "number", "bool"):
        if kind in kinds:
            return kind
    return "text"


def item_kinds(model: type[BaseModel], name: str) -> tuple[str, str]:
    """(key kind, value kind) of a field's single values: for a list its items ("", kind); for a
    mapping its keys and values (a model's keys are text, its values the fields' kinds: "model");
    for a single value ("", kind)."""
    (annotation,) = _members(model.model_fields[name].annotation)[:1] or [str]
    origin = get_origin(annotation) or annotation
    if origin in (tuple, list):
        return "", _scalar(get_args(annotation)[0])
    if origin is dict:
        key, value = get_args(annotation)
        return _scalar(key), _scalar(value)
    if isinstance(origin, type) and issubclass(origin, BaseModel):
        return "text", "model"
    return "", _scalar(model.model_fields[name].annotation)


def submodel(model: type[BaseModel], name: str) -> type[BaseModel] | None:
    """The model a mapping field holds (``escalate_with`` -> Escalation), or None."""
    for member in _members(model.model_fields[name].annotation):
        if isinstance(member, type) and issubclass(member, BaseModel):
            return member
    return None


def scalar_kind(model: type[BaseModel], name: str) -> str:
    """The kind of one of the field's values (see :func:`_scalar`), for a model's own fields."""
    return _scalar(model.model_fields[name].annotation)


def written(change: BaseModel) -> dict:
    """A change's fields as a file writes them: those that differ from their defaults, op and date
    first, sources last (python values: Decimals, dates, tuples, nested models as dicts)."""
    data = change.model_dump(mode="python", exclude_defaults=True)
    data["op"] = change.op   # a literal with no default; said again in case a model ever gives it one
    first = {k: data.pop(k) for k in ORDER_FIRST if k in data}
    last = {k: data.pop(k) for k in ORDER_LAST if k in data}
    return {**first, **data, **last}


def header_written(proposal: Proposal) -> dict:
    """The proposal's own fields as a file writes them: the title always, the rest when not their defaults."""
    data = proposal.model_dump(mode="python", exclude_defaults=True, exclude={"changes"})
    return {"title": proposal.title, **data}
