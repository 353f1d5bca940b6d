#!/usr/bin/env bash
# Every performance figure of the project, in one run, each beside its reference measured in the
# same hyperfine run, so the ratios survive a noisy machine. Ends by writing a README-ready
# markdown table to $BENCH_DIR/figures.md (what, review's time, the reference's time, the ratio):
#
#   compile        review compile vs typst compile (same template, data, fonts), and peak RSS
#   growth         the same for the example's content x1, x10, x100 (generate scale), and peak RSS
#   themes         the same for each built-in theme (design.theme: formal, compact)
#   watch          save-to-PDF latency of review compile --watch, a cold compile, typst watch
#   check          1,000 projects
#   history        10,000 commits: diff Q1 Q2 and log --quarters vs git, without and with a
#                  commit-graph; peak RSS at 50,000 commits; growth over 1,000 / 10,000 / 50,000
#   growing        large record files (200 projects whose lists grow through the year, a merge
#                  every 100 commits, 1 % skewed clocks) at 10,000 and 50,000 commits: diff Q1 Q2
#                  and log --quarters vs git without and with a commit-graph, peak RSS, and
#                  status (clean, one record edited) vs git status
#   import         review import git vs git log --author --since --until, 100,000 commits,
#                  without and with a commit-graph
#
#   benches/run.sh
#   REVIEW=/path/to/review RUNS=20 CARGO_TARGET_DIR=/work/targets/bench \
#     TEST_TARGET_DIR=/work/targets/lead benches/run.sh
#
# Environment (all optional):
#   REVIEW            the binary to measure [default: $CARGO_TARGET_DIR/release/review, built
#                     (incrementally) with cargo build --release]
#   CARGO_TARGET_DIR  cargo's target directory for the release builds: review (without REVIEW)
#                     and examples/generate, which builds every input [default: ./target]
#   TEST_TARGET_DIR   cargo's target directory for the watch step, which runs the ignored test
#                     watch::latency (tests/cli/watch.rs) in the debug profile: point it at a
#                     directory with a debug build to avoid a fresh one [default: CARGO_TARGET_DIR]
#   GENERATE          the input generator to run [default: examples/generate, built with cargo
#                     build --release: that build enables the dev-dependencies' features, so it
#                     rebuilds much of the tree once; a debug build of it makes the same inputs]
#   RUNS              hyperfine runs per command, saves per watch measurement [default: 10]
#   BENCH_DIR         inputs, hyperfine exports (*.json, *.md), figures.md [default:
#                     /tmp/review-bench]; generated repositories are kept and reused: delete them
#                     to regenerate. No spaces in the path (hyperfine -N splits command lines).
#
# Needs: hyperfine >= 1.13 (apt-get install hyperfine), git, GNU time (/usr/bin/time), cargo, the
# Typst CLI 0.15.1 as `typst` on PATH (installed with cargo if missing). No python, no jq: the
# hyperfine exports are read with awk.
set -Eeuo pipefail
shopt -s inherit_errexit
trap 'echo "benches/run.sh: failed at line $LINENO" >&2' ERR
cd "$(dirname "$0")/.."
root=$PWD
target=${CARGO_TARGET_DIR:-$root/target}
test_target=${TEST_TARGET_DIR:-$target}
work=${BENCH_DIR:-/tmp/review-bench}
runs=${RUNS:-10}
figures=$work/figures.md
rows=$work/rows.md

command -v hyperfine >/dev/null || { echo "install hyperfine first (apt-get install hyperfine)" >&2; exit 2; }
[ -x /usr/bin/time ] || { echo "install GNU time first (apt-get install time)" >&2; exit 2; }
command -v git >/dev/null || { echo "install git first" >&2; exit 2; }
if ! command -v typst >/dev/null; then
  cargo install typst-cli --version 0.15.1 --locked
fi
typst=$(command -v typst)
mkdir -p "$work"
if [ -n "${REVIEW:-}" ]; then
  review=$REVIEW
  [ -x "$review" ] || { echo "REVIEW=$review is not an executable" >&2; exit 2; }
  # Absolute: some steps run it from the folder they measure in.
  review=$(cd "$(dirname "$review")" && pwd)/$(basename "$review")
