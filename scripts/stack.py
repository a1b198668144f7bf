# ruff: noqa: S603, S607  (fixed commands of the stack's own services, from PATH as installed)
"""The production stack on loopback, with its data under var/stack/ (README "部署").

PostgreSQL 15, pgbouncer in transaction mode, Redis, moto's S3 server, gunicorn with three
workers behind nginx (deploy/nginx-wenming.conf, deploy/gunicorn.conf.py) and two RQ task
workers, each on a free port of 127.0.0.1:

    python scripts/stack.py serve          # migrate, load the demo, print the address;
                                           # Ctrl-C stops everything
    python scripts/stack.py run -- CMD...  # start, migrate, run CMD with the stack's
                                           # environment (STACK_URL and the rest), stop
    python scripts/stack.py test           # make stack-test: load benchmark, browser walk

gunicorn and the task workers use psycopg's pool straight to PostgreSQL, with prepared
statements; the management commands (migrate, the demo) and the tests' own process reach it
through pgbouncer, so both ways the settings allow are exercised.
The stack is a stand-in: the demo's public password is allowed and no second factor is
asked, which production never does. ``Stack`` is also a context manager for Python code.
"""

import argparse
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from types import TracebackType

import boto3

ROOT = Path(__file__).resolve().parents[1]
PYTHON = sys.executable
DEMO_LOGINS = "city / county / applicant / assessor / reviewer / committee, password wenming2026"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_for_port(port: int, what: str, process: subprocess.Popen[bytes] | None = None) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise RuntimeError(f"{what} exited with code {process.returncode} while starting")
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.1)
    raise RuntimeError(f"{what} did not listen on 127.0.0.1:{port} within 60 s")


def as_postgres(command: list[str]) -> list[str]:
    """PostgreSQL and pgbouncer refuse to run as root; as root, run them as postgres."""
    return ["runuser", "-u", "postgres", "--", *command] if os.geteuid() == 0 else command


def postgres_bin() -> Path:
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"))
    if not found:
        raise SystemExit("PostgreSQL is not installed (scripts/system-packages installs it)")
    return found[-1].parent


def start_redis(data: Path, port: int) -> subprocess.Popen[bytes]:
    data.mkdir(parents=True, exist_ok=True)
    process = subprocess.Popen(
        ["redis-server", "--bind", "127.0.0.1", "--port", str(port), "--dir", str(data),
         "--save", "", "--appendonly", "no", "--logfile", str(data / "redis.log")],
    )  # fmt: skip
    wait_for_port(port, "redis-server", process)
    return process


