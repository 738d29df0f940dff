# The README's two commands are `make run` and `make test`; each sets up
# everything it needs on a fresh machine.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# Debian packages the tests use: an independent RDF parser (serdi, rapper), a
# CJK font for the PDFs the tests build, and a headless browser (with a CJK
# font) for the endpoint's query page.
APT_PACKAGES := serdi raptor2-utils fonts-droid-fallback chromium fonts-wqy-microhei

.PHONY: setup system-deps run test notebooks lint clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[test]"
	touch $(STAMP)

setup: $(STAMP)

system-deps:
	@missing=""; for p in $(APT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
		echo "installing Debian packages:$$missing"; \
		SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing; \
	fi

# Builds the seeds into the default store (./fzgraph-store) and writes every export, the diffusion
# views (exports/views/*.html) and figures (exports/figures/, CJK labels need fonts-wqy-microhei).
run: setup system-deps
	mkdir -p exports
	$(BIN)/fzgraph ingest seeds/ --json --silent > exports/reports.jsonl
	$(BIN)/fzgraph build seeds/ --silent
	$(BIN)/fzgraph export -o exports/
	$(BIN)/fzgraph viz bipartite -o exports/views/bipartite.html
	$(BIN)/fzgraph viz diffusion --practice 告知承诺制 --rollup -o exports/views/diffusion.html
	$(BIN)/fzgraph viz coadoption -o exports/views/coadoption.html
	for f in curves heatmap modes; do for x in png svg; do \
		$(BIN)/fzgraph viz $$f -o exports/figures/$$f.$$x || exit 1; done; done
	$(BIN)/fzgraph analyze modes --shares -o exports/diffusion-modes.csv
	$(BIN)/fzgraph analyze netinf -o exports/netinf-edges.csv
	$(BIN)/fzgraph query adopters-of-practice --param practice=告知承诺制

lint: setup
	$(BIN)/ruff check src tests benchmarks

# The test suite, then every notebook executed from a clean kernel (nbmake); a notebook that errors fails.
test: setup system-deps lint
	$(BIN)/pytest -q
	$(BIN)/pytest -q --nbmake notebooks/

notebooks: setup
	$(BIN)/pytest -q --nbmake notebooks/

clean:
	rm -rf $(VENV) .pytest_cache
