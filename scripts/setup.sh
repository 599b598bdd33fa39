#!/usr/bin/env bash
# Install what Parley needs on Debian 12, idempotently:
#   - the Debian packages listed in scripts/packages.txt (apt-get update only when one is missing),
#   - Node.js + npm (the installed node is used when present, else Debian's nodejs/npm),
#   - the client-compatibility suite's npm packages (tests/client, from its package-lock.json).
# Run as root (or with sudo available). Safe to run any number of times.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PACKAGES_FILE="$ROOT/scripts/packages.txt"

say() { printf 'setup: %s\n' "$*" >&2; }

as_root() {
    if [ "$(id -u)" -eq 0 ]; then
        "$@"
    elif command -v sudo >/dev/null 2>&1; then
        sudo "$@"
    else
        say "need root to run: $*"
        return 1
    fi
}

# Package names from packages.txt: comments and blank lines skipped, one name per line.
wanted_packages() {
    sed -e 's/#.*//' -e 's/[[:space:]]//g' "$PACKAGES_FILE" | grep -v '^$' || true
}

is_installed() {
    [ "$(dpkg-query -W -f='${db:Status-Status}' "$1" 2>/dev/null)" = "installed" ]
}

apt_updated=0
apt_install() {
    if [ "$apt_updated" -eq 0 ]; then
        say "apt-get update"
        as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq
        apt_updated=1
    fi
    say "apt-get install $*"
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

install_debian_packages() {
    local missing=() pkg
    while read -r pkg; do
        is_installed "$pkg" || missing+=("$pkg")
    done < <(wanted_packages)
    if [ "${#missing[@]}" -gt 0 ]; then
        apt_install "${missing[@]}"
    fi
}

# The Debian postgresql package starts the system cluster; Parley never uses it (run.sh and the
# tests start private clusters), so nothing here touches it.

install_node() {
    if command -v node >/dev/null 2>&1 && command -v npm >/dev/null 2>&1; then
        return 0
    fi
    apt_install nodejs npm
}

install_client_suite() {
    local dir="$ROOT/tests/client"
    [ -f "$dir/package.json" ] || return 0
    local stamp="$dir/node_modules/.parley-lock"
    if [ -f "$stamp" ] && [ -f "$dir/package-lock.json" ] && cmp -s "$stamp" "$dir/package-lock.json"; then
        return 0
    fi
    say "npm packages for tests/client"
    if [ -f "$dir/package-lock.json" ]; then
        (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
        cp "$dir/package-lock.json" "$stamp"
    else
        (cd "$dir" && npm install --no-audit --no-fund --loglevel=error >/dev/null)
    fi
}

main() {
    if ! command -v dpkg-query >/dev/null 2>&1; then
        say "not a Debian system: install the packages in scripts/packages.txt by hand"
        return 1
    fi
    install_debian_packages
    install_node
    install_client_suite
    say "ok"
}

main "$@"
