#!/usr/bin/env python3
"""Time policylint's history walk against the equivalent `git log` query.

For each history size, builds the synthetic repository with generate.py
(once; an existing one is reused), then times, in the same run:

  git log --format='%H %an %at' --name-only -- isms/policies
  policylint check isms --format json
  policylint check isms --format json --no-history

and prints a Markdown table: the median of RUNS runs of each, the ratio
policylint / git log, the history work (the difference of the two
policylint runs) and the non-history work per document.

Usage: run.py --binary target/release/policylint --work /tmp/bench
              [--commits 25000 50000] [--docs 5000] [--runs 5]
"""

import argparse
import datetime
import os
import platform
import re
import resource
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))


def cpu_seconds():
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def timed(command, cwd, env):
    """Runs a command; returns its wall-clock and CPU seconds and stderr.
    CPU time is reported too because the benchmark machine may be shared."""
    cpu = cpu_seconds()
    start = time.perf_counter()
    result = subprocess.run(
        command, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    elapsed = time.perf_counter() - start
    if result.returncode not in (0, 1):
        sys.exit(f"{command[0]} failed: {result.stderr.decode()}")
    return elapsed, cpu_seconds() - cpu, result.stderr.decode()


def median_time(command, cwd, env, runs):
    """Median wall-clock and CPU seconds of RUNS runs."""
    results = [timed(command, cwd, env) for _ in range(runs)]
    return (
        statistics.median(r[0] for r in results),
        statistics.median(r[1] for r in results),
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--binary", required=True)
    parser.add_argument("--work", required=True)
    parser.add_argument("--commits", type=int, nargs="+", default=[25000, 50000])
    parser.add_argument("--docs", type=int, default=5000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()

    binary = os.path.abspath(args.binary)
    env = dict(os.environ, GIT_CONFIG_NOSYSTEM="1", GIT_CONFIG_GLOBAL="/dev/null")
    for variable in ("GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE", "POLICYLINT_TODAY"):
        env.pop(variable, None)
    os.makedirs(args.work, exist_ok=True)

    rows = []
    for commits in args.commits:
        repo = os.path.join(args.work, f"isms-{commits}-{args.docs}")
        if not os.path.isdir(repo):
            subprocess.run(
                [sys.executable, os.path.join(HERE, "generate.py"), repo,
                 "--commits", str(commits), "--docs", str(args.docs)],
                check=True,
            )
        # Judge reviews on the day after the last commit (20 minutes apart
        # from 2024-01-01), so the findings are those of a live repository.
        last = datetime.datetime(2024, 1, 1, 9) + (commits - 1) * datetime.timedelta(minutes=20)
        today = (last + datetime.timedelta(days=1)).date().isoformat()

        git_log = ["git", "log", "--format=%H %an %at", "--name-only", "--", "isms/policies"]
        check = [binary, "check", "isms", "--format", "json", "--today", today]
        _, _, log = timed(check + ["-v"], repo, env)
        visited = re.search(r"history walk visited (\d+) commits", log)

        # Warm the page cache once, then alternate the commands.
        timed(git_log, repo, env)
        git_time = median_time(git_log, repo, env, args.runs)
        full = median_time(check, repo, env, args.runs)
        no_history = median_time(check + ["--no-history"], repo, env, args.runs)
        rows.append((commits, visited.group(1) if visited else "?", git_time, full, no_history))

    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, {platform.platform()}")
    print(f"documents: {args.docs}, runs per command: {args.runs} (median)\n")
    print("| commits | walked | git log wall / CPU | policylint wall / CPU | ratio wall / CPU "
          "| history work (CPU) | non-history work per document (CPU) |")
    print("| ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for commits, visited, git_time, full, no_history in rows:
        print(
            f"| {commits:,} | {visited} | {git_time[0]:.2f} s / {git_time[1]:.2f} s "
            f"| {full[0]:.2f} s / {full[1]:.2f} s "
            f"| {full[0] / git_time[0]:.2f} / {full[1] / git_time[1]:.2f} "
            f"| {full[1] - no_history[1]:.2f} s | {no_history[1] / args.docs * 1e6:.0f} µs |"
        )


if __name__ == "__main__":
    main()
