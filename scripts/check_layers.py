#!/usr/bin/env python3
"""Check that parley-core's layers use only what services/core/CMakeLists.txt allows them.

The table is written once, in services/core/CMakeLists.txt (core_layer(...) calls); CMake writes it
to <build>/core_layers.txt, which this script reads. Two checks, both against that table:

  symbols   every undefined symbol of an object in libcore_<layer>.a must be defined in the same
            library, in a layer the layer USES (PUBLIC or PRIVATE), in common/ (libparley_common.a),
            in an external library the layer lists itself (libpq, zmq, h2o, ...), or in the C runtime.
            libpq symbols (PQ*) therefore resolve only in store/, zmq only where zmq is listed.
  includes  a source or header of src/<layer>/ may #include "<other>/..." only for a layer it uses,
            and never a private header of another layer (internal.h, *_internal.h); an external
            library's header (<libpq-fe.h>, <zmq.h>, <h2o.h>, ...) only when the layer lists that
            library, or a layer it uses exposes it through its public headers (PUBLIC, followed
            through PUBLIC layers: store's API hands out PGconn*, so its users see <libpq-fe.h>).

Usage: check_layers.py [--build DIR] [--table FILE]   exit 0 clean, 1 violations, 2 bad setup
       check_layers.py --self-test [--build DIR]       plants back-edges, asserts the check fails
"""

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

# External headers -> library name used in the table.
EXTERNAL_HEADERS = [
    (re.compile(r"^(libpq-fe\.h|libpq/|postgresql/|pg_config)"), "libpq"),
    (re.compile(r"^zmq(\.h|_utils\.h)$"), "zmq"),
    (re.compile(r"^h2o(\.h|/)"), "h2o"),
    (re.compile(r"^openssl/"), "openssl"),
    (re.compile(r"^jansson\.h$"), "jansson"),
    (re.compile(r"^crypt\.h$"), "libcrypt"),
    (re.compile(r"^curl/"), "curl"),
    (re.compile(r"^(libesmtp\.h|auth-client\.h)$"), "esmtp"),
    (re.compile(r"^nghttp2/"), "nghttp2"),
    (re.compile(r"^wslay/"), "wslay"),
]
# Header-only aliases: naming one in the table makes the library's headers visible, not its symbols.
HEADER_ALIASES = {"libpq_headers": "libpq"}
PRIVATE_HEADER = re.compile(r"(^|_)internal\.h$")
INCLUDE = re.compile(r'^\s*#\s*include\s*([<"])([^>"]+)[>"]')
# The C runtime, the compiler's support library and the sanitizer runtimes: always allowed.
SYSTEM_LIBS = ["libc.so.6", "libm.so.6", "libpthread.so.0", "libdl.so.2", "ld-linux-x86-64.so.2", "libgcc_s.so.1",
               "libc_nonshared.a", "libasan.so", "libubsan.so", "libgcc.a"]
ALWAYS = {"common"}


def die(msg):
    print(f"check_layers: {msg}", file=sys.stderr)
    sys.exit(2)


