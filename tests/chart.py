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


def page_words(pdf):
    """Per page, the words pdftotext -bbox finds: (x0, y0, x1, y1, text),
    boxes trimmed by a quarter of their height top and bottom (a font's
    ascent and descent overlap between neighbouring lines)."""
    out = tool("pdftotext", "-bbox", pdf, "-").stdout
    pages = []
    for page in out.split("<page ")[1:]:
        ws = []
        for a, b, c, d, t in re.findall(
                r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" '
                r'yMax="([\d.]+)">(.*?)</word>', page):
            y0, y1 = float(b), float(d)
            ws.append((float(a), y0 + (y1 - y0) / 4, float(c),
                       y1 - (y1 - y0) / 4, t))
        pages.append(ws)
    return pages


def overlapping(words, eps=0.5):
    """Pairs of word boxes that intersect by more than eps points."""
    words = sorted(words)
    found = []
    for i, a in enumerate(words):
        for b in words[i + 1:]:
            if b[0] >= a[2] - eps:
                break
            if (min(a[3], b[3]) - max(a[1], b[1]) > eps and
                    min(a[2], b[2]) - max(a[0], b[0]) > eps):
                found.append((a, b))
    return found


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
    # Text stays text: every task's name is a <text> element, placed where
    # the PDF has it, and no glyph is drawn as an outline.
    ns = "{http://www.w3.org/2000/svg}"
    texts = [(float(t.get("x")), t.text or "") for x in roots
             if hasattr(x, "iter") for t in x.iter(ns + "text")]
    glyphs = sum(1 for x in roots if hasattr(x, "iter")
                 for u in x.iter(ns + "use"))
    import json
    names = [t["name"] for t in json.loads(
        run("solve", EXAMPLE, "--json", *FIXED).stdout)["tasks"]]
    words = {t for _, t in texts}
    ok(texts and glyphs == 0 and all(n in words for n in names),
       f"SVG keeps its {len(texts)} texts as text: all {len(names)} task "
       "names searchable, no glyph outlines",
       ([n for n in names if n not in words][:5], glyphs))
    pdf = os.path.join(out, "gantt.pdf")
    run("gantt", EXAMPLE, "-o", out, *FIXED)
    first = page_words(pdf)[0]
    svg_x = {t: x for x, t in texts[:400]}
    placed = [(w[4], w[0], svg_x[w[4]]) for w in first if w[4] in svg_x and
              w[4] in names]
    off = [p for p in placed if abs(p[1] - p[2]) > 1.5]
    ok(placed and not off,
       f"{len(placed)} names stand where the PDF has them (within 1.5 pt)",
       off[:5])
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
    pdf = os.path.join(out, "gantt.pdf")
    clashes = [(n + 1, a[4], b[4]) for n, ws in enumerate(page_words(pdf))
               for a, b in overlapping(ws)]
    ok(not clashes, f"no two words overprint on any of the {pages} pages "
       "(pdftotext -bbox)", clashes[:5])
    page_of = {t["wbs"]: k // 46 + 1
               for k, t in enumerate(json.loads(r.stdout)["tasks"])}
    refs, wrong = 0, []
    for page in range(1, math.ceil(rows / 46) + 1):
        text = tool("pdftotext", "-f", str(page), "-l", str(page), pdf,
                    "-").stdout
        for m in re.finditer(r"\b(?:to|from) (\d[\d.]*(?:, \d[\d.]*)*)",
                             text):
            for wbs in m.group(1).split(", "):
                refs += 1
                if page_of.get(wbs, page) == page:
                    wrong.append((page, m.group(0)))
    ok(refs > 0 and not wrong, f"{refs} links to rows on other pages are "
       "named beside their bars, none to a row on the same page", wrong[:5])


def pnm(path):
    """(width, height, bytes) of a binary PPM (3 bytes a pixel) or PGM
    (1 byte)."""
    with open(path, "rb") as f:
        data = f.read()
    parts = data.split(maxsplit=4)
    w, h = int(parts[1]), int(parts[2])
    size = w * h * (3 if parts[0] == b"P6" else 1)
    return w, h, parts[4][-size:]


