"""What the suites that run Steward as real processes share: a throwaway PostgreSQL cluster, the
steward commands run once against it (migrate, directory import, token create) and the long-running
`steward serve` and `steward worker` processes, each with its log, and their teardown.

Used by scripts/chaos (the fault suite) and scripts/browser-tests (the web console's journeys):

    bed = Testbed(steward, prefix="steward-browser-")
    bed.create()                      # run directory, cluster on a free port, database `steward`
    bed.steward("migrate", [])
    bed.steward("directory import", ["workflows/directory.yaml"])
    server = bed.serve("serve-1")     # its .port and .url
    worker = bed.worker("worker-1")
    bed.wait_until_ready([server], [worker])
    ...
    bed.teardown(keep=False, keep_logs=failed)

The PostgreSQL server refuses to run as root, so as root the cluster's commands run as the
`postgres` system user (which Debian's packages create). Stdlib only.
"""

import http.client
import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


class TestbedError(Exception):
    """The suite itself could not go on (setup failed, a tool is missing)."""


# MARK: - Output


def say(text=""):
    print(text, flush=True)


def seconds(value):
    return f"{value:.1f} s" if value >= 1 else f"{value * 1000:.0f} ms"


# MARK: - Processes


# The kernel kills a child with SIGKILL should this script die without cleaning up (util-linux).
DIE_WITH_PARENT = ["setpriv", "--pdeathsig", "KILL"] if shutil.which("setpriv") else []


class Process:
    """One steward process we started, with its log file."""

    def __init__(self, name, argv, log_path, cwd):
        self.name = name
        self.argv = argv
        self.log_path = log_path
        self.cwd = cwd
        self.popen = None
        self.stopped = False
        self.killed_by_us = False

    def start(self):
        log = open(self.log_path, "ab")
        log.write(f"--- {time.strftime('%H:%M:%S')} {' '.join(self.argv)}\n".encode())
        log.flush()
        # Its own session, so Ctrl-C reaches only this script, which stops everything in order.
        self.popen = subprocess.Popen(
            DIE_WITH_PARENT + self.argv, cwd=self.cwd, stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT,
            start_new_session=True)
        log.close()
        self.killed_by_us = False
        return self

    @property
    def pid(self):
        return self.popen.pid

    def alive(self):
        return self.popen is not None and self.popen.poll() is None

    def signal(self, number):
        if self.alive():
            os.kill(self.popen.pid, number)

    def log_text(self):
        try:
            with open(self.log_path, "rb") as file:
                return file.read().decode("utf-8", "replace")
        except OSError:
            return ""

    def log_tail(self, lines=40):
        return "\n".join(self.log_text().splitlines()[-lines:])


# MARK: - PostgreSQL


