#!/usr/bin/env bash
# Side-by-side benchmarks, in one run, so ratios survive a noisy machine.
#
#   benches/run.sh            # compile vs Typst CLI, check on 1,000 projects, diff/log vs git,
#                             # import vs git log on 100,000 commits,
#                             # growth of log/diff over 1,000 / 10,000 / 50,000 commits
#
# Needs: hyperfine (apt-get install hyperfine), git, GNU time (/usr/bin/time), a release build
# (cargo build --release). Inputs come from `examples/generate.rs` (the tests' own generator).
# Installs the Typst CLI 0.15.1 with cargo if `typst` is not on PATH.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
target=${CARGO_TARGET_DIR:-$root/target}
review=${REVIEW:-$target/release/review}
work=${BENCH_DIR:-/tmp/review-bench}
runs=${RUNS:-10}
mkdir -p "$work"
[ -x "$review" ] || cargo build --release
cargo build --release --example generate
generate=$target/release/examples/generate
command -v hyperfine >/dev/null || { echo "install hyperfine first (apt-get install hyperfine)"; exit 2; }
if ! command -v typst >/dev/null; then
  cargo install typst-cli --version 0.15.1 --locked
fi

# Peak resident memory of one run, in MB.
peak() { /usr/bin/time -f %M -o "$work/peak" "$@" >/dev/null 2>&1 || true; echo $(( $(cat "$work/peak") / 1024 )); }

echo "## machine"; nproc; grep -m1 'model name' /proc/cpuinfo || true; date -u +%F

echo "## compile: review vs the Typst CLI (same template, data, fonts)"
rm -rf "$work/typst" && mkdir -p "$work/typst"
cp templates/annual.typ "$work/typst/annual.typ"
SOURCE_DATE_EPOCH=1672444800 "$review" compile -o "$work/review.pdf" --emit-data "$work/typst/report.json" 2>/dev/null
export SOURCE_DATE_EPOCH=1672444800
hyperfine --warmup 2 --runs "$runs" --export-markdown "$work/compile.md" \
  -n review "$review compile -o $work/review.pdf" \
  -n typst "typst compile --root $work/typst --font-path templates/fonts --ignore-system-fonts $work/typst/annual.typ $work/typst.pdf"
echo "peak RSS review compile: $(peak "$review" compile -o "$work/review.pdf") MB"
echo "peak RSS typst compile:  $(peak typst compile --root "$work/typst" --font-path templates/fonts --ignore-system-fonts "$work/typst/annual.typ" "$work/typst.pdf") MB"

echo "## check: 1,000 projects"
rm -rf "$work/many" && "$generate" projects 1000 "$work/many"
hyperfine --warmup 1 --runs "$runs" -n check "$review check --records $work/many"
echo "peak RSS check: $(peak "$review" check --records "$work/many") MB"

echo "## history: 10,000 commits over 200 files, review vs git"
history_bench() {
  local n=$1 repo=$work/h$1
  [ -d "$repo" ] || "$generate" history "$n" 200 "$repo"
  cd "$repo"
  rm -f .git/objects/info/commit-graph
  local q1 q2
  q1=$(git rev-list -1 --before=2022-04-01T00:00:00+09:00 HEAD)
  q2=$(git rev-list -1 --before=2022-07-01T00:00:00+09:00 HEAD)
  hyperfine --warmup 1 --runs "$runs" --export-markdown "$work/history-$n.md" \
    -n "review diff Q1 Q2" "$review diff Q1 Q2" \
    -n "git rev-list + diff --stat" "git rev-list -1 --before=2022-04-01T00:00:00+09:00 HEAD && git rev-list -1 --before=2022-07-01T00:00:00+09:00 HEAD && git diff --stat $q1 $q2 -- records/" \
    -n "review log --quarters" "$review log --quarters" \
    -n "git log --stat" "git log --stat -- records/"
  git commit-graph write --reachable 2>/dev/null
  hyperfine --warmup 1 --runs "$runs" --export-markdown "$work/history-$n-graph.md" \
    -n "review diff Q1 Q2 (graph)" "$review diff Q1 Q2" \
    -n "git rev-list + diff --stat (graph)" "git rev-list -1 --before=2022-04-01T00:00:00+09:00 HEAD && git rev-list -1 --before=2022-07-01T00:00:00+09:00 HEAD && git diff --stat $q1 $q2 -- records/" \
    -n "review log --quarters (graph)" "$review log --quarters" \
    -n "git log --stat (graph)" "git log --stat -- records/"
  echo "peak RSS review log --quarters ($n commits): $(peak "$review" log --quarters) MB"
  cd "$root"
}
history_bench 10000

echo "## import: a year of one author's work from a clone with 100,000 commits, review vs git log"
import_repo=$work/work100k
[ -d "$import_repo" ] || "$generate" work 100000 "$import_repo"
rm -rf "$work/import-year" && "$review" init --example "$work/import-year" >/dev/null 2>&1
(cd "$work/import-year" && "$review" import git "$import_repo" --author ann@example.com)
# Every timed run after the first finds nothing new: the walk and the inbox read are what is timed.
(cd "$work/import-year" && hyperfine --warmup 1 --runs "$runs" --export-markdown "$work/import.md" \
  -n "review import git" "$review import git $import_repo --author ann@example.com" \
  -n "git log --author --since --until" "git -C $import_repo log --author=ann@example.com --since=2022-01-01T00:00:00+09:00 --until=2023-01-01T00:00:00+09:00")
echo "peak RSS review import git: $(cd "$work/import-year" && peak "$review" import git "$import_repo" --author ann@example.com) MB"
git -C "$import_repo" commit-graph write --reachable 2>/dev/null
(cd "$work/import-year" && hyperfine --warmup 1 --runs "$runs" --export-markdown "$work/import-graph.md" \
  -n "review import git (graph)" "$review import git $import_repo --author ann@example.com" \
  -n "git log --author --since --until (graph)" "git -C $import_repo log --author=ann@example.com --since=2022-01-01T00:00:00+09:00 --until=2023-01-01T00:00:00+09:00")
rm -f "$import_repo/.git/objects/info/commit-graph"

echo "## growth: review log --quarters and diff Q1 Q2 over N commits"
for n in 1000 10000 50000; do
  repo=$work/h$n
  [ -d "$repo" ] || "$generate" history "$n" 200 "$repo"
  (cd "$repo" && hyperfine --warmup 1 --runs 5 -N -n "log --quarters N=$n" "$review log --quarters" -n "diff Q1 Q2 N=$n" "$review diff Q1 Q2" --export-markdown "$work/growth-$n.md")
done
echo "## watch: save to PDF with review compile --watch, a cold review compile, typst watch"
# Driven from Rust (tests/cli/watch.rs, an ignored test): it saves a record (write, then rename),
# polls the output every millisecond, and does the same with typst watch on the emitted data.
REVIEW_BIN=$review TYPST_BIN=$(command -v typst) RUNS=$runs \
  cargo test --test cli watch::latency -- --ignored --nocapture 2>/dev/null | grep -E 'median|ratio'

echo "markdown tables in $work/*.md"
