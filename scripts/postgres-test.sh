#!/usr/bin/env bash
# Starts a throwaway PostgreSQL cluster from Debian's postgresql package for the dual-engine tests.
# Source it: it exports LAITELAINA_TEST_POSTGRES and registers a trap that stops and removes the cluster.
#   source scripts/postgres-test.sh && dotnet test
pg_bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
if [[ -z "$pg_bin" ]]; then
  echo "postgres-test: Debian's postgresql package is not installed (scripts/setup.sh --tests installs it)" >&2
  return 1 2>/dev/null || exit 1
fi
LAITELAINA_PG_DIR=$(mktemp -d /tmp/laitelaina-pg.XXXXXX)
# A free port above the usual 5432 so that a real server on this machine is never touched.
pg_port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])' 2>/dev/null || echo 55432)
as_pg=()
if [[ $(id -u) -eq 0 ]]; then
  # initdb refuses to run as root; the package's postgres user owns the cluster instead.
  chown postgres "$LAITELAINA_PG_DIR"
  # runuser keeps the working directory, which the postgres user may not be allowed to enter.
  as_pg=(env -C / runuser -u postgres --)
fi
"${as_pg[@]}" "$pg_bin/initdb" -D "$LAITELAINA_PG_DIR/data" -A trust -U postgres --no-sync -E UTF8 --locale=C.UTF-8 >"$LAITELAINA_PG_DIR/initdb.log" 2>&1 \
  || { cat "$LAITELAINA_PG_DIR/initdb.log" >&2; return 1 2>/dev/null || exit 1; }
# Durability settings off: this cluster lives for one test run.
"${as_pg[@]}" "$pg_bin/pg_ctl" -D "$LAITELAINA_PG_DIR/data" -l "$LAITELAINA_PG_DIR/server.log" -w -s \
  -o "-p $pg_port -k $LAITELAINA_PG_DIR -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" start \
  || { cat "$LAITELAINA_PG_DIR/server.log" >&2; return 1 2>/dev/null || exit 1; }
export LAITELAINA_TEST_POSTGRES="Host=127.0.0.1;Port=$pg_port;Username=postgres;Database=postgres"
export LAITELAINA_PG_DIR pg_bin
laitelaina_pg_stop() {
  "${as_pg[@]}" "$pg_bin/pg_ctl" -D "$LAITELAINA_PG_DIR/data" -m immediate -w -s stop >/dev/null 2>&1 || true
  rm -rf "$LAITELAINA_PG_DIR"
}
trap laitelaina_pg_stop EXIT
echo "postgres-test: PostgreSQL $("$pg_bin/postgres" --version | awk '{print $3}') on 127.0.0.1:$pg_port"
