#!/usr/bin/env bash
# The kill-primary drill written by hand, as a careful operator would script it: the same
# image, nodes, load, waits, kill, promote, repoint, convergence and checksums as
# scenarios/failover/kill-primary.yaml — without pgdrill's history, evidence or reports.
# Usage: kill-primary-by-hand.sh IMAGE
#
# Every wait is bounded (WAIT_S), and whatever way the script ends (success, a failed command
# under `set -e`, SIGINT/SIGTERM) the exit trap stops the load, removes the containers, the
# network and the temp dir. Nothing is left behind holding stdout, so a caller (the bench,
# through execa) always sees it end.
set -euo pipefail
IMAGE=$1
ID=bench-$$
NET=pgdrill-$ID
WAIT_S=120
TMP=$(mktemp -d "${TMPDIR:-/tmp}/pgdrill-$ID.XXXXXX")
RUN=$TMP/running     # the load runs while this exists: removing it (or $TMP) stops it
PRIMARY=$TMP/primary # where the load connects; rewritten on failover (the repoint)

# Waits up to $1 s for the command after the description to succeed.
wait_until() {
  local seconds=$1 what=$2 deadline=$((SECONDS + $1)); shift 2
  until "$@"; do
    if ((SECONDS >= deadline)); then echo "by hand: timed out after $seconds s waiting for $what" >&2; return 1; fi
    sleep 0.05
  done
}
no_running_jobs() { [[ -z $(jobs -rp) ]]; }
# Stops the load (it notices within one insert) and waits for it, killing what lingers.
stop_load() {
  rm -f "$RUN"
  wait_until "${1:-$WAIT_S}" 'the load to stop' no_running_jobs || { kill $(jobs -rp) 2>/dev/null; return 1; }
}
cleanup() {
  set +e
  stop_load 5 2>/dev/null
  docker rm -f $ID-pg-1 $ID-pg-2 $ID-pg-3 >/dev/null 2>&1
  docker network rm $NET >/dev/null 2>&1
  rm -rf "$TMP"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

printf 'PGDRILL_SUPERUSER_PASSWORD=%s\nPGDRILL_REPLICATION_PASSWORD=%s\nPGDRILL_APP_PASSWORD=%s\n' \
  "$(openssl rand -hex 12 2>/dev/null || echo s$RANDOM$RANDOM)" "r$RANDOM$RANDOM" "a$RANDOM$RANDOM" > "$TMP/secrets.env"
chmod 0600 "$TMP/secrets.env"
# the scenario's topology.postgres.settings, as pgdrill writes them
printf "# the kill-primary scenario's settings\nwal_keep_size = '128MB'\n" > "$TMP/scenario.conf"
# a /24 of 172.20.0.0/14, as pgdrill's own runs use: never the engine's 192.168.x fallback
tries=0
until docker network create --label io.pgdrill.managed=true \
  --subnet "172.$((20 + RANDOM % 4)).$((RANDOM % 256)).0/24" $NET >/dev/null 2>&1; do
  ((++tries < 20)) || { echo "by hand: no free subnet in 172.20.0.0/14" >&2; exit 1; }
done
node_ready() { # name role: true once ready; a node that stopped first fails at once, with its log
  local logs; logs=$(docker logs $ID-$1 2>&1)
  [[ $logs == *"ready ($2)"* ]] && return 0
  if [[ $(docker inspect -f '{{.State.Running}}' $ID-$1) != true ]]; then
    printf 'by hand: %s stopped before it was ready:\n%s\n' $1 "$(tail -n 15 <<<"$logs")" >&2
    exit 1
  fi
  return 1
}
start() { # name role
  # NET_ADMIN as pgdrill gives it: the node sets up iptables (its admin port) as it starts
  docker create --name $ID-$1 --hostname $1 --network $NET --label io.pgdrill.managed=true --cap-add NET_ADMIN \
    -e PGDRILL_NODE=$1 -e PGDRILL_SLOT=${1/-/_} -e PGDRILL_PRIMARY_HOST=$ID-pg-1 "$IMAGE" $2 >/dev/null
  docker cp -q "$TMP/secrets.env" $ID-$1:/run/pgdrill/secrets.env
  docker cp -q "$TMP/scenario.conf" $ID-$1:/etc/pgdrill/scenario.conf
  docker start $ID-$1 >/dev/null
  wait_until $WAIT_S "$1 to be ready" node_ready $1 $2
}
psql_on() { timeout $WAIT_S docker exec -u postgres $ID-$1 psql -XAtq -d "${3:-app}" -c "$2"; }
start pg-1 primary
# `wait` alone would return 0 even if a replica failed to start: wait for each by PID
start pg-2 replica & pg2=$!
start pg-3 replica & pg3=$!
wait $pg2; wait $pg3
psql_on pg-1 "SET ROLE app; CREATE TABLE w (key bigint PRIMARY KEY, client int); $(cat "$(dirname "$0")/../fixtures/sql/app-schema.sql")" >/dev/null

# The load, a fair peer of pgdrill's workload (4 clients, 200 tx/s in all, for the whole drill):
# each client keeps one long-lived psql session, fed one autocommit INSERT per 20 ms through a
# pipe (a little under 50 tx/s each, with the shell's own overhead), as pgdrill keeps one
# connection per client. When the session dies (the primary was killed) or the primary changes
# (the repoint), the client opens a new session to the current primary after a short pause, as
# pgdrill reconnects through its endpoint after 50 ms.
# (`docker exec` per INSERT would spend most of its time starting processes, not writing.)
inserts() { # client last-key primary: INSERTs on stdout until stopped, the primary moves, or psql is gone (SIGPIPE)
  local n=$2 primary=$3 now
  while [[ -f $RUN ]]; do
    n=$((n + 1)); echo "$n" > "$TMP/client-$1.n"
    printf 'INSERT INTO w VALUES (%d, %d);\n' $(($1 * 1000000000 + n)) $1
    sleep 0.02
    read -r now < "$PRIMARY" || break
    [[ $now == "$primary" ]] || break
  done
}
load() { # client
  local primary n
  echo 0 > "$TMP/client-$1.n"
  while [[ -f $RUN ]]; do
    read -r primary < "$PRIMARY" || break
    read -r n < "$TMP/client-$1.n" || break
    inserts $1 $n $primary | docker exec -i -u postgres $ID-$primary psql -XAtq -d app >/dev/null 2>&1 || true
    sleep 0.05
  done
}
echo pg-1 > "$PRIMARY"
touch "$RUN"
for c in 1 2 3 4; do load $c & done

sleep 3
docker kill -s KILL $ID-pg-1 >/dev/null
sleep 1
psql_on pg-2 "SELECT pg_promote(true, 60)" postgres >/dev/null
echo pg-2 > "$PRIMARY"
psql_on pg-2 "SELECT pg_create_physical_replication_slot('pg_3', true)" postgres >/dev/null
psql_on pg-3 "ALTER SYSTEM SET primary_conninfo = 'host=$ID-pg-2 port=5432 user=replicator application_name=pg_3'" postgres
psql_on pg-3 "SELECT pg_reload_conf()" postgres >/dev/null
sleep 2
# converged: pg-3 has replayed everything pg-2 had written when we asked
replayed() { [[ $(psql_on pg-3 "SELECT pg_last_wal_replay_lsn() >= '$1'" postgres) == t ]]; }
converge() { local target; target=$(psql_on pg-2 "SELECT pg_current_wal_lsn()" postgres); wait_until $WAIT_S 'pg-3 to replay the new primary' replayed "$target"; }
converge
# as pgdrill does: stop the load, let the replica replay the last writes, then compare
stop_load
converge
for n in pg-2 pg-3; do psql_on $n "SELECT md5(string_agg(md5(t::text), '' ORDER BY md5(t::text))) FROM w t"; done