else
  cargo build --release
  review=$target/release/review
fi
if [ -n "${GENERATE:-}" ]; then
  generate=$GENERATE
  [ -x "$generate" ] || { echo "GENERATE=$generate is not an executable" >&2; exit 2; }
  generate=$(cd "$(dirname "$generate")" && pwd)/$(basename "$generate")
else
  cargo build --release --example generate
  generate=$target/release/examples/generate
fi
export SOURCE_DATE_EPOCH=1672444800

# ---------------------------------------------------------------------------------------------
# Helpers: hyperfine, its JSON export, peak memory, the rows of figures.md.

# hf JSON ARGS...: hyperfine with a warm-up, $runs runs, JSON and markdown exports.
hf() {
  local json=$1
  shift
  hyperfine --style basic --warmup 1 --runs "$runs" \
    --export-json "$json" --export-markdown "${json%.json}.md" "$@"
}

# median_sd JSON NAME: the median and standard deviation (seconds) of the command named NAME.
median_sd() {
  awk -v name="$2" '
    /"command":/ { c = $0; sub(/^[^:]*: *"/, "", c); sub(/", *$/, "", c); hit = (c == name) }
    hit && /"median":/ { m = $2; sub(/,$/, "", m) }
    hit && /"stddev":/ { s = $2; sub(/,$/, "", s); if (s == "null") s = 0 }
    END { if (m == "") exit 1; print m, s }' "$1" \
    || { echo "no result named '$2' in $1" >&2; return 1; }
}

# duration SECONDS [STDDEV]: "812 ± 9 ms", "1.23 ± 0.02 s", "4.71 ms".
duration() {
  awk -v t="$1" -v s="${2:-}" 'BEGIN {
    unit = "s"; f = 1
    if (t < 1) { unit = "ms"; f = 1000 }
    v = t * f
    fmt = v >= 100 ? "%.0f" : v >= 10 ? "%.1f" : "%.2f"
    out = sprintf(fmt, v)
    if (s != "") out = out " ± " sprintf(fmt, s * f)
    print out " " unit }'
}

# ratio A B: A / B, two decimals (three below 0.1).
ratio() {
  awk -v a="$1" -v b="$2" 'BEGIN { r = a / b; printf (r < 0.1 ? "%.3f\n" : "%.2f\n"), r }'
}

# row WHAT REVIEW REFERENCE RATIO: one row of the table.
row() { printf '| %s | %s | %s | %s |\n' "$1" "$2" "$3" "$4" >>"$rows"; }

# time_row WHAT JSON REVIEW_NAME REFERENCE_NAME: review and its reference, from one hyperfine run.
time_row() {
  local a b a_cell b_cell r
  a=$(median_sd "$2" "$3")
  b=$(median_sd "$2" "$4")
  a_cell=$(duration "${a% *}" "${a#* }")
  b_cell=$(duration "${b% *}" "${b#* }")
  r=$(ratio "${a% *}" "${b% *}")
  row "$1" "$a_cell" "$b_cell" "$r"
}

# peak ARGS...: the peak resident memory of one run, in kB; fails if the command does.
peak() {
  /usr/bin/time -f %M -o "$work/peak" "$@" >/dev/null 2>"$work/peak.err" \
    || { cat "$work/peak.err" >&2; return 1; }
  tail -n 1 "$work/peak"
}

# megabytes KB: "87 MB", "4.2 MB".
megabytes() { awk -v k="$1" 'BEGIN { m = k / 1024; printf (m >= 10 ? "%.0f MB\n" : "%.1f MB\n"), m }'; }

# commas N: 50000 -> 50,000.
commas() { sed -E ':a; s/([0-9])([0-9]{3})($|,)/\1,\2\3/; ta' <<<"$1"; }

# rss_row WHAT REVIEW_KB REFERENCE_KB
rss_row() {
  local a b r
  a=$(megabytes "$2")
  b=$(megabytes "$3")
  r=$(ratio "$2" "$3")
  row "$1" "$a" "$b" "$r"
}

