#!/usr/bin/env python3
"""Writes a records directory with N projects (and a few sections) for the `check` benchmark.

Usage: gen_projects.py N OUT_DIR
"""
import json
import os
import sys

n, out = int(sys.argv[1]), sys.argv[2]
os.makedirs(os.path.join(out, "projects"), exist_ok=True)
review = {"title": "Many projects", "year": 2022, "person": {"name": "Bench"},
          "kpis": [{"id": "k", "title": "K", "items": [{"id": "p", "label": "Projects", "count": {"section": "projects"}}]}]}
with open(os.path.join(out, "review.json"), "w") as f:
    json.dump(review, f)
for p in range(n):
    project = {
        "title": f"프로젝트 {p}", "period": {"start": f"2022-{1 + p % 12:02}", "end": "2022-12"},
        "team": {"size": 3, "roles": ["백엔드 엔지니어"]},
        "metrics": [{"id": f"m{k}", "label": f"Metric {k}", "value": k * 1.5, "unit": "ms"} for k in range(3)],
        "lists": [{"id": f"l{k}", "title": f"List {k}", "items": [
            {"id": f"i{j}", "label": "Label", "text": f"텍스트 {j}", "items": ["child one", "child two"]} for j in range(5)]} for k in range(3)],
    }
    with open(os.path.join(out, "projects", f"p{p:05}.json"), "w") as f:
        json.dump(project, f, ensure_ascii=False, indent=2)