def start_moto(log: Path, port: int) -> subprocess.Popen[bytes]:
    log.parent.mkdir(parents=True, exist_ok=True)
    with log.open("wb") as out:
        process = subprocess.Popen(
            [PYTHON, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    wait_for_port(port, "moto server", process)
    return process


def create_bucket(endpoint: str, bucket: str, key: str, secret: str) -> None:
    client = boto3.client(
        "s3", endpoint_url=endpoint, aws_access_key_id=key, aws_secret_access_key=secret,
        region_name="us-east-1",
    )  # fmt: skip
    client.create_bucket(Bucket=bucket)


class Stack:
    """Every service of the stack; ``with Stack() as stack:`` starts and stops them."""

    def __init__(self, root: Path = ROOT / "var" / "stack", *, demo: bool = True) -> None:
        self.root = root
        self.demo = demo
        self.processes: list[tuple[str, subprocess.Popen[bytes]]] = []
        self.ports = {n: free_port() for n in ("pg", "bouncer", "redis", "s3", "web", "nginx")}
        self.url = f"http://127.0.0.1:{self.ports['nginx']}"
        s3 = {"S3_ACCESS_KEY_ID": "stack", "S3_SECRET_ACCESS_KEY": secrets.token_hex(16)}
        self.env: dict[str, str] = {
            **os.environ,
            **s3,
            "DEBUG": "0",
            "SECRET_KEY": secrets.token_urlsafe(50),
            "AUDIT_HMAC_KEY": secrets.token_hex(32),
            "WENMING_VAR": str(root / "app"),
            "STATIC_ROOT": str(root / "static"),
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "SITE_URL": self.url,
            "TRUSTED_PROXIES": "127.0.0.1",
            "HTTPS": "0",
            "DATABASE_URL": f"postgres://wenming:stack@127.0.0.1:{self.ports['bouncer']}/wenming",
            "DATABASE_PGBOUNCER": "1",
            "REDIS_URL": f"redis://127.0.0.1:{self.ports['redis']}/0",
            "TASKS_BACKEND": "rq",
            "TASKS_REDIS_URL": f"redis://127.0.0.1:{self.ports['redis']}/1",
            "S3_BUCKET": "wenming",
            "S3_ENDPOINT_URL": f"http://127.0.0.1:{self.ports['s3']}",
            "WENMING_ALLOW_DEMO_PASSWORD": "1",
            "WENMING_REQUIRE_2FA": "0",
            "STACK_URL": self.url,
            # This checkout's code, whatever else the virtual environment has installed.
            "PYTHONPATH": os.pathsep.join([str(ROOT / "src"), str(ROOT)]),
        }
        self.env.pop("DATABASE_POOL", None)
        # gunicorn and the task workers: psycopg's pool straight to PostgreSQL, which
        # prepares a page's repeated queries (pgbouncer 1.18, Debian 12's, cannot) and
        # streams an export's rows through a server-side cursor.
        direct = {
            "DATABASE_URL": f"postgres://wenming@127.0.0.1:{self.ports['pg']}/wenming",
            "DATABASE_PGBOUNCER": "0",
        }
        self.web_env = {**self.env, **direct, "DATABASE_POOL": "2"}
        self.worker_env = {**self.env, **direct, "DATABASE_POOL": "4"}

    # --- starting -----------------------------------------------------------------------
    def __enter__(self) -> "Stack":
        try:
            self.start()
        except BaseException:
            self.stop()
            raise
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    def spawn(
        self, name: str, command: Sequence[str], env: Mapping[str, str] | None = None
    ) -> subprocess.Popen[bytes]:
        with (self.root / "logs" / f"{name}.log").open("ab") as log:
            process = subprocess.Popen(
                list(command), cwd=ROOT, env=dict(env or self.env), stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,  # Ctrl-C reaches the stack, which stops each in order
            )  # fmt: skip
        self.processes.append((name, process))
        return process

    def manage(self, *args: str) -> None:
        started = time.monotonic()
        subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, env=self.env, check=True)
        print(f"  manage.py {args[0]}: {time.monotonic() - started:.1f} s", flush=True)

    def start(self) -> None:
        started = time.monotonic()
        if self.root.exists():
            shutil.rmtree(self.root)
        (self.root / "logs").mkdir(parents=True)
        self.start_postgres()
        self.start_pgbouncer()
        self.processes.append(("redis", start_redis(self.root / "redis", self.ports["redis"])))
        s3 = start_moto(self.root / "logs" / "moto.log", self.ports["s3"])
        self.processes.append(("moto", s3))
        create_bucket(
            self.env["S3_ENDPOINT_URL"], "wenming", self.env["S3_ACCESS_KEY_ID"],
            self.env["S3_SECRET_ACCESS_KEY"],
        )  # fmt: skip
        self.manage("migrate", "--noinput", "-v0")
        self.manage("collectstatic", "--noinput", "-v0")
        if self.demo:
            self.manage("load_frameworks")
            self.manage("load_demo", "--allow-production")
        web_env = {**self.web_env, "WEB_BIND": f"127.0.0.1:{self.ports['web']}"}
        web_env["WEB_WORKERS"] = "3"
        web = self.spawn("gunicorn", [str(Path(PYTHON).with_name("gunicorn")), "-c",
                                      str(ROOT / "deploy" / "gunicorn.conf.py"), "wenming.wsgi"],
                         web_env)  # fmt: skip
        wait_for_port(self.ports["web"], "gunicorn", web)
        for n in (1, 2):
            extra = ["--with-scheduler"] if n == 1 else []
            self.spawn(f"worker-{n}", [PYTHON, "manage.py", "rqworker", "--job-class",
                                       "django_tasks_rq.Job", *extra, "default"],
                       self.worker_env)  # fmt: skip
        self.start_nginx()
        self.wait_until_served()
        print(f"Stack up in {time.monotonic() - started:.1f} s: {self.url}/", flush=True)

    def wait_until_served(self) -> None:
        """gunicorn's workers load the application on their first request: wait for the
        health check to answer through nginx, so the first real request is not the slow one."""
        deadline = time.monotonic() + 120
        while True:
            try:
                with urllib.request.urlopen(f"{self.url}/health/", timeout=30) as response:  # noqa: S310  (http, our own address)
                    if response.status == 200:
                        return
            except OSError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError(f"{self.url}/health/ did not answer within 120 s")
            time.sleep(0.5)

    def start_postgres(self) -> None:
        data = self.root / "pg"
        data.mkdir()
        if os.geteuid() == 0:
            shutil.chown(data, "postgres")
        bindir = postgres_bin()
        quiet = {"stdout": subprocess.DEVNULL}
        subprocess.run(as_postgres([str(bindir / "initdb"), "-D", str(data / "data"), "-U",
                                    "postgres", "-A", "trust", "-E", "UTF8", "--locale=C.UTF-8"]),
                       check=True, **quiet)  # fmt: skip
        # timezone=UTC: Django then never sends a session-level SET TIME ZONE.
        options = (f"-c listen_addresses=127.0.0.1 -p {self.ports['pg']} -k {data} "
                   "-c timezone=UTC -c max_connections=100 -c fsync=off "
                   "-c synchronous_commit=off -c full_page_writes=off")  # fmt: skip
        subprocess.run(as_postgres([str(bindir / "pg_ctl"), "-D", str(data / "data"), "-l",
                                    str(data / "postgres.log"), "-w", "-o", options, "start"]),
                       check=True, **quiet)  # fmt: skip
        self.pg_data = data / "data"
        psql = [str(bindir / "psql"), "-h", "127.0.0.1", "-p", str(self.ports["pg"]), "-U",
                "postgres", "-q", "-c"]  # fmt: skip
        subprocess.run(
            as_postgres([*psql, "CREATE ROLE wenming LOGIN PASSWORD 'stack'"]), check=True
        )
        subprocess.run(as_postgres([*psql, "CREATE DATABASE wenming OWNER wenming"]), check=True)

    def start_pgbouncer(self) -> None:
        folder = self.root / "pgbouncer"
        folder.mkdir()
        (folder / "userlist.txt").write_text('"wenming" "stack"\n')
        (folder / "pgbouncer.ini").write_text(
            "[databases]\n"
            f"wenming = host=127.0.0.1 port={self.ports['pg']} dbname=wenming user=wenming\n"
            "[pgbouncer]\n"
            f"listen_addr = 127.0.0.1\nlisten_port = {self.ports['bouncer']}\n"
            "unix_socket_dir =\n"
            "pool_mode = transaction\n"
            "auth_type = scram-sha-256\n"
            f"auth_file = {folder / 'userlist.txt'}\n"
            "max_client_conn = 500\ndefault_pool_size = 20\n"
            "ignore_startup_parameters = extra_float_digits,options\n"
            f"logfile = {folder / 'pgbouncer.log'}\n"
        )
        if os.geteuid() == 0:
            for path in (folder, *folder.iterdir()):
                shutil.chown(path, "postgres")
        process = self.spawn("pgbouncer", as_postgres(["pgbouncer", str(folder / "pgbouncer.ini")]))
        wait_for_port(self.ports["bouncer"], "pgbouncer", process)

    def start_nginx(self) -> None:
        folder = self.root / "nginx"
        folder.mkdir()
        site = (ROOT / "deploy" / "nginx-wenming.conf").read_text()
        for old, new in (
            ("server 127.0.0.1:8000;", f"server 127.0.0.1:{self.ports['web']};"),
            ("listen 80;", f"listen 127.0.0.1:{self.ports['nginx']};"),
            ("alias /srv/wenming/static/;", f"alias {self.root / 'static'}/;"),
        ):
            if old not in site:
                raise RuntimeError(f"deploy/nginx-wenming.conf no longer has {old!r}")
            site = site.replace(old, new)
        (folder / "site.conf").write_text(site)
        (folder / "nginx.conf").write_text(
            f"pid {folder / 'nginx.pid'};\nerror_log {folder / 'error.log'} warn;\n"
            "worker_processes 2;\nevents { worker_connections 1024; }\n"
            "http {\n  include /etc/nginx/mime.types;\n  default_type application/octet-stream;\n"
            f"  access_log {folder / 'access.log'};\n"
            + "".join(f"  {kind}_temp_path {folder / kind};\n"
                      for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
            + f"  include {folder / 'site.conf'};\n}}\n"
        )  # fmt: skip
        command = ["nginx", "-p", str(folder), "-e", str(folder / "error.log"),
                   "-c", str(folder / "nginx.conf"), "-g", "daemon off;"]  # fmt: skip
        process = self.spawn("nginx", command)
        wait_for_port(self.ports["nginx"], "nginx", process)

    # --- stopping -----------------------------------------------------------------------
    def stop(self) -> None:
        for name, process in reversed(self.processes):
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
                try:
                    process.wait(timeout=20)
                except subprocess.TimeoutExpired:
                    print(f"{name} did not stop within 20 s; killed", file=sys.stderr)
                    process.kill()
                    process.wait()
        self.processes.clear()
        if getattr(self, "pg_data", None):
            subprocess.run(as_postgres([str(postgres_bin() / "pg_ctl"), "-D", str(self.pg_data),
                                        "-m", "fast", "stop"]),
                           stdout=subprocess.DEVNULL, check=False)  # fmt: skip
            self.pg_data = None


@contextmanager
def interrupted_cleanly() -> Iterator[None]:
    """SIGTERM as Ctrl-C, so ``with Stack()`` stops the services either way."""

    def to_interrupt(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, to_interrupt)
    try:
        yield
    except KeyboardInterrupt:
        print("\nStopping the stack.", file=sys.stderr)
    finally:
        signal.signal(signal.SIGTERM, previous)


def stack_test(seconds: int) -> int:
    """``make stack-test``: the load benchmark on the demo (when benchmarks/load.py is
    there), then the whole-campaign browser walk, both against the stack's nginx."""
    started = time.monotonic()
    status = 130
    benchmark = (ROOT / "benchmarks" / "load.py").exists()
    # The walk loads the demo itself (into an emptied database); the benchmark needs it first.
    with interrupted_cleanly(), Stack(demo=benchmark) as stack:
        steps: list[tuple[str, list[str]]] = []
        if benchmark:
            # Errors fail the test; the speed bars are make bench's (timings are noisy here).
            load = [PYTHON, "benchmarks/load.py", "--url", stack.url, "--seconds", str(seconds)]
            steps.append(("load benchmark", [*load, "--errors-only"]))
        steps.append(("whole-campaign walk", [PYTHON, "-m", "pytest", "-q",
                                              "tests/e2e/test_whole_campaign.py"]))  # fmt: skip
        for name, command in steps:
            step_started = time.monotonic()
            print(f"== {name} against {stack.url}", flush=True)
            status = subprocess.run(command, cwd=ROOT, env=stack.env, check=False).returncode
            print(
                f"== {name}: exit {status} in {time.monotonic() - step_started:.1f} s", flush=True
            )
            if status:
                print(f"Logs of the stack: {stack.root / 'logs'}", file=sys.stderr)
                break
    print(f"stack-test: exit {status} in {time.monotonic() - started:.1f} s", flush=True)
    return status


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command")
    sub.add_parser("serve", help="start the stack with the demo until Ctrl-C")
    run = sub.add_parser("run", help="start the stack, run a command in it, stop")
    run.add_argument("--demo", action="store_true", help="load the demo before the command")
    run.add_argument("cmd", nargs=argparse.REMAINDER)
    test = sub.add_parser("test", help="the load benchmark and the browser walk on the stack")
    test.add_argument("--seconds", type=int, default=20, help="length of the load benchmark")
    options = parser.parse_args(argv)
    if options.command == "test":
        return stack_test(options.seconds)
    if options.command == "run":
        cmd = options.cmd[1:] if options.cmd[:1] == ["--"] else options.cmd
        if not cmd:
            parser.error("run needs a command, e.g. run -- pytest tests/e2e")
        status = 130
        with interrupted_cleanly(), Stack(demo=options.demo) as stack:
            status = subprocess.run(cmd, cwd=ROOT, env=stack.env, check=False).returncode
        return status  # noqa: RET504  (130 when Ctrl-C stopped the command)
    with interrupted_cleanly(), Stack() as stack:
        print(f"Wenming on {stack.url}/ ({DEMO_LOGINS}); logs in {stack.root / 'logs'}")
        print("Ctrl-C stops the stack.", flush=True)
        while all(p.poll() is None for _, p in stack.processes):
            time.sleep(0.5)
        dead = [n for n, p in stack.processes if p.poll() is not None]
        print(f"Stopped: {', '.join(dead)} exited (see {stack.root / 'logs'})", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
