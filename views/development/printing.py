"""Printables: 入党积极分子考察登记表 and the whole development record, as HTML and PDF."""
from __future__ import annotations

from flask import abort, render_template, request
from flask_admin import expose
from flask_login import current_user

from actions import clock
from actions.development.documents import pdf_bytes
from models import Person, db
from models.codes import EDUCATION, ETHNICITY, SEX, STAGE, label

from views.development.common import page_data, scoped

DOCUMENTS = {"register": ("development/print_register.html", "入党积极分子考察登记表"),
             "record": ("development/print_record.html", "发展党员全程记实")}


class PrintRoutes:
    """Routes of the development page that print documents (mixed into DevelopmentView)."""

    @expose("/person/<int:person_id>/print/<doc>")
    def print_doc(self, person_id, doc):
        person = scoped(Person, person_id)
        if doc not in DOCUMENTS:
            abort(404)
        template, title = DOCUMENTS[doc]
        html = render_template(template, title=title, today=clock.today(), sex=label(SEX, person.sex),
                               ethnicity=label(ETHNICITY, person.ethnicity),
                               education=label(EDUCATION, person.education), stage_names=STAGE,
                               printed_by=current_user, **page_data(person))
        if request.args.get("format") != "pdf":
            return html
        from actions import audit

        audit.record(db.session, "print", "person", f"打印{title}「{person.name}」",
                     person.org_path, {"document": doc}, person_id=person.id)
        db.session.commit()
        data = pdf_bytes(html)
        name = f"{title}-{person.name}.pdf"
        from urllib.parse import quote

        return data, 200, {"Content-Type": "application/pdf",
                           "Content-Disposition": f"inline; filename=document.pdf; filename*=UTF-8''{quote(name)}"}
