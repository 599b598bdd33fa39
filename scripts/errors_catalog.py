#!/usr/bin/env python3
"""The error catalog (proto/errors/catalog.tsv) against the code that emits error ids.

  errors_catalog.py check [ROOT]   fail (exit 1) when services/*/src emits an id the catalog lacks, when a
                                   literal call site's HTTP status differs from the catalog's fixed status,
                                   or when the catalog itself is malformed (columns, order, duplicates)
  errors_catalog.py count [ROOT]   print "emitted N, without text M" and the ids without text
  errors_catalog.py list [ROOT]    every emitted id with its first file:line

An emitted id is a string literal in services/*/src shaped like a Mattermost error id: a lowercase
dotted name of three or more parts in one of the namespaces below. A literal on a line that registers a
text ({"id", "text"} rows of the old per-module tables) defines a text and is not an emission. Texts come
from the catalog (when ROOT has one) and from such old table rows, so `count` also measures trees from
before the catalog existed (e.g. `git worktree add /tmp/old <commit>` then `count /tmp/old`).
"""

import os
import re
import sys

NAMESPACES = ("api", "app", "model", "store", "web", "ent", "basic_security_check", "plugin", "plugin_api",
              "mfa", "utils", "jobs", "system", "parley")
ID_SHAPE = r"(?:%s)(?:\.[a-z0-9_]+){2,}" % "|".join(NAMESPACES)
LITERAL = re.compile(r'"(%s)"' % ID_SHAPE)
TABLE_ROW = re.compile(r'\{\s*"(%s)"\s*,\s*"((?:[^"\\]|\\.)*)' % ID_SHAPE)
DEFINE = re.compile(r'#define\s+(\w+)\s+"(%s)"' % ID_SHAPE)
# Call sites whose HTTP status is a literal: (function, argument index of the status).
CALLS = {"http_respond_error": 1, "app_error_set": 1, "ws_conn_reply_error": 2}
CALL = re.compile(r"\b(%s)\s*\(" % "|".join(CALLS))
COLUMNS = ("id", "status", "origin", "detail", "message")
ORIGINS = ("mattermost", "parley")


def sources(root):
    base = os.path.join(root, "services")
    for svc in sorted(os.listdir(base)):
        src = os.path.join(base, svc, "src")
        for d, _, files in sorted(os.walk(src)):
            for f in sorted(files):
                if f.endswith((".c", ".h")):
                    yield os.path.join(d, f)


def read_catalog(root):
    """@return ({id: row}, [problems]) or (None, []) when ROOT has no catalog."""
    path = os.path.join(root, "proto", "errors", "catalog.tsv")
    if not os.path.exists(path):
        return None, []
    rows, problems, last = {}, [], ""
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            line = line.rstrip("\n")
            if not line or line.startswith("#"):
                continue
            cols = line.split("\t")
            where = "catalog.tsv:%d" % n
            if len(cols) != len(COLUMNS):
                problems.append("%s: %d columns, want %d" % (where, len(cols), len(COLUMNS)))
                continue
            row = dict(zip(COLUMNS, cols))
            if not re.fullmatch(ID_SHAPE, row["id"]):
                problems.append("%s: %r is not an error id" % (where, row["id"]))
            if row["id"] in rows:
                problems.append("%s: duplicate %s" % (where, row["id"]))
            elif row["id"] < last:
                problems.append("%s: %s out of order (the file is sorted by id)" % (where, row["id"]))
            if not (row["status"] == "-" or re.fullmatch(r"[1-5][0-9][0-9]", row["status"])):
                problems.append("%s: status %r (a number or -)" % (where, row["status"]))
            if row["origin"] not in ORIGINS:
                problems.append("%s: origin %r" % (where, row["origin"]))
            params = set(re.findall(r"\{\{\s*\.(\w+)\s*\}\}", row["message"]))
            if row["detail"] != "-" and row["detail"] not in params:
                problems.append("%s: detail param %s is not in the message" % (where, row["detail"]))
            if not row["message"]:
                problems.append("%s: empty message" % where)
            rows[row["id"]] = row
            last = max(last, row["id"])
    return rows, problems