class Cluster:
    """A throwaway PostgreSQL cluster in a directory of ours, run as the postgres user when we are root."""

    def __init__(self, directory, port, bin_directory, application_name="testbed"):
        self.directory = directory
        self.data = os.path.join(directory, "data")
        self.log = os.path.join(directory, "postgres.log")
        self.port = port
        self.bin = bin_directory
        self.application_name = application_name
        self.started = False

    def _as_postgres(self, argv):
        if os.geteuid() == 0:
            return ["runuser", "-u", "postgres", "--"] + argv
        return argv

    def _run(self, argv, timeout=120):
        result = subprocess.run(self._as_postgres(argv), capture_output=True, text=True, timeout=timeout)
        if result.returncode != 0:
            tail = "\n".join((result.stdout + result.stderr).splitlines()[-10:])
            raise TestbedError(f"{' '.join(argv)} failed ({result.returncode}):\n{tail}")
        return result.stdout

    def initialise(self):
        os.makedirs(self.directory, exist_ok=True)
        if os.geteuid() == 0:
            shutil.chown(self.directory, "postgres", "postgres")
        self._run([self.bin + "/initdb", "-D", self.data, "-U", "steward", "--auth=trust", "--encoding=UTF8",
                   "--no-locale", "--no-sync"])

    def start(self):
        # Commits are acknowledged after their WAL reaches the kernel (synchronous_commit on), so an
        # immediate stop loses nothing acknowledged; fsync off only gives up surviving an OS crash.
        options = " ".join([
            f"-p {self.port}", f"-k '{self.directory}'", "-c listen_addresses=127.0.0.1", "-c fsync=off",
            "-c max_connections=300", "-c track_commit_timestamp=on", "-c log_min_messages=warning",
        ])
        self._run([self.bin + "/pg_ctl", "-D", self.data, "-l", self.log, "-w", "-t", "60", "-o", options, "start"])
        self.started = True

    def create_database(self, name="steward"):
        subprocess.run([self.bin + "/createdb", "-h", "127.0.0.1", "-p", str(self.port), "-U", "steward", name],
                       check=True, capture_output=True)

    def stop(self, immediate=False):
        self._run([self.bin + "/pg_ctl", "-D", self.data, "-m", "immediate" if immediate else "fast", "-w", "stop"])
        self.started = False

    def postmaster_pid(self):
        with open(os.path.join(self.data, "postmaster.pid")) as file:
            return int(file.readline().strip())

    def crash(self):
        """An immediate shutdown: SIGQUIT to the postmaster, which is what `pg_ctl stop -m immediate` sends,
        without pg_ctl's start-up delay, so it lands while the transactions seen in flight still are."""
        pid = self.postmaster_pid()
        os.kill(pid, signal.SIGQUIT)
        deadline = time.time() + 30
        while time.time() < deadline:
            try:
                os.kill(pid, 0)
            except ProcessLookupError:
                break
            time.sleep(0.01)
        else:
            self.stop(immediate=True)
        self.started = False

    def kill_leftovers(self):
        """Stops the server however it can: pg_ctl, else the postmaster's pid."""
        try:
            self.stop(immediate=True)
            return
        except Exception:
            pass
        try:
            with open(os.path.join(self.data, "postmaster.pid")) as file:
                os.kill(int(file.readline().strip()), signal.SIGKILL)
        except (OSError, ValueError):
            pass

    @property
    def url(self):
        return f"postgres://steward@127.0.0.1:{self.port}/steward"

    def sql(self, query, timeout=60, notices=None):
        """Rows of `query` as lists of text ('' for NULL); raises on any error. `notices` collects RAISE NOTICE texts."""
        env = dict(os.environ, PGAPPNAME=self.application_name, PGCONNECT_TIMEOUT="5")
        env.pop("PGOPTIONS", None)
        result = subprocess.run(
            [self.bin + "/psql", "-X", "-q", "-A", "-t", "-F", "\t", "-v", "ON_ERROR_STOP=1", "-h", "127.0.0.1",
             "-p", str(self.port), "-U", "steward", "-d", "steward", "-c", query],
            capture_output=True, text=True, timeout=timeout, env=env)
        if result.returncode != 0:
            raise TestbedError(f"psql failed: {result.stderr.strip()}\n  query: {' '.join(query.split())[:300]}")
        if notices is not None:
            notices += [line.split("NOTICE:", 1)[1].strip() for line in result.stderr.splitlines() if "NOTICE:" in line]
        return [line.split("\t") for line in result.stdout.splitlines() if line != ""]

    def value(self, query):
        rows = self.sql(query)
        return rows[0][0] if rows and rows[0] else ""


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def find_postgres_bin(configured):
    candidates = [configured] if configured else []
    if os.environ.get("STEWARD_POSTGRES_BIN"):
        candidates.append(os.environ["STEWARD_POSTGRES_BIN"])
    root = "/usr/lib/postgresql"
    if os.path.isdir(root):
        versions = sorted((int(v) for v in os.listdir(root) if v.isdigit()), reverse=True)
        candidates += [f"{root}/{v}/bin" for v in versions]
    for candidate in candidates:
        if all(os.access(os.path.join(candidate, tool), os.X_OK) for tool in ("initdb", "pg_ctl", "psql")):
            return candidate
    raise TestbedError("no PostgreSQL binaries (initdb, pg_ctl, psql) found: install postgresql or pass --postgres-bin")