class Page:
    """Page 1 of a chart as pixels (poppler's rasterizer at 72 dpi, a point
    a pixel), with each text's row from pdftotext -bbox."""

    def __init__(self, pdf, tmp, gray=False):
        box = tool("pdftotext", "-bbox", "-f", "1", "-l", "1", pdf,
                   "-").stdout
        words = re.findall(r'<word xMin="([\d.]+)" yMin="([\d.]+)" '
                           r'xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>',
                           box)
        self.rows = {w[4]: (float(w[1]), float(w[3])) for w in words}
        self.tl_x0 = max(float(w[2]) for w in words
                         if w[4] in ("Finish", "Days", "Done")) + 12
        base = os.path.join(tmp, "page")
        subprocess.run(["pdftoppm", "-r", "72", "-f", "1", "-l", "1",
                        "-singlefile"] + (["-gray"] if gray else []) +
                       [pdf, base], check=True)
        self.width, _, self.px = pnm(base + (".pgm" if gray else ".ppm"))
        self.depth = 1 if gray else 3

    def pixels(self, name, test):
        """x of every pixel in name's row, right of the grid, that passes
        test (r, g, b) or test (grey)."""
        y0, y1 = self.rows[name]
        found = []
        for y in range(int(y0) + 2, int(y1) - 1):
            for x in range(int(self.tl_x0), self.width - 28):
                o = (y * self.width + x) * self.depth
                if test(*self.px[o:o + self.depth]):
                    found.append(x)
        return found

    def line(self, name):
        """The pixels across the middle of name's row, from the grid on."""
        y0, y1 = self.rows[name]
        o = int((y0 + y1) / 2) * self.width
        return [self.px[(o + x) * self.depth:(o + x + 1) * self.depth]
                for x in range(int(self.tl_x0), self.width - 28)]


def red(r_, g, b):
    return abs(r_ - 204) < 30 and g < 80 and b < 80


def bar(r_, g, b):  # task blue or critical red
    return red(r_, g, b) or (abs(r_ - 66) < 30 and abs(g - 120) < 30
                             and b > 150)


def dark(r_, g, b):
    return r_ < 70 and g < 70 and b < 80


def test_pixels(tmp):
    """Look at the first page as pixels: the critical colour is in a
    critical task's row and not in a non-critical one's; a milestone's
    diamond sits at its date on the scale the bars themselves give."""
    import datetime
    import json
    r = run("solve", EXAMPLE, "--json", *FIXED)
    tasks = json.loads(r.stdout)["tasks"]
    out = os.path.join(tmp, "px")
    # A2 portrait holds every row of the example on page 1.
    run("gantt", EXAMPLE, "-o", out, "--paper", "a2", "--portrait", *FIXED)
    page = Page(os.path.join(out, "gantt.pdf"), tmp)
    pixels = page.pixels
    leaves = [t for t in tasks if not t["summary"] and t["name"] in page.rows]
    crit = [t for t in leaves if t["critical"] and not t["milestone"]]
    calm = [t for t in leaves if not t["critical"] and not t["milestone"]]
    long_crit = max(crit, key=lambda t: t["finish_slot"] - t["start_slot"])
    long_calm = max(calm, key=lambda t: t["finish_slot"] - t["start_slot"])
    ok(len(pixels(long_crit["name"], red)) > 20,
       f"the critical colour fills {long_crit['name']}'s row")
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
    # In grey: a critical bar alternates dark and light (its hatching), a
    # plain bar is one grey.
    extent = {t["name"]: (min(xs), max(xs)) for t in (long_crit, long_calm)
              for xs in [pixels(t["name"], bar)]}
    page = Page(os.path.join(out, "gantt.pdf"), tmp, gray=True)

    def flips(name):
        """Changes between dark (< 110) and light (> 150) along the middle
        of name's bar."""
        x0, x1 = (x - int(page.tl_x0) for x in extent[name])
        levels = [v[0] < 110 for v in page.line(name)[x0:x1 + 1]
                  if v[0] < 110 or v[0] > 150]
        return sum(1 for u, v in zip(levels, levels[1:]) if u != v)

    ok(flips(long_crit["name"]) >= 8,
       f"in grey, critical {long_crit['name']}'s bar is hatched "
       f"({flips(long_crit['name'])} changes of shade)")
    x0, x1 = (x - int(page.tl_x0) for x in extent[long_calm["name"]])
    shades = [v[0] for v in page.line(long_calm["name"])[x0 + 2:x1 - 1]]
    ok(shades and max(shades) - min(shades) < 20,
       f"in grey, {long_calm['name']}'s plain bar is one shade "
       f"({min(shades, default=0)}..{max(shades, default=0)})")


