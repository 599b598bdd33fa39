"""README's benchmark commands, run as written from the repository root, once each in a tiny configuration.

The commands are parsed from the code block of README's "## Benchmarks" section. Each runs with
cwd = the repository root, its own environment assignments, and then PARLEY_BUILD_DIR = the test
build directory given *relative* to the root (so a relative build path must work, and no Release
build is needed), PARLEY_SKIP_BUILD=1 and PARLEY_BENCH_TINY=1 (bench/lib/benchenv.py). Every
benchmark script in bench/ must be among the commands, so none can rot undocumented. Leak
detection is off for these runs (the load clients exit without freeing; the integration suites
check the services for leaks).
"""

import glob
import os
import shlex
import subprocess
import sys

import pytest

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "..", "lib"))
from harness import build_dir  # noqa: E402

REPO = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", ".."))


def readme_bench_commands():
    """[(line, env, argv)] for every benchmark line of README's Benchmarks code block."""
    text = open(os.path.join(REPO, "README.md")).read()
    section = text.split("\n## Benchmarks\n", 1)[1].split("\n## ", 1)[0]
    block = section.split("```", 2)[1]
    out = []
    for line in block.splitlines()[1:]:
        words = shlex.split(line, comments=True)
        env = {}
        while words and "=" in words[0] and not words[0].startswith(("/", ".")):
            k, v = words.pop(0).split("=", 1)
            env[k] = v
        if len(words) >= 2 and words[1].startswith("bench/"):
            out.append((line.split("  #")[0].strip(), env, words))
    return out


COMMANDS = readme_bench_commands()


def test_every_benchmark_is_in_readme():
    scripts = {a[1] for _, _, a in COMMANDS}
    found = {os.path.relpath(p, REPO) for p in glob.glob(os.path.join(REPO, "bench", "*", "*"))
             if os.path.basename(p) in ("run.py", "run.sh") or os.path.basename(p).startswith("bench_")}
    assert found and found <= scripts, sorted(found - scripts)
    for _, _, argv in COMMANDS:
        assert argv[0] in ("bash", "/usr/bin/python3"), argv
        assert os.path.isfile(os.path.join(REPO, argv[1])), argv


@pytest.mark.parametrize("line,env,argv", COMMANDS, ids=[a[1] for _, _, a in COMMANDS])
def test_bench_command_runs_tiny(line, env, argv):
    e = dict(os.environ)
    e.update(env)
    e.update({"PARLEY_BUILD_DIR": os.path.relpath(build_dir(), REPO), "PARLEY_SKIP_BUILD": "1", "PARLEY_BENCH_TINY": "1",
              # the test build has sanitizers: the load clients (ws_load's forked senders) exit without freeing
              "ASAN_OPTIONS": "detect_leaks=0"})
    for k in ("BENCH_DURATION", "BENCH_LOGIN_DURATION", "BENCH_CONNECTIONS", "BENCH_THREADS", "BENCH_ROUNDS",
              "PARLEY_URL", "PARLEY_BENCH_BUILD_DIR"):
        e.pop(k, None)
    p = subprocess.run(argv, cwd=REPO, env=e, capture_output=True, text=True, timeout=280)
    assert p.returncode == 0, f"{line}\nexit {p.returncode}\n{p.stdout[-3000:]}\n{p.stderr[-3000:]}"
    assert "ratio" in p.stdout, p.stdout[-3000:]
