"""CLI contract: --version, --help, --print-config, exit 2 naming the bad key, SIGTERM."""

import json
import subprocess

from pushlib import proxy_binary


def run(*args):
    return subprocess.run([proxy_binary(), *args], capture_output=True, text=True, timeout=30)


def test_version_and_help():
    v = run("--version")
    assert v.returncode == 0 and v.stdout.startswith("parley-push-proxy ")
    h = run("--help")
    assert h.returncode == 0 and "--config" in h.stdout
    assert run("--bogus").returncode == 2


def test_print_config_defaults_and_secret_hidden(tmp_path):
    cfg = tmp_path / "c.json"
    cfg.write_text(json.dumps({"ZmqCurveSecretKey": "x" * 40, "ThrottlePerSec": 5,
                               "ApplePushSettings": [{"Type": "apple_rn", "ApplePushTopic": "t"}]}))
    r = run("--print-config", "--config", str(cfg))
    assert r.returncode == 0
    body = json.loads(r.stdout.split("\n#", 1)[0])
    assert body["ListenAddress"] == ":8066" and body["ZmqBindAddress"] == "tcp://127.0.0.1:8070"
    assert body["ThrottlePerSec"] == 5 and "x" * 40 not in r.stdout
    assert "# target apple_rn: ApplePushSettings" in r.stdout


def test_bad_config_exits_2_naming_keys(tmp_path):
    cfg = tmp_path / "bad.json"
    cfg.write_text(json.dumps({"ThrottlePerSec": "fast"}))
    r = run("--config", str(cfg))
    assert r.returncode == 2 and "ThrottlePerSec" in r.stderr
    cfg.write_text(json.dumps({"ApplePushSettings": [{"ApplePushTopic": "t"}], "ZmqCurveSecretKey": "short"}))
    r = run("--config", str(cfg))
    assert r.returncode == 2 and "ApplePushSettings[0].Type" in r.stderr and "ZmqCurveSecretKey" in r.stderr
    cfg.write_text("{broken")
    assert run("--config", str(cfg)).returncode == 2
