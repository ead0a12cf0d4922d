"""The weekly loop, end to end: four Monday runs of the example project with
four progress files (a slip, an early finish, a person's new leave, a new
task), then history, baseline, variance, slip explanations, earned value
(recomputed here from the baseline stored in the database) and the trend
charts, read back with sqlite3 and openpyxl.

Usage: /usr/bin/python3 weekly.py PLANNER SOURCE_ROOT   (prints TAP)
"""
import datetime
import json
import os
import re
import sqlite3
import subprocess
import sys
import tempfile

import openpyxl
from openpyxl.utils import get_column_letter
import shutil

import taplib
from taplib import FIXED, ok, run, tool

taplib.PLANNER = sys.argv[1]
ROOT = sys.argv[2]
EXAMPLE = os.path.join(ROOT, "examples", "core-migration.yaml")

HEADER = "task,actual_start,actual_finish,percent_complete,remaining\n"
WEEK1 = ("kickoff,2026-03-02,2026-03-02,,\n"
         "charter,2026-03-03,2026-03-06,,\n")
# Each week's file holds everything reported so far.
WEEKS = [
    ("2026-03-09", WEEK1 +
     "req-biz,2026-03-03,,40%,\n"
     "req-data,2026-03-03,,30%,\n"),
    # A slip: business requirements only 60% done where the plan had them
    # finished on 2026-03-10.
    ("2026-03-16", WEEK1 +
     "req-biz,2026-03-03,,60%,\n"
     "req-data,2026-03-03,,80%,\n"),
    # An early finish: the sign-off took one day of its two; and Wang Qiang
    # goes on leave (project file change below).
    ("2026-03-23", WEEK1 +
     "req-biz,2026-03-03,2026-03-18,,\n"
     "req-data,2026-03-03,2026-03-17,,\n"
     "req-sign,2026-03-19,2026-03-19,,\n"
     "m-req,,2026-03-19,,\n"),
    # A new task (project file change below).
    ("2026-03-30", WEEK1 +
     "req-biz,2026-03-03,2026-03-18,,\n"
     "req-data,2026-03-03,2026-03-17,,\n"
     "req-sign,2026-03-19,2026-03-19,,\n"
     "m-req,,2026-03-19,,\n"
     "arch-target,2026-03-20,,30%,\n"),
]
LEAVE = "2026-03-23..2026-03-27"
NEW_TASK = """          - id: arch-poc
            name: 关键技术原型验证
            duration: 30d
            owner: lina
            needs: [{ pool: arch, units: 1 }]
            after: [arch-target]
"""


def project_text(week):
    text = open(EXAMPLE, encoding="utf-8").read()
    if week >= 2:
        # Wang Qiang (architect and developer) goes on leave.
        text = re.sub(r"(  - id: wangqiang\n(?:    .*\n)*?)(    cost_per_day)",
                      lambda m: m.group(1) + f"    vacations: [{LEAVE}]\n"
                      + m.group(2), text, count=1)
    if week >= 1:
        # The server delivery risk occurs; a new risk is raised.
        text = text.replace("    mitigation: 与供应商确认交期，预留云主机作为临时环境\n"
                            "    status: open\n",
                            "    mitigation: 与供应商确认交期，预留云主机作为临时环境\n"
                            "    status: occurred\n")
        text = text.replace("changes:\n", "  - id: R4\n"
                            "    title: 安全评审意见较多\n"
                            "    probability: 20%\n"
                            "    impact: 2\n"
                            "changes:\n")
    if week >= 2:
        text = text.replace("    status: proposed\n    date: 2026-04-15",
                            "    status: approved\n    date: 2026-04-15")
    if week >= 3:
        text = text.replace("          - id: design-review\n",
                            NEW_TASK + "          - id: design-review\n")
        text = text.replace(
            "after: [arch-target, arch-sec, migr-plan, arch-infra]",
            "after: [arch-target, arch-sec, migr-plan, arch-infra, arch-poc]")
    return text


def calendar_days():
    """Working days of the example's calendar, read from its file."""
    text = open(EXAMPLE, encoding="utf-8").read()
    holidays = set()
    for a, b in re.findall(r"- (\d{4}-\d\d-\d\d)(?:\.\.(\d{4}-\d\d-\d\d))?",
                           text.split("pools:")[0]):
        d = datetime.date.fromisoformat(a)
        last = datetime.date.fromisoformat(b or a)
        while d <= last:
            holidays.add(d)
            d += datetime.timedelta(days=1)

    def workdays(first, last):
        n, d = 0, first
        while d <= last:
            n += d.weekday() < 5 and d not in holidays
            d += datetime.timedelta(days=1)
        return n
    return workdays


