"""Static checks of the operator files: compose.yml, docker/*/Dockerfile, docker/nginx, docker/config.

Docker cannot run on the test machines, so these read the files and check them against the real
build: the services and their wiring in compose.yml, each Dockerfile's stages, binary, ports, user,
volumes and packages (against the CMake requirements and the binaries' NEEDED libraries), the
sample configs against the real binaries' config loaders, and the nginx config with `nginx -t`.
"""

import os
import re
import shutil
import subprocess
import sys

import pytest
import yaml

sys.path.insert(0, os.path.dirname(__file__))
import dockerfile  # noqa: E402

REPO = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", ".."))
BUILD = os.path.abspath(os.environ.get("PARLEY_BUILD_DIR", os.path.join(REPO, "build")))

# service name in compose -> (binary, container ports it listens on, volume mount points)
PARLEY_SERVICES = {
    "core": ("parley-core", [8065], ["/parley/data"]),
    "push-proxy": ("parley-push-proxy", [8066, 8070], ["/parley/credentials"]),
    "mail-relay": ("parley-mail-relay", [8068, 8069], ["/parley/spool"]),
}
SAMPLE_CONFIG = {
    "core": "docker/config/config.json",
    "push-proxy": "docker/config/push-proxy.json",
    "mail-relay": "docker/config/mail-relay.json",
}
# Libraries every debian:bookworm-slim image has (the binaries' other NEEDED libraries must be installed).
BASE_IMAGE_PACKAGES = {"libc6", "libgcc-s1", "libstdc++6", "zlib1g"}
SANITIZER_LIBS = re.compile(r"^lib(asan|ubsan|lsan|tsan)\.so")


def read(path):
    with open(os.path.join(REPO, path)) as f:
        return f.read()


@pytest.fixture(scope="module")
def compose():
    with open(os.path.join(REPO, "compose.yml")) as f:
        doc = yaml.safe_load(f)
    assert isinstance(doc, dict) and isinstance(doc.get("services"), dict), "compose.yml has no services map"
    return doc


def interpolate(value):
    """Compose-style ${VAR:-default} / ${VAR:?msg} / ${VAR} with the defaults (VAR unset)."""

    def sub(m):
        body = m.group(1)
        for op in (":-", "-"):
            if op in body:
                return body.split(op, 1)[1]
        return ""

    return re.sub(r"\$\{([^}]*)\}", sub, str(value))


def env_of(service):
    env = service.get("environment") or {}
    if isinstance(env, list):
        env = dict(item.split("=", 1) if "=" in item else (item, "") for item in env)
    return {k: "" if v is None else str(v) for k, v in env.items()}


def container_ports(service):
    """{container_port: host_port} from short-syntax 'host:container' or '[ip:]host:container'."""
    out = {}
    for entry in service.get("ports") or []:
        if isinstance(entry, dict):
            out[int(entry["target"])] = int(interpolate(entry.get("published", entry["target"])))
            continue
        parts = interpolate(entry).split("/")[0].split(":")
        out[int(parts[-1])] = int(parts[-2]) if len(parts) >= 2 else None
    return out


def mounts(service):
    """{container_path: source} for short-syntax volumes."""
    out = {}
    for entry in service.get("volumes") or []:
        if isinstance(entry, dict):
            out[entry["target"]] = entry.get("source", "")
            continue
        parts = interpolate(entry).split(":")
        out[parts[1]] = parts[0]
    return out


def stages_of(svc):
    return dockerfile.parse(read(f"docker/{svc}/Dockerfile"))


def binary_path(name):
    svc = name.replace("parley-", "")
    path = os.path.join(BUILD, "services", svc, name)
    return path if os.access(path, os.X_OK) else None


# ------------------------------------------------------------------------------------- compose.yml


def test_compose_has_all_services(compose):
    assert set(compose["services"]) >= {"postgres", "core", "push-proxy", "mail-relay", "nginx"}


@pytest.mark.parametrize("svc", sorted(PARLEY_SERVICES))
def test_compose_builds_parley_services_from_their_dockerfiles(compose, svc):
    service = compose["services"][svc]
    build = service.get("build")
    assert isinstance(build, dict), f"{svc}: build must name its context and Dockerfile"
    assert os.path.normpath(os.path.join(REPO, build["context"])) == REPO
    assert build["dockerfile"] == f"docker/{svc}/Dockerfile"
    assert os.path.isfile(os.path.join(REPO, build["dockerfile"]))
    assert service.get("image", "").startswith(f"parley/{svc}:")