class Table:
    def __init__(self, path):
        self.src = None
        self.layers = {}  # name -> {"archive", "public", "private"}
        self.order = []
        self.libs = {}  # name -> [files]
        with open(path, encoding="utf-8") as f:
            for line in f:
                words = line.split()
                if not words or words[0].startswith("#"):
                    continue
                if words[0] == "src":
                    self.src = words[1]
                elif words[0] == "layer":
                    kv = dict(w.split("=", 1) for w in words[3:])
                    self.layers[words[1]] = {
                        "archive": words[2],
                        "public": [x for x in kv.get("public", "").split(",") if x],
                        "private": [x for x in kv.get("private", "").split(",") if x],
                        "acyclic": kv.get("acyclic", "").upper() in ("TRUE", "ON", "1"),
                    }
                    self.order.append(words[1])
                elif words[0] == "lib":
                    self.libs[words[1]] = [x for x in (words[2] if len(words) > 2 else "").split(",") if x]
        if self.src is None or not self.layers:
            die(f"{path} has no src/layer lines")

    def uses(self, layer):
        d = self.layers[layer]
        return d["public"] + d["private"]

    def used_layers(self, layer):
        return {n for n in self.uses(layer) if n in self.layers}

    def symbol_libs(self, layer):
        return {n for n in self.uses(layer) if n not in self.layers and n not in HEADER_ALIASES} | ALWAYS

    def header_libs(self, layer):
        """Libraries whose headers the layer may include: its own, plus those its used layers expose."""
        seen, out = set(), set()
        for n in self.uses(layer):
            if n not in self.layers:
                out.add(HEADER_ALIASES.get(n, n))
        stack = list(self.used_layers(layer))
        while stack:
            dep = stack.pop()
            if dep in seen:
                continue
            seen.add(dep)
            for n in self.layers[dep]["public"]:
                if n in self.layers:
                    stack.append(n)
                else:
                    out.add(HEADER_ALIASES.get(n, n))
        return out | ALWAYS


def nm(args, path):
    r = subprocess.run(["nm"] + args + [path], capture_output=True, text=True)
    if r.returncode != 0 and not r.stdout:
        die(f"nm {' '.join(args)} {path} failed: {r.stderr.strip()}")
    return r.stdout


def defined_symbols(path):
    """Exported symbols of an archive, object or shared library."""
    args = ["-D", "--defined-only"] if ".so" in os.path.basename(path) else ["-g", "--defined-only"]
    out = set()
    for line in nm(args, path).splitlines():
        parts = line.split()
        if len(parts) >= 2 and not line.endswith(":"):
            out.add(parts[-1].split("@", 1)[0])
    return out


def archive_members(path):
    """{member: (defined, undefined)} for the global symbols of each object in an archive."""
    members = {}
    for line in nm(["-A", "-g"], path).splitlines():
        m = re.match(r"^.*?:([^:]+):\s*(?:[0-9a-fA-F]+)?\s+([A-Za-z])\s+(\S+)$", line)
        if not m:
            continue
        obj, kind, sym = m.groups()
        d, u = members.setdefault(obj, (set(), set()))
        (u if kind == "U" else d).add(sym)
    return members


def system_symbols():
    out = set()
    for name in SYSTEM_LIBS:
        p = subprocess.run(["gcc", "-print-file-name=" + name], capture_output=True, text=True).stdout.strip()
        if not os.path.isabs(p):
            for d in ("/lib/x86_64-linux-gnu", "/usr/lib/x86_64-linux-gnu", "/lib64"):
                if os.path.exists(os.path.join(d, name)):
                    p = os.path.join(d, name)
                    break
        if os.path.isabs(p) and os.path.exists(p):
            out |= defined_symbols(os.path.realpath(p))
    # Provided by the linker itself.
    out |= {"_GLOBAL_OFFSET_TABLE_", "__dso_handle", "_DYNAMIC", "__ehdr_start", "__executable_start"}
    return out


def provider_index(table, defs_by_layer, lib_defs):
    idx = {}
    for name, syms in list(lib_defs.items()) + list(defs_by_layer.items()):
        for s in syms:
            idx.setdefault(s, name)
    return idx


