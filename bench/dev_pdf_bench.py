"""Time the development printables (考察登记表, 全程记实): prints figures, asserts nothing.

Usage: .venv/bin/python bench/dev_pdf_bench.py [--profile]
Builds a scratch SQLite instance with one person whose file is complete (two years of records),
then times the HTML and the PDF of both documents, per document and per page. With --profile it
prints where the PDF time goes (the top functions by cumulative time).
"""
from __future__ import annotations

import cProfile
import io
import os
import pstats
import sys
import tempfile
import time
from datetime import date, timedelta


def _seed(db):
    from actions.development.dates import add_months
    from models import DevRecord, DevSubmission
    from tests import factories as f

    c = f.standard_city(db.session)
    today = date.today()
    joined = add_months(today, -13)
    p = f.make_person(db.session, c.branch_a1a, name="打印样本", stage="full", joined_on=joined,
                      full_on=add_months(joined, 12), activist_on=add_months(joined, -20),
                      target_on=add_months(joined, -6), applied_on=add_months(joined, -26))
    text = "认真学习党的理论，积极参加组织活动，工作中发挥骨干作用。" * 6
    rows = []
    for kind, months in (("application", -26), ("talk", -25), ("recommendation", -21),
                         ("committee_activist", -20), ("group_opinion", -7),
                         ("contact_opinion", -7), ("public_opinion", -7), ("committee_target", -6),
                         ("political_review", -5), ("training", -5), ("committee_review", -4),
                         ("volunteer_form", -2), ("branch_meeting", 0), ("oath", 1),
                         ("full_application", 11), ("conversion_meeting", 12)):
        rows.append(DevRecord(person_id=p.id, kind=kind, on_date=add_months(joined, months),
                              content=text, result="同意", status="approved"))
    for k in range(8):
        day = add_months(joined, -20 + 3 * k)
        rows += [DevRecord(person_id=p.id, kind="thought_report", on_date=day, title=f"第{k + 1}次思想汇报",
                           content=text * 2, status="approved"),
                 DevRecord(person_id=p.id, kind="inspection", on_date=day + timedelta(days=5),
                           content=text, recorder="组织委员")]
    db.session.add_all(rows)
    for kind in ("activist_filing", "target_filing", "prereview", "approval", "conversion"):
        db.session.add(DevSubmission(person_id=p.id, kind=kind, org_id=p.org_id, status="approved",
                                     decided_on=today, opinion="同意"))
    db.session.commit()
    return p.id


def _pages(data: bytes) -> int:
    import subprocess

    try:
        out = subprocess.run(["pdfinfo", "-"], input=data, capture_output=True, check=True).stdout
    except (OSError, subprocess.CalledProcessError):
        return 0
    return next((int(line.split()[-1]) for line in out.decode().splitlines()
                 if line.startswith("Pages:")), 0)


def main() -> None:
    sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    os.environ["INSTANCE_PATH"] = tempfile.mkdtemp()
    os.environ.pop("DATABASE_URL", None)
    from admin_app import create_app
    from models import db

    app = create_app({"CAPTCHA": False, "WTF_CSRF_ENABLED": False, "TESTING": True})
    with app.app_context():
        from flask_migrate import upgrade

        upgrade()
        pid = _seed(db)
    from tests import factories as f

    client = app.test_client()
    client.post("/login", data={"username": "branch_admin", "password": f.PASSWORD})
    for doc, label in (("register", "考察登记表"), ("record", "全程记实")):
        url = f"/admin/development/person/{pid}/print/{doc}"
        client.get(url + "?format=pdf")  # warm up (font discovery, caches)
        t = time.perf_counter()
        client.get(url)
        html_ms = (time.perf_counter() - t) * 1000
        n = 3
        t = time.perf_counter()
        for _ in range(n):
            data = client.get(url + "?format=pdf").data
        pdf_s = (time.perf_counter() - t) / n
        pages = _pages(data)
        print(f"{label:<8} html {html_ms:7.1f} ms · pdf {pdf_s:6.2f} s · {pages} pages · "
              f"{pdf_s / max(pages, 1):5.2f} s/page · {len(data) // 1024} KB")
    if "--profile" in sys.argv:
        prof = cProfile.Profile()
        prof.enable()
        client.get(f"/admin/development/person/{pid}/print/record?format=pdf")
        prof.disable()
        out = io.StringIO()
        pstats.Stats(prof, stream=out).sort_stats(sys.argv[2] if len(sys.argv) > 2 else "cumulative").print_stats(25)
        print(out.getvalue())


if __name__ == "__main__":
    main()
