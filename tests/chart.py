"""The Gantt chart's formats, paper and paging, read back with poppler
(pdfinfo, pdftotext), PIL-free PNG headers and ElementTree for SVG.

Usage: /usr/bin/python3 chart.py PLANNER SOURCE_ROOT   (prints TAP)
"""
import math
import os
import re
import struct
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET

import taplib
from taplib import FIXED, ok, run, tool

taplib.PLANNER = sys.argv[1]
ROOT = sys.argv[2]
EXAMPLE = os.path.join(ROOT, "examples", "core-migration.yaml")


def pdf_info(path):
    out = tool("pdfinfo", path).stdout
    pages = int(re.search(r"Pages:\s+(\d+)", out).group(1))
    w, h = (float(x) for x in re.search(r"Page size:\s+([\d.]+) x ([\d.]+)",
                                          out).groups())
    return pages, round(w), round(h)


def png_size(path):
    with open(path, "rb") as f:
        head = f.read(24)
    return struct.unpack(">II", head[16:24])


def test_formats(tmp):
    out = os.path.join(tmp, "f")
    r = run("gantt", EXAMPLE, "-o", out, *FIXED)
    ok(r.returncode == 0, "gantt PROJECT writes a PDF", r.stderr)
    pages, w, h = pdf_info(os.path.join(out, "gantt.pdf"))
    ok((w, h) == (1191, 842), "default paper is A3 landscape", (w, h))
    r = run("gantt", EXAMPLE, "-o", out, "--format", "png", "--dpi", "72",
            *FIXED)
    pngs = sorted(f for f in os.listdir(out) if f.endswith(".png"))
    ok(r.returncode == 0 and len(pngs) == pages,
       f"--format png writes one file per page ({pages})", pngs)
    ok(pngs and png_size(os.path.join(out, pngs[0])) == (1191, 842),
       "a 72 dpi PNG page is the page size in pixels",
       pngs and png_size(os.path.join(out, pngs[0])))
    r = run("gantt", EXAMPLE, "-o", out, "--format", "png", "--dpi", "144",
            *FIXED)
    ok(png_size(os.path.join(out, "gantt-1.png")) == (2382, 1684),
       "--dpi 144 doubles it")
    r = run("gantt", EXAMPLE, "-o", out, "--format", "svg", *FIXED)
    svgs = sorted(f for f in os.listdir(out) if f.endswith(".svg"))
    try:
        roots = [ET.parse(os.path.join(out, f)).getroot() for f in svgs]
    except ET.ParseError as e:
        roots = [e]
    ok(r.returncode == 0 and len(svgs) == pages and
       all(getattr(x, "tag", "").endswith("svg") for x in roots),
       "--format svg writes a well-formed SVG per page", svgs)
    for paper, portrait, size in (("a4", False, (842, 595)),
                                  ("letter", True, (612, 792)),
                                  ("a3", True, (842, 1191))):
        args = ["gantt", EXAMPLE, "-o", out, "--paper", paper, *FIXED]
        if portrait:
            args.append("--portrait")
        r = run(*args)
        _, w, h = pdf_info(os.path.join(out, "gantt.pdf"))
        ok(r.returncode == 0 and (w, h) == size,
           f"--paper {paper}{' --portrait' if portrait else ''} gives "
           f"{size[0]} x {size[1]} points", (w, h, r.stderr))
    text = tool("pdftotext", os.path.join(out, "gantt.pdf"), "-").stdout
    peaks = [int(x) for x in re.findall(r"peak (\d+)%", text)]
    ok(peaks and max(peaks) <= 100,
       f"resource pages: {len(peaks)} pools and people, none over capacity "
       "in the leveled schedule", peaks)
    r = run("gantt", EXAMPLE, "--format", "jpeg")
    ok(r.returncode == 2 and "--format 'jpeg'" in r.stderr,
       "an unknown format is refused", r.stderr)


def test_paging(tmp):
    """A3 landscape holds 46 task rows a page and 23 resource rows
    (docs/charts.md): a 600-task project with 20 people in 4 pools takes
    ceil(rows / 46) task pages and ceil(24 / 23) resource pages."""
    path = os.path.join(tmp, "p600.yaml")
    with open(path, "w", encoding="utf-8") as f:
        subprocess.run(["/usr/bin/python3",
                        os.path.join(ROOT, "tests", "bench", "gen_project.py"),
                        "600", "20", "4", "700", "7"], stdout=f, check=True)
    r = run("check", path)
    m = re.search(r"\((\d+) tasks, \d+ dependencies, (\d+) resources, "
                  r"(\d+) pools", r.stdout)
    rows, people = int(m.group(1)), int(m.group(2)) + int(m.group(3))
    want = math.ceil(rows / 46) + math.ceil(people / 23)
    out = os.path.join(tmp, "p600")
    r = run("gantt", path, "-o", out, *FIXED)
    pages, _, _ = pdf_info(os.path.join(out, "gantt.pdf"))
    ok(r.returncode == 0 and pages == want,
       f"{rows} task rows and {people} load rows take {want} pages", pages)
    text = tool("pdftotext", "-f", str(pages), "-l", str(pages),
                os.path.join(out, "gantt.pdf"), "-").stdout
    ok("Resource load by week" in text and "peak" in text,
       "the last pages carry the resource load", text[:300])
    text = tool("pdftotext", "-f", str(pages), "-l", str(pages),
                os.path.join(out, "gantt.pdf"), "-").stdout
    ok(f"Page {pages} of {pages}" in text,
       "the last page says so in its footer")


with tempfile.TemporaryDirectory() as tmp:
    test_formats(tmp)
    test_paging(tmp)
taplib.finish()
