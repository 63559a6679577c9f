"""PostgreSQL clusters of the scale benchmark's own (``bench/scale.py``), on this machine.

A primary (port 5434) and a streaming replica of it (port 5433), each made by ``initdb`` /
``pg_basebackup -R`` into a directory under ``/tmp/partyorg-scale``, run by the ``postgres``
system user when the benchmark runs as root (PostgreSQL refuses to run as root). The benchmark's
own primary rather than the machine's server: replication needs a ``replication`` line in the
server's ``pg_hba.conf`` and a reload, which is the administrator's, and a replica of the shared
server would carry every other database's writes too.
"""

from __future__ import annotations

import os
import pwd
import shutil
import subprocess
import time
from pathlib import Path

BIN = Path(os.environ.get("PG_BIN", "/usr/lib/postgresql/15/bin"))
HOME = Path(os.environ.get("PARTYORG_SCALE_DIR", "/tmp/partyorg-scale"))
PRIMARY_PORT, REPLICA_PORT = 5434, 5433

# A benchmark server: room for a nation's indexes in memory, checkpoints spaced for a bulk load,
# the figures' scans in parallel on both cores. Replication on (the default wal_level).
SETTINGS = {
    "listen_addresses": "'127.0.0.1'",
    "shared_buffers": "'1GB'",
    "work_mem": "'64MB'",
    "maintenance_work_mem": "'512MB'",
    "max_wal_size": "'8GB'",
    "checkpoint_timeout": "'15min'",
    "max_parallel_workers_per_gather": "2",
    "wal_level": "replica",
    "max_wal_senders": "4",
    "hot_standby": "on",
    "hot_standby_feedback": "on",
    "enable_partitionwise_aggregate": "on",
}


def _as_postgres(args: list[str], **kwargs: object) -> subprocess.CompletedProcess[str]:
    if os.geteuid() == 0:
        args = ["runuser", "-u", "postgres", "--", *args]
    return subprocess.run(args, check=True, text=True, capture_output=True, **kwargs)  # type: ignore[call-overload, no-any-return]


def _own(path: Path) -> None:
    path.mkdir(parents=True, exist_ok=True)
    if os.geteuid() == 0:
        user = pwd.getpwnam("postgres")
        os.chown(path, user.pw_uid, user.pw_gid)
        path.chmod(0o700)


def url(port: int, database: str) -> str:
    return f"postgres://postgres@127.0.0.1:{port}/{database}"


def running(data: Path) -> bool:
    return (data / "postmaster.pid").exists()


def start(data: Path, port: int) -> None:
    if running(data):
        return
    _as_postgres(
        [str(BIN / "pg_ctl"), "-D", str(data), "-l", str(data / "server.log"), "-w", "-t", "120",
         "-o", f"-p {port} -k {data}", "start"]
    )  # fmt: skip


def stop(data: Path) -> None:
    if running(data):
        _as_postgres([str(BIN / "pg_ctl"), "-D", str(data), "-m", "fast", "-w", "stop"])


def primary() -> Path:
    """The primary, made if it is not there yet, and started."""
    data = HOME / "primary"
    if not (data / "PG_VERSION").exists():
        _own(HOME)
        _own(data)
        _as_postgres(
            [str(BIN / "initdb"), "-D", str(data), "-U", "postgres", "--auth=trust", "-E", "UTF8",
             "--locale=C.UTF-8"]
        )  # fmt: skip
        with (data / "postgresql.conf").open("a") as conf:
            conf.writelines(f"{key} = {value}\n" for key, value in SETTINGS.items())
        with (data / "pg_hba.conf").open("a") as hba:
            hba.write("host replication postgres 127.0.0.1/32 trust\n")
    start(data, PRIMARY_PORT)
    return data


def replica() -> Path:
    """A streaming replica of the running primary, made afresh (``pg_basebackup -R`` writes the
    standby signal and the connection to the primary), and started."""
    data = HOME / "replica"
    stop(data)
    shutil.rmtree(data, ignore_errors=True)
    _own(HOME)
    _as_postgres(
        [str(BIN / "pg_basebackup"), "-h", "127.0.0.1", "-p", str(PRIMARY_PORT), "-U", "postgres",
         "-D", str(data), "-R", "-X", "stream", "-c", "fast"]
    )  # fmt: skip
    start(data, REPLICA_PORT)
    for _ in range(120):  # the replica answers once it has replayed up to a consistent point
        if _as_postgres_ok(REPLICA_PORT, "SELECT pg_is_in_recovery()"):
            return data
        time.sleep(0.5)
    raise SystemExit(f"the replica in {data} did not start: see {data / 'server.log'}")


def _as_postgres_ok(port: int, sql: str) -> bool:
    try:
        out = subprocess.run(
            [str(BIN / "psql"), "-h", "127.0.0.1", "-p", str(port), "-U", "postgres", "-Atc", sql],
            check=True, text=True, capture_output=True,
        )  # fmt: skip
    except subprocess.CalledProcessError:
        return False
    return out.stdout.strip() == "t"


def remove() -> None:
    """Both clusters stopped and their directories removed."""
    for name in ("replica", "primary"):
        stop(HOME / name)
    shutil.rmtree(HOME, ignore_errors=True)