def test_compose_images_for_postgres_and_nginx(compose):
    pg = compose["services"]["postgres"]["image"]
    major = re.match(r"postgres:(\d+)", pg)
    assert major and int(major.group(1)) >= 14, f"PostgreSQL >= 14 needed, got {pg}"
    assert compose["services"]["nginx"]["image"].startswith("nginx:")


def test_compose_publishes_mattermost_ports(compose):
    services = compose["services"]
    assert container_ports(services["core"]).get(8065) == 8065
    assert container_ports(services["push-proxy"]).get(8066) == 8066
    assert 80 in container_ports(services["nginx"])
    # PostgreSQL and the ZeroMQ ports stay on the compose network.
    assert not container_ports(services["postgres"])
    assert 8070 not in container_ports(services["push-proxy"])
    assert 8068 not in container_ports(services["mail-relay"])


def test_compose_volumes_keep_database_files_and_spool(compose):
    services = compose["services"]
    declared = set(compose.get("volumes") or {})
    wanted = {
        "postgres": "/var/lib/postgresql/data",
        "core": "/parley/data",
        "mail-relay": "/parley/spool",
    }
    for svc, target in wanted.items():
        source = mounts(services[svc]).get(target)
        assert source, f"{svc}: no volume at {target}"
        assert source in declared, f"{svc}: {source} is not a named volume declared at the top level"
    creds = mounts(services["push-proxy"]).get("/parley/credentials")
    assert creds, "push-proxy: mount for APNs/FCM credentials missing"
    assert any(v.endswith(":ro") for v in services["push-proxy"]["volumes"]), "credentials must be read-only"


def test_compose_core_environment(compose):
    env = env_of(compose["services"]["core"])
    dsn = env.get("MM_SQLSETTINGS_DATASOURCE", "")
    assert re.match(r"postgres(ql)?://parley:\$\{POSTGRES_PASSWORD\}@postgres:5432/parley\b", dsn), dsn
    assert env.get("MM_PARLEYSETTINGS_PUSHPROXYENDPOINT") == "tcp://push-proxy:8070"
    assert env.get("MM_PARLEYSETTINGS_MAILRELAYENDPOINT") == "tcp://mail-relay:8068"
    assert env.get("MM_SERVICESETTINGS_LISTENADDRESS") == ":8065"
    assert env.get("MM_FILESETTINGS_DIRECTORY", "").startswith("/parley/data/")
    assert "MM_SERVICESETTINGS_SITEURL" in env


def test_compose_relay_environment(compose):
    push = env_of(compose["services"]["push-proxy"])
    assert push.get("PUSH_ZMQBINDADDRESS") == "tcp://0.0.0.0:8070"
    assert push.get("PUSH_LISTENADDRESS") == ":8066"
    mail = env_of(compose["services"]["mail-relay"])
    assert mail.get("MM_RELAYSETTINGS_ZMQBINDADDRESS") == "tcp://0.0.0.0:8068"
    assert mail.get("MM_RELAYSETTINGS_SPOOLDIRECTORY") == "/parley/spool"
    for key in ("SMTPSERVER", "SMTPPORT", "CONNECTIONSECURITY", "SMTPUSERNAME", "SMTPPASSWORD"):
        assert f"MM_EMAILSETTINGS_{key}" in mail


def test_compose_seeds_no_password(compose):
    pg = env_of(compose["services"]["postgres"])
    assert re.fullmatch(r"\$\{POSTGRES_PASSWORD:\?[^}]+\}", pg["POSTGRES_PASSWORD"]), "password must be required"
    text = read("compose.yml")
    assert "MM_ADMIN" not in text and "MM_PASSWORD" not in text.upper().replace("SMTPPASSWORD", "")


def test_compose_healthchecks(compose):
    services = compose["services"]
    probes = {
        "postgres": "pg_isready",
        "core": "http://127.0.0.1:8065/api/v4/system/ping",
        "push-proxy": "http://127.0.0.1:8066/version",
        "mail-relay": "http://127.0.0.1:8069/healthz",
    }
    for svc, probe in probes.items():
        check = services[svc].get("healthcheck")
        assert check, f"{svc}: no healthcheck"
        test = check["test"] if isinstance(check["test"], str) else " ".join(check["test"])
        assert probe in test, f"{svc}: healthcheck {test!r} does not probe {probe}"