# records_repo N: the records repository with N commits over 200 files (generated once).
records_repo() {
  local repo=$work/h$1
  if [ ! -d "$repo" ]; then
    rm -rf "$repo.partial"
    "$generate" history "$1" 200 "$repo.partial" >&2
    mv "$repo.partial" "$repo"
  fi
  echo "$repo"
}

# growing_repo N: the records repository with N commits over 200 growing project files.
growing_repo() {
  local repo=$work/g$1
  if [ ! -d "$repo" ]; then
    rm -rf "$repo.partial"
    "$generate" growing "$1" 200 "$repo.partial" >&2
    mv "$repo.partial" "$repo"
  fi
  echo "$repo"
}

# graph_label SUFFIX: "with" for the commit-graph runs (suffix -graph), "without" otherwise.
graph_label() { if [ -n "$1" ]; then echo with; else echo without; fi; }

# no_graph REPO: makes sure git and review find no commit-graph in REPO.
no_graph() {
  rm -rf "$1/.git/objects/info/commit-graph" "$1/.git/objects/info/commit-graphs"
  [ ! -e "$1/.git/objects/info/commit-graph" ] && [ ! -e "$1/.git/objects/info/commit-graphs" ]
}

# with_graph REPO: writes the commit-graph of every reachable commit.
with_graph() {
  git -C "$1" commit-graph write --reachable --no-progress
  [ -e "$1/.git/objects/info/commit-graph" ] || [ -e "$1/.git/objects/info/commit-graphs" ]
}

# The quarters of the records' year (2022, Asia/Seoul) as git reads them: the last commit before
# each quarter ends. git's side of `review diff Q1 Q2` is three processes (two rev-lists and a
# diff), so it runs in a shell, `bash -c`, and its time includes bash's start (about a
# millisecond); every other command is a single process and runs without one (hyperfine -N).
q1_end=2022-04-01T00:00:00+09:00
q2_end=2022-07-01T00:00:00+09:00
git_diff_script="git diff --stat \$(git rev-list -1 --before=$q1_end HEAD) \$(git rev-list -1 --before=$q2_end HEAD) -- records/"
git_diff="bash -c '$git_diff_script'"
git_log="git log --stat -- records/"

# history_bench N SUFFIX [REPO]: review diff Q1 Q2 and log --quarters vs git on N commits (of
# REPO, default the small-file history), one run.
history_bench() {
  local repo=${3:-}
  [ -n "$repo" ] || repo=$(records_repo "$1")
  (cd "$repo" && hf "$work/history-$1$2.json" -N \
    -n "review diff Q1 Q2" "$review diff Q1 Q2" \
    -n "git rev-list + diff --stat" "$git_diff" \
    -n "review log --quarters" "$review log --quarters" \
    -n "git log --stat" "$git_log")
}

: >"$rows"

# ---------------------------------------------------------------------------------------------
echo "## machine"
cores=$(nproc)
cpu=$(awk -F': *' '/^model name/ { print $2; exit }' /proc/cpuinfo)
[ -n "$cpu" ] || cpu=$(uname -m)
when=$(date -u '+%F %H:%M UTC')
echo "$cores cores, $cpu, $when"

echo "## compile: review vs the Typst CLI (same template, data, fonts)"
rm -rf "$work/typst"
# The built-in template and its library (@review/annual:1.0.0), as the Typst CLI reads packages.
"$review" template export "$work/typst" >/dev/null
"$review" compile -o "$work/review.pdf" --emit-data "$work/typst/report.json"
typst_compile="$typst compile --root $work/typst --package-path $work/typst/packages --font-path templates/fonts --ignore-system-fonts $work/typst/annual.typ $work/typst.pdf"
hf "$work/compile.json" -N \
  -n "review compile" "$review compile -o $work/review.pdf" \
  -n "typst compile" "$typst_compile"
time_row "compile the example to PDF: \`review compile\` vs \`typst compile\` (same template, data, fonts)" \
  "$work/compile.json" "review compile" "typst compile"
