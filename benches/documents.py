#!/usr/bin/env python3
"""Benchmark policylint on a generated repository of many documents.

Generates a repository of N policy documents with realistic front matter and
bodies (fixed content and commit dates, so every run sees the same input),
then times, in one run and on the same files:

  - policylint check --no-history   (front matter, catalog, coverage, review)
  - policylint check                (the same plus the Git history rules)
  - markdownlint-cli2 on the same Markdown files, as a reference point

and prints wall time (median of the runs), peak resident memory, documents
per second and the ratio of markdownlint-cli2's time to policylint's.

Usage:
  benches/documents.py [--documents 10000] [--runs 3] [--dir DIR]
                       [--policylint PATH] [--markdownlint PATH]

markdownlint-cli2 is installed from the npm registry into the benchmark
folder when --markdownlint is not given.
"""

import argparse
import os
import random
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MARKDOWNLINT_VERSION = "0.24.1"

TYPES = [
    ("policies", "policy", "POL"),
    ("procedures", "procedure", "PRO"),
    ("standards", "standard", "STD"),
    ("plans", "plan", "PLN"),
    ("records", "record", "REC"),
]
OWNERS = ["jdoe", "asmith", "mchen", "rpatel", "lgarcia", "okim", "tnguyen", "bmueller"]
TOPICS = [
    "Access Control", "Cryptography", "Supplier Security", "Incident Management",
    "Business Continuity", "Human Resources Security", "Physical Security",
    "Secure Development", "Logging and Monitoring", "Vulnerability Management",
    "Data Classification", "Asset Management", "Acceptable Use", "Backup",
    "Change Management", "Network Security", "Cloud Security", "Privacy",
]
SENTENCES = [
    "Access is granted on the principle of least privilege and reviewed every quarter.",
    "System owners approve every change to the access of their systems in the ticketing system.",
    "Encryption keys are stored in the managed key service and rotated every year.",
    "Suppliers that process confidential data are assessed before the contract is signed.",
    "Security events are forwarded to the central log platform and kept for twelve months.",
    "The on-call engineer triages each alert within thirty minutes during working hours.",
    "Exceptions are recorded in the risk register with an owner and an expiry date.",
    "Staff complete the security awareness course when they join and every year after.",
    "Backups are tested by a monthly restore of a sample of production data.",
    "Changes to production follow the change management procedure and need a second reviewer.",
    "Laptops use full-disk encryption and receive operating system updates within fourteen days.",
    "Customer data is classified as confidential unless the customer agrees otherwise.",
]


def iso_controls():
    counts = {5: 37, 6: 8, 7: 14, 8: 34}
    return [f"A.{theme}.{n}" for theme, count in counts.items() for n in range(1, count + 1)]


def document(index, rng, controls):
    folder, doc_type, prefix = TYPES[index % len(TYPES)]
    topic = TOPICS[index % len(TOPICS)]
    doc_id = f"{prefix}-{index:05d}"
    title = f"{topic} {doc_type.title()} {index}"
    listed = sorted(rng.sample(controls, rng.randint(3, 8)), key=lambda c: [int(p) for p in c[2:].split(".")])
    month = rng.randint(1, 11)
    day = rng.randint(1, 28)
    front = [
        "---",
        f"id: {doc_id}",
        f"title: {title}",
        f"type: {doc_type}",
        "status: approved",
        f"owner: {rng.choice(OWNERS)}",
        f"approver: {rng.choice(OWNERS)}",
        f"classification: {rng.choice(['internal', 'confidential'])}",
        f'version: "{rng.randint(1, 4)}.{rng.randint(0, 9)}"',
        f"last_reviewed: 2026-{month:02d}-{day:02d}",
        f"controls: [{', '.join(listed)}]",
        "---",
    ]
    body = [f"# {title}", ""]
    sections = ["Purpose", "Scope", "Roles and responsibilities", "Policy statements", "Compliance", "Exceptions", "Review"]
    for section in sections:
        body += [f"## {section}", ""]
        paragraph = " ".join(rng.choice(SENTENCES) for _ in range(rng.randint(3, 6)))
        body += [paragraph, ""]
        if section == "Policy statements":
            for sub in range(rng.randint(2, 4)):
                body += [f"### Statement {sub + 1}", ""]
                body += [f"- {rng.choice(SENTENCES)}" for _ in range(rng.randint(3, 6))]
                body += [""]
            body += ["| Level | Handling |", "| --- | --- |", "| Internal | Shared inside the company |", "| Confidential | Named people only |", ""]
        if section == "Compliance":
            other = (index + 1) % max(index + 1, 2)
            other_folder, _, other_prefix = TYPES[other % len(TYPES)]
            body += [f"See also [the related document](../{other_folder}/{other_prefix.lower()}-{other:05d}.md).", ""]
    return folder, f"{prefix.lower()}-{index:05d}.md", "\n".join(front + body) + "\n"


