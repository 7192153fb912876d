# lecturecast — make targets mirror the CLI.  Variables: SCRIPT, ENGINE, JOBS, SEG, OUT, PY.
PY      ?= python3
VENV    ?= .venv
BIN     := $(VENV)/bin
SCRIPT  ?= scripts/rnn-history.md
ENGINE  ?= auto
JOBS    ?=
OUT     ?=
OPTS     = --engine $(ENGINE) $(if $(JOBS),-j $(JOBS)) $(if $(OUT),-o $(OUT))
LC      := $(BIN)/lecturecast

.PHONY: help setup install system-packages import lint fmt slides audio video segment test bench clean

help:
	@echo "make setup                 install lecturecast (+ optional system packages when root)"
	@echo "make video  [SCRIPT=…]     deck, handout, voiceover, MP4, captions, chapters"
	@echo "make slides [SCRIPT=…]     deck.pptx, handout.pdf, slides/NNN.png only"
	@echo "make audio  [SCRIPT=…]     voiceover only"
	@echo "make segment SEG=n|id      rebuild one segment and re-join"
	@echo "make lint | import | fmt   check / convert the script"
	@echo "make test | bench          tests / benchmarks (benchmarks/RESULTS.md)"

$(VENV)/.installed: pyproject.toml
	$(PY) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[dev,asr,icons]'
	touch $@

install: $(VENV)/.installed

# Optional system packages (documented in README): LibreOffice (render check, PDF of the deck),
# espeak-ng (last-resort voice), poppler-utils (PDF → PNG), Noto fonts, sox, Debian ffmpeg (ffprobe).
system-packages:
	@if command -v apt-get >/dev/null 2>&1 && [ "$$(id -u)" = 0 ]; then \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
	    espeak-ng libreoffice-impress poppler-utils fonts-noto-core sox ffmpeg >/dev/null && \
	  echo "system packages installed"; \
	else echo "skipping optional system packages (need apt-get as root); see README 'Optional system packages'"; fi

setup: install system-packages

import: install
	$(LC) import $(SCRIPT)
lint: install
	$(LC) lint $(SCRIPT)
fmt: install
	$(LC) fmt $(SCRIPT) --check
slides: install
	$(LC) slides $(SCRIPT) $(if $(JOBS),-j $(JOBS)) $(if $(OUT),-o $(OUT))
audio: install
	$(LC) audio $(SCRIPT) $(OPTS)
video: install
	$(LC) video $(SCRIPT) $(OPTS)
segment: install
	@test -n "$(SEG)" || (echo "usage: make segment SEG=<number|id> [SCRIPT=…]"; exit 2)
	$(LC) segment $(SCRIPT) $(SEG) $(OPTS)

test: install
	$(BIN)/python -m pytest -q

bench: install
	$(BIN)/python benchmarks/run_all.py

clean:
	rm -rf output/*/ output/.cache
