"""The error catalog (proto/errors/catalog.tsv) covers every error id the services emit: the check of
scripts/errors_catalog.py passes on the tree, and it does fail on an id the catalog lacks, on a status
that contradicts the catalog, and on a malformed catalog."""

import os
import shutil
import subprocess
import sys

REPO = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", ".."))
SCRIPT = os.path.join(REPO, "scripts", "errors_catalog.py")


def run(cmd, root):
    return subprocess.run([sys.executable, SCRIPT, cmd, root], capture_output=True, text=True, timeout=60)


def copy_tree(tmp_path):
    root = tmp_path / "repo"
    shutil.copytree(os.path.join(REPO, "services"), root / "services",
                    ignore=shutil.ignore_patterns("build*", "node_modules"))
    shutil.copytree(os.path.join(REPO, "proto"), root / "proto")
    return root


def test_every_emitted_id_is_in_the_catalog():
    r = run("check", REPO)
    assert r.returncode == 0, r.stdout + r.stderr
    assert " 0 problems" in r.stdout


def test_every_emitted_id_has_a_text():
    r = run("count", REPO)
    assert r.returncode == 0, r.stderr
    assert r.stdout.splitlines()[0].endswith("without text 0"), r.stdout


def test_check_fails_on_an_id_missing_from_the_catalog(tmp_path):
    root = copy_tree(tmp_path)
    src = root / "services" / "core" / "src" / "app" / "zz_probe.c"
    src.write_text('int probe(void *e) { return app_error_set(e, 400, "app.probe.not_in_catalog.app_error", NULL); }\n')
    r = run("check", str(root))
    assert r.returncode == 1
    assert "zz_probe.c:1: emits app.probe.not_in_catalog.app_error" in r.stdout, r.stdout


def test_check_fails_on_a_status_the_catalog_contradicts(tmp_path):
    root = copy_tree(tmp_path)
    src = root / "services" / "core" / "src" / "api" / "zz_probe.c"
    src.write_text('#define E_PERM "api.context.permissions.app_error"\n'
                   'void probe(void *r) {\n    http_respond_error(r, 404,\n        E_PERM, NULL);\n}\n')
    r = run("check", str(root))
    assert r.returncode == 1
    assert "zz_probe.c:3: api.context.permissions.app_error answered with 404, the catalog fixes 403" in r.stdout, r.stdout


def test_check_fails_on_a_malformed_catalog(tmp_path):
    root = copy_tree(tmp_path)
    cat = root / "proto" / "errors" / "catalog.tsv"
    rows = cat.read_text().splitlines()
    body = [r for r in rows if r and not r.startswith("#")]
    rows.append(body[0])                                  # duplicate
    rows.append("api.zzz.app_error\t400\tmattermost\tName\tno placeholder")  # detail param unused
    rows.append("api.zzz2.app_error\t400\tmattermost")      # too few columns
    cat.write_text("\n".join(rows) + "\n")
    r = run("check", str(root))
    assert r.returncode == 1
    assert "duplicate " + body[0].split("\t")[0] in r.stdout, r.stdout
    assert "detail param Name is not in the message" in r.stdout, r.stdout
    assert "3 columns, want 5" in r.stdout, r.stdout


def test_count_measures_old_text_tables(tmp_path):
    """count reads the per-module {"id", "text"} tables of trees from before the catalog."""
    root = tmp_path / "old"
    src = root / "services" / "core" / "src"
    src.mkdir(parents=True)
    (src / "a.c").write_text('static const t texts[] = {\n    {"api.a.b.app_error",\n     "A."},\n};\n'
                             'void f(void) { emit("api.a.b.app_error"); emit("app.c.d.app_error"); }\n')
    r = run("count", str(root))
    assert r.returncode == 0, r.stderr
    assert r.stdout.splitlines()[0] == "emitted 2, without text 1", r.stdout
    assert "app.c.d.app_error" in r.stdout


def test_core_builds_its_table_from_the_catalog():
    cmake = open(os.path.join(REPO, "services", "core", "CMakeLists.txt")).read()
    assert "proto/errors/catalog.tsv" in cmake and "embed_errors.cmake" in cmake
    out = subprocess.run(["grep", "-rn", "http_errors_register\\|http_error_text_t",
                          os.path.join(REPO, "services")], capture_output=True, text=True)
    assert out.stdout == "", "per-module text tables are back: " + out.stdout


def embed(tmp_path, rows):
    cat = tmp_path / "catalog.tsv"
    cat.write_text("# comment\n" + "".join(r + "\n" for r in rows))
    out = tmp_path / "out.c"
    r = subprocess.run(["cmake", "-DCATALOG=%s" % cat, "-DOUT=%s" % out, "-P",
                        os.path.join(REPO, "services", "core", "cmake", "embed_errors.cmake")],
                       capture_output=True, text=True, timeout=60)
    return r, out


def test_build_generator_escapes_and_rejects(tmp_path):
    ok = ['api.a.b.app_error\t400\tmattermost\tName\tSay "{{.Name}}"; a\\b.',
          "api.a.c.app_error\t-\tparley\t-\tPlain."]
    r, out = embed(tmp_path, ok)
    assert r.returncode == 0, r.stderr
    c = out.read_text()
    assert '{"api.a.b.app_error", "Say \\"{{.Name}}\\"; a\\\\b.", "Name", 400},' in c, c
    assert '{"api.a.c.app_error", "Plain.", NULL, 0},' in c, c
    assert "http_errors_catalog_len = 2;" in c
    for bad, why in ((list(reversed(ok)), "out of order"), (ok + [ok[1]], "out of order"),
                     (["api.a.b.app_error\t400\tmattermost\tMin\tNo placeholder."], "not in the message"),
                     (["api.a.b.app_error\t400\tmattermost\tNo columns"], "want id, status")):
        r, _ = embed(tmp_path, bad)
        assert r.returncode != 0 and why in r.stderr, (bad, r.stderr)