def test_chain(tmp):
    """--chain ID: the tasks that drive ID's date (walked back through
    driven_by in solve --json) keep their colours; every other bar fades."""
    import json
    r = run("solve", EXAMPLE, "--json", *FIXED)
    tasks = json.loads(r.stdout)["tasks"]
    by_id = {t["id"]: t for t in tasks}
    target = next(t for t in tasks if t["milestone"] and not t["critical"])
    chain, todo = set(), [target["id"]]
    while todo:
        t = todo.pop()
        if t not in chain:
            chain.add(t)
            todo += (by_id[t]["driven_by"] or {}).get("tasks", [])
    out = os.path.join(tmp, "chain")
    r = run("gantt", EXAMPLE, "-o", out, "--paper", "a2", "--portrait",
            "--chain", target["id"], *FIXED)
    pdf = os.path.join(out, "gantt.pdf")
    text = tool("pdftotext", "-f", "1", "-l", "1", pdf, "-").stdout
    ok(r.returncode == 0 and f"driving chain of {target['name']}" in text,
       f"the header names the chain shown ({target['name']})", r.stderr)
    page = Page(pdf, tmp)
    bars = [t for t in tasks if not t["summary"] and not t["milestone"] and
            t["name"] in page.rows]
    strong = {t["id"] for t in bars if page.pixels(t["name"], bar)}
    want = {t["id"] for t in bars if t["id"] in chain}
    ok(len(want) >= 3 and strong == want,
       f"the {len(want)} bars on the chain keep their colours, the other "
       f"{len(bars) - len(want)} fade", (sorted(strong ^ want)))
    r = run("gantt", EXAMPLE, "-o", out, "--chain", "nosuch", *FIXED)
    ok(r.returncode == 2 and "--chain: no task 'nosuch'" in r.stderr,
       "an unknown id is refused", r.stderr)


PROGRESS = ("task,actual_start,actual_finish,percent_complete,remaining\n"
            "kickoff,2026-03-02,2026-03-02,,\n"
            "charter,2026-03-03,2026-03-06,,\n"
            "req-biz,2026-03-03,,50%,\n"
            "req-data,2026-03-03,,25%,\n")


def test_management_view(tmp):
    """--depth 2 with progress: a collapsed branch is one bar with its
    rolled-up progress (its leaves' percent complete weighted by planned
    duration, worked out here from solve --json), its baseline and the
    critical colour, and its milestones drawn on it."""
    import json
    progress = os.path.join(tmp, "progress.csv")
    with open(progress, "w", encoding="utf-8") as f:
        f.write(PROGRESS)
    args = ["--status-date", "2026-03-16", "--progress", progress, *FIXED]
    sched = json.loads(run("solve", EXAMPLE, "--json", *args).stdout)
    out = os.path.join(tmp, "depth")
    r = run("gantt", EXAMPLE, "-o", out, "--depth", "2", "--paper", "a2",
            "--portrait", *args)
    pdf = os.path.join(out, "gantt.pdf")
    text = tool("pdftotext", "-layout", "-f", "1", "-l", "1", pdf,
                "-").stdout
    reported = {"kickoff": 100, "charter": 100, "req-biz": 50, "req-data": 25}
    tasks = sched["tasks"]
    want = {}
    for t in tasks:
        if t["summary"] and t["wbs"].count(".") == 1:
            leaves = [u for u in tasks if not u["summary"] and
                      u["wbs"].startswith(t["wbs"] + ".")]
            w = sum(u["finish_slot"] - u["start_slot"] for u in leaves)
            done = sum(reported.get(u["id"], 0) *
                       (u["finish_slot"] - u["start_slot"]) for u in leaves)
            want[t["wbs"]] = round(done / w) if w else 0
    shown = {m.group(1): int(m.group(2)) for m in re.finditer(
        r"^\s*(\d+\.\d+)\s.*?(\d+)%\s*$", text, re.M)}
    ok(r.returncode == 0 and want and shown == want,
       f"Done shows each collapsed branch's rolled-up progress "
       f"({want.get('1.1')}% for 1.1)", (shown, want))
    page = Page(pdf, tmp)
    names = {t["wbs"]: t["name"] for t in tasks}
    branches = [names[w] for w in want if names[w] in page.rows]
    barred = [n for n in branches if len(page.pixels(n, bar)) > 20]
    ok(branches and barred == branches,
       f"each of the {len(branches)} collapsed branches is drawn as a bar",
       sorted(set(branches) - set(barred)))
    crit = [t["name"] for t in tasks if t["summary"] and t["critical"] and
            t["wbs"] in want and t["name"] in page.rows]
    ok(crit and all(page.pixels(n, red) for n in crit),
       f"critical branches carry the critical colour ({len(crit)})")
    # A milestone off the critical path is a dark diamond on its bar.
    with_ms = [names[w] for w in want
               if any(u["milestone"] and not u["critical"] and
                      u["wbs"].startswith(w + ".") for u in tasks) and
               names[w] in page.rows]
    ok(with_ms and all(page.pixels(n, dark) for n in with_ms),
       f"{len(with_ms)} branches show their milestones on their bar",
       [n for n in with_ms if not page.pixels(n, dark)])