review_kb=$(peak "$review" compile -o "$work/review.pdf")
# shellcheck disable=SC2086 # the command line, split into words
typst_kb=$(peak $typst_compile)
rss_row "peak RSS of that compile" "$review_kb" "$typst_kb"

# --- design (issue 23) --------------------------------------------------------------------------
echo "## growth: the example's content x1, x10, x100 (projects and items), review vs typst compile"
# generate scale copies the example's records (no history) with every project and every item
# repeated N times; typst compiles the report review emitted for the same records. x100 is a
# 400-page review of about 20 s: it runs 3 times, without a warm-up.
for factor in 1 10 100; do
  dir=$work/scale-$factor
  if [ ! -d "$dir/records" ]; then
    rm -rf "$dir"
    "$generate" scale "$factor" records "$dir/records.partial" >&2
    mv "$dir/records.partial" "$dir/records"
  fi
  rm -rf "$dir/typst"
  "$review" template export "$dir/typst" >/dev/null
  pages=$("$review" compile --records "$dir/records" -o "$dir/review.pdf" \
    --emit-data "$dir/typst/report.json" 2>&1 | sed -n 's/^wrote .* (\([0-9]*\) pages*)$/\1/p')
  scale_typst="$typst compile --root $dir/typst --package-path $dir/typst/packages --font-path templates/fonts --ignore-system-fonts $dir/typst/annual.typ $dir/typst.pdf"
  scale_review="$review compile --records $dir/records -o $dir/review.pdf"
  if [ "$factor" = 100 ]; then
    hyperfine --style basic --warmup 0 --runs 3 \
      --export-json "$work/scale-$factor.json" --export-markdown "$work/scale-$factor.md" -N \
      -n "review compile (x$factor)" "$scale_review" -n "typst compile (x$factor)" "$scale_typst"
  else
    hf "$work/scale-$factor.json" -N \
      -n "review compile (x$factor)" "$scale_review" -n "typst compile (x$factor)" "$scale_typst"
  fi
  time_row "growth, the example x$factor ($pages pages): \`review compile\` vs \`typst compile\` (same template, data, fonts)" \
    "$work/scale-$factor.json" "review compile (x$factor)" "typst compile (x$factor)"
  # shellcheck disable=SC2086 # the command lines, split into words
  rss_row "peak RSS, the example x$factor" "$(peak $scale_review)" "$(peak $scale_typst)"
done

echo "## themes: each built-in theme, review compile vs typst compile (same template, data, fonts)"
# The bundled records with `design.theme` set, compiled by review and, from the emitted report,
# by the Typst CLI with the exported template and library.
for theme in formal compact; do
  dir=$work/theme-$theme
  rm -rf "$dir" && mkdir -p "$dir" && cp -r records "$dir/records"
  sed -i '0,/{/s//{"design": {"theme": "'"$theme"'"},/' "$dir/records/review.json"
  "$review" template export "$dir/typst" >/dev/null
  (cd "$dir" && "$review" compile -o review.pdf --emit-data typst/report.json 2>/dev/null)
  theme_typst="$typst compile --root $dir/typst --package-path $dir/typst/packages --font-path templates/fonts --ignore-system-fonts $dir/typst/annual.typ $dir/typst.pdf"
  hf "$work/theme-$theme.json" -N \
    -n "review compile ($theme)" "$review compile --records $dir/records -o $dir/review.pdf" \
    -n "typst compile ($theme)" "$theme_typst"
  time_row "the $theme theme, the bundled records to PDF: \`review compile\` vs \`typst compile\`" \
    "$work/theme-$theme.json" "review compile ($theme)" "typst compile ($theme)"
done
# --- end of design (issue 23) -------------------------------------------------------------------

# --- checkin (issue 20; owned by the goals work: keep this block as one piece) ----------------
echo "## checkin: review checkin vs review compile on the example year (its dated history)"
rm -rf "$work/example" && "$review" init --example "$work/example" >/dev/null
(cd "$work/example" && hf "$work/checkin.json" -N \
  -n "review checkin Q3" "$review checkin Q3 -o $work/checkin.pdf" \
  -n "review compile" "$review compile -o $work/example.pdf")
