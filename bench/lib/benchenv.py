"""What every bench/*/run.py shares: where the build is, building it, the tiny configuration.

    sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
    import benchenv
    BUILD = benchenv.setup(["parley-core", "ws_load"])   # before importing the test drivers

- PARLEY_BUILD_DIR: the build directory, relative to the current directory (README's commands
  run from the repository root), default ./build-release. setup() exports it as an absolute path,
  so the test drivers the benchmarks reuse (tests/lib/harness.py, tests/integration/*/) find the
  binaries whatever directory they start them in.
- Unless PARLEY_SKIP_BUILD=1, setup() configures a missing build directory (Release, no
  sanitizers, benchmark clients on) and builds the targets the benchmark needs (incremental: a
  no-op when they are up to date). With PARLEY_SKIP_BUILD=1 the binaries must already be there.
- PARLEY_BENCH_TINY=1: every benchmark runs once in a tiny configuration (a second or so, a few
  connections); tests/integration/scripts/test_bench_smoke.py uses it so no benchmark can rot.
"""

import os
import subprocess
import sys
import uuid

ROOT = os.path.abspath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))


ALPHABET = "ybndrfg8ejkmcpqxot1uwisza345h769"


def new_id():
    """A random 26-character Mattermost id (for rows the benchmarks insert with SQL)."""
    n = uuid.uuid4().int
    return "".join(ALPHABET[(n >> (5 * i)) & 31] for i in range(26))


def say(msg):
    print("bench: " + msg, file=sys.stderr, flush=True)


def tiny():
    """True when PARLEY_BENCH_TINY=1 (smoke runs)."""
    return os.environ.get("PARLEY_BENCH_TINY") == "1"


def build_dir():
    return os.path.abspath(os.environ.get("PARLEY_BUILD_DIR") or "build-release")


def _build(build, targets):
    argv = ["cmake", "-S", ROOT, "-B", build, "-DPARLEY_BENCH=ON"]  # an existing build keeps its type
    if not os.path.isfile(os.path.join(build, "CMakeCache.txt")):
        say(f"configuring a Release build in {build}")
        argv += ["-DCMAKE_BUILD_TYPE=Release", "-DPARLEY_SANITIZE=OFF"]
    subprocess.run(argv, check=True, stdout=subprocess.DEVNULL)
    say(f"building {' '.join(targets)} in {build}")
    subprocess.run(["cmake", "--build", build, "-j2", "--target"] + list(targets), check=True, stdout=subprocess.DEVNULL)


def setup(targets):
    """Resolve (and unless PARLEY_SKIP_BUILD=1 build) the build directory; export it. @return its absolute path."""
    build = build_dir()
    os.environ["PARLEY_BUILD_DIR"] = build
    if os.environ.get("PARLEY_SKIP_BUILD") != "1":
        _build(build, targets)
    elif not os.path.isdir(build):
        sys.exit(f"bench: no build directory {build} (PARLEY_SKIP_BUILD=1; unset it to build there)")
    return build


def binary(relpath):
    """A file of the build directory (e.g. "bench/ws/ws_load"); exits with a hint when it is missing."""
    path = os.path.join(build_dir(), relpath)
    if not os.path.isfile(path):
        sys.exit(f"bench: {path} missing (build it, or unset PARLEY_SKIP_BUILD)")
    return path
