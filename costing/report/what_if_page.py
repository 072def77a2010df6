"""The what-if page: its controls, what each control does, and what the page shows, as ipywidgets.

``costing serve`` renders ``notebooks/what_if.ipynb`` through Voilà; the notebook only calls
:func:`show_page`. Everything the page does is here, in plain Python that tests drive without a
browser: set a control's ``value`` (or click a button) and read what the page shows.

What the page promises a person at the table:

* every box is read as typed and checked with the proposal file's own rules
  (:mod:`.what_if_inputs`); a value that is refused gets a sentence beside the box, nothing is
  re-costed, and the figures say they are for the last values accepted (never clamped, never ignored);
* gaps are said with their direction and proposals by their labels (:mod:`.what_if_words`);
* a control shows only where the contract has something to move (no stipend box for a contract
  without stipends, no step freeze for schedules without steps);
* no message shows a folder of this computer, and no name or employee ID is ever shown.

The figures come from :class:`costing.negotiate.what_if.WhatIf`, the costing the reports use.
"""

from __future__ import annotations

import datetime as dt
import html
import os
from decimal import Decimal
from importlib.resources import files
from pathlib import Path

import ipywidgets as widgets

from ..errors import InputError
from ..negotiate.what_if import Edits, RaiseEdit, Recosted, WhatIf, budget_gap
from . import what_if_words as words
from .format import date, fiscal_year
from .what_if_inputs import Typed, read_budget, read_dollars, read_file_name, read_percent, read_stipend, read_title

ENVIRONMENT = ("COSTING_WHAT_IF_SCENARIO", "COSTING_WHAT_IF_PROPOSAL", "COSTING_WHAT_IF_OTHER", "COSTING_WHAT_IF_BUDGET")
"""How ``costing serve`` hands the page its scenario (Voilà passes the environment on to each kernel)."""
UNITS = {"annual": "$ a year", "per_hour": "$ an hour", "per_day": "$ a day", "percent": "% of pay",
         "hours_at_rate": "hours a year at the person's own rate"}
LABEL = {"description_width": "10em"}


def page_css() -> str:
    return (files("costing.report") / "what_if.css").read_text(encoding="utf-8")


def _wide(width: str = "32em") -> widgets.Layout:
    return widgets.Layout(width=width)   # one Layout per control: hiding one must not hide the others


def _number_text(value, unit: str) -> str:
    """A figure as a box shows it: 4.5 (percent), 3,500 or 1,250.50 (dollars)."""
    number = Decimal(str(value))
    if unit == "%":
        return f"{number.normalize():f}"
    return f"{number:,.2f}".removesuffix(".00")


def _note(typed: Typed) -> str:
    return html.escape(typed.message)


def _card(key: str, value: str, css: str = "") -> str:
    return f"<div class='wi-card {css}'><div class='k'>{html.escape(key)}</div><div class='v'>{html.escape(value)}</div></div>"


def _box(title: str, *rows) -> widgets.VBox:
    return widgets.VBox([widgets.HTML(f"<div class='wi-box-title'>{html.escape(title)}</div>"), *rows]).add_class("wi-box")


def _message() -> widgets.HTML:
    return widgets.HTML().add_class("wi-msg")