time_row "the example's Q3 check-in to PDF: \`review checkin Q3\` vs the annual \`review compile\`" \
  "$work/checkin.json" "review checkin Q3" "review compile"
# --- end of the checkin block -------------------------------------------------------------------

echo "## watch: save to PDF with review compile --watch, a cold review compile, typst watch"
# Driven from Rust (tests/cli/watch.rs, an ignored test): it saves a record (write, then rename),
# polls the output every millisecond, and does the same with typst watch on the emitted data.
# Medians of $runs saves, not hyperfine.
REVIEW_BIN=$review TYPST_BIN=$typst RUNS=$runs CARGO_TARGET_DIR=$test_target \
  cargo test --test cli watch::latency -- --ignored --nocapture >"$work/watch.txt" 2>"$work/watch.log" \
  || { tail -n 30 "$work/watch.log" >&2; exit 1; }
grep -E 'median|ratio' "$work/watch.txt"
# median LABEL: the median on the line starting with LABEL, in seconds (Rust's Debug of a
# Duration: 812.3ms, 1.2s, 950µs).
median() {
  awk -v label="$1" 'index($0, label) == 1 && match($0, /median [0-9.]+[^ ]*/) {
    v = substr($0, RSTART + 7, RLENGTH - 7); n = v + 0; u = v; sub(/^[0-9.]+/, "", u)
    f = u == "s" ? 1 : u == "ms" ? 1e-3 : u == "ns" ? 1e-9 : 1e-6
    print n * f; found = 1; exit }
    END { if (!found) exit 1 }' "$work/watch.txt" \
    || { echo "no '$1' median in $work/watch.txt" >&2; return 1; }
}
warm=$(median "review compile --watch, save to PDF:")
cold=$(median "cold review compile:")
typst_warm=$(median "typst watch, save to PDF:")
typst_cold=$(median "cold typst compile:")
# The test's own ratio line, for the row that compares watch with a cold compile.
watch_ratio=$(awk '/^ratio watch \/ cold:/ { print $NF; found = 1 } END { if (!found) exit 1 }' "$work/watch.txt")
# median_row WHAT REVIEW_SECONDS REFERENCE_SECONDS [RATIO]
median_row() {
  local a b r
  a=$(duration "$2")
  b=$(duration "$3")
  r=${4:-$(ratio "$2" "$3")}
  row "$1" "$a" "$b" "$r"
}
median_row "watch, save to PDF (median): \`review compile --watch\` vs \`typst watch\`" "$warm" "$typst_warm"
median_row "watch, save to PDF (median): \`review compile --watch\` vs a cold \`review compile\`" "$warm" "$cold" "$watch_ratio"
median_row "cold compile in the watch test (median): \`review compile\` vs \`typst compile\`" "$cold" "$typst_cold"

echo "## check: 1,000 projects"
if [ ! -d "$work/many" ]; then
  rm -rf "$work/many.partial" && "$generate" projects 1000 "$work/many.partial" && mv "$work/many.partial" "$work/many"
fi
hf "$work/check.json" -N -n "review check" "$review check --records $work/many"
check=$(median_sd "$work/check.json" "review check")
check=$(duration "${check% *}" "${check#* }")
row "\`review check\` on 1,000 projects (no reference)" "$check" "—" "—"
check_kb=$(peak "$review" check --records "$work/many")
check_mb=$(megabytes "$check_kb")
row "peak RSS of that check (no reference)" "$check_mb" "—" "—"

echo "## history: 10,000 commits over 200 files, review vs git, without and with a commit-graph"
h10k=$(records_repo 10000)
no_graph "$h10k"
history_bench 10000 ""
with_graph "$h10k"
history_bench 10000 -graph
no_graph "$h10k"
for graph in "" -graph; do
  label=$(graph_label "$graph")
  time_row "10,000 commits, $label a commit-graph: \`review diff Q1 Q2\` vs two \`git rev-list -1 --before\` + \`git diff --stat -- records/\`" \
    "$work/history-10000$graph.json" "review diff Q1 Q2" "git rev-list + diff --stat"
  time_row "10,000 commits, $label a commit-graph: \`review log --quarters\` vs \`git log --stat -- records/\`" \
    "$work/history-10000$graph.json" "review log --quarters" "git log --stat"
