#!/usr/bin/env bash
# The project's set-up beyond the .NET SDK, safe to run again and again (./test runs it first).
# Installs Debian's chromium when /usr/bin/chromium is absent: the report's browser test
# (tests/ModeHop.Tests/Report/BrowserTests.cs) drives it with Playwright, which downloads no browser of its own.
# apt-get needs root (as in CI); as another user it goes through sudo.
set -euo pipefail

chromium=/usr/bin/chromium
if [[ -x "$chromium" ]]; then
  # Debian's launcher script prints a harmless shell warning on stderr; only the version line matters here
  echo "setup: $chromium is there ($("$chromium" --version 2>/dev/null | head -n 1)); nothing to install"
  exit 0
fi

sudo=""
if [[ "$(id -u)" -ne 0 ]]; then
  command -v sudo >/dev/null || { echo "setup: $chromium is missing and apt-get needs root; run tools/setup.sh as root" >&2; exit 1; }
  sudo="sudo"
fi
echo "setup: $chromium is missing; installing Debian's chromium (apt-get update, then apt-get install chromium)"
$sudo apt-get update
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y chromium
[[ -x "$chromium" ]] || { echo "setup: apt-get finished but $chromium is still missing" >&2; exit 1; }
echo "setup: installed $("$chromium" --version 2>/dev/null | head -n 1)"