def generate(directory, count):
    """Write the repository and commit it with fixed dates."""
    if directory.exists():
        shutil.rmtree(directory)
    directory.mkdir(parents=True)
    rng = random.Random(20261204)
    controls = iso_controls()
    for index in range(count):
        folder, name, text = document(index, rng, controls)
        path = directory / folder / name
        path.parent.mkdir(exist_ok=True)
        path.write_text(text)
    roster = "\n".join(f"  - id: {owner}\n    name: {owner.title()}" for owner in OWNERS)
    (directory / "policylint.yaml").write_text(
        "framework: iso27001-2022\n"
        "documents:\n"
        '  include: ["policies/**/*.md", "procedures/**/*.md", "standards/**/*.md", "plans/**/*.md", "records/**/*.md"]\n'
        f"owners:\n{roster}\n"
        "required_documents: off\n"
    )
    env = dict(os.environ)
    env.update({
        "GIT_AUTHOR_NAME": "Bench", "GIT_AUTHOR_EMAIL": "bench@example.com",
        "GIT_COMMITTER_NAME": "Bench", "GIT_COMMITTER_EMAIL": "bench@example.com",
        "GIT_AUTHOR_DATE": "2026-11-01T10:00:00Z", "GIT_COMMITTER_DATE": "2026-11-01T10:00:00Z",
    })
    for args in (["init", "-q", "-b", "main"], ["add", "-A"], ["commit", "-q", "-m", "Add the ISMS documents"]):
        subprocess.run(["git", *args], cwd=directory, env=env, check=True)


def measure(command, cwd, runs):
    """Run `command` `runs` times; return median wall seconds and max peak RSS in MiB."""
    walls, peaks = [], []
    for _ in range(runs):
        started = time.perf_counter()
        result = subprocess.run(
            ["/usr/bin/time", "-f", "%M", *command],
            cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
        )
        walls.append(time.perf_counter() - started)
        peak_kib = int(result.stderr.strip().splitlines()[-1])
        peaks.append(peak_kib / 1024)
        if result.returncode not in (0, 1):
            sys.exit(f"{command[0]} failed with exit code {result.returncode}:\n{result.stderr}")
    return statistics.median(walls), max(peaks)


def install_markdownlint(directory):
    tool = directory / "node_modules" / ".bin" / "markdownlint-cli2"
    if not tool.exists():
        directory.mkdir(parents=True, exist_ok=True)
        subprocess.run(["npm", "init", "-y"], cwd=directory, check=True, stdout=subprocess.DEVNULL)
        subprocess.run(
            ["npm", "install", "--no-audit", "--no-fund", f"markdownlint-cli2@{MARKDOWNLINT_VERSION}"],
            cwd=directory, check=True, stdout=subprocess.DEVNULL,
        )
    return tool


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--documents", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--dir", type=Path, default=Path("/tmp/policylint-bench-documents"))
    parser.add_argument("--policylint", type=Path, default=ROOT / "target" / "release" / "policylint")
    parser.add_argument("--markdownlint", type=Path)
    args = parser.parse_args()

    repo = args.dir / "repo"
    print(f"generating {args.documents} documents in {repo}", flush=True)
    generate(repo, args.documents)
    markdownlint = args.markdownlint or install_markdownlint(args.dir / "markdownlint")

    common = ["--format", "json", "--today", "2026-12-04"]
    results = {
        "policylint check --no-history": measure([str(args.policylint), "check", ".", "--no-history", *common], repo, args.runs),
        "policylint check": measure([str(args.policylint), "check", ".", *common], repo, args.runs),
        # markdownlint-cli2 reads `.markdownlint-cli2.*` configs; there are
        # none, so it runs its default rule set on every file the glob matches.
        "markdownlint-cli2": measure([str(markdownlint), "**/*.md"], repo, args.runs),
    }

    print(f"\n{args.documents} documents, median of {args.runs} runs")
    print(f"{'command':32} {'wall (s)':>9} {'peak RSS (MiB)':>15} {'documents/s':>12}")
    for name, (wall, peak) in results.items():
        print(f"{name:32} {wall:9.3f} {peak:15.1f} {args.documents / wall:12.0f}")
    reference = results["markdownlint-cli2"][0]
    for name in ("policylint check --no-history", "policylint check"):
        print(f"markdownlint-cli2 / {name}: {reference / results[name][0]:.1f}x")


if __name__ == "__main__":
    main()