done

echo "## history: peak RSS at 50,000 commits (no commit-graph)"
h50k=$(records_repo 50000)
no_graph "$h50k"
(
  cd "$h50k"
  review_kb=$(peak "$review" diff Q1 Q2)
  git_kb=$(peak bash -c "$git_diff_script")
  rss_row "peak RSS, 50,000 commits: \`review diff Q1 Q2\` vs git (rev-list ×2 + diff --stat, in bash)" "$review_kb" "$git_kb"
  review_kb=$(peak "$review" log --quarters)
  # shellcheck disable=SC2086 # the command line, split into words
  git_kb=$(peak $git_log)
  rss_row "peak RSS, 50,000 commits: \`review log --quarters\` vs \`git log --stat -- records/\`" "$review_kb" "$git_kb"
)

echo "## growth: review log --quarters and diff Q1 Q2 over 1,000 / 10,000 / 50,000 commits (no commit-graph)"
for n in 1000 50000; do
  no_graph "$(records_repo $n)"
  history_bench $n ""
done
for what in "log --quarters|git log --stat" "diff Q1 Q2|git rev-list + diff --stat"; do
  for n in 1000 10000 50000; do
    note=""
    [ "$n" = 10000 ] && note=" (the run above)"
    time_row "growth, $(commas "$n") commits$note: \`review ${what%%|*}\` vs git" \
      "$work/history-$n.json" "review ${what%%|*}" "${what#*|}"
  done
done

echo "## growing: large record files at 10,000 and 50,000 commits, review vs git, without and with a commit-graph"
for n in 10000 50000; do
  repo=$(growing_repo $n)
  no_graph "$repo"
  history_bench "g$n" "" "$repo"
  with_graph "$repo"
  history_bench "g$n" -graph "$repo"
  no_graph "$repo"
  for graph in "" -graph; do
    label=$(graph_label "$graph")
    time_row "growing files, $(commas $n) commits, $label a commit-graph: \`review diff Q1 Q2\` vs two \`git rev-list -1 --before\` + \`git diff --stat -- records/\`" \
      "$work/history-g$n$graph.json" "review diff Q1 Q2" "git rev-list + diff --stat"
    time_row "growing files, $(commas $n) commits, $label a commit-graph: \`review log --quarters\` vs \`git log --stat -- records/\`" \
      "$work/history-g$n$graph.json" "review log --quarters" "git log --stat"
  done
done
g50k=$(growing_repo 50000)
no_graph "$g50k"
(
  cd "$g50k"
  review_kb=$(peak "$review" diff Q1 Q2)
  git_kb=$(peak bash -c "$git_diff_script")
  rss_row "peak RSS, growing files, 50,000 commits: \`review diff Q1 Q2\` vs git (rev-list ×2 + diff --stat, in bash)" "$review_kb" "$git_kb"
  review_kb=$(peak "$review" log --quarters)
  # shellcheck disable=SC2086 # the command line, split into words
  git_kb=$(peak $git_log)
  rss_row "peak RSS, growing files, 50,000 commits: \`review log --quarters\` vs \`git log --stat -- records/\`" "$review_kb" "$git_kb"
)