def test_compose_start_order(compose):
    services = compose["services"]
    core_deps = services["core"].get("depends_on") or {}
    assert core_deps.get("postgres", {}).get("condition") == "service_healthy"
    assert {"push-proxy", "mail-relay"} <= set(core_deps)
    assert "core" in (services["nginx"].get("depends_on") or {})


def test_compose_files_it_mounts_exist(compose):
    for name, service in compose["services"].items():
        for target, source in mounts(service).items():
            if source.startswith("."):
                assert os.path.exists(os.path.join(REPO, source)), f"{name}: {source} does not exist"


# ------------------------------------------------------------------------------------- Dockerfiles


@pytest.mark.parametrize("svc", sorted(PARLEY_SERVICES))
def test_dockerfile_is_multi_stage(svc):
    stages = stages_of(svc)
    assert len(stages) >= 2, "build stage + runtime stage expected"
    assert stages[0].name.lower() == "build"
    assert stages[-1].base == "debian:bookworm-slim"
    assert stages[0].base.startswith("debian:bookworm"), "build with the same Debian release as the runtime"


@pytest.mark.parametrize("svc", sorted(PARLEY_SERVICES))
def test_dockerfile_builds_the_right_binary_with_cmake(svc):
    binary = PARLEY_SERVICES[svc][0]
    build = stages_of(svc)[0]
    runs = " ".join(i.args for i in build.all("RUN"))
    assert "cmake -S" in runs and "cmake --build" in runs
    assert f"--target {binary}" in runs
    assert "-DCMAKE_BUILD_TYPE=Release" in runs
    final = stages_of(svc)[-1]
    copies = [i.args for i in final.all("COPY") if "--from=build" in i.args]
    assert any(f"build/services/{svc}/{binary} " in c + " " for c in copies), copies
    entry = final.last("ENTRYPOINT").exec_form()
    assert entry and os.path.basename(entry[0]) == binary
    assert any(c.split()[-1] == entry[0] for c in copies), "ENTRYPOINT must run the copied binary"


@pytest.mark.parametrize("svc", sorted(PARLEY_SERVICES))
def test_dockerfile_ports_user_volumes(svc):
    _, ports, volumes = PARLEY_SERVICES[svc]
    final = stages_of(svc)[-1]
    exposed = {int(p.split("/")[0]) for i in final.all("EXPOSE") for p in i.args.split()}
    assert exposed == set(ports)
    user = final.last("USER")
    assert user is not None and user.args.split(":")[0] not in ("root", "0"), "must run as non-root"
    declared = set()
    for ins in final.all("VOLUME"):
        declared |= set(ins.exec_form() or ins.args.split())
    assert declared == set(volumes)
    health = final.last("HEALTHCHECK")
    assert health and re.search(rf"127\.0\.0\.1:{ports[-1] if svc == 'mail-relay' else ports[0]}/", health.args)


@pytest.mark.parametrize("svc", sorted(PARLEY_SERVICES))
def test_dockerfile_copies_exist_and_pass_dockerignore(svc):
    ignore = read(f"docker/{svc}/Dockerfile.dockerignore").split()
    allowed = [p[1:].rstrip("/") for p in ignore if p.startswith("!")]
    for stage in stages_of(svc):
        for ins in stage.all("COPY"):
            if "--from=" in ins.args:
                continue
            sources = [w for w in ins.args.split()[:-1] if not w.startswith("--")]
            for src in sources:
                assert os.path.exists(os.path.join(REPO, src)), f"COPY {src}: not in the repository"
                assert any(src.rstrip("/") == a or src.startswith(a + "/") for a in allowed), (
                    f"COPY {src}: excluded by Dockerfile.dockerignore"
                )


def _pc_package(module):
    """The Debian package that ships a pkg-config module (e.g. jansson -> libjansson-dev)."""
    out = subprocess.run(["pkg-config", "--variable=pcfiledir", module], capture_output=True, text=True)
    if out.returncode != 0:
        return None
    pc = os.path.join(out.stdout.strip(), module + ".pc")
    return _dpkg_owner(pc)


def _dpkg_owner(path):
    out = subprocess.run(["dpkg", "-S", path], capture_output=True, text=True)
    if out.returncode != 0:
        out = subprocess.run(["dpkg", "-S", os.path.realpath(path)], capture_output=True, text=True)
    if out.returncode != 0:
        return None
    return out.stdout.split(":")[0].strip()