def check_symbols(table):
    problems = []
    defs_by_layer = {}
    members_by_layer = {}
    for layer in table.order:
        arch = table.layers[layer]["archive"]
        if not os.path.exists(arch):
            die(f"{arch} missing: build first (cmake --build <build>)")
        members_by_layer[layer] = archive_members(arch)
        defs_by_layer[layer] = set().union(*(d for d, _ in members_by_layer[layer].values())) if members_by_layer[
            layer] else set()
    lib_defs = {}
    for name, files in table.libs.items():
        lib_defs[name] = set()
        for f in files:
            lib_defs[name] |= defined_symbols(f)
    system = system_symbols()
    providers = provider_index(table, defs_by_layer, lib_defs)
    for layer in table.order:
        allowed = set(defs_by_layer[layer]) | system
        for dep in table.used_layers(layer):
            allowed |= defs_by_layer[dep]
        for lib in table.symbol_libs(layer):
            allowed |= lib_defs.get(lib, set())
        for obj, (_, undef) in sorted(members_by_layer[layer].items()):
            bad = {}
            for s in sorted(undef - allowed):
                bad.setdefault(providers.get(s, "nowhere known"), []).append(s)
            for prov, syms in sorted(bad.items()):
                src = f"{layer}/{obj[:-2] if obj.endswith('.c.o') else obj}"
                problems.append(f"symbol: {src} uses {prov} ({', '.join(syms)}); {layer} may use: "
                                f"{', '.join(sorted(table.used_layers(layer) | table.symbol_libs(layer)))}")
    return problems


def object_cycles(members):
    """Strongly connected groups (size > 1) of the objects of one archive, by who uses whose symbols."""
    owner = {s: o for o, (d, _) in members.items() for s in d}
    graph = {o: sorted({owner[s] for s in u if s in owner and owner[s] != o}) for o, (_, u) in members.items()}
    index, low, stack, on, groups = {}, {}, [], set(), []

    def visit(v):
        index[v] = low[v] = len(index)
        stack.append(v)
        on.add(v)
        for w in graph[v]:
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            group = []
            while True:
                w = stack.pop()
                on.discard(w)
                group.append(w)
                if w == v:
                    break
            if len(group) > 1:
                groups.append(sorted(group))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return groups


def check_cycles(table):
    problems = []
    for layer in table.order:
        if not table.layers[layer]["acyclic"]:
            continue
        for group in object_cycles(archive_members(table.layers[layer]["archive"])):
            names = [f"{layer}/{o[:-2] if o.endswith('.c.o') else o}" for o in group]
            problems.append(f"cycle: {' <-> '.join(names)} use each other ({layer} is ACYCLIC)")
    return problems


def check_includes(table):
    problems = []
    for layer in table.order:
        d = os.path.join(table.src, layer)
        used = table.used_layers(layer)
        hlibs = table.header_libs(layer)
        for fn in sorted(os.listdir(d)):
            if not fn.endswith((".c", ".h")):
                continue
            with open(os.path.join(d, fn), encoding="utf-8", errors="replace") as f:
                for lineno, line in enumerate(f, 1):
                    m = INCLUDE.match(line)
                    if not m:
                        continue
                    kind, inc = m.groups()
                    where = f"include: {layer}/{fn}:{lineno} #include {kind}{inc}{'>' if kind == '<' else chr(34)}"
                    if kind == '"' and "/" in inc:
                        other, header = inc.split("/", 1)
                        if other == "parley" or other == layer:
                            continue
                        if other not in table.layers:
                            continue
                        if other not in used:
                            problems.append(f"{where}: {layer} may not use {other} "
                                            f"(uses: {', '.join(sorted(used)) or 'no layer'})")
                        elif PRIVATE_HEADER.search(header):
                            problems.append(f"{where}: private to {other}/")
                    elif kind == "<":
                        for rx, lib in EXTERNAL_HEADERS:
                            if rx.search(inc) and lib not in hlibs:
                                problems.append(f"{where}: {layer} may not use {lib} "
                                                f"(sees: {', '.join(sorted(hlibs))})")
    return problems


def run_check(table_path):
    table = Table(table_path)
    problems = check_includes(table) + check_symbols(table) + check_cycles(table)
    for p in problems:
        print(f"layers: {p}")
    n = len(table.order)
    if problems:
        print(f"layers: {len(problems)} violation(s) of the layer table in services/core/CMakeLists.txt ({n} layers)")
        return 1
    print(f"layers: {n} layers clean (symbols and includes match services/core/CMakeLists.txt)")
    return 0


# --- self-test: plant back-edges in a scratch copy and assert that the check (the real CLI) fails ---

