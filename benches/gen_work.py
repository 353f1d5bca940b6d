#!/usr/bin/env python3
"""Generates a work repository with N commits by two authors over 2021-2023, for `review import`.

Usage: gen_work.py N OUT_DIR

A third of the commits are by ann@example.com, the rest by bob@example.com. Every 20th commit
on main merges a two-commit branch as "Merge pull request #k from …"; every 30th is a squash
merge "… (#k)"; every 1,000th is tagged. The remote is on GitHub, so drafts get links. Uses
`git fast-import`, so 100,000 commits take seconds.
"""
import os
import subprocess
import sys

def main():
    n, out = int(sys.argv[1]), sys.argv[2]
    os.makedirs(out, exist_ok=True)
    subprocess.run(["git", "init", "-q", "-b", "main", out], check=True)
    subprocess.run(["git", "-C", out, "remote", "add", "origin", "git@github.com:acme/tool.git"], check=True)
    start = 1609426800  # 2021-01-01T00:00:00+09:00
    step = (3 * 365 * 86400) // n
    lines = []
    mark = 0
    last = None
    pr = 0

    def commit(ref, when, who, message, parent, merge=None):
        nonlocal mark
        mark += 1
        body = message.encode()
        blob = b"%d\n" % mark
        lines.append(b"blob\nmark :%d\ndata %d\n%s\n" % (mark, len(blob), blob))
        mark += 1
        name, email = who
        head = b"commit %s\nmark :%d\nauthor %s <%s> %d +0900\ncommitter %s <%s> %d +0900\ndata %d\n%s\n" % (
            ref.encode(), mark, name, email, when, name, email, when, len(body), body)
        if parent:
            head += b"from :%d\n" % parent
        if merge:
            head += b"merge :%d\n" % merge
        lines.append(head + b"M 100644 :%d file.txt\n\n" % (mark - 1))
        return mark

    ann = (b"Ann Lee", b"ann@example.com")
    bob = (b"Bob Kim", b"bob@example.com")
    tags = []
    i = 0
    while i < n:
        when = start + i * step
        who = ann if i % 3 == 0 else bob
        if i % 20 == 19 and last:
            pr += 1
            a = commit("refs/heads/topic", when - 120, who, "Work on topic %d" % pr, last)
            b = commit("refs/heads/topic", when - 60, who, "Finish topic %d" % pr, a)
            last = commit("refs/heads/main", when, bob, "Merge pull request #%d from team/topic-%d\n\nTopic %d\n" % (pr, pr, pr), last, b)
            i += 3
        elif i % 30 == 29:
            pr += 1
            author = ann if pr % 3 == 0 else bob
            last = commit("refs/heads/main", when, author, "Squash topic %d (#%d)\n" % (pr, pr), last)
            i += 1
        else:
            last = commit("refs/heads/main", when, who, "Change %d\n\nDetails of change %d.\n" % (i, i), last)
            i += 1
        if i // 1000 > len(tags):
            tags.append((len(tags) + 1, last))
    for number, target in tags:
        lines.append(b"reset refs/tags/v%d.0\nfrom :%d\n\n" % (number, target))
    subprocess.run(["git", "-C", out, "fast-import", "--quiet"], input=b"".join(lines), check=True)
    subprocess.run(["git", "-C", out, "reset", "-q", "--hard", "main"], check=True)
    subprocess.run(["git", "-C", out, "branch", "-q", "-D", "topic"], check=False)

if __name__ == "__main__":
    main()
