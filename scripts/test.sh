#!/usr/bin/env bash
# The project's test command (README "Quickstart", step 2; .ci/run calls it).
# Installs what the tests need (the test extra, Debian's Chromium for the browser test),
# checks style and types, then runs the whole suite (doctests included).
# Extra arguments go to pytest.
set -euo pipefail
cd "$(dirname "$0")/.."

# Debian's Chromium (never a downloaded browser) and a font with Vietnamese glyphs.
SYSTEM_PACKAGES="chromium fonts-dejavu-core"
if command -v apt-get >/dev/null 2>&1; then
    if ! dpkg -s $SYSTEM_PACKAGES >/dev/null 2>&1; then
        echo "installing Debian packages for the browser test: $SYSTEM_PACKAGES"
        SUDO=""
        [ "$(id -u)" -eq 0 ] || SUDO="sudo"
        $SUDO apt-get update -qq
        DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends \
            $SYSTEM_PACKAGES >/dev/null
    fi
else
    echo "no apt-get: browser tests will be skipped unless /usr/bin/chromium exists" >&2
fi

# torch is pinned to 2.13.0 so pip takes the local CPU build where one is provided.
python3 -m pip install -q --disable-pip-version-check -e ".[test]"

python3 -m ruff check .
python3 -m mypy                 # strict on summarizer/ ([tool.mypy] in pyproject.toml)
python3 -m pytest "$@"
