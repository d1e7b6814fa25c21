# The two commands of the README: `make run` and `make test`. Each sets up what it needs.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
PORT   ?= 8866

.PHONY: run test lint validate bench bench-scale bench-classroom clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# One stamp per extra: reinstall when pyproject.toml changes.
$(VENV)/.app: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e ".[app]"
	touch $@

$(VENV)/.test: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e ".[test]"
	touch $@ $(VENV)/.app

run: $(VENV)/.app
	$(BIN)/gcm-explore serve --port $(PORT)

validate: $(VENV)/.app
	$(BIN)/gcm-explore validate

lint: $(VENV)/.test
	$(BIN)/ruff check gcm_explore tests bench

test: $(VENV)/.test timelinejs axe
	$(BIN)/ruff check gcm_explore tests bench
	$(BIN)/gcm-explore validate
	$(BIN)/python -m pytest

bench: $(VENV)/.app
	$(BIN)/python bench/run.py

# The network view at 1k-50k nodes, beside the Plotly docs recipe and pyvis (several minutes).
bench-scale: $(VENV)/.app
	$(BIN)/python -m pip install --quiet -e ".[bench]"
	$(BIN)/python bench/network_scale.py

# 30 students open the explorer at once on one Voila server (Chromium; run on a quiet machine).
bench-classroom: $(VENV)/.test
	$(BIN)/python bench/classroom.py --sessions 30 --timeout 600 --stagger 0,2 --pool-size 0,10

clean:
	rm -rf $(VENV) test-artifacts .pytest_cache

# TimelineJS3 from the npm registry (version pinned in tests/timelinejs/VERSION), for tests/test_timelinejs.py.
TIMELINEJS_VERSION := $(shell cat tests/timelinejs/VERSION)
TIMELINEJS_DIR     := test-artifacts/timelinejs/$(TIMELINEJS_VERSION)

.PHONY: timelinejs
timelinejs: $(TIMELINEJS_DIR)/package/dist/js/timeline.js

$(TIMELINEJS_DIR)/package/dist/js/timeline.js: tests/timelinejs/VERSION
	rm -rf $(TIMELINEJS_DIR) && mkdir -p $(TIMELINEJS_DIR)
	cd $(TIMELINEJS_DIR) && npm pack --silent @knight-lab/timelinejs@$(TIMELINEJS_VERSION) >/dev/null \
		&& tar xzf knight-lab-timelinejs-$(TIMELINEJS_VERSION).tgz
	touch $@

# axe-core from the npm registry (version pinned in tests/axe/VERSION), for tests/test_browser_a11y.py.
AXE_VERSION := $(shell cat tests/axe/VERSION)
AXE_DIR     := test-artifacts/axe/$(AXE_VERSION)

.PHONY: axe
axe: $(AXE_DIR)/package/axe.min.js

$(AXE_DIR)/package/axe.min.js: tests/axe/VERSION
	rm -rf $(AXE_DIR) && mkdir -p $(AXE_DIR)
	cd $(AXE_DIR) && npm pack --silent axe-core@$(AXE_VERSION) >/dev/null && tar xzf axe-core-$(AXE_VERSION).tgz
	touch $@
