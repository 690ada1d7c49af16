#!/usr/bin/env bash
# Builds the real-server test images from this machine's Debian packages: no registry is reachable
# here, so each image is a root filesystem holding the server's binaries, the libraries `ldd` names
# for them, their data files and busybox (sh, nc for healthchecks), imported with `docker import`.
#
#   stackpilot-test/redis:1     redis-server, redis-cli
#   stackpilot-test/postgres:1  PostgreSQL 15 (initdb on first start into $PGDATA, trust auth, runs as `postgres`)
#   stackpilot-test/node:1      node
#
# Cached: an image that exists is skipped (FORCE=1 rebuilds). Needs: docker, busybox-static,
# redis-server, postgresql, nodejs (scripts/test-env.sh installs them).
set -euo pipefail
say() { printf '\033[1m[test-images]\033[0m %s\n' "$*"; }
fail() { printf '\033[31m[test-images] FAILED:\033[0m %s\n' "$*" >&2; exit 1; }

have() { [ -z "${FORCE:-}" ] && docker image inspect "$1" >/dev/null 2>&1; }

# copy_bin ROOTFS FILE...: the files and every library ldd lists for them, at their own paths.
copy_bin() {
  local root=$1; shift
  for f in "$@"; do
    [ -e "$f" ] || fail "$f is missing: install its Debian package"
    put "$root" "$f"
    { ldd "$f" 2>/dev/null || true; } | { grep -o '/[^ ]*' || true; } | while read -r lib; do
      [ -e "$root$lib" ] || put "$root" "$lib"
    done
  done
}

# put ROOTFS FILE: FILE's content (links followed) at the same path inside ROOTFS.
put() { mkdir -p "$1$(dirname "$2")" && cp -L "$2" "$1$2"; }

# base_rootfs: busybox with the applets healthchecks and entrypoints use, /tmp, /etc/passwd.
base_rootfs() {
  local root; root=$(mktemp -d)
  chmod 755 "$root"
  mkdir -p "$root/bin" "$root/tmp" "$root/etc" "$root/usr/local/bin"
  chmod 1777 "$root/tmp"
  cp /bin/busybox "$root/bin/"
  for a in sh nc cat echo printf sleep ls mkdir rm chmod chown id env true false test grep kill head wc date; do ln -sf busybox "$root/bin/$a"; done
  printf 'root:x:0:0:root:/root:/bin/sh\npostgres:x:999:999:postgres:/var/lib/postgresql:/bin/sh\nnode:x:1000:1000:node:/home/node:/bin/sh\n' >"$root/etc/passwd"
  printf 'root:x:0:\npostgres:x:999:\nnode:x:1000:\n' >"$root/etc/group"
  printf 'hosts: files dns\n' >"$root/etc/nsswitch.conf"
  echo "$root"
}

import() {
  local root=$1 tag=$2; shift 2
  tar --numeric-owner -C "$root" -c . | docker import "$@" - "$tag" >/dev/null || fail "docker import $tag failed"
  rm -rf "$root"
  say "built $tag ($(docker image inspect -f '{{.Size}}' "$tag" | awk '{printf "%.0f MB", $1/1e6}'))"
}

if have stackpilot-test/redis:1; then say "stackpilot-test/redis:1 present"; else
  root=$(base_rootfs)
  copy_bin "$root" /usr/bin/redis-server /usr/bin/redis-cli
  mkdir -p "$root/data"
  import "$root" stackpilot-test/redis:1 \
    --change 'WORKDIR /data' --change 'EXPOSE 6379' \
    --change 'CMD ["redis-server", "--bind", "0.0.0.0", "--protected-mode", "no", "--dir", "/data"]'
fi

if have stackpilot-test/postgres:1; then say "stackpilot-test/postgres:1 present"; else
  pg=/usr/lib/postgresql/15
  [ -x "$pg/bin/postgres" ] || fail "$pg/bin/postgres is missing: install postgresql-15"
  root=$(base_rootfs)
  copy_bin "$root" "$pg/bin/postgres" "$pg/bin/initdb" "$pg/bin/pg_ctl" "$pg/bin/pg_isready" "$pg/bin/psql"
  # Server modules initdb and a default cluster load (not llvmjit: it drags in LLVM, ~100 MB).
  for so in "$pg"/lib/*.so; do case "$so" in *llvmjit*) ;; *) copy_bin "$root" "$so" ;; esac; done
  mkdir -p "$root/usr/share/postgresql" && cp -a /usr/share/postgresql/15 "$root/usr/share/postgresql/"
  mkdir -p "$root/usr/share/zoneinfo" && cp -a /usr/share/zoneinfo/UTC /usr/share/zoneinfo/Etc "$root/usr/share/zoneinfo/"
  mkdir -p "$root/var/lib/postgresql/data" "$root/var/run/postgresql"
  chown -R 999:999 "$root/var/lib/postgresql" "$root/var/run/postgresql"
  chmod 700 "$root/var/lib/postgresql/data"
  cat >"$root/usr/local/bin/postgres-entrypoint" <<'EOF'
#!/bin/sh
# First start: a cluster in $PGDATA (C locale, UTF8), reachable from the container's networks with
# trust authentication (a test image: never publish it beyond 127.0.0.1). Then the server in the foreground.
set -e
: "${PGDATA:=/var/lib/postgresql/data}"
export PGDATA
if [ ! -s "$PGDATA/PG_VERSION" ]; then
  initdb --username="${POSTGRES_USER:-postgres}" --auth=trust --locale=C --encoding=UTF8 --no-sync >/tmp/initdb.log 2>&1 || { cat /tmp/initdb.log; exit 1; }
  printf 'host all all 0.0.0.0/0 trust\nhost all all ::/0 trust\n' >>"$PGDATA/pg_hba.conf"
  if [ -n "${POSTGRES_DB:-}" ] && [ "$POSTGRES_DB" != postgres ]; then
    postgres --single -D "$PGDATA" -j postgres >/dev/null <<SQL
CREATE DATABASE "$POSTGRES_DB";
SQL
  fi
fi
exec postgres -c listen_addresses='*' -c unix_socket_directories=/var/run/postgresql "$@"
EOF
  chmod 755 "$root/usr/local/bin/postgres-entrypoint"
  import "$root" stackpilot-test/postgres:1 \
    --change 'USER postgres' --change 'ENV TZ=UTC' --change "ENV PATH=$pg/bin:/usr/local/bin:/bin" \
    --change 'ENV PGDATA=/var/lib/postgresql/data' --change 'EXPOSE 5432' \
    --change 'ENTRYPOINT ["/usr/local/bin/postgres-entrypoint"]'
fi

if have stackpilot-test/node:1; then say "stackpilot-test/node:1 present"; else
  root=$(base_rootfs)
  copy_bin "$root" "$(readlink -f "$(command -v node)")"
  [ -e "$root/usr/bin/node" ] || put "$root" /usr/bin/node
  mkdir -p "$root/app" "$root/home/node"
  import "$root" stackpilot-test/node:1 --change 'ENV PATH=/usr/bin:/bin' --change 'WORKDIR /app' --change 'CMD ["node"]'
fi
