#!/usr/bin/env python3
"""One style for the C sources, checked (default) or applied (--fix). Files: the tracked *.c and *.h.

  format     clang-format --dry-run -Werror with the repo's .clang-format (--fix: clang-format -i)
  guards     every header of common/ and services/ has the include guard its path names:
               common/include/parley/log.h          -> PARLEY_LOG_H
               services/core/src/http/job.h         -> PARLEY_CORE_HTTP_JOB_H
               services/mail-relay/src/relay/pool.h -> PARLEY_MAIL_RELAY_RELAY_POOL_H
             (#ifndef G / #define G first, #endif last; --fix renames the existing guard)
  sizeof     sizeof always takes parentheses: sizeof(buf), sizeof(*p) (--fix adds them)

After merging branches, `scripts/check_style.py --fix` re-applies all three mechanically.
Usage: check_style.py [--fix] [--no-format] [files...]     exit 0 clean, 1 findings
       (--no-format: guards and sizeof only, no clang-format)
       check_style.py --self-test                           the guard and sizeof rules on planted text
"""

import os
import re
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
GUARD_DIRS = ("common/", "services/")
# sizeof followed by a unary expression without parentheses: *p, buf, s->field, a.b, arr[i], **pp.
BARE_SIZEOF = re.compile(r"\bsizeof\s+(\**\s*[A-Za-z_]\w*(?:\s*(?:->|\.)\s*[A-Za-z_]\w*|\s*\[[^\[\]]*\])*)")
SPACED_SIZEOF = re.compile(r"\bsizeof\s+\(")


def tracked_sources():
    r = subprocess.run(["git", "-C", ROOT, "ls-files", "*.c", "*.h"], capture_output=True, text=True)
    if r.returncode == 0 and r.stdout.strip():
        return sorted(r.stdout.split())
    out = []
    for top in ("common", "services", "tests", "bench"):
        for d, dirs, files in os.walk(os.path.join(ROOT, top)):
            dirs[:] = [x for x in dirs if x not in ("node_modules", "build")]
            out += [os.path.relpath(os.path.join(d, f), ROOT) for f in files if f.endswith((".c", ".h"))]
    return sorted(out)


def expected_guard(rel):
    if rel.startswith("common/include/"):
        path = rel[len("common/include/"):]
    elif rel.startswith("services/"):
        svc, rest = rel[len("services/"):].split("/", 1)
        path = "parley/" + svc + "/" + (rest[len("src/"):] if rest.startswith("src/") else rest)
    else:
        return None
    return re.sub(r"[^A-Za-z0-9]", "_", path).upper()


def guard_of(text):
    """(guard, ifndef line index, define line index, endif line index) or None."""
    lines = text.split("\n")
    directives = [(i, l.strip()) for i, l in enumerate(lines) if l.strip().startswith("#")]
    if len(directives) < 3:
        return None
    (i1, d1), (i2, d2) = directives[0], directives[1]
    m1 = re.match(r"#\s*ifndef\s+(\w+)\s*$", d1)
    m2 = re.match(r"#\s*define\s+(\w+)\s*$", d2)
    ie, de = directives[-1]
    if not (m1 and m2 and m1.group(1) == m2.group(1) and re.match(r"#\s*endif\b", de)):
        return None
    return m1.group(1), i1, i2, ie


def check_guard(rel, text, fix):
    want = expected_guard(rel)
    if want is None or not rel.endswith(".h"):
        return text, []
    g = guard_of(text)
    if g is None:
        return text, [f"{rel}: no include guard (#ifndef {want} / #define {want} ... #endif)"]
    have = g[0]
    if have == want:
        return text, []
    if not fix:
        return text, [f"{rel}: include guard {have}, want {want}"]
    return re.sub(r"\b%s\b" % re.escape(have), want, text), []


def strip_comments_and_strings(line):
    line = re.sub(r'"(\\.|[^"\\])*"', '""', line)
    line = re.sub(r"'(\\.|[^'\\])*'", "''", line)
    return re.sub(r"/\*.*?\*/|//.*$", "", line)


def check_sizeof(rel, text, fix):
    problems, out = [], []
    for n, line in enumerate(text.split("\n"), 1):
        code = strip_comments_and_strings(line)
        if BARE_SIZEOF.search(code) or SPACED_SIZEOF.search(code):
            if fix:
                line = SPACED_SIZEOF.sub("sizeof(", line)
                line = BARE_SIZEOF.sub(lambda m: "sizeof(" + m.group(1) + ")", line)
            else:
                problems.append(f"{rel}:{n}: sizeof without parentheses: {line.strip()}")
        out.append(line)
    return "\n".join(out), problems