def earned_value(db, status, progress):
    """PV, EV, SPI from the baseline run (1) and the progress file."""
    workdays = calendar_days()
    status = datetime.date.fromisoformat(status)
    pct = {}
    for line in progress.splitlines():
        tid, start, finish, percent, _ = line.split(",")
        pct[tid] = 100 if finish else int(percent.rstrip("%") or 0)
    con = sqlite3.connect(db)
    pv = ev = 0.0
    for tid, start, finish, budget in con.execute(
            "select task_id, start, finish, budget from run_task "
            "where run_id = 1 and summary = 0"):
        s, f = (datetime.date.fromisoformat(start),
                datetime.date.fromisoformat(finish))
        planned = workdays(s, f)
        if planned:
            last = min(status - datetime.timedelta(days=1), f)
            pv += budget * workdays(s, last) / planned
        ev += budget * pct.get(tid, 0) / 100
    con.close()
    return pv, ev, ev / pv if pv else 0


def summary_values(wb):
    ws = wb["Summary"]
    vals = {}
    for row in ws.iter_rows(min_row=1, values_only=True):
        for k in (0, 3):
            if len(row) > k + 1 and isinstance(row[k], str):
                vals[row[k]] = row[k + 1]
    return vals


def milestone_rows(wb):
    ws = wb["Milestones"]
    head = [c.value for c in ws[1]]
    return {r[head.index("ID")]: dict(zip(head, r))
            for r in ws.iter_rows(min_row=2, values_only=True)}


def expected_health(wb):
    """Red, amber or green by the rule the report states, worked out from
    the report's own figures: Summary (finish variance, SPI, CPI), Tasks
    (late), Milestones (variance to baseline), Schedule risk (chance of
    meeting a deadline, when the project has estimates)."""
    got = summary_values(wb)
    tasks = wb["Tasks"]
    head = [c.value for c in tasks[1]]
    late = sum(1 for row in tasks.iter_rows(min_row=2, values_only=True)
               if row[head.index("Late")] == "yes" and
               row[head.index("State")])  # summaries have no state
    slipped = sum(1 for m in milestone_rows(wb).values()
                  if (m.get("Variance to baseline (d)") or 0) > 0)
    var = got.get("Finish variance (working days)") or 0
    index = [x for x in (got.get("Schedule performance (SPI)"),
                         got.get("Cost performance (CPI)"))
             if isinstance(x, (int, float))]
    if var > 5 or late > 0 or any(x < 0.85 for x in index):
        return "RED"
    # No task is late here (that was red): a deadline at risk counts.
    at_risk = 0
    if "Schedule risk" in wb.sheetnames:
        risk = wb["Schedule risk"]
        col = [c.value for c in risk[1]].index("Chance of meeting the "
                                               "deadline")
        at_risk = sum(1 for row in risk.iter_rows(min_row=2, values_only=True)
                      if isinstance(row[col], float) and row[col] < 0.5)
    if var > 0 or slipped > 0 or at_risk > 0 or any(x < 0.95 for x in index):
        return "AMBER"
    return "GREEN"


FILLS = {"GREEN": "FFC6EFCE", "AMBER": "FFFFEB9C", "RED": "FFFFC7CE"}


def display_width(text):
    """Characters a spreadsheet column of width 1 holds: East Asian wide
    characters take two."""
    import unicodedata
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1
               for c in text)


def merged_width(ws, cell):
    """The width a cell's text has: its column's, or the columns' of the
    merged range it starts."""
    for rng in ws.merged_cells.ranges:
        if rng.min_row == cell.row and rng.min_col == cell.column:
            return sum(ws.column_dimensions[get_column_letter(c)].width or
                       8.43 for c in range(rng.min_col, rng.max_col + 1))
    return ws.column_dimensions[cell.column_letter].width


