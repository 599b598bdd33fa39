"""The harness fails a test whose services printed a sanitizer report (tests/integration/conftest.py,
no_sanitizer_reports): what counts as a report, and that every spawned service is listed for it."""

import harness
from harness import Service

TSAN = """{"level":"info","msg":"ws: hello"}
==================
WARNING: ThreadSanitizer: data race (pid=4242)
  Write of size 8 at 0x5608 by thread T3:
    #0 ws_fanout_set_forwarder services/core/src/ws/fanout.c:61
==================
ThreadSanitizer: reported 1 warnings
"""
ASAN = "=================================================================\n==7==ERROR: AddressSanitizer: heap-use-after-free on address 0x6020\n"
LSAN = "==7==ERROR: LeakSanitizer: detected memory leaks\n"
UBSAN = "services/core/src/ws/hub.c:80:5: runtime error: signed integer overflow\n"
CLEAN = '{"level":"warn","msg":"cluster: event not relayed","error":"Resource temporarily unavailable"}\n' \
        '{"level":"info","msg":"sanitizer of inputs: runtime checks on"}\n'


def test_reports_are_recognised_and_clean_logs_are_not():
    reps = harness.sanitizer_reports(TSAN)
    assert len(reps) == 1  # the warning with the lines after it (stack, summary)
    assert "ws_fanout_set_forwarder" in reps[0] and "reported 1 warnings" in reps[0]
    for text in (ASAN, LSAN, UBSAN):
        assert len(harness.sanitizer_reports(text)) == 1, text
    assert harness.sanitizer_reports(CLEAN) == []


def test_every_spawned_service_is_checked(tmp_path):
    first = len(harness.SPAWNED)
    svc = Service("/bin/sh", args=["-c", "echo 'WARNING: ThreadSanitizer: data race (pid=1)' >&2"], name="fake",
                  workdir=str(tmp_path))
    code, out = svc.run_to_exit(timeout=10)
    assert code == 0
    assert harness.SPAWNED[first:] == [svc]
    assert len(svc.sanitizer_reports()) == 1
    # This test planted the report itself: take the service off the list the autouse fixture checks.
    del harness.SPAWNED[first:]
    assert "tsan.supp" in svc.env["TSAN_OPTIONS"]
