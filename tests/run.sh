#!/usr/bin/env bash
# The README's test command: set up a virtual environment, install, run the whole suite.
# DATABASE_URL=postgresql+psycopg://... runs it on PostgreSQL instead of SQLite.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -x .venv/bin/python ] || python3 -m venv .venv
.venv/bin/pip install -q --disable-pip-version-check -e ".[test]"
exec .venv/bin/python -m pytest "$@"