def http_status(port, path, timeout=2):
    """The status of GET `path` on 127.0.0.1:`port`, or None when nothing answered."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        response.read()
        return response.status
    except (OSError, http.client.HTTPException):
        return None
    finally:
        connection.close()


# MARK: - The test bed


class Testbed:
    """A run directory holding a cluster (postgres/), the processes' logs (logs/) and whatever the
    suite puts there, and every steward process started in it."""

    def __init__(self, steward, prefix, postgres_bin=None, policy_directory=None, application_name="testbed"):
        self.steward_path = steward
        self.prefix = prefix
        self.postgres_bin = postgres_bin
        self.policy = policy_directory or os.path.join(REPO, "workflows")
        self.application_name = application_name
        self.processes = []
        self.cluster = None
        self.run_directory = None
        self.logs = None

    # Setup

    def check_binary(self):
        if not os.access(self.steward_path, os.X_OK):
            raise TestbedError(f"no steward binary at {self.steward_path}: build it (swift build) or pass --steward PATH")

    def snapshot_binary(self, wait=0.0):
        """Copies the steward binary and its resource bundles into the run directory and runs that copy
        from then on, so a rebuild of the original during the run changes nothing here. Waits up to
        `wait` seconds for a binary that is missing or still being written (a build under way)."""
        source = self.steward_path
        deadline = time.time() + wait
        told = False
        while True:
            problem = self._binary_problem(source)
            if problem is None:
                target_directory = os.path.join(self.run_directory, "bin")
                shutil.rmtree(target_directory, ignore_errors=True)
                os.makedirs(target_directory)
                target = os.path.join(target_directory, os.path.basename(source))
                try:
                    shutil.copy2(source, target)
                    parent = os.path.dirname(source)
                    for entry in os.listdir(parent):
                        if entry.endswith(".resources") and os.path.isdir(os.path.join(parent, entry)):
                            shutil.copytree(os.path.join(parent, entry), os.path.join(target_directory, entry))
                    probe = subprocess.run([target, "--help"], capture_output=True, timeout=60)
                    problem = None if probe.returncode == 0 else f"`steward --help` exited {probe.returncode}"
                except (OSError, shutil.Error, subprocess.TimeoutExpired) as error:
                    problem = f"copying it failed: {error}"
                if problem is None:
                    self.steward_path = target
                    return target
            if time.time() >= deadline:
                raise TestbedError(f"no usable steward binary at {source}: {problem}; build it (swift build) "
                                   f"or pass --steward PATH")
            if not told:
                say(f"waiting up to {wait:g} s for {source} ({problem}: a build under way?)")
                told = True
            time.sleep(2)

    @staticmethod
    def _binary_problem(path):
        try:
            status = os.stat(path)
        except OSError:
            return "missing"
        if not os.access(path, os.X_OK):
            return "not executable"
        if time.time() - status.st_mtime < 3:
            return "written moments ago"
        return None

    def create(self):
        """The run directory, the cluster on a free port (started) and its database `steward`."""
        bin_directory = find_postgres_bin(self.postgres_bin)
        self.run_directory = tempfile.mkdtemp(prefix=self.prefix)
        os.chmod(self.run_directory, 0o755)
        self.logs = os.path.join(self.run_directory, "logs")
        os.makedirs(self.logs)
        self.cluster = Cluster(os.path.join(self.run_directory, "postgres"), free_port(), bin_directory,
                               self.application_name)
        self.cluster.initialise()
        self.cluster.start()
        self.cluster.create_database()
        return self.cluster

    def steward(self, command, arguments, timeout=120):
        """Runs `steward COMMAND ARGUMENTS` once against the cluster (with the policy directory, but for
        migrate) and returns its standard output; its standard error goes to logs/setup.log."""
        argv = [self.steward_path] + command.split() + arguments + ["--database-url", self.cluster.url]
        if command != "migrate":
            argv += ["--policy-directory", self.policy]
        result = subprocess.run(argv, capture_output=True, text=True, cwd=self.run_directory, timeout=timeout)
        with open(os.path.join(self.logs, "setup.log"), "a") as log:
            log.write(f"--- {' '.join(argv)}\n{result.stderr}\n")
        if result.returncode != 0:
            raise TestbedError(f"steward {command} failed ({result.returncode}):\n{result.stdout}{result.stderr[-2000:]}")
        return result.stdout

    def create_token(self, role, staff=None, customer=None, contact=None, label=None):
        """A new bearer token: `role` with `staff`, or role customer with `customer` and `contact`."""
        arguments = ["--role", role]
        for flag, value in (("--staff", staff), ("--customer", customer), ("--contact", contact), ("--label", label)):
            if value is not None:
                arguments += [flag, value]
        return self.steward("token create", arguments).strip().splitlines()[-1]

    def spawn(self, name, argv):
        process = Process(name, argv, os.path.join(self.logs, f"{name}.log"), self.run_directory).start()
        self.processes.append(process)
        return process

    def serve(self, name, arguments=(), port=None):
        """Starts `steward serve` on 127.0.0.1 and a free port (or `port`): the process has .port and .url."""
        port = port or free_port()
        process = self.spawn(name, [self.steward_path, "serve", "--port", str(port), "--database-url",
                                    self.cluster.url, "--policy-directory", self.policy] + list(arguments))
        process.port = port
        process.url = f"http://127.0.0.1:{port}"
        return process

    def worker(self, name, arguments=()):
        return self.spawn(name, [self.steward_path, "worker", "--database-url", self.cluster.url,
                                 "--policy-directory", self.policy] + list(arguments))

    def wait_until_ready(self, servers, workers, timeout=60):
        """Until every server answers GET /readyz 200 and every worker has logged that it started."""
        deadline = time.time() + timeout
        for server in servers:
            self.wait_for_server(server, deadline, timeout)
        for worker in workers:
            self.wait_for_worker(worker, deadline)

    def wait_for_server(self, server, deadline, timeout):
        while True:
            if not server.alive():
                raise TestbedError(f"{server.name} exited at start:\n{server.log_text()[-2000:]}")
            if http_status(server.port, "/readyz") == 200:
                return
            if time.time() > deadline:
                raise TestbedError(f"{server.name} not ready after {timeout} s:\n{server.log_text()[-2000:]}")
            time.sleep(0.2)

    def wait_for_worker(self, worker, deadline):
        while "workers started" not in worker.log_text().rsplit("--- ", 1)[-1]:
            if not worker.alive():
                raise TestbedError(f"{worker.name} exited at start:\n{worker.log_text()[-2000:]}")
            if time.time() > deadline:
                raise TestbedError(f"{worker.name} did not start within the time allowed:\n{worker.log_text()[-2000:]}")
            time.sleep(0.1)

    # Stopping

    def stop_processes(self, timeout=35):
        """SIGTERM to every process still running (SIGCONT first, for a stopped one), then waits up to
        `timeout`; one still running then is killed and marked `hung`."""
        for process in self.processes:
            if process.alive():
                process.signal(signal.SIGCONT)
                process.signal(signal.SIGTERM)
        deadline = time.time() + timeout
        for process in self.processes:
            try:
                process.popen.wait(max(0.1, deadline - time.time()))
            except subprocess.TimeoutExpired:
                process.killed_by_us = True
                process.hung = True
                process.popen.kill()
                process.popen.wait()

    def kill_processes(self):
        for process in self.processes:
            if process.popen is not None and process.alive():
                try:
                    os.kill(process.pid, signal.SIGCONT)
                    os.kill(process.pid, signal.SIGKILL)
                    process.popen.wait(10)
                except (OSError, subprocess.TimeoutExpired):
                    pass

    def teardown(self, keep, keep_logs):
        """Kills what still runs and stops the cluster; then keeps the whole run directory (`keep`), only
        its logs (`keep_logs`), or removes it."""
        self.kill_processes()
        if self.cluster is not None:
            self.cluster.kill_leftovers()
        if self.run_directory is None:
            return
        if keep:
            say(f"kept {self.run_directory} (cluster in postgres/, logs in logs/); start it with: "
                f"runuser -u postgres -- {self.cluster.bin}/pg_ctl -D {self.cluster.data} -o '-p {self.cluster.port} "
                f"-k {self.cluster.directory}' start")
        elif keep_logs:
            shutil.rmtree(os.path.join(self.run_directory, "postgres", "data"), ignore_errors=True)
            shutil.rmtree(os.path.join(self.run_directory, "bin"), ignore_errors=True)
            say(f"logs kept in {self.run_directory} (the processes' in logs/, the server's in postgres/postgres.log)")
        else:
            shutil.rmtree(self.run_directory, ignore_errors=True)