def test_layout(path):
    """The report as it prints: header rows tall enough for their words,
    wrapped cells in rows tall enough for them, the WBS and name columns
    frozen, page header and footer, narrow sheets one page wide and wide
    ones split with their key columns repeated; and, where LibreOffice is
    installed, no two words overprint on any printed page."""
    wb = openpyxl.load_workbook(path)
    short, clipped = [], []
    for ws in wb.worksheets:
        if ws.title in ("Summary", "Resources"):
            continue
        for cell in ws[1]:
            width = ws.column_dimensions[cell.column_letter].width or 8.43
            lines = -(-int(display_width(str(cell.value or "")) * 0.8) //
                      int(width))
            height = ws.row_dimensions[1].height or 15
            if height < 15 * min(lines, 3):
                clipped.append((ws.title, cell.value, height))
        for row in ws.iter_rows(min_row=2):
            for cell in row:
                if not (cell.alignment and cell.alignment.wrap_text and
                        isinstance(cell.value, str)):
                    continue
                width = merged_width(ws, cell)
                # At least the characters over the width (allowing
                # 1.25 narrow letters to a character unit).
                lines = -(-int(display_width(cell.value) * 0.8) //
                          int(width))
                height = ws.row_dimensions[cell.row].height or 15
                if height < 15 * lines:
                    short.append((ws.title, cell.coordinate, lines, height))
    ok(not clipped, "header rows are tall enough for their words", clipped)
    wrapped = sum(1 for ws in wb.worksheets for row in ws.iter_rows(min_row=2)
                  for c in row if c.alignment and c.alignment.wrap_text and
                  isinstance(c.value, str) and
                  display_width(c.value) > 2 * (ws.column_dimensions[
                      c.column_letter].width or 9))
    ok(wrapped > 0 and not short,
       f"rows hold their wrapped text ({wrapped} cells of several lines)",
       short[:5])
    ok(wb["Tasks"].freeze_panes == "D2" and
       wb["Milestones"].freeze_panes == "D2" and
       wb["Changes"].freeze_panes == "E2",
       "the header row and the WBS, ID and name columns are frozen",
       [wb[n].freeze_panes for n in ("Tasks", "Milestones", "Changes")])
    tasks, ms = wb["Tasks"], wb["Milestones"]
    ok(tasks.print_title_rows == "$1:$1" and
       tasks.print_title_cols == "$A:$C" and
       not tasks.sheet_properties.pageSetUpPr.fitToPage and
       tasks.page_setup.scale == 70,
       "Tasks prints at 70% across pages, header row and WBS, ID and name "
       "on each", (tasks.print_title_rows, tasks.print_title_cols,
                   tasks.page_setup.scale))
    ok(ms.sheet_properties.pageSetUpPr.fitToPage and
       ms.page_setup.fitToWidth in (None, 1) and
       ms.page_setup.fitToHeight == 0 and
       ms.page_setup.orientation == "landscape" and
       ms.page_setup.paperSize == 9,
       "Milestones prints one A4 landscape page wide")
    project = wb["Summary"]["A1"].value
    heads = {(ws.oddHeader.left.text, ws.oddHeader.center.text,
              ws.oddFooter.right.text) for ws in wb.worksheets}
    ok(heads == {(project, "&A", "Page &P of &N")} and
       all((ws.oddHeader.right.text or "").startswith("Status date ")
           for ws in wb.worksheets),
       "every sheet prints the project, the sheet, the status date and "
       "'Page i of n'", heads)
    soffice = shutil.which("soffice")
    if not soffice:
        taplib.skip("LibreOffice prints the report with no word over "
                    "another", "soffice not installed")
        return
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run([soffice, "--headless", "--convert-to", "pdf",
                        "--outdir", tmp, path], capture_output=True,
                       timeout=300)
        pdf = os.path.join(tmp, "status.pdf")
        out = tool("pdftotext", "-bbox", pdf, "-").stdout
        clashes = 0
        for page in out.split("<page ")[1:]:
            words = sorted(
                (float(a), float(b) + (float(d) - float(b)) / 4, float(c),
                 float(d) - (float(d) - float(b)) / 4)
                for a, b, c, d in re.findall(
                    r'xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" '
                    r'yMax="([\d.]+)"', page))
            for i, a in enumerate(words):
                for b in words[i + 1:]:
                    if b[0] >= a[2] - 0.5:
                        break
                    clashes += (min(a[3], b[3]) - max(a[1], b[1]) > 0.5 and
                                min(a[2], b[2]) - max(a[0], b[0]) > 0.5)
        ok(os.path.exists(pdf) and clashes == 0,
           "LibreOffice prints the report with no word over another",
           f"{clashes} overlapping word pairs")


