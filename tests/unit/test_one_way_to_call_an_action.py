"""Views run actions through one helper and read posted fields through forms (a code scan)."""
import ast
import pathlib

ROOT = pathlib.Path(__file__).resolve().parents[2]
VIEWS = ROOT / "views"
# The one helper that turns a DomainError into a field error or a flash.
HELPER = VIEWS / "helpers.py"


def _modules():
    return sorted(p for p in VIEWS.rglob("*.py") if p != HELPER)


def _catches_domain_error(handler: ast.ExceptHandler) -> bool:
    names = [handler.type] if not isinstance(handler.type, ast.Tuple) else handler.type.elts
    return any(isinstance(n, ast.Name) and n.id in ("DomainError", "RuleViolation")
               or isinstance(n, ast.Attribute) and n.attr in ("DomainError", "RuleViolation")
               for n in names if n is not None)


def test_no_view_catches_a_domain_error_itself():
    found = [f"{p.relative_to(ROOT)}:{node.lineno}" for p in _modules()
             for node in ast.walk(ast.parse(p.read_text(encoding="utf-8")))
             if isinstance(node, ast.ExceptHandler) and _catches_domain_error(node)]
    assert found == [], "use views.helpers.run_action instead"


def _reads_a_posted_field(node: ast.AST) -> bool:
    """request.form[...] / request.form.get(...) / .getlist(...) / .to_dict() / iteration."""
    def is_form(n):
        return isinstance(n, ast.Attribute) and n.attr == "form" and \
            isinstance(n.value, ast.Name) and n.value.id == "request"
    if isinstance(node, ast.Subscript) and is_form(node.value):
        return True
    return isinstance(node, ast.Attribute) and is_form(node.value)


def test_no_view_reads_a_posted_field_by_hand():
    found = [f"{p.relative_to(ROOT)}:{node.lineno}" for p in _modules()
             for node in ast.walk(ast.parse(p.read_text(encoding="utf-8")))
             if _reads_a_posted_field(node)]
    assert found == [], "read posted fields through a views.forms.ProjectForm"
