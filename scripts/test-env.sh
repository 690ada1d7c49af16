#!/usr/bin/env bash
# Installs and starts what the tests need on a fresh Debian 12 + Node 20 machine (no internet besides
# the npm registry and Debian's packages). Idempotent: every step checks first and skips what is
# already there. Fails with a clear message naming the step that could not be done.
#
#   scripts/test-env.sh            # everything
#   SKIP_DOCKER=1 scripts/test-env.sh   # no Docker engine (integration tests that need it then skip)
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
CACHE="$ROOT/.vscode-test"
CODE_SERVER_VERSION=4.100.3
mkdir -p "$CACHE"

say() { printf '\033[1m[test-env]\033[0m %s\n' "$*"; }
fail() { printf '\033[31m[test-env] FAILED:\033[0m %s\n' "$*" >&2; exit 1; }
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else fail "need root (or sudo) to run: $*"; fi; }

# 1. Debian packages -----------------------------------------------------------------------------
need=()
for pkg in docker.io docker-compose busybox-static chromium libkrb5-dev ripgrep pkg-config redis-server postgresql nodejs unzip python3-debugpy; do
  dpkg -s "$pkg" >/dev/null 2>&1 || need+=("$pkg")
done
if [ ${#need[@]} -gt 0 ]; then
  say "installing Debian packages: ${need[*]}"
  as_root apt-get update -qq >/dev/null || fail "apt-get update failed: is Debian's package mirror reachable?"
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq "${need[@]}" >/dev/null \
    || fail "apt-get install ${need[*]} failed (see above)"
else
  say "Debian packages present"
fi
command -v chromium >/dev/null || fail "chromium is not on PATH after installing it"

# 2. Docker engine, started the way this network allows (../shared/TEST-INFRA.md): no iptables, forwarding
#    or masquerading, and a private address pool, so user-defined bridge networks with Docker's embedded
#    DNS work (compose project networks) and no container can reach anything outside this machine.
docker_ok() { docker version --format '{{.Server.Version}}' >/dev/null 2>&1; }
if [ -z "${SKIP_DOCKER:-}" ]; then
  if docker_ok; then
    say "Docker engine answers"
  else
    say "starting dockerd (no iptables/forwarding/masquerade, private pool 10.213.0.0/16)"
    mkdir -p "$CACHE/docker"
    as_root sh -c "nohup dockerd --iptables=false --ip-forward=false --ip-masq=false --default-address-pool base=10.213.0.0/16,size=24 >'$CACHE/docker/dockerd.log' 2>&1 & echo \$! >'$CACHE/docker/dockerd.pid'"
    for _ in $(seq 1 60); do docker_ok && break; sleep 0.5; done
    docker_ok || fail "dockerd did not answer within 30 s: see $CACHE/docker/dockerd.log"
    say "Docker engine $(docker version --format '{{.Server.Version}}') up"
  fi
  # A local test image: no registry is reachable, so build one from the host's busybox.
  if ! docker image inspect stackpilot-test/busybox:1 >/dev/null 2>&1; then
    say "importing test image stackpilot-test/busybox:1"
    rootfs=$(mktemp -d); mkdir -p "$rootfs/bin" "$rootfs/tmp" "$rootfs/www"
    cp /bin/busybox "$rootfs/bin/"
    for a in sh httpd sleep nc cat echo wget ls kill true false env; do ln -sf busybox "$rootfs/bin/$a"; done
    tar -C "$rootfs" -c . | docker import - stackpilot-test/busybox:1 >/dev/null || fail "docker import of the busybox test image failed"
    rm -rf "$rootfs"
  fi
  # Real servers as images (redis, PostgreSQL, Node.js) from Debian's packages; cached, ~30 s the first time.
  bash "$ROOT/scripts/build-test-images.sh" || fail "building the server test images failed (see above)"
fi

# 3. code-server (a real VS Code 1.100) into the git-ignored cache -------------------------------
CS="$CACHE/code-server-$CODE_SERVER_VERSION"
if [ -x "$CS/node_modules/.bin/code-server" ] && "$CS/node_modules/.bin/code-server" --version >/dev/null 2>&1; then
  say "code-server $CODE_SERVER_VERSION present"
else
  say "installing code-server $CODE_SERVER_VERSION (about a minute)"
  # @vscode/ripgrep downloads rg from GitHub in postinstall: seed its cache with Debian's rg.
  rgcache="$(node -p 'require("os").tmpdir()')/vscode-ripgrep-cache-1.15.11"
  mkdir -p "$rgcache"
  for t in ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz ripgrep-v13.0.0-4-x86_64-unknown-linux-musl.tar.gz; do
    if [ ! -f "$rgcache/$t" ]; then tmp=$(mktemp -d); cp "$(command -v rg)" "$tmp/rg"; tar czf "$rgcache/$t" -C "$tmp" rg; rm -rf "$tmp"; fi
  done
  mkdir -p "$CS"
  [ -f "$CS/package.json" ] || echo '{"name":"code-server-cache","private":true}' >"$CS/package.json"
  # node-pty's postinstall runs `npx node-gyp`: let npx install it without asking.
  (cd "$CS" && npm_config_yes=true npm install --no-audit --no-fund --unsafe-perm "code-server@$CODE_SERVER_VERSION" >"$CS/install.log" 2>&1) \
    || { tail -20 "$CS/install.log" >&2; fail "npm install code-server@$CODE_SERVER_VERSION failed: full log in $CS/install.log"; }
  "$CS/node_modules/.bin/code-server" --version >/dev/null 2>&1 || fail "code-server installed but does not run: see $CS/install.log"
fi
say "ready: docker=$([ -z "${SKIP_DOCKER:-}" ] && echo yes || echo skipped) chromium=$(command -v chromium) code-server=$CS"