def charts(path):
    """The charts of an xlsx by title: their XML (ElementTree roots)."""
    import xml.etree.ElementTree as ET
    import zipfile
    found = {}
    with zipfile.ZipFile(path) as z:
        for name in z.namelist():
            if name.startswith("xl/charts/chart"):
                root = ET.fromstring(z.read(name))
                head = root.find(f"{C}chart/{C}title")
                title = "".join(t.text or "" for t in head.iter(A + "t")) \
                    if head is not None else ""
                found[title.split(":")[0]] = root
    return found


C = "{http://schemas.openxmlformats.org/drawingml/2006/chart}"
A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"


def excel(iso):
    return (datetime.date.fromisoformat(iso) -
            datetime.date(1899, 12, 30)).days


def axes(root):
    """{'b': (min, max, major, format), 'l': ...} of a chart's value axes."""
    out = {}
    for ax in root.iter(C + "valAx"):
        val = {e.tag[len(C):]: e.get("val") for e in ax.iter()
               if e.get("val") is not None}
        fmt = ax.find(C + "numFmt")
        out[val["axPos"]] = (float(val.get("min", "nan")),
                             float(val.get("max", "nan")),
                             float(val.get("majorUnit", "nan")),
                             fmt.get("formatCode") if fmt is not None else "")
    return out


def test_charts(path, status_dates, start):
    """The Summary's charts on date axes: the milestone trend as points at
    the real status dates (not categories a spreadsheet may round to a
    month), ticks on Mondays in whole weeks; the S-curve from the project
    start, amounts with thousands separators, EV and AC told apart by dash
    and marker as well as colour."""
    found = charts(path)
    trend, curve = found.get("Milestone trend"), found.get(
        "Earned value (S-curve)")
    ok(trend is not None and curve is not None, "both charts are there",
       list(found))
    if trend is None or curve is None:
        return
    xs = [float(v.text) for v in
          next(trend.iter(C + "xVal")).iter(C + "v")]
    ax = axes(trend)
    x_min, x_max, x_step, x_fmt = ax.get("b", (0, 0, 0, ""))
    first = min(excel(d) for d in status_dates)
    ok(trend.find(f".//{C}scatterChart") is not None and
       xs == [excel(d) for d in status_dates],
       "the trend's points lie at the runs' status dates",
       (xs, status_dates))
    ok(x_fmt == "yyyy-mm-dd" and x_step % 7 == 0 and
       (x_min - 2) % 7 == 0 and first - 7 < x_min <= first and
       x_max >= max(xs),
       "its time axis: dates, from the Monday of the first status date, "
       "in whole weeks", ax)
    ys = [float(v.text) for y in trend.iter(C + "yVal") for v in y.iter(C + "v")]
    y_min, y_max, y_step, y_fmt = ax.get("l", (0, 0, 0, ""))
    ok(y_fmt == "yyyy-mm-dd" and y_step % 7 == 0 and
       all(y_min <= y <= y_max for y in ys),
       f"its forecast axis holds all {len(ys)} forecasts, in whole weeks",
       (y_min, y_max, min(ys, default=0), max(ys, default=0)))
    cx = axes(curve)
    ok(cx.get("b", (0,))[0] == excel(start) - datetime.date.fromisoformat(
        start).weekday() and cx.get("l", ("",) * 4)[3] == "#,##0",
       "the S-curve starts at the project start; amounts in #,##0", cx)
    series = {}
    for ser in curve.iter(C + "ser"):
        name = "".join(v.text or "" for v in ser.find(C + "tx").iter(C + "v"))
        dash = ser.find(f"{C}spPr/{A}ln/{A}prstDash")
        mark = ser.find(f"{C}marker/{C}symbol")
        color = ser.find(f"{C}spPr/{A}ln/{A}solidFill/{A}srgbClr")
        series[name] = (dash.get("val") if dash is not None else "solid",
                        mark.get("val") if mark is not None else "none",
                        color.get("val") if color is not None else "")
    looks = list(series.values())
    ok(len(looks) == 3 and len({l[0] for l in looks}) == 3 and
       len({l[1] for l in looks}) == 3 and len({l[2] for l in looks}) == 3,
       "PV, EV and AC differ in dash, marker and colour", series)


def close(a, b):
    return abs(a - b) <= 1e-6 * max(1.0, abs(a), abs(b))