def rewrite_table(table_path, out_path, src=None, archives=None):
    with open(table_path, encoding="utf-8") as f, open(out_path, "w", encoding="utf-8") as o:
        for line in f:
            w = line.split()
            if w and w[0] == "src" and src:
                line = f"src {src}\n"
            elif w and w[0] == "layer" and archives and w[1] in archives:
                w[2] = archives[w[1]]
                line = " ".join(w) + "\n"
            o.write(line)


def run_cli(table):
    r = subprocess.run([sys.executable, os.path.abspath(__file__), "--table", table], capture_output=True, text=True)
    return r.returncode, r.stdout + r.stderr


def compile_object(tmp, name, code):
    c = os.path.join(tmp, name + ".c")
    o = os.path.join(tmp, name + ".c.o")
    with open(c, "w", encoding="utf-8") as f:
        f.write(code)
    subprocess.run(["cc", "-c", "-o", o, c], check=True)
    return o


def make_archive(tmp, name, objects):
    a = os.path.join(tmp, name)
    if os.path.exists(a):
        os.unlink(a)
    subprocess.run(["ar", "rcs", a] + objects, check=True)
    return a


def expect(cond, what, out, failures):
    print(f"layers self-test: {'ok  ' if cond else 'FAIL'} {what}")
    if not cond:
        failures.append(what)
        print("  output was:\n  " + out.replace("\n", "\n  "))


def clean_objects(tmp, table):
    """One object per layer that uses exactly what the table allows: common/ and each used layer."""
    archives = {}
    for layer in table.order:
        used = sorted(table.used_layers(layer))
        code = "int pl_id_valid(const char *s, unsigned long n);\n"
        code += "".join(f"int {d}_clean(void);\n" for d in used)
        code += f"int {layer}_clean(void) {{ return pl_id_valid(\"\", 0)"
        code += "".join(f" + {d}_clean()" for d in used) + "; }\n"
        archives[layer] = compile_object(tmp, f"clean_{layer}", code)
    return archives


