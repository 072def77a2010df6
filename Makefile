# Two commands for a fresh clone:
#   make report   install, then produce the demo reports from the bundled data (in reports/)
#   make test     install, then run the whole test suite (what CI runs)
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp

.PHONY: report test lint bench system-deps clean review

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[report,test,notebook,scale,serve]"
	$(BIN)/python -m ipykernel install --sys-prefix --name python3 >/dev/null
	touch $(STAMP)

system-deps:
	@scripts/system-deps.sh

report: system-deps $(STAMP)
	$(BIN)/costing batch data/batch.yaml
	@echo "Reports: reports/$$(date +%Y-%m-%d)/index.html (one folder per district: report.pdf, report.html, workbook.xlsx, ...)"

# contact sheets of every report PDF under reports/ (report.pdf -> report.contact.png), to look at page by page
review: $(STAMP)
	$(BIN)/python -m costing.report.review reports

test: system-deps $(STAMP)
	$(BIN)/ruff check costing tests benchmarks
	$(BIN)/python -m pytest

bench: $(STAMP)
	$(BIN)/python -m benchmarks

clean:
	rm -rf $(VENV) reports/*/ .pytest_cache