def clang_format(files, fix):
    if not files:
        return []
    args = ["clang-format", "--style=file"] + (["-i"] if fix else ["--dry-run", "-Werror"])
    problems = []
    for i in range(0, len(files), 100):
        r = subprocess.run(args + files[i:i + 100], cwd=ROOT, capture_output=True, text=True)
        if r.returncode != 0:
            bad = sorted({line.split(":", 1)[0] for line in r.stderr.splitlines() if ": error:" in line})
            problems += [f"{os.path.relpath(b, ROOT) if os.path.isabs(b) else b}: not clang-formatted "
                         f"(clang-format -i {os.path.relpath(b, ROOT) if os.path.isabs(b) else b})" for b in bad]
            if not bad:
                problems.append("clang-format failed: " + r.stderr.strip()[:500])
    return problems


def self_test():
    """The guard and sizeof rules on planted text: findings in check mode, the expected text after --fix."""
    failures = []

    def expect(cond, what):
        print(f"style self-test: {'ok  ' if cond else 'FAIL'} {what}")
        if not cond:
            failures.append(what)

    hdr = "#ifndef CORE_HTTP_JOB_H\n#define CORE_HTTP_JOB_H\nint f(void); /* CORE_HTTP_JOB_H */\n#endif\n"
    rel = "services/core/src/http/job.h"
    _, p = check_guard(rel, hdr, False)
    expect(p == [f"{rel}: include guard CORE_HTTP_JOB_H, want PARLEY_CORE_HTTP_JOB_H"], "a wrong guard is reported")
    fixed, p = check_guard(rel, hdr, True)
    expect(not p and fixed == hdr.replace("CORE_HTTP_JOB_H", "PARLEY_CORE_HTTP_JOB_H"), "--fix renames the guard")
    expect(check_guard("services/mail-relay/src/relay/pool.h", "#pragma once\nint f(void);\n", False)[1] ==
           ["services/mail-relay/src/relay/pool.h: no include guard (#ifndef PARLEY_MAIL_RELAY_RELAY_POOL_H / "
            "#define PARLEY_MAIL_RELAY_RELAY_POOL_H ... #endif)"], "a header without a guard is reported")
    expect(not check_guard("common/include/parley/log.h", "#ifndef PARLEY_LOG_H\n#define PARLEY_LOG_H\n#endif\n",
                           False)[1], "a right guard passes")
    src = ("n = sizeof buf - 1;\np = calloc(1, sizeof *p);\nq = malloc(n * sizeof **pp);\n"
           "m = sizeof s->a[i].b;\nk = sizeof (x);\nok = sizeof(y); /* sizeof z */ puts(\"sizeof w\");\n")
    _, p = check_sizeof("a.c", src, False)
    expect([x.split(":")[1] for x in p] == ["1", "2", "3", "4", "5"], "bare sizeof is reported, not in comments/strings")
    fixed, _ = check_sizeof("a.c", src, True)
    want = ("n = sizeof(buf) - 1;\np = calloc(1, sizeof(*p));\nq = malloc(n * sizeof(**pp));\n"
            "m = sizeof(s->a[i].b);\nk = sizeof(x);\nok = sizeof(y); /* sizeof z */ puts(\"sizeof w\");\n")
    expect(fixed == want, "--fix parenthesises the whole operand")
    print(f"style self-test: {'passed' if not failures else str(len(failures)) + ' failed'}")
    return 1 if failures else 0


def main():
    flags = {a for a in sys.argv[1:] if a.startswith("--")}
    if "--self-test" in flags:
        return self_test()
    unknown = flags - {"--fix", "--no-format"}
    if unknown:
        print(__doc__, file=sys.stderr)
        return 2
    fix = "--fix" in flags
    files = [a for a in sys.argv[1:] if not a.startswith("--")] or tracked_sources()
    problems = []
    for rel in files:
        path = os.path.join(ROOT, rel)
        with open(path, encoding="utf-8") as f:
            text = f.read()
        new, p1 = check_guard(rel, text, fix)
        new, p2 = check_sizeof(rel, new, fix)
        problems += p1 + p2
        if fix and new != text:
            with open(path, "w", encoding="utf-8") as f:
                f.write(new)
    # clang-format last: after --fix it formats what the rewrites produced.
    if "--no-format" not in flags:
        problems += clang_format(files, fix)
    for p in problems:
        print(f"style: {p}")
    verb = "fixed" if fix else "checked"
    print(f"style: {len(files)} files {verb}, {len(problems)} finding(s)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