echo "## status: growing files, 50,000 commits, a clean tree and one record edited, review vs git status"
(
  cd "$g50k"
  # Today inside the review year (its last evening, after the last commit), as when people use
  # it: status then also counts what the quarter added, from the state at the quarter's start
  # (kept in .git/review/status-quarter by HEAD, so the warm-up pays it once; the "first status
  # after a commit" row pays it each run). A clock before HEAD would walk back to the commit
  # of that day, which is not how status is used.
  REVIEW_NOW=$(date -d 2022-12-31T20:00:00+09:00 +%s)
  export REVIEW_NOW
  git status --porcelain >/dev/null
  hf "$work/status-clean.json" -N \
    -n "review status" "$review status" \
    -n "git status" "git status"
  hf "$work/status-first.json" -N --prepare "rm -f .git/review/status-quarter" \
    -n "review status" "$review status" \
    -n "git status" "git status"
  edited=records/projects/p0007.json
  cp "$edited" "$work/status-edited.bak"
  sed -i 's/"Project 7"/"Project 7, renamed"/' "$edited"
  hf "$work/status-edited.json" -N \
    -n "review status" "$review status" \
    -n "git status" "git status"
  cp "$work/status-edited.bak" "$edited"
  git status --porcelain >/dev/null
)
time_row "\`review status\`, growing files, 50,000 commits, clean tree: vs \`git status\`" \
  "$work/status-clean.json" "review status" "git status"
time_row "\`review status\`, growing files, 50,000 commits, one project edited: vs \`git status\`" \
  "$work/status-edited.json" "review status" "git status"
time_row "\`review status\`, growing files, 50,000 commits, the first after a commit (the quarter's count not kept yet): vs \`git status\`" \
  "$work/status-first.json" "review status" "git status"

echo "## import: a year of one author's work from a clone with 100,000 commits, review vs git log"
import_repo=$work/work100k
if [ ! -d "$import_repo" ]; then
  rm -rf "$import_repo.partial" && "$generate" work 100000 "$import_repo.partial" && mv "$import_repo.partial" "$import_repo"
fi
no_graph "$import_repo"
rm -rf "$work/import-year" && "$review" init --example "$work/import-year" >/dev/null
# The first import drafts the year; every timed run after it finds nothing new, so what is timed
# is the walk and the read of the inbox.
(cd "$work/import-year" && "$review" import git "$import_repo" --author ann@example.com)
git_since="git -C $import_repo log --author=ann@example.com --since=2022-01-01T00:00:00+09:00 --until=2023-01-01T00:00:00+09:00"
for graph in "" -graph; do
  [ -z "$graph" ] || with_graph "$import_repo"
  (cd "$work/import-year" && hf "$work/import$graph.json" -N \
    -n "review import git" "$review import git $import_repo --author ann@example.com" \
    -n "git log --author --since --until" "$git_since")
done
no_graph "$import_repo"
for graph in "" -graph; do
  label=$(graph_label "$graph")
  time_row "import a year from 100,000 commits, $label a commit-graph: \`review import git\` vs \`git log --author --since --until\`" \
    "$work/import$graph.json" "review import git" "git log --author --since --until"
done
review_kb=$(cd "$work/import-year" && peak "$review" import git "$import_repo" --author ann@example.com)
# shellcheck disable=SC2086 # the command line, split into words
git_kb=$(peak $git_since)
rss_row "peak RSS of that import (no commit-graph)" "$review_kb" "$git_kb"

# ---------------------------------------------------------------------------------------------
# Claims a manager can verify (issue 22): `review verify` over a year of 1,000 commit references
# into the 100,000-commit clone, beside `git cat-file --batch-check` on the same ids (which only
# finds the objects: verify also checks author, date and reachability from the branch).
git -C "$import_repo" log --format=%H --author=ann@example.com --no-merges \
  --since=2022-01-01T00:00:00+09:00 --until=2023-01-01T00:00:00+09:00 >"$work/year-commits"
# 1,000 of them, spread evenly through the year.
awk -v n=1000 'NR == FNR { total++; next } (FNR - 1) % int(total / n) == 0 && kept < n { print; kept++ }' \
  "$work/year-commits" "$work/year-commits" >"$work/cited"
awk 'BEGIN { print "{\n  \"title\": \"Cited work\",\n  \"period\": {\"start\": \"2022-01\", \"end\": \"2022-12\"},\n  \"lists\": [{\"id\": \"results\", \"title\": \"Results\", \"items\": [" }
     { printf "%s    {\"id\": \"c%d\", \"text\": \"Change %d\", \"evidence\": [{\"commit\": \"%s\", \"repo\": \"tool\"}]}", (NR > 1 ? ",\n" : ""), NR, NR, $1 }
     END { print "\n  ]}]\n}" }' "$work/cited" >"$work/import-year/records/projects/cited.json"