def main():
    with tempfile.TemporaryDirectory() as tmp:
        db, out = os.path.join(tmp, "planner.db"), os.path.join(tmp, "out")
        project = os.path.join(tmp, "project.yaml")
        outputs, pdf_texts = [], []
        for week, (status, rows) in enumerate(WEEKS):
            with open(project, "w", encoding="utf-8") as f:
                f.write(project_text(week))
            progress = os.path.join(tmp, f"progress-{week + 1}.csv")
            with open(progress, "w", encoding="utf-8") as f:
                f.write(HEADER + rows)
            r = run("run", project, "--status-date", status, "--progress",
                    progress, "-o", out, "--db", db, *FIXED)
            ok(r.returncode == 0, f"week {week + 1}: run exits 0", r.stderr)
            wb = openpyxl.load_workbook(os.path.join(out, "status.xlsx"))
            outputs.append((r.stdout, wb))
            pdf_texts.append(tool("pdftotext", "-layout",
                                  os.path.join(out, "gantt.pdf"), "-").stdout)
            want = expected_health(wb)
            cell = wb["Summary"]["B3"]
            ok(cell.value == want and cell.fill.fgColor.rgb == FILLS[want] and
               f"status: {want.lower()} (" in r.stdout,
               f"week {week + 1}: status {want}, by the stated rule from the "
               "report's own figures, in the report and printed",
               (cell.value, cell.fill.fgColor.rgb, r.stdout[-300:]))
            spi_cell = next((row[4] for row in wb["Summary"].iter_rows()
                             if row[3].value == "Schedule performance (SPI)"),
                            None)
            if isinstance(spi_cell.value, float):
                shade = ("RED" if spi_cell.value < 0.85 else
                         "AMBER" if spi_cell.value < 0.95 else "GREEN")
                ok(spi_cell.fill.fgColor.rgb == FILLS[shade],
                   f"week {week + 1}: SPI {spi_cell.value:.2f} filled "
                   f"{shade.lower()}", spi_cell.fill.fgColor.rgb)
            table = [row for row in wb["Summary"].iter_rows(values_only=True)]
            at = next((k for k, row in enumerate(table)
                       if row[0] == "Milestones later than the baseline"),
                      None)
            listed = []
            for row in table[at + 2:] if at is not None else []:
                if row[0] is None:
                    break
                listed.append((row[0], row[3]))
            later = sorted(((m["Name"], m["Variance to baseline (d)"])
                            for m in milestone_rows(wb).values()
                            if (m.get("Variance to baseline (d)") or 0) > 0),
                           key=lambda m: -m[1])
            ok([x[1] for x in listed] == [x[1] for x in later] and
               sorted(listed) == sorted(later),
               f"week {week + 1}: Summary lists the {len(later)} milestones "
               "later than the baseline, most slipped first", (listed, later))
            pv, ev, spi = earned_value(db, status, rows)
            got = summary_values(wb)
            ok(close(got.get("Planned value (PV)", -1), pv) and
               close(got.get("Earned value (EV)", -1), ev) and
               close(got.get("Schedule performance (SPI)", -1), spi),
               f"week {week + 1}: PV, EV and SPI match an independent "
               f"computation ({pv:.1f}, {ev:.1f}, {spi:.3f})",
               {k: got.get(k) for k in ("Planned value (PV)",
                                        "Earned value (EV)",
                                        "Schedule performance (SPI)")})

        r = run("history", "--db", db, "--json")
        hist = json.loads(r.stdout) if r.returncode == 0 else []
        ok(len(hist) == 4 and [h["run"] for h in hist] == [1, 2, 3, 4] and
           all(h["tracked"] for h in hist),
           "history lists four tracked runs", r.stdout + r.stderr)
        ok(hist and hist[0]["baselines"] == ["initial"] and
           all(h["baselines"] == [] for h in hist[1:]),
           "the first run is baseline 'initial', and it stays there",
           [h.get("baselines") for h in hist])
        con = sqlite3.connect(db)
        base = dict(con.execute("select task_id, finish from run_task "
                                "where run_id = 1"))
        ok(con.execute("pragma integrity_check").fetchone()[0] == "ok",
           "database integrity after four runs")
        con.close()

        # Week 2: the milestone behind the slipped task moved, and the
        # report says which task drove it.
        ms = milestone_rows(outputs[1][1])
        m = ms.get("m-req", {})
        ok((m.get("Moved since last run (d)") or 0) > 0 and
           (m.get("Variance to baseline (d)") or 0) > 0,
           "week 2: m-req slipped against the last run and the baseline", m)
        ok("'req-biz'" in (m.get("Why it moved") or ""),
           "week 2: the explanation names req-biz, the task that slipped",
           m.get("Why it moved"))
        ok(m.get("Baseline") is not None and
           m["Baseline"].date().isoformat() == base.get("m-req"),
           "week 2: the baseline column shows run 1's date",
           (m.get("Baseline"), base.get("m-req")))
        ok("slip: 'm-req'" in outputs[1][0],
           "week 2: 'planner run' prints the slip", outputs[1][0])
        r = run("diff", "1", "2", "--db", db)
        moves = {k: int(v) for k, v in re.findall(
            r"~ (\S+) .* finish \S+ -> \S+ \(([+-]\d+) d\)", r.stdout)}
        tasks2 = outputs[1][1]["Tasks"]
        head2 = [c.value for c in tasks2[1]]
        sheet = {row[head2.index("ID")]:
                 row[head2.index("Finish moved since last run (d)")]
                 for row in tasks2.iter_rows(min_row=2, values_only=True)}
        differ = {k: (v, sheet.get(k)) for k, v in moves.items()
                  if sheet.get(k) != v}
        ok(len(moves) > 5 and not differ and "working days" in r.stdout,
           "week 2: diff and the report agree on every move, in working "
           "days", differ)

        # Week 3: req-sign finished early, m-req was reached; the new leave
        # is named where it moves a milestone.
        ms = milestone_rows(outputs[2][1])
        ok(ms.get("m-req", {}).get("State") == "reached",
           "week 3: m-req reached", ms.get("m-req"))
        tasks = outputs[2][1]["Tasks"]
        head = [c.value for c in tasks[1]]
        sign = next(r for r in tasks.iter_rows(min_row=2, values_only=True)
                    if r[head.index("ID")] == "req-sign")
        ok(sign[head.index("State")] == "done" and
           sign[head.index("Finish moved since last run (d)")] < 0,
           "week 3: the early finish shows as a negative move",
           dict(zip(head, sign)))
        ok(sign[head.index("Total float (d)")] is None and
           sign[head.index("Free float (d)")] is None,
           "week 3: a finished task shows no float",
           dict(zip(head, sign)))
        r = run("solve", project, "--status-date", WEEKS[2][0], "--progress",
                os.path.join(tmp, "progress-3.csv"), "--json", *FIXED)
        js = {t["id"]: t for t in json.loads(r.stdout)["tasks"]} \
            if r.returncode == 0 else {}
        ok(js.get("req-sign", {}).get("total_float", 0) is None and
           js.get("req-sign", {}).get("free_float", 0) is None and
           isinstance(js.get("design-review", {}).get("total_float"),
                      (int, float)),
           "week 3: solve --json gives finished work null float",
           js.get("req-sign"))
        why3 = " ".join(r.get("Why it moved") or "" for r in ms.values())
        ok(f"王强 is on leave {LEAVE}" in why3,
           "week 3: a slipped milestone is explained by Wang Qiang's leave",
           why3)

        # Week 4: the new task drives the design milestone.
        ms = milestone_rows(outputs[3][1])
        why4 = ms.get("m-design", {}).get("Why it moved") or ""
        ok("'arch-poc' is new" in why4 and
           "new dependency 'arch-poc' -> 'design-review'" in why4,
           "week 4: m-design's slip names the new task and dependency",
           why4)
        changes = outputs[3][1]["Changes"]
        added = [r[2] for r in changes.iter_rows(min_row=2, values_only=True)
                 if r[0] == "added"]
        ok(added == ["arch-poc"], "week 4: Changes lists the added task",
           added)

        # The registers say what changed since the last run.
        risks = {r[0]: r for r in outputs[1][1]["Risks"].iter_rows(
            min_row=2, values_only=True)}
        ok(risks.get("R2", [None] * 10)[9] == "status open -> occurred" and
           risks.get("R4", [None] * 10)[9] == "new" and
           risks.get("R1", [None] * 10)[9] is None,
           "week 2: Risks shows the occurred and the new risk",
           {k: v[9] for k, v in risks.items()})
        crs = {r[0]: r for r in outputs[2][1]["Change requests"].iter_rows(
            min_row=2, values_only=True)}
        ok(crs.get("CR-02", [None] * 6)[5] == "status proposed -> approved",
           "week 3: Change requests shows the approval",
           {k: v[5] for k, v in crs.items()})

        # The trend sheets and charts cover all four runs.
        wb = outputs[3][1]
        hs = wb["History"]
        runs = [r[0] for r in hs.iter_rows(min_row=2, values_only=True)
                if r[0] is not None]
        ok(runs == [1, 2, 3, 4], "week 4: History has the four runs", runs)
        charts = wb["Summary"]._charts
        def ref(s):  # line charts have val, scatter charts yVal
            return (s.val or s.yVal).numRef.f
        refs = [ref(s) for c in charts for s in c.series
                if "History" in ref(s)]
        ok(len(charts) == 2 and len(refs) >= 10 and
           all(re.search(r"\$2:\$[A-Z]+\$5$", f) for f in refs),
           "week 4: the earned-value and milestone-trend charts span the "
           "four runs", refs)
        curve = [ref(s) for s in charts[0].series
                 if "S-curve" in ref(s)] if charts else []
        pv = [r[1] for r in wb["S-curve"].iter_rows(min_row=2,
                                                      values_only=True)]
        ok(len(curve) == 1 and len(pv) > 20 and
           all(a <= b + 1e-9 for a, b in zip(pv, pv[1:])) and
           close(pv[-1], summary_values(wb)["Budget at completion (BAC)"]),
           "week 4: the S-curve rises week by week to the BAC",
           (curve, pv[:3], pv[-3:]))
        trend = [s for s in charts[-1].series] if charts else []
        ok(len(trend) >= 8, "week 4: one trend series per milestone",
           len(trend))

        r = run("diff", "1", "4", "--db", db)
        ok(r.returncode == 0 and "+ arch-poc" in r.stdout and
           "slip: 'm-design'" in r.stdout,
           "diff 1 4 shows the added task and explains the slip",
           r.stdout[-2000:] + r.stderr)
        r = run("baseline", "set", "week4", "--db", db)
        r2 = run("baseline", "list", "--db", db, "--json")
        bl = json.loads(r2.stdout) if r2.returncode == 0 else []
        ok(r.returncode == 0 and
           sorted((b["name"], b["run"]) for b in bl) ==
           [("initial", 1), ("week4", 4)],
           "baseline set names the last run, list shows both", bl)
        # A past run drawn again is the run as it was.
        again = os.path.join(tmp, "again")
        r = run("report", "--run", "2", "--db", db, "-o", again, "-q")
        r2 = run("gantt", "--run", "2", "--db", db, "-o", again, "-q")
        ok(r.returncode == 0 and r2.returncode == 0,
           "report and gantt --run 2 exit 0", r.stderr + r2.stderr)
        if r.returncode == 0:
            old = outputs[1][1]
            new = openpyxl.load_workbook(os.path.join(again, "status.xlsx"))
            differ = [n for n in old.sheetnames
                      if list(old[n].iter_rows(values_only=True)) !=
                      list(new[n].iter_rows(values_only=True))]
            ok(old.sheetnames == new.sheetnames and not differ,
               "report --run 2 reproduces week 2's report cell for cell",
               differ)
        if r2.returncode == 0:
            text = tool("pdftotext", "-layout",
                        os.path.join(again, "gantt.pdf"), "-").stdout
            ok(text == pdf_texts[1],
               "gantt --run 2 reproduces week 2's chart text")
        # The driving chains of the milestones that slipped, from a run.
        r = run("gantt", "--run", "4", "--db", db, "-o", again, "-q",
                "--chain", "slipped")
        text = tool("pdftotext", "-f", "1", "-l", "1",
                    os.path.join(again, "gantt.pdf"), "-").stdout
        late = [m["Name"] for m in milestone_rows(outputs[3][1]).values()
                if (m.get("Variance to baseline (d)") or 0) > 0]
        m = re.search(r"driving chain of (.*)", text)
        shown = m.group(1).split(", ") if m else []
        ok(r.returncode == 0 and late and sorted(shown) == sorted(late),
           f"gantt --chain slipped names the {len(late)} milestones later "
           "than the baseline", (shown, late, r.stderr))
        plain = os.path.join(tmp, "plain")
        before = os.path.getmtime(db)
        r = run("gantt", project, "-o", plain, *FIXED)
        ok(r.returncode == 0 and
           os.listdir(plain) == ["gantt.pdf"] and
           os.path.getmtime(db) == before,
           "gantt PROJECT draws the chart and leaves the database alone",
           r.stderr)

        r = run("diff", "1", "9", "--db", db)
        ok(r.returncode == 2 and "has no run 9" in r.stderr,
           "diff with an unknown run exits 2", r.stderr)
        test_layout(os.path.join(out, "status.xlsx"))
        test_charts(os.path.join(out, "status.xlsx"),
                    [h["status_date"] for h in hist], "2026-03-02")


