"""Writing a proposal back out is the inverse of loading it: as YAML and as a spreadsheet.

Every bundled proposal (every file under data/ that is a proposal, so a district's new proposal is
covered without listing it here) is loaded, written and loaded again, and must be equal to the
first load: ``load(write(load(f))) == load(f)``. Constructed cases pin the written text where it
matters: small percents keep their sign, Decimals keep their digits, dates are ISO.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from costing.errors import InputError
from costing.inputs.loading import detect_kind, load_proposal
from costing.inputs.proposal_fields import change_models, field_order, is_percent, shape
from costing.inputs.proposal_writer import MAX_STEM, file_stem, proposal_yaml, read_back, save_new_proposal

from .conftest import DATA, make_proposal


def bundled_proposals() -> list[Path]:
    found = []
    for path in sorted(DATA.rglob("*.yaml")):
        try:
            if detect_kind(path) == "proposal":
                found.append(path)
        except InputError:
            continue   # an import map or another file that is not one of costing's inputs
    return found


BUNDLED = bundled_proposals()


def test_every_district_has_proposals_to_round_trip():
    districts = {p.relative_to(DATA).parts[0] for p in BUNDLED}
    assert {"chelsea", "new_bedford", "newton", "boston", "belmont"} <= districts


@pytest.mark.parametrize("path", BUNDLED, ids=lambda p: str(p.relative_to(DATA)))
def test_yaml_round_trip_of_every_bundled_proposal(path, tmp_path):
    loaded = load_proposal(path)
    written = tmp_path / "again.yaml"
    written.write_text(proposal_yaml(loaded), encoding="utf-8")
    assert load_proposal(written) == loaded


def test_the_writer_knows_every_op_from_the_models_alone():
    ops = change_models()
    assert {"raise_percent", "add_flat", "replace_table", "set_employer_share", "set_extra_pay"} <= set(ops)
    # the percents are found by their validators, not listed: raise_percent.percent, set_rollup.rate, set_employer_share.percent
    assert is_percent(ops["raise_percent"], "percent") and is_percent(ops["set_rollup"], "rate")
    assert is_percent(ops["set_employer_share"], "percent")
    assert not is_percent(ops["add_flat"], "amount") and not is_percent(ops["raise_percent"], "note")
    assert shape(ops["raise_percent"], "schedules") == "list" and shape(ops["replace_longevity"], "amounts") == "mapping"
    assert shape(ops["add_cost_line"], "escalate_with") == "mapping" and shape(ops["add_flat"], "amount") == "value"
    order = field_order(ops.values())
    assert order[:2] == ["op", "effective"] and order[-3:] == ["contingent", "reference", "note"]


def test_small_percents_keep_their_sign_decimals_their_digits_dates_iso():
    proposal = make_proposal({"title": "Constructed", "date": "2026-01-15", "changes": [
        {"op": "raise_percent", "effective": "2026-07-01", "percent": "0.25%", "schedules": ["s"]},
        {"op": "set_rollup", "effective": "2026-07-01", "name": "medicare", "rate": "0.45%"},
        {"op": "add_flat", "effective": "2027-01-01", "amount": "1234.567891", "per": "hour"},
        {"op": "rebuild", "effective": "2027-07-01", "ratio": "1.0625"},
        {"op": "replace_longevity", "effective": "2027-07-01", "amounts": {10: 750, 15: "1000.50"}, "hold_harmless": True},
    ]})
    text = proposal_yaml(proposal, header="Constructed for the test", first_line="# schema line")
    assert text.startswith("# schema line\n# Constructed for the test\ntitle: Constructed\ndate: 2026-01-15\n")
    assert "percent: 0.25%" in text and "rate: 0.45%" in text
    assert "amount: 1234.567891" in text and "ratio: 1.0625" in text and "effective: 2027-01-01" in text
    assert "{op: replace_longevity, effective: 2027-07-01, amounts: {10: 750, 15: 1000.5}, hold_harmless: changeover}" in text
    again = read_back(text)
    assert again == proposal and again.changes[2].amount == Decimal("1234.567891")


def test_an_empty_proposal_says_so():
    proposal = make_proposal({"title": "Nothing", "changes": []})
    assert "changes: []" in proposal_yaml(proposal) and read_back(proposal_yaml(proposal)) == proposal


def test_saving_never_overwrites_and_never_leaves_the_folder(tmp_path):
    proposal = make_proposal({"title": "T", "changes": [{"op": "raise_percent", "effective": "2026-07-01", "percent": 3}]})
    (tmp_path / "mine.yaml").write_text("a user's own file\n")
    first = save_new_proposal(proposal, tmp_path, "Mine")
    second = save_new_proposal(proposal, tmp_path, "../../mine")
    assert (first.name, second.name) == ("mine_2.yaml", "mine_3.yaml")          # "../../" is not a way out
    assert (tmp_path / "mine.yaml").read_text() == "a user's own file\n"
    assert load_proposal(first) == proposal == load_proposal(second)


def test_a_long_name_is_refused_in_one_line_naming_no_folder(tmp_path):
    assert file_stem("x" * MAX_STEM) == "x" * MAX_STEM
    with pytest.raises(InputError) as error:
        save_new_proposal(make_proposal({"title": "T", "changes": []}), tmp_path, "x" * 300)
    assert "300 characters" in str(error.value) and str(tmp_path) not in str(error.value)
    assert list(tmp_path.iterdir()) == []


def test_a_write_failure_names_the_file_not_the_folder_and_leaves_nothing(tmp_path, monkeypatch):
    proposal = make_proposal({"title": "T", "changes": []})
    with pytest.raises(InputError) as error:          # the folder is gone: the operating system refuses
        save_new_proposal(proposal, tmp_path / "gone", "at the table")
    assert "at_the_table.yaml" in str(error.value) and str(tmp_path) not in str(error.value)

    def full_disk(path, text):
        raise InputError(str(path), None, "cannot write: the disk is full (no space left on device)")

    monkeypatch.setattr("costing.inputs.proposal_writer.atomic_write_text", full_disk)
    with pytest.raises(InputError) as error:
        save_new_proposal(proposal, tmp_path, "at the table")
    assert str(error.value) == "at_the_table.yaml: cannot write: the disk is full (no space left on device)"
    assert list(tmp_path.iterdir()) == []             # the name claimed for the write is given back