cited=$(wc -l <"$work/cited")
[ "$cited" -eq 1000 ] || { echo "benches: expected 1,000 cited commits, found $cited" >&2; exit 2; }
(cd "$work/import-year" && "$review" verify --author ann@example.com >/dev/null 2>&1) || {
  echo "benches: review verify fails on the cited year" >&2; exit 2; }
# The walk git needs to answer the same questions (author and date of the year's commits).
git_year="git -C $import_repo log --format='%H %ae %at' --since=2022-01-01T00:00:00+09:00 --until=2023-01-01T00:00:00+09:00"
for graph in "" -graph; do
  if [ -z "$graph" ]; then no_graph "$import_repo"; else with_graph "$import_repo"; fi
  (cd "$work/import-year" && hf "$work/verify$graph.json" \
    -n "review verify" "$review verify --author ann@example.com" \
    -n "git cat-file --batch-check" "git -C $import_repo cat-file --batch-check <$work/cited" \
    -n "git log of the year" "$git_year")
done
no_graph "$import_repo"
for graph in "" -graph; do
  label=$(graph_label "$graph")
  time_row "verify 1,000 references against a 100,000-commit clone, $label a commit-graph: \`review verify\` vs \`git cat-file --batch-check\` (same ids)" \
    "$work/verify$graph.json" "review verify" "git cat-file --batch-check"
  time_row "verify 1,000 references against a 100,000-commit clone, $label a commit-graph: \`review verify\` vs \`git log\` of the year (author and date of every commit)" \
    "$work/verify$graph.json" "review verify" "git log of the year"
done

# ---------------------------------------------------------------------------------------------
# One source, two languages (issue 21): the English projection of the bundled records costs no
# more than the primary language, side by side in one hyperfine run.
hf "$work/lang.json" -N \
  -n "review compile --lang en" "$review compile --lang en -o $work/review-en.pdf" \
  -n "review compile" "$review compile -o $work/review-ko.pdf"
time_row "the bundled records in English: \`review compile --lang en\` vs \`review compile\` (the primary language, Korean)" \
  "$work/lang.json" "review compile --lang en" "review compile"

# ---------------------------------------------------------------------------------------------
review_version=$("$review" --version)
revision=$(git -C "$root" rev-parse --short HEAD)
typst_version=$("$typst" --version | awk '{ print "Typst CLI " $2 }')
git_version=$(git --version)
hyperfine_version=$(hyperfine --version)
{
  echo "# Performance figures"
  echo
  echo "- Machine: $cores cores, $cpu; $when."
  echo "- Tools: $review_version (benches at $revision), $typst_version, $git_version, $hyperfine_version."
  echo "- Times: hyperfine's median ± σ over $runs runs after a warm-up; review and its reference ran in the same hyperfine run. Watch rows: medians of $runs saves (tests/cli/watch.rs)."
  echo "- Ratio: review ÷ reference; below 1, review is faster or smaller. Peak RSS: \`/usr/bin/time -f %M\`, one run each."
  echo "- With a commit-graph, review's first run keeps the author dates it read in \`.git/review/author-dates\` (the graph holds only committer dates); hyperfine's warm-up is that run, so the timed runs read no commit object."
  echo "- Inputs: \`cargo run --release --example generate -- history N 200\` (records over 200 small files), \`growing N 200\` (200 project files whose lists grow through the year: 6.7 MB of records at 50,000 commits), \`projects 1000\`, \`work 100000\` (the clone import reads), \`scale N records\` (the example's projects and items repeated N times)."
  echo
  echo "| What | review | Reference | Ratio |"
  echo "|---|--:|--:|--:|"
  cat "$rows"
} >"$figures"
rm -f "$rows"
echo
cat "$figures"
echo
echo "figures in $figures; hyperfine exports in $work/*.json, $work/*.md"
