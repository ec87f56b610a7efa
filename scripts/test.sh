#!/usr/bin/env bash
# The project's test command (README "Quickstart", step 2; .ci/run calls it).
# Installs what the tests need (the test extra, Debian's Chromium for the browser test),
# checks style, then runs the whole suite. Extra arguments go to pytest.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v chromium >/dev/null 2>&1; then
    echo "installing Debian's chromium for the browser test"
    SUDO=""
    [ "$(id -u)" -eq 0 ] || SUDO="sudo"
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium >/dev/null
fi

# torch is pinned to 2.13.0 so pip takes the local CPU build where one is provided.
python3 -m pip install -q --disable-pip-version-check -e ".[test]"

python3 -m ruff check .
python3 -m pytest "$@"
