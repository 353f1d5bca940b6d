#!/usr/bin/env python3
"""Generates a records repository with N commits over M record files, for benchmarks.

Usage: gen_history.py N M OUT_DIR

Commits are spread evenly over 2022 (Asia/Seoul), each editing one record file: appending an
item to a section or bumping a project's metric. Every 500th commit is a merge of a short side
branch, and every 97th commit is dated a minute before its parent (out-of-order dates).
Uses `git fast-import`, so 50,000 commits take seconds.
"""
import json
import os
import subprocess
import sys

def main():
    n, m, out = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
    os.makedirs(out, exist_ok=True)
    subprocess.run(["git", "init", "-q", "-b", "main", out], check=True)
    projects = max(1, m // 4)
    sections = max(1, m - projects - 1)
    state = {}
    state["records/review.json"] = {
        "title": "Benchmark", "year": 2022, "timezone": "Asia/Seoul", "person": {"name": "Bench"},
        "kpis": [{"id": "k", "title": "K", "items": [{"id": "p", "label": "Projects", "count": {"section": "projects"}}]}],
    }
    for p in range(projects):
        state[f"records/projects/p{p:04}.json"] = {
            "title": f"Project {p}", "period": {"start": f"2022-{1 + p % 12:02}"},
            "metrics": [{"id": "m", "label": "Metric", "value": 0}],
        }
    for s in range(sections):
        state[f"records/s{s:04}.json"] = {"title": f"Section {s}", "items": []}
    paths = sorted(state)
    editable = [p for p in paths if not p.endswith("review.json")]
    start = 1640962800  # 2022-01-01T00:00:00+09:00
    step = (365 * 86400 - 3600) // max(n, 1)
    lines = []
    mark = 0

    def blob(data):
        nonlocal mark
        mark += 1
        text = json.dumps(data, ensure_ascii=False, indent=1).encode()
        lines.append(b"blob\nmark :%d\ndata %d\n" % (mark, len(text)) + text + b"\n")
        return mark

    def commit(ref, when, message, files, parent=None, merge=None):
        nonlocal mark
        marks = {path: blob(state[path]) for path in files}
        mark += 1
        msg = message.encode()
        head = b"commit %s\nmark :%d\nauthor Bench <b@example.com> %d +0900\ncommitter Bench <b@example.com> %d +0900\ndata %d\n%s\n" % (
            ref.encode(), mark, when, when, len(msg), msg)
        if parent:
            head += b"from :%d\n" % parent
        if merge:
            head += b"merge :%d\n" % merge
        body = b"".join(b"M 100644 :%d %s\n" % (m_, p.encode()) for p, m_ in marks.items())
        lines.append(head + body + b"\n")
        return mark

    last = commit("refs/heads/main", start, "initial records", paths)
    previous = start
    for i in range(1, n):
        # Every 97th commit is dated a minute before its parent.
        when = previous - 60 if i % 97 == 0 else start + i * step
        previous = when
        path = editable[(i * 7919) % len(editable)]
        record = state[path]
        if "items" in record:
            record["items"].append({"id": f"i{i}", "text": f"item {i} of {path}", "date": "2022-Q%d" % (1 + (i * 4) // n)})
        else:
            record["metrics"][0]["value"] += 1
        if i % 500 == 0:
            side = commit("refs/heads/side", when - 60, f"side work {i}", [path], parent=last)
            last = commit("refs/heads/main", when, f"merge side {i}", [path], parent=last, merge=side)
        else:
            last = commit("refs/heads/main", when, f"progress {i}", [path], parent=last)
    subprocess.run(["git", "-C", out, "fast-import", "--quiet"], input=b"".join(lines), check=True)
    subprocess.run(["git", "-C", out, "reset", "-q", "--hard", "main"], check=True)
    subprocess.run(["git", "-C", out, "branch", "-q", "-D", "side"], check=False)

if __name__ == "__main__":
    main()
