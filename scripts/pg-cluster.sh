#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for the tests: a fresh cluster in a temp
# folder, listening only on a Unix socket in that folder (no TCP port), with
# durability off (fsync, full-page writes) since it is removed at the end.
#
#   source scripts/pg-cluster.sh
#   pg_cluster_start       # exports VOX_TEST_PG=postgresql:///postgres?host=DIR&user=vox
#   ...                    # the store suites and tests/e2e/pg.sh use it
#   pg_cluster_stop        # stops it and removes the folder (also set as an EXIT trap by start)
#
# PostgreSQL refuses to run as root: as root, the cluster belongs to the
# `postgres` account the Debian package creates, and its folder too.

pg_cluster_dir=""
pg_cluster_run=()

pg_cluster_bin() {
  local bin
  bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
  [[ -n $bin && -x $bin/initdb ]] || return 1
  echo "$bin"
}

pg_cluster_start() {
  local bin
  bin=$(pg_cluster_bin) || { echo "pg-cluster: no PostgreSQL server installed (apt-get install postgresql)" >&2; return 1; }
  pg_cluster_dir=$(mktemp -d /tmp/vox-pg.XXXXXX)
  pg_cluster_run=()
  if [[ $(id -u) -eq 0 ]]; then
    chown postgres: "$pg_cluster_dir"
    pg_cluster_run=(runuser -u postgres --)
  fi
  trap pg_cluster_stop EXIT
  if ! "${pg_cluster_run[@]}" "$bin/initdb" -D "$pg_cluster_dir/data" -A trust -U vox -E UTF8 --locale=C \
      --no-sync >"$pg_cluster_dir/initdb.log" 2>&1; then
    cat "$pg_cluster_dir/initdb.log" >&2
    return 1
  fi
  if ! "${pg_cluster_run[@]}" "$bin/pg_ctl" -D "$pg_cluster_dir/data" -l "$pg_cluster_dir/server.log" -w \
      -o "-k $pg_cluster_dir -c listen_addresses= -c fsync=off -c full_page_writes=off -c synchronous_commit=off -c max_connections=200" \
      start >/dev/null; then
    cat "$pg_cluster_dir/server.log" >&2
    return 1
  fi
  export VOX_TEST_PG="postgresql:///postgres?host=$pg_cluster_dir&user=vox"
}

pg_cluster_stop() {
  [[ -n $pg_cluster_dir && -d $pg_cluster_dir ]] || return 0
  local bin
  bin=$(pg_cluster_bin) && "${pg_cluster_run[@]}" "$bin/pg_ctl" -D "$pg_cluster_dir/data" -m immediate stop \
    >/dev/null 2>&1
  rm -rf "$pg_cluster_dir"
  pg_cluster_dir=""
}
