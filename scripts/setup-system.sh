#!/usr/bin/env bash
# Install the system packages the test suite needs, from the distribution's
# apt repositories (Debian 12 here; also works on Ubuntu CI runners):
#   chromium, chromium-driver  -> /usr/bin/chromium, /usr/bin/chromedriver
#   fonts-noto-cjk             -> Chinese glyphs for screenshots / rendering
# Never downloads a Playwright-managed browser.
#
# Idempotent and fast: returns at once when everything is already present.
# Non-interactive; runs as root, or through sudo when not root.
set -euo pipefail

export DEBIAN_FRONTEND=noninteractive

have_fonts() {
    if command -v dpkg-query >/dev/null 2>&1 \
        && dpkg-query -W -f='${Status}' fonts-noto-cjk 2>/dev/null | grep -q 'install ok installed'; then
        return 0
    fi
    # Fallback for systems where the fonts came another way.
    ls /usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc >/dev/null 2>&1
}

pkgs=()
[ -x /usr/bin/chromium ] || pkgs+=(chromium chromium-driver)
[ -x /usr/bin/chromium ] && { [ -x /usr/bin/chromedriver ] || pkgs+=(chromium-driver); }
have_fonts || pkgs+=(fonts-noto-cjk)

if [ ${#pkgs[@]} -eq 0 ]; then
    echo "setup-system: chromium, chromedriver and CJK fonts already present"
    exit 0
fi

if ! command -v apt-get >/dev/null 2>&1; then
    echo "setup-system: apt-get not found; install these yourself: ${pkgs[*]}" >&2
    exit 1
fi

sudo=()
if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1; then
        sudo=(sudo -n env DEBIAN_FRONTEND=noninteractive)
    else
        echo "setup-system: not root and no sudo; install as root: ${pkgs[*]}" >&2
        exit 1
    fi
fi

echo "setup-system: installing ${pkgs[*]}"
start=$SECONDS
# Wait for a concurrent apt/dpkg instead of failing on its lock.
apt_opts=(-o DPkg::Lock::Timeout=300 -o Acquire::Retries=3)
"${sudo[@]}" apt-get "${apt_opts[@]}" update -qq
"${sudo[@]}" apt-get "${apt_opts[@]}" install -y -qq --no-install-recommends \
    -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold \
    "${pkgs[@]}" </dev/null
echo "setup-system: done in $((SECONDS - start)) s"

[ -x /usr/bin/chromium ] || { echo "setup-system: /usr/bin/chromium still missing" >&2; exit 1; }