def test_dockerfile_build_stage_has_every_cmake_dependency():
    cmake = read("CMakeLists.txt")
    modules = []
    for m in re.finditer(r"pkg_check_modules\(\s*\w+\s+REQUIRED\s+(?:IMPORTED_TARGET\s+)?([^)]+)\)", cmake):
        modules += [w for w in m.group(1).split() if w not in ("IMPORTED_TARGET", "GLOBAL")]
    libraries = re.findall(r"find_library\(\s*\w+\s+(\w+)", cmake)
    assert modules, "no pkg_check_modules found in CMakeLists.txt"
    wanted = {}
    for module in modules:
        wanted[module] = _pc_package(module)
    for lib in libraries:
        wanted["lib" + lib] = _dpkg_owner(f"/usr/lib/x86_64-linux-gnu/lib{lib}.so")
    missing_here = [k for k, v in wanted.items() if v is None]
    assert not missing_here, f"not installed on this machine (run scripts/setup.sh): {missing_here}"
    for svc in PARLEY_SERVICES:
        have = set(stages_of(svc)[0].apt_packages())
        lacking = sorted({pkg for pkg in wanted.values() if pkg not in have})
        assert not lacking, f"docker/{svc}/Dockerfile build stage lacks {lacking}"


def _needed(binary):
    out = subprocess.run(["readelf", "-d", binary], capture_output=True, text=True, check=True).stdout
    return re.findall(r"\(NEEDED\)\s+Shared library: \[([^\]]+)\]", out)


def _lib_path(soname):
    out = subprocess.run(["ldconfig", "-p"], capture_output=True, text=True, check=True).stdout
    m = re.search(rf"^\s*{re.escape(soname)} \(.*x86-64.*\) => (\S+)$", out, re.M)
    return m.group(1) if m else None


@pytest.mark.parametrize("svc", sorted(PARLEY_SERVICES))
def test_dockerfile_runtime_stage_has_every_needed_library(svc):
    binary = binary_path(PARLEY_SERVICES[svc][0])
    if binary is None:
        pytest.skip(f"{PARLEY_SERVICES[svc][0]} not built in {BUILD}")
    have = set(stages_of(svc)[-1].apt_packages()) | BASE_IMAGE_PACKAGES
    lacking = {}
    for soname in _needed(binary):
        if SANITIZER_LIBS.match(soname):
            continue
        path = _lib_path(soname)
        pkg = _dpkg_owner(path) if path else None
        if pkg not in have:
            lacking[soname] = pkg
    assert not lacking, f"docker/{svc}/Dockerfile runtime stage lacks the packages of {lacking}"


def test_dockerfile_packages_exist_in_debian():
    probe = subprocess.run(["apt-cache", "policy", "bash"], capture_output=True, text=True)
    if "Candidate: (none)" in probe.stdout or "Candidate:" not in probe.stdout:
        pytest.skip("no apt package lists on this machine (apt-get update)")
    names = set()
    for svc in PARLEY_SERVICES:
        for stage in stages_of(svc):
            names |= set(stage.apt_packages())
    out = subprocess.run(["apt-cache", "show", "--no-all-versions"] + sorted(names), capture_output=True, text=True)
    found = set(re.findall(r"^Package: (\S+)$", out.stdout, re.M))
    unknown = sorted(names - found)
    assert not unknown, f"not Debian packages: {unknown}"


# ------------------------------------------------------------------------------------- sample configs


@pytest.mark.parametrize("svc", sorted(PARLEY_SERVICES))
def test_sample_config_and_image_env_accepted_by_the_binary(svc, compose, tmp_path):
    """The binary loads docker/config/<svc>.json with the image's and compose's env: exit 0, no unknown key."""
    binary = binary_path(PARLEY_SERVICES[svc][0])
    if binary is None:
        pytest.skip(f"{PARLEY_SERVICES[svc][0]} not built in {BUILD}")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("MM_", "PUSH_"))}
    env.update(stages_of(svc)[-1].env())
    env.update({k: interpolate(v) for k, v in env_of(compose["services"][svc]).items()})
    # Paths that exist only inside the image point into a temporary directory here.
    for key, value in list(env.items()):
        if value.startswith("/parley/") or value.startswith("/usr/share/parley/"):
            env[key] = str(tmp_path / value.strip("/").replace("/", "_"))
            os.makedirs(env[key], exist_ok=True)
    if svc == "mail-relay":
        env["MM_RELAYSETTINGS_TEMPLATESDIRECTORY"] = os.path.join(REPO, "services/mail-relay/templates")
    out = subprocess.run([binary, "--config", os.path.join(REPO, SAMPLE_CONFIG[svc]), "--print-config"],
                         capture_output=True, text=True, env=env, timeout=30, cwd=tmp_path)
    assert out.returncode == 0, f"exit {out.returncode}\nstdout: {out.stdout[-2000:]}\nstderr: {out.stderr[-2000:]}"
    assert "unknown" not in out.stderr.lower(), out.stderr[-2000:]


