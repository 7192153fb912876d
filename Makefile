# lecturecast — make targets mirror the CLI.  Variables: SCRIPT, ENGINE, JOBS, SEG, OUT, ROOT, ASR, LLM, PY.
PY      ?= python3
VENV    ?= .venv
BIN     := $(VENV)/bin
SCRIPT  ?= scripts/rnn-history.md
ENGINE  ?= auto
JOBS    ?=
OUT     ?=
OPTS     = --engine $(ENGINE) $(if $(JOBS),-j $(JOBS)) $(if $(OUT),-o $(OUT)) $(if $(ROOT),--root $(ROOT))
LC      := $(BIN)/lecturecast

.PHONY: help setup install system-packages import lint fmt slides audio video segment studio check contracts test bench clean

help:
	@echo "make setup                 install lecturecast (+ optional system packages when root)"
	@echo "make video  [SCRIPT=…]     deck, handout, voiceover, MP4, captions, chapters"
	@echo "make slides [SCRIPT=…]     deck.pptx, handout.pdf, slides/NNN.png only"
	@echo "make audio  [SCRIPT=…]     voiceover only"
	@echo "make segment SEG=n|id      rebuild one segment and re-join"
	@echo "make studio [SCRIPT=…]     local web page to review, edit and regenerate segments (PORT=8765)"
	@echo "make check [SCRIPT=…]      review.html: facts to verify, audio check (ASR=0: skip it; LLM=URL)"
	@echo "make lint | import | fmt   check / convert the script"
	@echo "make test | bench          tests / benchmarks (benchmarks/RESULTS.md)"
	@echo "make contracts             import contracts (lint-imports) and mypy alone (make test runs them too)"

$(VENV)/.installed: pyproject.toml
	$(PY) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[dev,asr,studio,icons]'
	touch $@

install: $(VENV)/.installed

# Optional system packages (documented in README): LibreOffice (deck rendering check), espeak-ng
# (voice for languages piper cannot speak), poppler-utils (PDF -> PNG), Noto fonts, sox, Debian ffmpeg,
# chromium (studio browser tests).  Warns, never aborts; waits for apt's lock.
system-packages:
	@bash scripts/install-system-packages.sh

setup: install system-packages

import: install
	$(LC) import $(SCRIPT)
lint: install
	$(LC) lint $(SCRIPT)
fmt: install
	$(LC) fmt $(SCRIPT) --check
slides: install
	$(LC) slides $(SCRIPT) $(if $(JOBS),-j $(JOBS)) $(if $(OUT),-o $(OUT)) $(if $(ROOT),--root $(ROOT))
audio: install
	$(LC) audio $(SCRIPT) $(OPTS)
video: install
	$(LC) video $(SCRIPT) $(OPTS)
segment: install
	@test -n "$(SEG)" || (echo "usage: make segment SEG=<number|id> [SCRIPT=…]"; exit 2)
	$(LC) segment $(SCRIPT) $(SEG) $(OPTS)

PORT    ?= 8765
studio: install
	$(LC) studio $(SCRIPT) --port $(PORT) --engine $(ENGINE) $(if $(JOBS),-j $(JOBS)) $(if $(OUT),-o $(OUT))

check: install
	$(LC) check $(SCRIPT) $(if $(OUT),-o $(OUT)) $(if $(ROOT),--root $(ROOT)) $(if $(JOBS),-j $(JOBS)) \
		$(if $(filter 0,$(ASR)),--no-asr) $(if $(LLM),--llm $(LLM))

test: install system-packages
	$(BIN)/python -m pytest -q

contracts: install
	PYTHONPATH=src $(BIN)/lint-imports
	$(BIN)/python -m mypy

bench: install
	$(BIN)/python benchmarks/run_all.py

clean:
	rm -rf output/*/ output/.cache
