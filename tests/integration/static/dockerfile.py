"""A small Dockerfile reader for the static checks: instructions grouped into build stages.

Docker cannot run on the test machines, so tests/integration/static reads the files instead:
line continuations are joined, comment lines dropped (also inside a continued RUN, as Docker does),
and each instruction is kept with its raw argument text and, for JSON (exec) form, its parsed list.
"""

import json
import re
import shlex
from dataclasses import dataclass, field


@dataclass
class Instruction:
    keyword: str  # upper-cased: FROM, RUN, COPY, ...
    args: str  # raw argument text, continuations joined with a space
    line: int  # 1-based line where the instruction starts

    def exec_form(self):
        """The JSON array of ENTRYPOINT/CMD/RUN in exec form, or None for shell form."""
        text = self.args.strip()
        if not text.startswith("["):
            return None
        return json.loads(text)

    def words(self):
        return shlex.split(self.args, comments=False, posix=True)


@dataclass
class Stage:
    base: str  # image after FROM
    name: str  # the AS name, or "" for an unnamed stage
    instructions: list = field(default_factory=list)

    def all(self, keyword):
        return [i for i in self.instructions if i.keyword == keyword]

    def last(self, keyword):
        found = self.all(keyword)
        return found[-1] if found else None

    def env(self):
        """ENV key/value pairs of this stage (both `ENV K=V K2="V 2"` and legacy `ENV K V`)."""
        out = {}
        for ins in self.all("ENV"):
            words = ins.words()
            if words and "=" not in words[0]:
                out[words[0]] = " ".join(words[1:])
                continue
            for word in words:
                key, _, value = word.partition("=")
                out[key] = value
        return out

    def apt_packages(self):
        """Package names given to `apt-get install` in this stage's RUN instructions."""
        names = []
        for ins in self.all("RUN"):
            for command in re.split(r"&&|;|\|\|", ins.args):
                words = command.split()
                if len(words) >= 2 and words[0] == "apt-get" and "install" in words:
                    after = words[words.index("install") + 1 :]
                    names += [w for w in after if not w.startswith("-")]
        return names


def _logical_lines(text):
    """Yield (line_number, joined_text) with continuations joined and comment lines dropped."""
    buf, start = [], None
    for number, raw in enumerate(text.splitlines(), 1):
        stripped = raw.strip()
        if stripped.startswith("#") or (not stripped and not buf):
            continue
        if start is None:
            start = number
        if stripped.endswith("\\"):
            buf.append(stripped[:-1].strip())
            continue
        buf.append(stripped)
        yield start, " ".join(part for part in buf if part)
        buf, start = [], None
    if buf:
        yield start, " ".join(buf)


def parse(text):
    """Parse Dockerfile text into a list of Stage (instructions before the first FROM are ARGs only)."""
    stages = []
    for number, line in _logical_lines(text):
        keyword, _, args = line.partition(" ")
        ins = Instruction(keyword.upper(), args.strip(), number)
        if ins.keyword == "FROM":
            words = ins.args.split()
            words = [w for w in words if not w.startswith("--platform")]
            name = words[2] if len(words) >= 3 and words[1].upper() == "AS" else ""
            stages.append(Stage(words[0], name))
        elif stages:
            stages[-1].instructions.append(ins)
        elif ins.keyword != "ARG":
            raise ValueError(f"line {number}: {ins.keyword} before the first FROM")
    return stages
