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


def main():
    flags = {a for a in sys.argv[1:] if a.startswith("--")}
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
