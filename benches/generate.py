#!/usr/bin/env python3
"""Build a synthetic monorepo that contains an ISMS, for the history benchmark.

The repository has DOCS policy documents in one folder (isms/policies/) and a
source tree beside it (src/). Most commits change a source file. The others
edit a policy's body, record a review by updating `last_reviewed`, or record
a review with a `Policy-Reviewed:` trailer in an empty commit. Every author
and committer date is derived from the commit's number, so the same
arguments always build the same repository (the same commit ids).

Usage: generate.py DEST --commits N [--docs N]
"""

import argparse
import datetime
import os
import random
import subprocess
import sys

START = datetime.datetime(2024, 1, 1, 9, 0, tzinfo=datetime.timezone.utc)
STEP = datetime.timedelta(minutes=20)
SOURCE_FILES = 5000
# The share of commits that touch the ISMS folder, as in a monorepo where
# the security team's documents change far less often than the code.
EDIT_SHARE = 0.02
REVIEW_SHARE = 0.05
TRAILER_SHARE = 0.01
# Reviews happen in the newest part of the history only, as in a team that
# reviews every document once a year: the walk can stop there.
REVIEW_WINDOW = 0.4


def policy(number, reviewed, revision):
    body = "\n".join(
        f"Paragraph {p} of policy {number}, revision {revision}. "
        "Access to information is granted on a need-to-know basis."
        for p in range(12)
    )
    return (
        "---\n"
        f"id: POL-{number:05d}\n"
        f"title: Policy {number}\n"
        "type: policy\n"
        "status: approved\n"
        "owner: jdoe\n"
        f"last_reviewed: {reviewed}\n"
        "controls: [A.5.1]\n"
        "---\n"
        f"# Policy {number}\n\n{body}\n"
    )


def data(text):
    raw = text.encode()
    return b"data %d\n" % len(raw) + raw + b"\n"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dest")
    parser.add_argument("--commits", type=int, required=True)
    parser.add_argument("--docs", type=int, default=5000)
    args = parser.parse_args()

    rng = random.Random(20261204)
    os.makedirs(args.dest, exist_ok=False)
    env = dict(os.environ, GIT_CONFIG_NOSYSTEM="1", GIT_CONFIG_GLOBAL="/dev/null")
    subprocess.run(["git", "init", "-q", "-b", "main", args.dest], check=True, env=env)
    importer = subprocess.Popen(
        ["git", "fast-import", "--quiet"], cwd=args.dest, stdin=subprocess.PIPE, env=env
    )
    out = importer.stdin

    revisions = [0] * args.docs
    reviewed = ["2024-01-01"] * args.docs
    review_from = int(args.commits * (1 - REVIEW_WINDOW))
    next_review = 0
    # A review commit updates this many documents, in turn, so that every
    # document is reviewed once or twice in the window whatever the history
    # size: the walk then reaches back over the same share of the history.
    expected_reviews = args.commits * REVIEW_WINDOW * REVIEW_SHARE
    review_batch = int(args.docs / expected_reviews) + 1
    for n in range(args.commits):
        when = START + n * STEP
        stamp = f"{int(when.timestamp())} +0000"
        day = when.date().isoformat()
        author = f"Dev {n % 37} <dev{n % 37}@example.com>"
        lines = []
        if n == 0:
            message = "Add the ISMS and the code"
            for d in range(args.docs):
                lines.append(f"M 100644 inline isms/policies/policy-{d:05d}.md\n".encode())
                lines.append(data(policy(d, reviewed[d], 0)))
            lines.append(b"M 100644 inline isms/policylint.yaml\n")
            lines.append(data('documents:\n  include: ["policies/*.md"]\nrequired_documents: off\n'))
            for f in range(SOURCE_FILES):
                lines.append(f"M 100644 inline src/m{f % 100:02d}/f{f:05d}.txt\n".encode())
                lines.append(data(f"file {f} version 0\n"))
        else:
            roll = rng.random()
            d = rng.randrange(args.docs)
            if roll < EDIT_SHARE:
                revisions[d] += 1
                message = f"Edit policy {d}"
                lines.append(f"M 100644 inline isms/policies/policy-{d:05d}.md\n".encode())
                lines.append(data(policy(d, reviewed[d], revisions[d])))
            elif roll < EDIT_SHARE + REVIEW_SHARE and n >= review_from:
                message = f"Review {review_batch} policies"
                for _ in range(review_batch):
                    d = next_review % args.docs
                    next_review += 1
                    reviewed[d] = day
                    lines.append(f"M 100644 inline isms/policies/policy-{d:05d}.md\n".encode())
                    lines.append(data(policy(d, reviewed[d], revisions[d])))
            elif roll < EDIT_SHARE + REVIEW_SHARE + TRAILER_SHARE and n >= review_from:
                message = f"Review policy {d}, no changes\n\nPolicy-Reviewed: POL-{d:05d}"
            else:
                f = rng.randrange(SOURCE_FILES)
                message = f"Change module {f % 100}"
                lines.append(f"M 100644 inline src/m{f % 100:02d}/f{f:05d}.txt\n".encode())
                lines.append(data(f"file {f} version {n}\n"))
        out.write(b"commit refs/heads/main\n")
        out.write(f"author {author} {stamp}\ncommitter {author} {stamp}\n".encode())
        out.write(data(message))
        for line in lines:
            out.write(line)
        out.write(b"\n")
    out.close()
    if importer.wait() != 0:
        sys.exit("git fast-import failed")
    # fast-import stores each version as a delta on the previous one, the
    # opposite of what Git's own packing does (newest versions whole, older
    # ones as deltas), which is what a clone receives. Recompute the deltas
    # the way `git gc --aggressive` does, then write the commit-graph file
    # that `git gc` writes, which `git log` uses.
    subprocess.run(["git", "repack", "-a", "-d", "-f", "-q"], cwd=args.dest, check=True, env=env)
    subprocess.run(
        ["git", "commit-graph", "write", "--reachable"], cwd=args.dest, check=True, env=env
    )
    subprocess.run(["git", "checkout", "-q", "main"], cwd=args.dest, check=True, env=env)


if __name__ == "__main__":
    main()