# ------------------------------------------------------------------------------------- nginx


def nginx_conf():
    """The config without comment lines."""
    return "\n".join(line for line in read("docker/nginx/parley.conf").splitlines() if not line.strip().startswith("#"))


def test_nginx_proxies_to_core():
    conf = nginx_conf()
    assert re.search(r"upstream\s+(\w+)\s*\{[^}]*server\s+core:8065\s*;", conf)
    upstream = re.search(r"upstream\s+(\w+)", conf).group(1)
    assert len(re.findall(rf"proxy_pass\s+http://{upstream}\s*;", conf)) >= 2


def test_nginx_upgrades_websocket():
    conf = nginx_conf()
    m = re.search(r"location\s+~\s+(\S+)\s*\{(.*?)\n    \}", conf, re.S)
    assert m, "no regex location for the WebSocket"
    pattern, body = m.group(1), m.group(2)
    assert re.search(pattern, "/api/v4/websocket") and re.search(pattern, "/api/v4/users/websocket")
    assert not re.search(pattern, "/api/v4/users/me")
    assert re.search(r"proxy_set_header\s+Upgrade\s+\$http_upgrade\s*;", body)
    assert re.search(r'proxy_set_header\s+Connection\s+"?upgrade"?\s*;', body, re.I)
    assert re.search(r"proxy_http_version\s+1\.1\s*;", body)


@pytest.mark.skipif(shutil.which("nginx") is None and not os.path.exists("/usr/sbin/nginx"), reason="no nginx")
def test_nginx_config_passes_nginx_t(tmp_path):
    """The real nginx accepts the config (core resolved to 127.0.0.1, as compose's DNS would)."""
    conf = nginx_conf().replace("server core:8065", "server 127.0.0.1:8065")
    conf = conf.replace("listen 80 default_server", "listen 127.0.0.1:1 default_server")
    (tmp_path / "parley.conf").write_text(conf)
    (tmp_path / "nginx.conf").write_text(
        f"pid {tmp_path}/nginx.pid;\nerror_log {tmp_path}/error.log;\nevents {{}}\n"
        f"http {{\n access_log off;\n client_body_temp_path {tmp_path};\n proxy_temp_path {tmp_path};\n"
        f" include {tmp_path}/parley.conf;\n}}\n"
    )
    nginx = shutil.which("nginx") or "/usr/sbin/nginx"
    out = subprocess.run([nginx, "-t", "-q", "-p", str(tmp_path), "-c", str(tmp_path / "nginx.conf")],
                         capture_output=True, text=True, timeout=30)
    assert out.returncode == 0, out.stderr


@pytest.mark.parametrize("svc", sorted(PARLEY_SERVICES))
def test_dockerfile_build_stage_configures_from_what_it_copies(svc, tmp_path):
    """The build stage's COPY set is enough: its cmake configure runs here on just those files."""
    build = stages_of(svc)[0]
    workdir = build.last("WORKDIR").args.strip()
    ctx = tmp_path / "src"
    ctx.mkdir()
    for ins in build.all("COPY"):
        words = [w for w in ins.args.split() if not w.startswith("--")]
        *sources, dest = words
        for src in sources:
            target = ctx / os.path.relpath(os.path.join(workdir, dest), workdir)
            path = os.path.join(REPO, src)
            if os.path.isdir(path):
                shutil.copytree(path, target, dirs_exist_ok=True)
            else:
                target = target / os.path.basename(src) if dest.endswith("/") else target
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(path, target)
    runs = " && ".join(i.args for i in build.all("RUN"))
    configure = next(c.strip() for c in runs.split("&&") if c.strip().startswith("cmake -S"))
    out = subprocess.run(configure, shell=True, cwd=ctx, capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stdout[-2000:] + out.stderr[-2000:]
    targets = subprocess.run(["cmake", "--build", "build", "--target", "help"], cwd=ctx, capture_output=True,
                             text=True, timeout=120)
    assert PARLEY_SERVICES[svc][0] in targets.stdout, "the configured tree has no target " + PARLEY_SERVICES[svc][0]
