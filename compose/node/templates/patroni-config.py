"""Writes patroni.yml for this node from the environment (the harness's patroni.env, the
scenario's postgresql settings and the secrets) to stdout, as JSON (which YAML reads)."""
import json
import os
import re

env = os.environ
host = env["PGDRILL_HOST"]
parameters = {
    "wal_level": "replica", "hot_standby": "on", "max_wal_senders": 10, "max_replication_slots": 10,
    "wal_log_hints": "on", "password_encryption": "scram-sha-256", "wal_keep_size": "128MB",
    "log_line_prefix": "%m [%p] %q%u@%d ", "log_checkpoints": "on", "shared_buffers": "64MB",
    "hot_standby_feedback": "on", "wal_receiver_status_interval": "1s",
}
# The scenario's own postgresql.conf settings, as the harness rendered them.
for line in open("/etc/pgdrill/scenario.conf"):
    match = re.match(r"\s*([a-z_.]+)\s*=\s*(.+?)\s*$", line)
    if match:
        parameters[match.group(1)] = match.group(2).strip("'").replace("''", "'")

hba = [
    "local all postgres peer",
    "local all all scram-sha-256",
    "host replication replicator all scram-sha-256",
    "host all all all scram-sha-256",
]
flag = lambda name: env.get(name, "false") == "true"
# topology.postgres.dataChecksums (PGDRILL_DATA_CHECKSUMS); unset: the major's initdb default.
# Only 18's initdb knows --no-data-checksums, and before 18 off is the default anyway.
checksums = {
    "on": ["data-checksums"],
    "off": ["no-data-checksums"] if int(env["PG_MAJOR"]) >= 18 else [],
}.get(env.get("PGDRILL_DATA_CHECKSUMS", ""), [])
config = {
    "scope": env["PGDRILL_SCOPE"],
    "namespace": env["PATRONI_NAMESPACE"],
    "name": env["PGDRILL_NODE"],
    "log": {"level": "INFO", "format": "%(asctime)s %(levelname)s: %(message)s"},
    "restapi": {"listen": "0.0.0.0:8008", "connect_address": f"{host}:8008"},
    "etcd3": {"hosts": env["PGDRILL_ETCD_HOSTS"].split(",")},
    "bootstrap": {
        "dcs": {
            "ttl": int(env["PATRONI_TTL"]),
            "loop_wait": int(env["PATRONI_LOOP_WAIT"]),
            "retry_timeout": int(env["PATRONI_RETRY_TIMEOUT"]),
            "maximum_lag_on_failover": int(env["PATRONI_MAXIMUM_LAG_ON_FAILOVER"]),
            "synchronous_mode": flag("PATRONI_SYNCHRONOUS_MODE"),
            "synchronous_mode_strict": flag("PATRONI_SYNCHRONOUS_MODE_STRICT"),
            "postgresql": {"use_pg_rewind": flag("PATRONI_USE_PG_REWIND"), "use_slots": True, "parameters": parameters},
        },
        "initdb": [{"encoding": "UTF8"}, {"locale": "C"}, *checksums, {"auth-host": "scram-sha-256"}, {"auth-local": "peer"}],
        "pg_hba": hba,
        "post_bootstrap": "/usr/local/bin/pgdrill-node post-bootstrap",
    },
    "postgresql": {
        "listen": "0.0.0.0:5432",
        "connect_address": f"{host}:5432",
        "data_dir": env["PGDATA"],
        "bin_dir": f"/usr/lib/postgresql/{env['PG_MAJOR']}/bin",
        "pgpass": "/tmp/pgpass-patroni",
        # A spread checkpoint makes a new replica wait minutes for its base backup to start.
        "basebackup": [{"checkpoint": "fast"}],
        "authentication": {
            "superuser": {"username": "postgres", "password": env["PGDRILL_SUPERUSER_PASSWORD"]},
            "replication": {"username": "replicator", "password": env["PGDRILL_REPLICATION_PASSWORD"]},
        },
        "parameters": {"unix_socket_directories": "/run/postgresql"},
        "pg_hba": hba,
    },
}
print(json.dumps(config, indent=2))
