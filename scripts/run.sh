#!/usr/bin/env bash
# Set up a virtualenv with the pinned dependencies, build the index if there is none, and run the bot.
# Without TELEGRAM_BOT_TOKEN the bot opens a local console chat over the same answer path.
set -euo pipefail
cd "$(dirname "$0")/.."
python3 -m venv .venv
. .venv/bin/activate
python -m pip install --quiet --upgrade pip
python -m pip install --quiet -r requirements.txt
exec python bot.py run "$@"