class WhatIfPage:
    """The page for one scenario: build it, then read ``view`` (a widget) or call :meth:`show`."""

    def __init__(self, what_if: WhatIf, budget: str = ""):
        self.what_if = what_if
        self.edits = Edits()
        self.shown: Recosted | None = None
        self.refused = False        # a box holds a value that was not accepted: the figures shown are older
        self._loading = False
        self._build(str(budget))
        self._wire()
        self.choose()

    # ---- building

    def _build(self, budget: str) -> None:
        w = self.what_if
        self.proposal_pick = widgets.Dropdown(options=[(words.label(w, n), n) for n in w.editable()], value=w.name,
                                              description="Proposal to move", style=LABEL, layout=_wide())
        self.other_pick = widgets.Dropdown(description="Against", style=LABEL, layout=_wide())
        self.year_pick = widgets.Dropdown(description="Fiscal year", style=LABEL, layout=_wide(), options=[
            (f"{fiscal_year(y)} ({date(w.year_bounds(y)[0])} to {date(w.year_bounds(y)[1] - dt.timedelta(days=1))})", y)
            for y in w.costing.years])
        self.raise_pick = widgets.Dropdown(description="Raise", style=LABEL, layout=_wide())
        self.percent = widgets.Text(description="Raise, %", style=LABEL, layout=_wide("16em"), continuous_update=False)
        self.amount = widgets.Text(description="Flat amount, $ a year", style={"description_width": "11em"},
                                   layout=_wide("19em"), continuous_update=False)
        self.effective = widgets.Dropdown(description="Takes effect", style={"description_width": "7em"}, layout=_wide("15em"))
        self.freeze = widgets.Checkbox(description="Freeze steps this year (nobody moves a step)", indent=False)
        self.stipend_pick = widgets.Dropdown(description="Stipend", style=LABEL, layout=_wide())
        self.stipend_amount = widgets.Text(description="Amount", style={"description_width": "5em"}, layout=_wide("12em"),
                                           continuous_update=False)
        self.stipend_unit = widgets.HTML()
        self.budget_box = widgets.Text(value=budget, placeholder="e.g. 1,500,000", continuous_update=False,
                                       description="Budget for new money over the contract, $",
                                       style={"description_width": "20em"}, layout=_wide("34em"))
        self.percent_note, self.amount_note, self.stipend_note, self.budget_note = (_message() for _ in range(4))
        self.save_note = _message()
        self.summary, self.figures, self.settlement, self.who, self.saved = (widgets.HTML() for _ in range(5))
        self.save_name = widgets.Text(description="File name", style=LABEL, layout=_wide())
        self.save_title = widgets.Text(description="Title", style={"description_width": "4em"}, layout=_wide("34em"))
        self.save_button = widgets.Button(description="Save as proposal", button_style="primary", icon="save")
        self.reset_button = widgets.Button(description="Back to as filed", icon="undo")
        for name in ("proposal", "other", "year", "raise", "percent", "amount", "effective", "freeze", "stipend",
                     "stipend_amount", "budget", "summary", "figures", "settlement", "who", "save_name", "save_title",
                     "saved"):
            attribute = {"proposal": "proposal_pick", "other": "other_pick", "year": "year_pick", "raise": "raise_pick",
                         "stipend": "stipend_pick", "budget": "budget_box"}.get(name, name)
            getattr(self, attribute).add_class(f"wi-{name.replace('_', '-')}")
        self.save_button.add_class("wi-save")
        self.reset_button.add_class("wi-reset")
        self.stipend_row = widgets.HBox([self.stipend_pick, self.stipend_amount, self.stipend_unit, self.stipend_note])
        steps_move = any(len(s.steps) > 1 for s in w.costing.contracts["baseline"].schedules)
        self.freeze.layout.display = None if steps_move else "none"

    def _wire(self) -> None:
        self.proposal_pick.observe(self.choose, names="value")
        self.other_pick.observe(self.against, names="value")
        self.year_pick.observe(self.load_controls, names="value")
        for pick in (self.raise_pick, self.stipend_pick):
            pick.observe(lambda _change: None if self._loading else self.load_controls(), names="value")
        for control in (self.percent, self.amount, self.effective, self.freeze, self.stipend_amount):
            control.observe(self.take_controls, names="value")
        self.budget_box.observe(lambda _change: self.show_figures(), names="value")
        self.save_button.on_click(self.save)
        self.reset_button.on_click(self.reset)

    @property
    def view(self) -> widgets.VBox:
        """The whole page as one widget."""
        w = self.what_if
        years = f"{fiscal_year(w.costing.years[0])} to {fiscal_year(w.costing.years[-1])}"
        people = len(w.costing.roster) if w.costing.roster is not None else 0
        header = widgets.HTML(
            f"<h2>{html.escape(w.title or 'What if')}</h2><div class='wi-sub'>{years} &middot; {people:,} people on the "
            "roster (costed on this computer; no names or IDs are shown)</div>")
        return widgets.VBox([
            header,
            _box("Which offers", widgets.HBox([self.proposal_pick, self.other_pick])),
            _box("Move a year", widgets.HBox([self.year_pick, self.raise_pick]),
                 widgets.HBox([self.percent, self.percent_note]), widgets.HBox([self.amount, self.amount_note]),
                 self.effective, self.freeze, self.stipend_row),
            _box("Budget", widgets.HBox([self.budget_box, self.budget_note])),
            self.summary, self.figures, self.settlement, self.who,
            _box("Save as proposal", widgets.HBox([self.save_name, self.save_title]), self.save_note,
                 widgets.HBox([self.save_button, self.reset_button]), self.saved),
        ]).add_class("wi-page")

    def show(self) -> None:
        """Display the page (in a notebook, or on the page Voilà serves)."""
        from IPython.display import HTML, display

        display(HTML(f"<style>{page_css()}</style>"))
        display(self.view)

    # ---- what the controls say

    def load_controls(self, *_) -> None:
        """Put the year's values (as edited so far, else as filed) on the controls, without re-costing."""
        w, year = self.what_if, self.year_pick.value
        self._loading = True
        try:
            raises = w.raises_in(year)
            options = [(f"of {date(d)}" if any(c.op == "raise_percent" and c.effective == d for c in w.proposal.changes)
                        else f"none filed: add one from {date(d)}", d) for d in raises]
            if list(self.raise_pick.options) != options:
                self.raise_pick.options = options
            if self.raise_pick.value not in raises:
                self.raise_pick.value = raises[0]
            self.raise_pick.layout.display = None if len(raises) > 1 else "none"
            when = self.raise_pick.value
            filed, edit = w.at(when), self.edits.raise_edit(when)
            self.percent.value = _number_text(edit.percent if edit and edit.percent is not None else filed["percent"], "%")
            self.amount.value = _number_text(edit.amount if edit and edit.amount is not None else filed["amount"], "$")
            self.effective.options = [(date(m), m) for m in w.months(when)]
            self.effective.value = edit.effective if edit and edit.effective else when
            frozen = self.edits.freeze(year)
            self.freeze.value = w.steps_frozen(year) if frozen is None else frozen
            name = self.stipend_pick.value
            if name:
                moved = self.edits.stipend(year, name)
                unit = "%" if w.stipend_kind(name) == "percent" else "$"
                self.stipend_amount.value = _number_text(w.stipend_on(name, year) if moved is None else moved, unit)
                self.stipend_unit.value = (f"<span class='wi-sub'>{UNITS.get(w.stipend_kind(name), '')}, from "
                                           f"{date(w.year_bounds(year)[0])}</span>")
            for note in (self.percent_note, self.amount_note, self.stipend_note):
                note.value = ""
        finally:
            self._loading = False
        if self.refused:    # the refused text is gone from the boxes: show the figures of what was accepted
            self.recost()

    def _stipend(self, name: str):
        contract = self.what_if.costing.contracts[self.what_if.name]
        return next((s for s in contract.stipends if s.name == name), None)

    def take_controls(self, *_) -> None:
        """Read every box of this year; re-cost if all are accepted, else say beside each box what is wrong."""
        if self._loading:
            return
        w, year, when = self.what_if, self.year_pick.value, self.raise_pick.value
        percent, amount = read_percent(self.percent.value), read_dollars(self.amount.value)
        self.percent_note.value, self.amount_note.value = _note(percent), _note(amount)
        typed = [percent, amount]
        edits = self.edits
        if percent.ok and amount.ok:
            edits = edits.with_raise(when, RaiseEdit(percent.value, amount.value, self.effective.value))
        edits = edits.with_freeze(year, self.freeze.value)
        name = self.stipend_pick.value
        if name:
            stipend = read_stipend(self.stipend_amount.value, self._stipend(name))
            self.stipend_note.value = _note(stipend)
            typed.append(stipend)
            if stipend.ok and abs(float(stipend.value) - w.stipend_on(name, year)) < 0.005:
                edits = edits.without_stipend(year, name)
            elif stipend.ok:
                edits = edits.with_stipend(year, name, stipend.value)
        if not all(t.ok for t in typed):
            self._stale("a value above is not accepted (see the message beside it)")
            return
        self.edits = edits
        self.recost()

    def _stale(self, why: str) -> None:
        self.refused = True
        self.summary.value = (f"<p class='wi-stale'>Not re-costed: {html.escape(why)}. The figures below are for the "
                              "last values accepted.</p>")

    # ---- what the page shows

    def recost(self) -> None:
        """Cost the edited copy and show it (a change that cannot be costed is named; the last figures stay)."""
        try:
            self.shown = self.what_if.recost(self.what_if.edited(self.edits))
        except InputError as exc:
            self._stale(f"that change cannot be costed: {words.plain_message(exc)}")
            return
        self.refused = False
        self.show_figures()

    def show_figures(self) -> None:
        """The cards, the figures by year and the settlement percent, from the last costing shown."""
        w, rec = self.what_if, self.shown
        if rec is None:
            return
        total = rec.frame.iloc[-1]
        cards = [_card("Cost over the contract", words.dollars(total["proposal"])),
                 _card("New money", words.compared(total["new_money"], "the status quo", "more than", "less than"))]
        if w.other != "baseline":   # against the status quo, the gap is the new money
            theirs = words.label(w, w.other)
            cards.append(_card("Against the other side's offer", words.compared(total["gap"], theirs)))
        budget = read_budget(self.budget_box.value)
        self.budget_note.value = _note(budget)
        gap = budget_gap(total["new_money"], float(budget.value)) if budget.ok and budget.value is not None else None
        if gap is not None:
            heading, text = words.budget_words(gap)
            cards.append(_card(heading, text, "wi-over" if gap > 0.5 else "wi-under"))
        self.summary.value = f"<div class='wi-cards'>{''.join(cards)}</div>"
        moved = "as moved here" if self.edits and abs(total["change"]) >= 0.005 else "as filed"
        caption = f"{words.label(w, w.name)} ({moved}): cost by fiscal year"
        self.figures.value = words.figures_table(w, rec, caption).to_html()
        self.settlement.value = words.settlement_table(w, rec).to_html()
        self.who.value = words.who_gets_what_table(w, w.who_gets_what(rec)).to_html()

    # ---- choosing and saving

    def choose(self, *_) -> None:
        """Another proposal to move: start again from it as filed (against the one moved before, when that was the other side)."""
        before, name = self.what_if, self.proposal_pick.value
        others = [(words.label(before, n), n) for n in before.scenarios() if n != name]
        self._loading = True
        self.other_pick.options = others
        self.other_pick.value = before.other if before.other != name else (before.name if before.name != name else others[0][1])
        self.what_if = before.choose(name, self.other_pick.value)
        names = self.what_if.stipend_names()
        self.stipend_pick.options = [(n.replace("_", " ").capitalize(), n) for n in names]
        self.stipend_pick.value = self.stipend_pick.value if self.stipend_pick.value in names else (names or [None])[0]
        self.stipend_row.layout.display = None if names else "none"
        self._loading = False
        self.edits = Edits()
        self.save_name.value = f"{name}_what_if"
        self.save_title.value = f"{self.what_if.proposal.title} (what-if)"
        self.saved.value = self.save_note.value = ""
        self.load_controls()
        self.recost()

    def against(self, *_) -> None:
        """Another offer to compare with: the edits stay."""
        if not self._loading:
            self.what_if = self.what_if.choose(self.what_if.name, self.other_pick.value)
            self.recost()

    def reset(self, *_) -> None:
        self.edits = Edits()
        self.saved.value = ""
        self.load_controls()
        self.recost()

    def save(self, *_) -> Path | None:
        """Write the proposal as shown to a new file beside the filed one; say where, by name only."""
        w, rec = self.what_if, self.shown
        name, title = read_file_name(self.save_name.value), read_title(self.save_title.value, f"{w.proposal.title} (what-if)")
        self.save_note.value = _note(name if not name.ok else title)
        if not (name.ok and title.ok) or rec is None:
            self.saved.value = "<p class='wi-error'>Not saved: see the message above.</p>"
            return None
        if self.refused:
            self.saved.value = "<p class='wi-error'>Not saved: a value above is not accepted yet.</p>"
            return None
        try:
            path = w.save(rec.proposal, name.value, title.value)
        except (InputError, OSError) as exc:
            self.saved.value = f"<p class='wi-error'>Not saved: {html.escape(words.plain_message(exc))}</p>"
            return None
        filed = w.files[w.name]
        self.saved.value = (
            f"<p>Saved <b>{html.escape(path.name)}</b> in {html.escape(filed.parent.name)}/, beside "
            f"{html.escape(filed.name)}: {words.dollars(rec.frame.iloc[-1]['proposal'])} over the contract, as shown "
            f"above. Check it with <code>costing validate {html.escape(path.name)}</code> and cost it formally with "
            "<code>costing compare</code> (add it to the scenario's proposals).</p>")
        return path


def open_page(scenario_path: str | Path, proposal: str | None = None, other: str | None = None, budget: str = "",
              environ=None) -> WhatIfPage:
    """The page for a scenario file; ``costing serve``'s COSTING_WHAT_IF_* environment overrides the arguments."""
    env = os.environ if environ is None else environ
    if env.get(ENVIRONMENT[0]):
        scenario_path, proposal, other = env[ENVIRONMENT[0]], env.get(ENVIRONMENT[1]) or None, env.get(ENVIRONMENT[2]) or None
        budget = env.get(ENVIRONMENT[3], budget)
    return WhatIfPage(WhatIf.from_scenario(scenario_path, proposal, other), budget)


def show_page(scenario_path: str | Path, proposal: str | None = None, other: str | None = None, budget: str = "") -> None:
    """What the notebook runs: the page, or one plain sentence (no folder of this computer) if the scenario cannot be read."""
    from IPython.display import HTML, display

    try:
        page = open_page(scenario_path, proposal, other, budget)
    except InputError as exc:
        display(HTML(f"<p class='wi-error'>The what-if page cannot open: {html.escape(words.plain_message(exc))}</p>"))
        return
    page.show()
