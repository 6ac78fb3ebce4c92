#!/usr/bin/env bash
# The kill-primary drill written by hand, as a careful operator would script it: the same
# image, nodes, load, waits, kill, promote, repoint, convergence and checksums as
# scenarios/failover/kill-primary.yaml — without pgdrill's history, evidence or reports.
# Usage: kill-primary-by-hand.sh IMAGE
set -euo pipefail
IMAGE=$1
ID=bench-$$
NET=pgdrill-$ID
cleanup() { docker rm -f $ID-pg-1 $ID-pg-2 $ID-pg-3 >/dev/null 2>&1 || true; docker network rm $NET >/dev/null 2>&1 || true; }
trap cleanup EXIT
secrets=$(mktemp); printf 'PGDRILL_SUPERUSER_PASSWORD=%s\nPGDRILL_REPLICATION_PASSWORD=%s\nPGDRILL_APP_PASSWORD=%s\n' \
  "$(openssl rand -hex 12 2>/dev/null || echo s$RANDOM$RANDOM)" "r$RANDOM$RANDOM" "a$RANDOM$RANDOM" > "$secrets"
docker network create --label io.pgdrill.managed=true $NET >/dev/null
start() { # name role
  docker create --name $ID-$1 --hostname $1 --network $NET --label io.pgdrill.managed=true \
    -e PGDRILL_NODE=$1 -e PGDRILL_SLOT=${1/-/_} -e PGDRILL_PRIMARY_HOST=$ID-pg-1 "$IMAGE" $2 >/dev/null
  docker cp -q "$secrets" $ID-$1:/run/pgdrill/secrets.env
  docker start $ID-$1 >/dev/null
  until docker logs $ID-$1 2>&1 | grep -q "ready ($2)"; do sleep 0.05; done
}
psql_on() { docker exec -u postgres $ID-$1 psql -XAtq -d "${3:-app}" -c "$2"; }
start pg-1 primary
start pg-2 replica & start pg-3 replica & wait
psql_on pg-1 "SET ROLE app; CREATE TABLE w (key bigint PRIMARY KEY, client int); $(cat "$(dirname "$0")/../fixtures/sql/app-schema.sql")" >/dev/null
# load: 4 clients, 200 tx/s in all, for the whole drill
load() { local n=0; while [[ ! -f /tmp/$ID.stop ]]; do n=$((n+1)); docker exec -u postgres $ID-$(cat /tmp/$ID.primary) \
  psql -XAtq -d app -c "INSERT INTO w VALUES ($1$n, $1)" >/dev/null 2>&1 || true; sleep 0.02; done; }
echo pg-1 > /tmp/$ID.primary
for c in 1 2 3 4; do load $c & done
sleep 3
docker kill -s KILL $ID-pg-1 >/dev/null
sleep 1
psql_on pg-2 "SELECT pg_promote(true, 60)" postgres >/dev/null
echo pg-2 > /tmp/$ID.primary
psql_on pg-2 "SELECT pg_create_physical_replication_slot('pg_3', true)" postgres >/dev/null
psql_on pg-3 "ALTER SYSTEM SET primary_conninfo = 'host=$ID-pg-2 port=5432 user=replicator application_name=pg_3'" postgres
psql_on pg-3 "SELECT pg_reload_conf()" postgres >/dev/null
sleep 2
target=$(psql_on pg-2 "SELECT pg_current_wal_lsn()" postgres)
until [[ $(psql_on pg-3 "SELECT pg_last_wal_replay_lsn() >= '$target'" postgres) == t ]]; do sleep 0.1; done
touch /tmp/$ID.stop; wait
for n in pg-2 pg-3; do psql_on $n "SELECT md5(string_agg(md5(t::text), '' ORDER BY md5(t::text))) FROM w t"; done
rm -f /tmp/$ID.stop /tmp/$ID.primary "$secrets"
