#!/usr/bin/env python3
"""Replaces one benchmark's section of a results file, keeping every other section as it is.

Usage: bench-section.py FILE "## Heading" ["# Title"] < section.md  (the section read from standard input starts with its
heading; the heading given is the prefix that finds the old one). A missing or empty file starts with the title.
"""
import re
import sys

path, heading = sys.argv[1], sys.argv[2]
section = sys.stdin.read().rstrip("\n")
try:
    text = open(path).read()
except FileNotFoundError:
    text = ""
if not text.strip():
    text = (sys.argv[3] if len(sys.argv) > 3 else "# Labels and barcodes: measured figures") + "\n"
pattern = re.compile(re.escape(heading) + r".*?(?=\n## |\Z)", re.S)
text = pattern.sub(lambda m: section + "\n", text) if pattern.search(text) else text.rstrip() + "\n\n" + section + "\n"
open(path, "w").write(text)