def scan(root):
    """@return (emitted {id: "file:line"}, texts {id}, literal statuses [(id, status, "file:line")])."""
    emitted, texts, statuses = {}, set(), []
    for path in sources(root):
        rel = os.path.relpath(path, root)
        with open(path, encoding="utf-8") as f:
            text = f.read()
        rows = set()
        for row in TABLE_ROW.finditer(text):
            texts.add(row.group(1))
            rows.add(text.count("\n", 0, row.start()) + 1)
        for n, line in enumerate(text.splitlines(), 1):
            if n in rows:
                continue
            for m in LITERAL.finditer(line):
                emitted.setdefault(m.group(1), "%s:%d" % (rel, n))
        statuses += literal_statuses(text, rel)
    return emitted, texts, statuses


def call_args(text, start):
    """Split the argument list that opens at text[start] == '(' (top-level commas only)."""
    depth, args, cur, i, quote = 0, [], "", start, None
    while i < len(text):
        c = text[i]
        if quote:
            cur += c
            if c == "\\":
                cur += text[i + 1]
                i += 1
            elif c == quote:
                quote = None
        elif c in "\"'":
            quote = c
            cur += c
        elif c == "(":
            depth += 1
            if depth > 1:
                cur += c
        elif c == ")":
            depth -= 1
            if depth == 0:
                args.append(cur.strip())
                return args
            cur += c
        elif c == "," and depth == 1:
            args.append(cur.strip())
            cur = ""
        else:
            cur += c
        i += 1
    return args


def literal_statuses(text, rel):
    defines = dict(DEFINE.findall(text))
    out = []
    for m in CALL.finditer(text):
        args = call_args(text, m.end() - 1)
        k = CALLS[m.group(1)]
        if len(args) <= k + 1 or not re.fullmatch(r"[1-5][0-9][0-9]", args[k]):
            continue
        ident = args[k + 1]
        lit = re.fullmatch(r'"(%s)"' % ID_SHAPE, ident)
        eid = lit.group(1) if lit else defines.get(ident)
        if eid:
            out.append((eid, args[k], "%s:%d" % (rel, text.count("\n", 0, m.start()) + 1)))
    return out


def main(argv):
    cmd = argv[1] if len(argv) > 1 else "check"
    root = os.path.abspath(argv[2] if len(argv) > 2 else os.path.join(os.path.dirname(__file__), ".."))
    catalog, problems = read_catalog(root)
    emitted, texts, statuses = scan(root)
    known = set(catalog or {}) | texts
    missing = sorted(i for i in emitted if i not in known)
    if cmd == "list":
        for i in sorted(emitted):
            print("%s\t%s\t%s" % (i, emitted[i], "text" if i in known else "NO TEXT"))
        return 0
    if cmd == "count":
        print("emitted %d, without text %d" % (len(emitted), len(missing)))
        for i in missing:
            print("  %s (%s)" % (i, emitted[i]))
        return 0
    if cmd != "check":
        print(__doc__, file=sys.stderr)
        return 2
    if catalog is None:
        problems.append("no proto/errors/catalog.tsv")
        catalog = {}
    for i in sorted(emitted):
        if i not in catalog:
            problems.append("%s: emits %s, which proto/errors/catalog.tsv lacks" % (emitted[i], i))
    for eid, status, where in statuses:
        fixed = catalog.get(eid, {}).get("status", "-")
        if fixed != "-" and fixed != status:
            problems.append("%s: %s answered with %s, the catalog fixes %s" % (where, eid, status, fixed))
    for p in problems:
        print(p)
    print("error catalog: %d ids, %d emitted, %d problems" % (len(catalog), len(emitted), len(problems)))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
