"""The password gate's hashing threads run at ParleySettings.PasswordHashNice (relative to the process).

Raising a thread's priority needs CAP_SYS_NICE or an RLIMIT_NICE that reaches the value; without
either the threads get the highest priority they may have, the core says so in its log, and logins
still work (bounded by the gate as before: test_password_gate.py). The threads' nice values are
read from /proc/<pid>/task/<tid>/stat; the threads are found by name (parley-hash, parley-loop,
parley-worker). The core runs as root here (the suite's harness does): the tests without the
capability start it through setpriv, which drops CAP_SYS_NICE, and prlimit, which sets RLIMIT_NICE.
"""

import copy
import os
import shutil
import subprocess

import pytest
from conftest import ACCOUNTS_CONFIG, Accounts
from harness import config_merge

NOT_RAISED = "priority not raised as PasswordHashNice asks"
ONE_HASHER = {"ParleySettings": {"PasswordHashConcurrency": 1}}  # every hashing thread has run its first hash below
NO_SYS_NICE = ["/usr/bin/setpriv", "--inh-caps=-sys_nice", "--bounding-set=-sys_nice", "--"]

pytestmark = pytest.mark.skipif(os.geteuid() != 0 or not shutil.which("setpriv") or not shutil.which("prlimit"),
                                reason="needs root (to hold and drop CAP_SYS_NICE), setpriv and prlimit")


def can_raise_rlimit_nice():
    """Raising RLIMIT_NICE's hard limit needs CAP_SYS_RESOURCE (some containers lack it)."""
    return subprocess.run(["/usr/bin/prlimit", "--nice=25:25", "true"], capture_output=True).returncode == 0


needs_rlimit = pytest.mark.skipif(not can_raise_rlimit_nice(), reason="cannot raise RLIMIT_NICE (no CAP_SYS_RESOURCE)")


def start(core, pg, config=None, wrapper=()):
    """A core (through wrapper: a command that execs its arguments) with one user, who has logged in."""
    svc = core(config=config_merge(copy.deepcopy(ACCOUNTS_CONFIG), config_merge(copy.deepcopy(ONE_HASHER), config or {})),
               wait=False)
    if wrapper:
        svc.args = list(wrapper[1:]) + [svc.binary] + svc.args
        svc.binary = wrapper[0]
    svc.start()
    acc = Accounts(svc, pg)
    user = acc.create_user()  # hashes its password: the hashing thread has started
    r = acc.api().login(user["username"])
    assert r.status_code == 200, r.text
    assert r.json()["id"] == user["id"]
    return acc


def nices(svc, name):
    """The nice values of the core's threads called name."""
    out = []
    task = f"/proc/{svc.proc.pid}/task"
    for tid in os.listdir(task):
        with open(f"{task}/{tid}/comm") as f:
            if f.read().strip() != name:
                continue
        with open(f"{task}/{tid}/stat") as f:
            out.append(int(f.read().rsplit(")", 1)[1].split()[16]))  # field 19: nice
    return out


def test_hashing_threads_run_at_password_hash_nice_other_threads_unchanged(core, pg):
    acc = start(core, pg)  # default PasswordHashNice -10, root holds CAP_SYS_NICE
    assert nices(acc.svc, "parley-hash") == [-10]
    assert nices(acc.svc, "parley-loop") == [0, 0]  # LoopThreads 2 in the suite config
    assert nices(acc.svc, "parley-worker") == [0, 0]  # MaxOpenConns 2
    assert NOT_RAISED not in acc.svc.log()


def test_without_cap_sys_nice_hashers_keep_normal_priority_says_so_and_logins_work(core, pg):
    acc = start(core, pg, wrapper=NO_SYS_NICE)
    assert nices(acc.svc, "parley-hash") == [0]
    assert nices(acc.svc, "parley-loop") == [0, 0]  # nothing else is lowered in exchange
    assert NOT_RAISED in acc.svc.log()


@needs_rlimit
def test_rlimit_nice_gives_as_much_priority_as_it_allows(core, pg):
    # RLIMIT_NICE 25: nice down to 20 - 25 = -5 without the capability (systemd's LimitNICE=-5)
    acc = start(core, pg, wrapper=["/usr/bin/prlimit", "--nice=25:25"] + NO_SYS_NICE)
    assert nices(acc.svc, "parley-hash") == [-5]
    assert NOT_RAISED in acc.svc.log()


@needs_rlimit
def test_rlimit_nice_reaching_the_setting_is_enough(core, pg):
    acc = start(core, pg, config={"ParleySettings": {"PasswordHashNice": -3}},
                wrapper=["/usr/bin/prlimit", "--nice=25:25"] + NO_SYS_NICE)
    assert nices(acc.svc, "parley-hash") == [-3]
    assert NOT_RAISED not in acc.svc.log()


def test_zero_keeps_normal_priority(core, pg):
    acc = start(core, pg, config={"ParleySettings": {"PasswordHashNice": 0}})
    assert nices(acc.svc, "parley-hash") == [0]
    assert NOT_RAISED not in acc.svc.log()


def test_a_positive_value_lowers_the_priority_without_privilege(core, pg):
    acc = start(core, pg, config={"ParleySettings": {"PasswordHashNice": 5}}, wrapper=NO_SYS_NICE)
    assert nices(acc.svc, "parley-hash") == [5]
    assert NOT_RAISED not in acc.svc.log()


def test_a_niced_process_without_the_capability_keeps_its_nice(core, pg):
    acc = start(core, pg, wrapper=["/usr/bin/nice", "-n", "10"] + NO_SYS_NICE)
    assert nices(acc.svc, "parley-hash") == [10]  # 10 - 10 = 0 would raise its priority: not allowed
    assert NOT_RAISED in acc.svc.log()
    assert acc.api().login(acc.create_user()["username"]).status_code == 200


def test_relative_to_the_process_nice(core, pg):
    # started at nice 3 (inherited by every thread): the hashing thread goes to 3 - 10 = -7
    acc = start(core, pg, wrapper=["/usr/bin/nice", "-n", "3"])
    assert nices(acc.svc, "parley-hash") == [-7]
    assert nices(acc.svc, "parley-loop") == [3, 3]
