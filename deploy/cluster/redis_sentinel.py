"""A Redis primary, its replica and Sentinels watching them, on loopback ports, from Debian's
redis-server and redis-sentinel: for the failover tests (tests/cluster/) and docs/scaling.md.

    python deploy/cluster/redis_sentinel.py up DIR        # prints the environment for the app
    python deploy/cluster/redis_sentinel.py kill-primary DIR
    python deploy/cluster/redis_sentinel.py down DIR

Ports from BASE (default 56380): primary BASE, replica BASE+1, Sentinels BASE+2… (three by
default, quorum two, as in production; the service is called "portal").
"""

import argparse
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

SERVICE = "portal"


def available():
    return bool(shutil.which("redis-server") and shutil.which("redis-sentinel"))


class RedisCluster:
    def __init__(self, root, base_port=56380, sentinels=3):
        self.root = Path(root).resolve()
        self.ports = {"primary": base_port, "replica": base_port + 1}
        self.sentinel_ports = [base_port + 2 + i for i in range(sentinels)]

    def environment(self):
        return {
            "REDIS_URL": "redis://sentinel/0",
            "REDIS_SENTINELS": ",".join(f"127.0.0.1:{port}" for port in self.sentinel_ports),
            "REDIS_SENTINEL_SERVICE": SERVICE,
        }

    def _pidfile(self, name):
        return self.root / f"{name}.pid"

    def _start(self, name, program, config):
        conf = self.root / f"{name}.conf"
        conf.write_text(config + f"daemonize yes\npidfile {self._pidfile(name)}\nlogfile {self.root / name}.log\n")
        subprocess.run([program, str(conf)], check=True, capture_output=True)

    def up(self):
        self.root.mkdir(parents=True, exist_ok=True)
        common = 'bind 127.0.0.1\nsave ""\nappendonly no\nprotected-mode no\n'
        self._start("primary", "redis-server", f"port {self.ports['primary']}\ndir {self.root}\n{common}")
        self._start(
            "replica",
            "redis-server",
            f"port {self.ports['replica']}\ndir {self.root}\n{common}replicaof 127.0.0.1 {self.ports['primary']}\n",
        )
        quorum = len(self.sentinel_ports) // 2 + 1
        for number, port in enumerate(self.sentinel_ports):
            self._start(
                f"sentinel-{number}",
                "redis-sentinel",
                f"port {port}\nbind 127.0.0.1\ndir {self.root}\nprotected-mode no\n"
                f"sentinel monitor {SERVICE} 127.0.0.1 {self.ports['primary']} {quorum}\n"
                f"sentinel down-after-milliseconds {SERVICE} 1000\n"
                f"sentinel failover-timeout {SERVICE} 10000\nsentinel parallel-syncs {SERVICE} 1\n",
            )
        self._wait(lambda: self.replica_synced(), "the replica did not sync")
        self._wait(lambda: self.sentinels_see_replica(), "the Sentinels did not find the replica")
        return self.environment()

    def cli(self, port, *args):
        done = subprocess.run(["redis-cli", "-p", str(port), *args], capture_output=True, text=True)
        return done.stdout.strip()

    def replica_synced(self):
        return "master_link_status:up" in self.cli(self.ports["replica"], "info", "replication")

    def sentinels_see_replica(self):
        return all(
            "num-slaves" in (answer := self.cli(port, "sentinel", "master", SERVICE))
            and answer.split("num-slaves\n", 1)[1].split("\n", 1)[0] != "0"
            for port in self.sentinel_ports
        )

    def primary_port(self):
        """The primary's port as the Sentinels say it (after a failover, the replica's)."""
        answer = self.cli(self.sentinel_ports[0], "sentinel", "get-master-addr-by-name", SERVICE).split()
        return int(answer[1]) if len(answer) == 2 else None

    def kill_primary(self):
        """The primary dies at once (SIGKILL, nothing saved); the Sentinels promote the replica."""
        os.kill(int(self._pidfile("primary").read_text()), signal.SIGKILL)

    def wait_for_failover(self, timeout=30):
        self._wait(lambda: self.primary_port() == self.ports["replica"], "no failover", timeout)

    @staticmethod
    def _wait(check, message, timeout=20):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if check():
                return
            time.sleep(0.2)
        raise RuntimeError(message)

    def down(self):
        for pidfile in self.root.glob("*.pid"):
            try:
                os.kill(int(pidfile.read_text()), signal.SIGTERM)
            except (OSError, ValueError):
                pass


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("action", choices=["up", "down", "kill-primary"])
    parser.add_argument("dir")
    parser.add_argument("--base-port", type=int, default=int(os.environ.get("REDIS_CLUSTER_BASE_PORT", 56380)))
    args = parser.parse_args(argv)
    cluster = RedisCluster(args.dir, args.base_port)
    if args.action == "up":
        for key, value in cluster.up().items():
            print(f"export {key}={value}")
    elif args.action == "down":
        cluster.down()
    else:
        cluster.kill_primary()
        cluster.wait_for_failover()
        print(f"primary now on port {cluster.primary_port()}")


if __name__ == "__main__":
    sys.exit(main())