def test_narrow_paper(tmp):
    """A4 portrait: the grid leaves more than half the width to the
    timeline; the legend never runs into the page number."""
    out = os.path.join(tmp, "narrow")
    r = run("gantt", EXAMPLE, "-o", out, "--paper", "a4", "--portrait",
            *FIXED)
    pdf = os.path.join(out, "gantt.pdf")
    words = page_words(pdf)
    head = [w for w in words[0] if w[4] in ("Finish", "Done", "Days")]
    edge = max((w[2] for w in head), default=999)
    ok(r.returncode == 0 and edge < 595 * 0.5,
       f"the grid ends at x {edge:.0f} of 595 points", head)
    clashes = [(n + 1, a[4], b[4]) for n, ws in enumerate(words)
               for a, b in overlapping(ws)]
    ok(not clashes, f"no two words overprint on the {len(words)} pages "
       "(legend and page number included)", clashes[:5])


def test_day_tiles(tmp):
    """A day scale tiled across pages repeats only WBS and name after the
    first time band, not the whole grid."""
    out = os.path.join(tmp, "tiles")
    r = run("gantt", EXAMPLE, "-o", out, "--paper", "a4", "--scale", "day",
            *FIXED)
    pdf = os.path.join(out, "gantt.pdf")
    pages, _, _ = pdf_info(pdf)
    first, later = [], []
    for n in range(1, min(pages, 6) + 1):
        text = tool("pdftotext", "-f", str(n), "-l", str(n), pdf, "-").stdout
        m = re.search(r"time (\d+)/(\d+)", text)
        if m and "Resource load" not in text:
            (first if m.group(1) == "1" else later).append(
                ("Start" in text.split(), "Name" in text.split()))
    ok(r.returncode == 0 and first and later and
       all(s for s, _ in first) and not any(s for s, _ in later) and
       all(n for _, n in later),
       "the first band has the full grid, later ones WBS and name only",
       (first, later))


def test_resource_pages(tmp):
    """Resource pages have their own legend; a person's leave is a grey
    band at its dates (Bob Chen, 2026-03-23..27 in the website example);
    load before the status date is muted."""
    path = os.path.join(ROOT, "examples", "website.yaml")
    out = os.path.join(tmp, "res")
    r = run("gantt", path, "-o", out, "--status-date", "2026-04-01",
            "--paper", "a2", "--portrait", *FIXED)
    pdf = os.path.join(out, "gantt.pdf")
    pages, _, _ = pdf_info(pdf)
    text = tool("pdftotext", "-f", str(pages), "-l", str(pages), pdf,
                "-").stdout
    ok(r.returncode == 0 and "Booked load" in text and "On leave" in text and
       "100% = capacity after leave" in text and "Critical" not in text,
       "the resource page's legend explains load, capacity and leave",
       text[-400:])
    box = tool("pdftotext", "-bbox", "-f", str(pages), "-l", str(pages), pdf,
               "-").stdout
    words = re.findall(r'<word xMin="([\d.]+)" yMin="([\d.]+)" '
                       r'xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>', box)
    bob = [w for w in words if w[4] == "Bob"]
    leave = [w for w in words if w[4] == "leave"]
    ok(bob and any(abs(float(w[1]) - float(bob[0][1])) < 15 for w in leave),
       "Bob Chen's row is marked 'leave'", (bob, leave))
    subprocess.run(["pdftoppm", "-r", "72", "-f", str(pages), "-l",
                    str(pages), "-singlefile", pdf,
                    os.path.join(tmp, "res")], check=True)
    width, _, px = pnm(os.path.join(tmp, "res.ppm"))
    y = int((float(bob[0][1]) + float(bob[0][3])) / 2) if bob else 0

    def count(test):
        return sum(1 for x in range(width)
                   if test(*px[(y * width + x) * 3:(y * width + x) * 3 + 3]))
    muted = count(lambda r_, g, b: abs(r_ - 158) < 12 and abs(g - 184) < 12
                  and abs(b - 168) < 12)
    live = count(lambda r_, g, b: abs(r_ - 77) < 12 and abs(g - 158) < 12
                 and abs(b - 107) < 12)
    ok(muted > 10 and live > 10,
       f"Bob's load before the status date is muted ({muted} px), after it "
       f"full ({live} px)")


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
    test_chain(tmp)
    test_management_view(tmp)
    test_narrow_paper(tmp)
    test_day_tiles(tmp)
    test_resource_pages(tmp)
    test_formats(tmp)
    test_paging(tmp)
taplib.finish()