def self_test(table_path):
    """A scratch tree and scratch archives: clean ones must pass, each planted back-edge must be reported."""
    table = Table(table_path)
    failures = []
    tmp = tempfile.mkdtemp(prefix="check_layers.")
    try:
        src = os.path.join(tmp, "src")
        for layer in table.order:
            os.makedirs(os.path.join(src, layer))
        clean = clean_objects(tmp, table)
        archives = {layer: make_archive(tmp, f"libclean_{layer}.a", [o]) for layer, o in clean.items()}
        allowed_includes = {
            os.path.join(src, "api", "ok.c"): '#include "app/sessions.h"\n#include "http/request.h"\n#include <jansson.h>\n',
            os.path.join(src, "app", "ok.c"): '#include "store/db.h"\n#include <libpq-fe.h>\n#include "parley/log.h"\n',
            os.path.join(src, "http", "ok.c"): '#include "http/internal.h"\n#include <h2o.h>\n',
        }
        for p, text in allowed_includes.items():
            with open(p, "w", encoding="utf-8") as f:
                f.write(text)
        t = os.path.join(tmp, "table.txt")
        rewrite_table(table_path, t, src=src, archives=archives)
        rc, out = run_cli(t)
        expect(rc == 0, "a tree that uses only allowed layers, libraries and headers passes", out, failures)

        # Symbols: api calls PQexec (libpq is store's) and store_clean (api must go through app);
        # app calls zmq_ctx_new (zmq is cluster's).
        planted = {
            "api": compile_object(tmp, "planted_api", "typedef struct pg_conn PGconn;\n"
                                  "void *PQexec(PGconn *c, const char *q);\nint store_clean(void);\n"
                                  "void *api_planted(PGconn *c) { return store_clean() ? PQexec(c, \"SELECT 1\") : 0; }\n"),
            "app": compile_object(tmp, "planted_app", "void *zmq_ctx_new(void);\nint app_planted_b(void);\n"
                                  "void *app_planted(void) { return app_planted_b() ? zmq_ctx_new() : 0; }\n"),
        }
        # ... and app/planted_app.c and app/planted_app_b.c use each other (app is ACYCLIC).
        cyc = compile_object(tmp, "planted_app_b", "void *app_planted(void);\n"
                             "int app_planted_b(void) { return app_planted() != 0; }\n")
        for layer, o in planted.items():
            archives[layer] = make_archive(tmp, f"libplanted_{layer}.a", [clean[layer], o] + ([cyc] if layer == "app" else []))
        rewrite_table(table_path, t, src=src, archives=archives)
        rc, out = run_cli(t)
        expect(rc == 1, "planted symbol back-edges make the check fail (exit 1)", out, failures)
        for pattern, what in [
            (r"symbol: api/planted_api\.c uses libpq \(PQexec\)", "api calling PQexec (libpq)"),
            (r"symbol: api/planted_api\.c uses store \(store_clean\)", "api calling store/ past app/"),
            (r"symbol: app/planted_app\.c uses zmq \(zmq_ctx_new\)", "app calling zmq_ctx_new (zmq)"),
        ]:
            expect(re.search(pattern, out) is not None, f"{what} is reported", out, failures)
        expect(re.search(r"cycle: app/planted_app\.c <-> app/planted_app_b\.c use each other", out) is not None,
               "two files of app/ using each other are reported", out, failures)
        expect(len(re.findall(r"^layers: (symbol|cycle):", out, re.M)) == 4, "nothing else is reported", out, failures)

        # Includes: api/ including store/ and http/internal.h, http/ including app/, ws/ <zmq.h> and <libpq-fe.h>.
        archives = {layer: make_archive(tmp, f"libclean_{layer}.a", [o]) for layer, o in clean.items()}
        rewrite_table(table_path, t, src=src, archives=archives)
        planted_includes = {
            os.path.join(src, "api", "planted.c"): '#include "store/db.h"\n#include "http/internal.h"\n',
            os.path.join(src, "http", "planted.c"): '#include "app/sessions.h"\n',
            os.path.join(src, "ws", "planted.h"): "#include <zmq.h>\n#include <libpq-fe.h>\n",
        }
        for p, text in planted_includes.items():
            with open(p, "w", encoding="utf-8") as f:
                f.write(text)
        rc, out = run_cli(t)
        expect(rc == 1, "planted include back-edges make the check fail (exit 1)", out, failures)
        for pattern, what in [
            (r'include: api/planted\.c:1 #include "store/db\.h": api may not use store', "api including store/"),
            (r'include: api/planted\.c:2 #include "http/internal\.h": private to http/', "api including http/internal.h"),
            (r'include: http/planted\.c:1 #include "app/sessions\.h": http may not use app', "http including app/"),
            (r"include: ws/planted\.h:1 #include <zmq\.h>: ws may not use zmq", "ws including <zmq.h>"),
            (r"include: ws/planted\.h:2 #include <libpq-fe\.h>: ws may not use libpq", "ws including <libpq-fe.h>"),
        ]:
            expect(re.search(pattern, out) is not None, f"{what} is reported", out, failures)
        expect(len(re.findall(r"^layers: include:", out, re.M)) == 5, "nothing else is reported", out, failures)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    if failures:
        print(f"layers self-test: {len(failures)} failed")
        return 1
    print("layers self-test: passed")
    return 0


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--build", default=os.path.join(ROOT, "build"), help="build directory (default ./build)")
    ap.add_argument("--table", help="layer table (default <build>/core_layers.txt)")
    ap.add_argument("--self-test", action="store_true", help="plant back-edges and assert the check fails")
    a = ap.parse_args()
    table = a.table or os.path.join(a.build, "core_layers.txt")
    if not os.path.exists(table):
        print(f"check_layers: {table} missing: configure the build first (cmake -S . -B build)", file=sys.stderr)
        return 2
    return self_test(table) if a.self_test else run_check(table)


if __name__ == "__main__":
    sys.exit(main())
