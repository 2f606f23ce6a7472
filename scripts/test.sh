#!/usr/bin/env bash
# Set up a virtualenv with the pinned dependencies, then lint and run the whole test suite.
set -euo pipefail
cd "$(dirname "$0")/.."
python3 -m venv .venv
. .venv/bin/activate
python -m pip install --quiet --upgrade pip
python -m pip install --quiet -r requirements-dev.txt
ruff check .
python -m pytest "$@"
