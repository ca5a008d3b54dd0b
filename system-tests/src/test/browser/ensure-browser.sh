#!/usr/bin/env bash
# The console's browser tests drive Debian's headless Chromium through its ChromeDriver. A fresh
# machine has neither: where the build may install them (Debian, as root) it does; elsewhere it
# stops with the one command that does. No browser test is ever skipped for want of a browser.
set -uo pipefail
if [ -x /usr/bin/chromium ] && [ -x /usr/bin/chromedriver ]; then
  exit 0
fi
install="apt-get install -y --no-install-recommends chromium chromium-driver"
# Two builds on one fresh machine install at the same time: the second waits for the first's
# package lock (up to 10 minutes) instead of failing on it.
wait_lock="-o DPkg::Lock::Timeout=600"
if [ "$(id -u)" != 0 ] || [ ! -f /etc/debian_version ] || ! command -v apt-get > /dev/null; then
  echo "The console's browser tests need Chromium and ChromeDriver at /usr/bin. Install them with:" >&2
  echo "  sudo $install" >&2
  echo "(on Debian or Ubuntu; elsewhere your distribution's chromium and chromium driver packages)" >&2
  exit 1
fi
log="${1:-target}/browser-install.log"
mkdir -p "$(dirname "$log")"
echo "[browser] installing Debian's chromium and chromium-driver (log: $log)"
export DEBIAN_FRONTEND=noninteractive
if ! apt-get $wait_lock ${install#apt-get } > "$log" 2>&1; then
  apt-get $wait_lock update >> "$log" 2>&1
  if ! apt-get $wait_lock ${install#apt-get } >> "$log" 2>&1; then
    tail -20 "$log" >&2
    echo "Installing the browser failed (above). Install it with: $install" >&2
    exit 1
  fi
fi
/usr/bin/chromium --version
