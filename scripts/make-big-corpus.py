#!/usr/bin/env python3
"""Writes a large corpus for timing the text stages, and a study that reads it.

The posts are the default study's (data/corpus/posts.csv) drawn at random with replacement,
each with a fresh id, so the text is the study's own and the vocabulary stays that of a real
corpus while the documents grow. The study (report.yaml beside the posts) runs the text
stages of the default study (terms, 2/3/5-grams, associations, collocations) with
clustering off, so a build times reading, tokenising, stemming, counting, n-grams,
associations and writing.

    scripts/make-big-corpus.py DIR POSTS [--seed N]

`POSTS` may be written 210910, 210k or 5M. The issue's unit ("1x") is 21,091 documents,
so 1x, 10x and 30x are 21091, 210910 and 632730. Time a build with

    /usr/bin/time -v target/release/mobilize build -q -c DIR/report.yaml
"""

import argparse
import csv
import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# The study written beside the posts, shared with benches/build.rs.
STUDY = (ROOT / "scripts/big-corpus-study.yaml").read_text(encoding="utf-8")


def count(text):
    """210910, 210k or 5M as a number."""
    scale = {"k": 1_000, "m": 1_000_000}.get(text[-1:].lower(), 1)
    digits = text[:-1] if scale > 1 else text
    try:
        value = int(float(digits) * scale)
    except ValueError:
        raise argparse.ArgumentTypeError(f"found {text!r}, expected a number such as 210910, 210k or 5M")
    if value < 1:
        raise argparse.ArgumentTypeError(f"found {text!r}, expected at least one post")
    return value


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dir", type=Path, help="folder for posts.csv and report.yaml")
    parser.add_argument("posts", type=count, help="number of posts, e.g. 210910, 210k, 5M")
    parser.add_argument("--seed", type=int, default=21, help="random seed (default 21)")
    args = parser.parse_args()

    with open(ROOT / "data/corpus/posts.csv", newline="", encoding="utf-8") as source:
        rows = [(row["date"], row["text"]) for row in csv.DictReader(source)]
    rng = random.Random(args.seed)
    args.dir.mkdir(parents=True, exist_ok=True)
    with open(args.dir / "posts.csv", "w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(["id", "date", "text"])
        for i in range(args.posts):
            date, text = rows[rng.randrange(len(rows))]
            writer.writerow([f"post-{i + 1:08d}", date, text])
    (args.dir / "report.yaml").write_text(STUDY.replace("{posts}", str(args.posts)), encoding="utf-8")
    print(f"wrote {args.posts} posts to {args.dir / 'posts.csv'}", file=sys.stderr)


if __name__ == "__main__":
    main()