def test_store():
    """An older database is migrated, keeping its runs; two runs at once
    both land."""
    with tempfile.TemporaryDirectory() as tmp:
        db = os.path.join(tmp, "old.db")
        con = sqlite3.connect(db)
        with open(os.path.join(ROOT, "tests", "data", "db", "schema-v1.sql"),
                  encoding="utf-8") as f:
            con.executescript(f.read())
        con.close()
        r = run("history", "--db", db, "--json")
        hist = json.loads(r.stdout) if r.returncode == 0 else []
        con = sqlite3.connect(db)
        version = con.execute("pragma user_version").fetchone()[0]
        con.close()
        ok(len(hist) == 1 and hist[0]["project"] == "Legacy" and
           version == 5,
           "a schema-1 database is migrated to 5 and keeps its run",
           r.stdout + r.stderr)
        small = os.path.join(ROOT, "tests", "data", "progress", "project.yaml")
        procs = [subprocess.Popen(
            taplib.command("run", small, "--db", db, "-o",
                           os.path.join(tmp, f"out{i}"), "-q", *FIXED),
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
            for i in range(2)]
        results = [p.communicate() + (p.returncode,) for p in procs]
        con = sqlite3.connect(db)
        runs = con.execute("select count(*) from run").fetchone()[0]
        check = con.execute("pragma integrity_check").fetchone()[0]
        con.close()
        ok(all(rc == 0 for _, _, rc in results) and runs == 3 and
           check == "ok",
           "two runs on one database at once both land, intact",
           results)


SMALL = """project: Small
start: {start}
resources: [{{ id: ann, cost_per_day: 100 }}]
tasks:
  - {{ id: a, duration: 5d, needs: [{{ resource: ann }}] }}
  - {{ id: done, milestone: true, after: [a] }}
"""


def test_status_date():
    """The status date: today is not the default when it lies outside a
    plan without progress; a run without progress has no SPI or CPI; a
    status date after the finish is warned about and leaves no milestone
    "on track"."""
    with tempfile.TemporaryDirectory() as tmp:
        for start in ("2001-03-05", "2099-03-02"):
            project = os.path.join(tmp, f"small-{start}.yaml")
            with open(project, "w", encoding="utf-8") as f:
                f.write(SMALL.format(start=start))
            out = os.path.join(tmp, "out-" + start)
            r = run("run", project, "-o", out, "--db",
                    os.path.join(tmp, "a.db"), *FIXED)
            got = summary_values(openpyxl.load_workbook(
                os.path.join(out, "status.xlsx"))) if r.returncode == 0 \
                else {}
            status = got.get("Status date")
            ok(r.returncode == 0 and "lies outside the plan" in r.stderr and
               status is not None and status.date().isoformat() == start,
               f"plan from {start}: the report is as of the project start, "
               "not today, and says so", (r.stderr, status))
            ok(str(got.get("Schedule performance (SPI)", "")).startswith(
                   "n/a") and
               str(got.get("Cost performance (CPI)", "")).startswith("n/a")
               and got.get("Estimate at completion (EAC)") ==
               got.get("Budget at completion (BAC)") == 500,
               f"plan from {start}: no progress, so SPI and CPI are n/a and "
               "EAC is the BAC", {k: got.get(k) for k in (
                   "Schedule performance (SPI)", "Cost performance (CPI)",
                   "Estimate at completion (EAC)",
                   "Budget at completion (BAC)")})
        project = os.path.join(tmp, "small-2001-03-05.yaml")
        out = os.path.join(tmp, "late")
        r = run("run", project, "-o", out, "--db", os.path.join(tmp, "b.db"),
                "--status-date", "2001-06-01", *FIXED)
        ms = milestone_rows(openpyxl.load_workbook(
            os.path.join(out, "status.xlsx"))) if r.returncode == 0 else {}
        ok(r.returncode == 0 and "warning: the status date 2001-06-01 is "
           "after the planned finish 2001-03-09" in r.stderr,
           "a status date after the finish is warned about", r.stderr)
        ok(ms.get("done", {}).get("State") ==
           "past due, not reported reached",
           "and the milestone is past due, not on track", ms.get("done"))


main()
test_status_date()
test_store()
taplib.finish()
