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
    # Tiling: a day scale on A4 does not fit one page wide.
    r = run("gantt", EXAMPLE, "-o", out, "--paper", "a4", "--scale", "day",
            *FIXED)
    tiled, _, _ = pdf_info(os.path.join(out, "gantt.pdf"))
    text = tool("pdftotext", "-f", "1", "-l", "1",
                os.path.join(out, "gantt.pdf"), "-").stdout
    m = re.search(r"rows 1, time 1/(\d+)", text)
    ok(r.returncode == 0 and m and int(m.group(1)) > 1 and
       tiled % int(m.group(1)) == 0,
       f"--scale day tiles the timeline ({m and m.group(1)} bands, "
       f"{tiled} pages)", text[-200:])
    r = run("gantt", EXAMPLE, "-o", out, "--paper", "a4", "--scale", "day",
            "--fit", *FIXED)
    fitted, _, _ = pdf_info(os.path.join(out, "gantt.pdf"))
    ok(r.returncode == 0 and m and fitted * int(m.group(1)) == tiled,
       f"--fit keeps it one page wide ({fitted} pages)")
    r = run("gantt", EXAMPLE, "-o", out, "--depth", "2", "--columns",
            "wbs,name,done", *FIXED)
    text = tool("pdftotext", os.path.join(out, "gantt.pdf"), "-").stdout
    ok(r.returncode == 0 and "规划阶段" in text and "立项与需求" in text and
       "项目启动会" not in text and "Start" not in text,
       "--depth 2 shows two WBS levels and --columns picks the grid")
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
    import json
    r = run("solve", path, "--json", *FIXED)
    names = [t["name"] for t in json.loads(r.stdout)["tasks"]]
    misplaced = []
    for page in range(1, math.ceil(rows / 46) + 1):
        words = set(tool("pdftotext", "-f", str(page), "-l", str(page),
                         os.path.join(out, "gantt.pdf"), "-").stdout.split())
        for k in range((page - 1) * 46, min(page * 46, rows)):
            if names[k] not in words:
                misplaced.append((page, names[k]))
    ok(not misplaced, f"every one of {rows} task names is on its page "
       "(row k on page k // 46 + 1)", misplaced[:5])
    text = tool("pdftotext", "-f", str(pages), "-l", str(pages),
                os.path.join(out, "gantt.pdf"), "-").stdout
    ok(f"Page {pages} of {pages}" in text,
       "the last page says so in its footer")


def ppm(path):
    """(width, height, bytes) of a binary PPM."""
    with open(path, "rb") as f:
        data = f.read()
    parts = data.split(maxsplit=4)
    w, h = int(parts[1]), int(parts[2])
    return w, h, parts[4][-w * h * 3:]


def test_pixels(tmp):
    """Look at the first page as pixels (poppler's rasterizer at 72 dpi, a
    point a pixel): the critical colour is in a critical task's row and
    not in a non-critical one's; a milestone's diamond sits at its date on
    the scale the bars themselves give."""
    import datetime
    import json
    r = run("solve", EXAMPLE, "--json", *FIXED)
    tasks = json.loads(r.stdout)["tasks"]
    out = os.path.join(tmp, "px")
    # A2 portrait holds every row of the example on page 1.
    run("gantt", EXAMPLE, "-o", out, "--paper", "a2", "--portrait", *FIXED)
    pdf = os.path.join(out, "gantt.pdf")
    box = tool("pdftotext", "-bbox", "-f", "1", "-l", "1", pdf, "-").stdout
    words = re.findall(r'<word xMin="([\d.]+)" yMin="([\d.]+)" '
                       r'xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>', box)
    rows = {w[4]: (float(w[1]), float(w[3])) for w in words}
    tl_x0 = max(float(w[2]) for w in words
                if w[4] in ("Finish", "Days", "Done")) + 12
    subprocess.run(["pdftoppm", "-r", "72", "-f", "1", "-l", "1", "-singlefile",
                    pdf, os.path.join(tmp, "page")], check=True)
    width, height, px = ppm(os.path.join(tmp, "page.ppm"))

    def pixels(name, test):
        y0, y1 = rows[name]
        found = []
        for y in range(int(y0) + 2, int(y1) - 1):
            for x in range(int(tl_x0), width - 28):
                o = (y * width + x) * 3
                if test(px[o], px[o + 1], px[o + 2]):
                    found.append(x)
        return found

    def red(r_, g, b):
        return abs(r_ - 204) < 30 and g < 80 and b < 80

    def bar(r_, g, b):  # task blue or critical red
        return red(r_, g, b) or (abs(r_ - 66) < 30 and abs(g - 120) < 30
                                 and b > 150)

    def dark(r_, g, b):
        return r_ < 70 and g < 70 and b < 80

    leaves = [t for t in tasks if not t["summary"] and t["name"] in rows]
    crit = [t for t in leaves if t["critical"] and not t["milestone"]]
    calm = [t for t in leaves if not t["critical"] and not t["milestone"]]
    ok(crit and len(pixels(crit[0]["name"], red)) > 20,
       f"the critical colour fills {crit[0]['name'] if crit else '?'}'s row")
    ok(calm and not pixels(calm[0]["name"], red),
       f"no critical colour in {calm[0]['name'] if calm else '?'}'s row")
    day = datetime.date.fromisoformat
    a, b = calm[0], calm[-1]
    xa, xb = min(pixels(a["name"], bar)), min(pixels(b["name"], bar))
    ppd = (xb - xa) / (day(b["start"]) - day(a["start"])).days
    ms = [t for t in leaves if t["milestone"]]
    m = ms[len(ms) // 2]
    xs = pixels(m["name"], red if m["critical"] else dark)
    want = xa + ((day(m["finish"]) - day(a["start"])).days + 1) * ppd
    got = (min(xs) + max(xs)) / 2 if xs else -1
    ok(abs(got - want) <= 3,
       f"milestone {m['name']} ({m['finish']}) drawn at x {got:.1f}, its "
       f"date on the bars' scale is {want:.1f}")


def test_scripts(tmp):
    """Chinese, Japanese, Korean and accented Latin in one chart: every
    name extractable, every font embedded."""
    path = os.path.join(ROOT, "tests", "data", "yaml", "scripts.yaml")
    out = os.path.join(tmp, "scripts")
    r = run("gantt", path, "-o", out, *FIXED)
    pdf = os.path.join(out, "gantt.pdf")
    text = tool("pdftotext", pdf, "-").stdout if r.returncode == 0 else ""
    want = ["需求评审", "設計レビュー", "시스템", "테스트", "Café", "façade",
            "été", "Klaus Müller", "Sébastien Bono", "Überprüfung"]
    ok(all(w in text for w in want),
       "CJK and accented Latin names are all in the chart's text",
       [w for w in want if w not in text])
    fonts = tool("pdffonts", pdf).stdout.splitlines()[2:]
    ok(fonts and all(l.split()[-5] == "yes" for l in fonts if l.strip()),
       "and every font is embedded", "\n".join(fonts))


with tempfile.TemporaryDirectory() as tmp:
    test_scripts(tmp)
    test_pixels(tmp)
    test_formats(tmp)
    test_paging(tmp)
taplib.finish()
