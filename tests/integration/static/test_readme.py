"""README.md's contract: its first fenced code block holds exactly the two commands (run, then test),
the commands name scripts that exist, and .ci/run runs exactly the test command."""

import os
import re
import subprocess

REPO = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", ".."))


def read(path):
    with open(os.path.join(REPO, path)) as f:
        return f.read()


def first_fenced_block():
    m = re.search(r"^```[^\n]*\n(.*?)^```", read("README.md"), re.S | re.M)
    assert m, "README.md has no fenced code block"
    return [line for line in m.group(1).splitlines()]


def test_first_block_is_run_then_test():
    lines = first_fenced_block()
    assert lines == ["bash scripts/run.sh", "bash scripts/test.sh"], lines


def test_commands_name_existing_scripts_that_parse():
    for line in first_fenced_block():
        script = line.split()[1]
        assert os.path.isfile(os.path.join(REPO, script)), script
        out = subprocess.run(["bash", "-n", os.path.join(REPO, script)], capture_output=True, text=True)
        assert out.returncode == 0, out.stderr


def test_ci_runs_exactly_the_test_command():
    test_command = first_fenced_block()[1]
    ci = read(".ci/run")
    assert ci.startswith("#!/usr/bin/env bash\n")
    commands = [line.strip() for line in ci.splitlines()[1:] if line.strip() and not line.strip().startswith("#")]
    assert commands[-1] == f"exec {test_command}", commands
    assert all(c.startswith("cd ") for c in commands[:-1]), commands


def test_readme_documents_ports_first_admin_and_operators_files():
    text = read("README.md")
    for needle in ("8065", "8066", "system admin", "compose.yml", "MM_", "bench/ping/run.sh"):
        assert needle in text, needle
    for heading in ("parley-core", "parley-push-proxy", "parley-mail-relay"):
        assert re.search(rf"^###? .*{heading}", text, re.M), f"no section for {heading}"
