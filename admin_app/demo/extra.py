"""The rest of the demo city: everything a screen lists besides the people themselves.

`Extras.take(chunk)` sees every generated person row once, as it streams to the database,
and draws (with its own seeded generator, one `random()` per choice) who becomes a delegate,
a volunteer, a member in difficulty, who flows out or is being transferred, who is waiting
for approval or was returned, whose development file is kept here, who paid dues (and who is
in arrears), who was evaluated or rewarded. The proportions are per person, so 5,000 and
1,000,000 people give the same picture at different sizes. A few rows are forced into the
demo users' organisations so that every demo home page shows work waiting.

`Extras.write(conn)` then inserts all of it with one bulk statement per table (SQLite
`executemany`, PostgreSQL COPY), in the same transaction as the people.
"""
from __future__ import annotations

import json
import random
from collections import defaultdict
from datetime import date
from decimal import Decimal

from actions.development.catalogue import KINDS
from actions.members.dues import monthly_dues
from models import (
    Activity,
    ApprovalDecision,
    Assistance,
    Delegate,
    DevRecord,
    DevSubmission,
    DifficultMember,
    DuesPayment,
    Evaluation,
    Flow,
    OrgOfficer,
    OrgRecord,
    OrgTeam,
    Punishment,
    Reward,
    Transfer,
    Volunteer,
)
from models.base import utcnow
from models.codes import TERM_YEARS

# Tables written here with ids from their sequences (PostgreSQL: moved past them afterwards).
EXTRA_MODELS = (ApprovalDecision, Transfer, Flow, Delegate, Volunteer, DifficultMember,
                Assistance, Activity, DuesPayment, Evaluation, Reward, Punishment, DevRecord,
                DevSubmission,
                OrgTeam, OrgOfficer, OrgRecord)

# Person row layout (admin_app.demo.people.ROW_COLUMNS).
ID, NAME, PHONE, STAGE, MANAGEMENT, STATUS, ORG, PATH = 0, 2, 10, 11, 12, 13, 14, 15
CATEGORY = 9
APPLIED, ACTIVIST, TARGET, JOINED, FULL = 16, 17, 18, 19, 20

# Per-person shares (of the people a rule applies to).
SHARE = {
    "returned": 0.35,       # of the members waiting for approval: returned with a reason
    "transfer": 0.004,      # of the normal direct members: a 市内 transfer waiting for the receiver
    "flow_back": 0.004,     # of the normal members: a flow that already ended (history)
    "flow_in_system": 0.5,  # of the flowing members: flowed to an organisation of this city
    "delegate": 0.02,       # of the full members
    "volunteer": 0.04,      # of the members on the roll
    "difficulty": 0.01,
    "assistance": 0.6,      # of the members in difficulty
    "activity": 0.12,
    "dues": 0.12,           # of the direct members: a dues payment recorded here
    "arrears": 0.15,        # of those: the last payment is more than six months old
    "evaluation": 0.10,
    "reward": 0.012,
    "punishment": 0.002,
    # Of the people at each stage (full: converted in the last year): a file kept here.
    "dev_applicant": 0.1, "dev_activist": 0.12, "dev_target": 0.2, "dev_probationary": 0.12,
    "dev_full": 0.1,
    "lit": 0.3,             # of the submissions: made with warnings (亮灯)
    "explained": 0.6,       # of the lit submissions: with a 情况说明
    "team_overdue": 0.03,   # of the organisations: the team's term has already ended
    "org_record": 0.25,     # of the organisations: an extended record (民主生活会 …)
}

DELEGATE_TERMS = {"1": (19, 20), "2": (11, 12), "3": (12, 13), "4": (13, 14), "5": (14, 15)}
DELEGATE_LEVELS = [("2", 2), ("3", 3), ("4", 5), ("5", 6), ("1", 1)]
DELEGATE_CATEGORIES = [("01", 3), ("02", 3), ("03", 2), ("04", 6), ("09", 1)]
INTENTIONS = ["社区志愿服务", "关爱空巢老人", "政策理论宣讲", "文明交通劝导", "义务植树护绿",
              "义诊咨询", "留守儿童课业辅导", "法律咨询服务", "垃圾分类宣传", "防汛抗灾"]
SKILLS = ["驾驶", "摄影", "医疗护理", "法律", "书法", "计算机", "心理咨询", "文艺演出", None, None]
DIFFICULTY = [("01", 5), ("02", 6), ("03", 2), ("04", 1), ("05", 2), ("06", 2), ("09", 1)]
DIFFICULTY_TEXT = {"01": "家庭收入低于当地最低生活保障标准", "02": "本人患重病，医疗费用负担重",
                   "03": "肢体残疾，生活不能完全自理", "04": "房屋受灾受损，生活暂时困难",
                   "05": "原单位改制后失业，尚未再就业", "06": "两名子女上学，家庭负担重",
                   "09": "家庭遭遇变故，生活困难"}
ACTIVITIES = [("主题党日：学习党的二十届三中全会精神", "党员活动室"),
              ("“三会一课”专题党课", "会议室"),
              ("志愿服务进社区", "社区服务中心"), ("参观革命传统教育基地", "市革命纪念馆"),
              ("组织生活会", "会议室"), ("重温入党誓词", "党建展厅")]
REWARDS = [("优秀共产党员", "{district}"), ("优秀党务工作者", "{district}"),
           ("先进工作者", "本单位"), ("岗位能手", "本单位")]
FLOW_PLACES = ["广东省深圳市", "浙江省杭州市", "上海市", "北京市", "江苏省苏州市", "湖北省武汉市"]
FLOW_REASONS = ["外出务工", "外出经商", "异地学习进修", "随子女异地居住"]
RETURN_REASONS = ["入党日期与转正日期不符，请核实后重新报送", "身份证号码与出生日期不一致，请核对",
                  "缺少支部大会决议材料，请补充后重新报送"]
ORG_RECORDS = [("life_meeting", "年度组织生活会"), ("openness", "党务公开（第三季度）"),
               ("theme", "主题教育专题活动"), ("evaluation", "年度民主评议党员"),
               ("punishment", "党组织履行管党治党责任不力的问责")]
EXPLANATION = "经核实，该环节因工作单位调整延后办理，相关材料已补齐，特此说明。"

# The record kinds entered for each of the 25 steps (steps decided by a superior: none).
STEP_KINDS = {
    1: ("application",), 2: ("talk",), 3: ("recommendation", "committee_activist"),
    5: ("contact",), 6: ("thought_report", "education_opinion", "inspection"),
    7: ("contact_opinion", "public_opinion", "group_opinion", "committee_target"),
    9: ("introducer",), 10: ("political_review",), 11: ("training",),
    12: ("public_notice", "committee_review"), 14: ("volunteer_form",), 15: ("branch_meeting",),
    16: ("approval_talk",), 18: ("dept_filing",), 19: ("placement",), 20: ("oath",),
    21: ("probation_inspection",), 22: ("full_application",),
    23: ("introducer_opinion", "conversion_group_opinion", "conversion_public_opinion",
         "conversion_committee", "conversion_meeting"),
    25: ("archive",),
}
# Superior decisions: the step they complete -> submission kind.
DECISION_STEPS = {4: "activist_filing", 8: "target_filing", 13: "prereview", 17: "approval",
                  24: "conversion"}
# Range of the last completed step, by the person's stage.
STEP_RANGE = {"applicant": (1, 3), "activist": (4, 7), "target": (8, 16),
              "probationary": (17, 23), "full": (24, 25)}
# Warnings a lit submission carries: kind -> (rule, step, message, article).
WARNINGS = {
    "activist_filing": ("R03", 2, "收到入党申请书后一个月内未谈话", "第七条"),
    "target_filing": ("R06", 6, "超过半年未进行考察", "第十一条"),
    "prereview": ("R11", 11, "集中培训不足3天或24学时", "第十八条"),
    "approval": ("R14", 15, "到会有表决权党员未超过半数", "第二十条"),
    "conversion": ("R21", 21, "预备期考察记录缺失", "第三十条"),
}
DEV_COLUMNS = ("person_id", "kind", "on_date", "end_date", "title", "content", "place", "host",
               "recorder", "result", "status", "scope", "related_person_id", "expected",
               "present", "votes_for", "votes_against", "votes_abstain", "days", "hours",
               "created_at", "updated_at")


def _table(pairs) -> list:
    return [v for v, w in pairs for _ in range(w)]


def _iso(ordinal: int) -> str:
    return date.fromordinal(ordinal).isoformat()


class Extras:
    """Collect the demo city's records while its people stream past; then write them."""

    def __init__(self, seed_value: int, plan, today: date, demo: dict):
        self.rng = random.Random(seed_value * 7919 + 15)
        self.today = today.toordinal()
        self.now = utcnow().replace(microsecond=0).isoformat(sep=" ")
        self.orgs = {o["id"]: o for o in plan.orgs}
        self.district_of = {o["id"]: d for o, d, _ in plan.branches}
        self.district_orgs = [o for o in plan.orgs if o["depth"] == 1]
        by_district: dict[int, list] = {}
        for o, d, size in plan.branches:
            if size:
                by_district.setdefault(d, []).append(o)
        self.branches_by_district = by_district
        self.demo = demo  # {"branch": org, "branch2": org, "district": org}
        self.forced: dict[str, int] = {}
        self.levels = _table(DELEGATE_LEVELS)
        self.dcats = _table(DELEGATE_CATEGORIES)
        self.difficulty = _table(DIFFICULTY)
        self.members_of: dict[int, list[int]] = {}  # org -> first full members (contacts …)
        self.letter_seq: dict[int, int] = {}
        self.dev_people: list[tuple] = []
        self.rows: dict[str, list[tuple]] = {k: [] for k in (
            "approval_decision", "transfer", "flow", "delegate", "volunteer", "difficult_member",
            "assistance", "activity", "dues_payment", "evaluation", "reward", "punishment",
            "dev_record",
            "dev_submission", "org_team", "org_officer", "org_record")}
        self.dues = {c: monthly_dues(c, b) for c, b in
                     (("employed", Decimal("6000")), ("retired", Decimal("4000")))}

    # -- choosing, per person -----------------------------------------------------------------

    def _force(self, key: str, limit: int) -> bool:
        n = self.forced.get(key, 0)
        if n < limit:
            self.forced[key] = n + 1
            return True
        return False

    def take(self, chunk: list[tuple]) -> list[tuple]:
        """Return the chunk with changed statuses; remember what to write for its people."""
        r = self.rng.random
        branch, branch2 = self.demo["branch"]["id"], self.demo["branch2"]["id"]
        out = []
        for row in chunk:
            stage, status, oid = row[STAGE], row[STATUS], row[ORG]
            member = stage in ("full", "probationary")
            direct = row[MANAGEMENT] == "direct"
            new_status = status
            if member and status == "normal" and direct and stage == "full":
                known = self.members_of.setdefault(oid, [])
                if len(known) < 3:
                    known.append(row[ID])
            if oid == branch and member and status == "normal" and direct \
                    and len(self.members_of.get(oid, ())) >= 3 \
                    and (self._force("pending", 3) or self._force("returned", 2)):
                new_status = "returned" if self.forced.get("returned") else "pending"
            elif status == "pending" and r() < SHARE["returned"]:
                new_status = "returned"
            if new_status == "returned":
                self._returned(row)
            elif status == "flowing":
                self._flow(row, back=False)
            elif member and direct and new_status == "normal":
                to_demo = oid != branch2 and self.district_of.get(oid) != 0 \
                    and self._force("to_branch", 2)
                to_demo2 = not to_demo and self.district_of.get(oid) == 0 \
                    and oid != branch2 and self._force("to_branch2", 2)
                if to_demo or to_demo2 or r() < SHARE["transfer"]:
                    new_status = "transfer_pending"
                    self._transfer(row, branch if to_demo else branch2 if to_demo2 else None)
                elif r() < SHARE["flow_back"]:
                    self._flow(row, back=True)
            if member and new_status in ("normal", "flowing", "transfer_pending"):
                self._member_records(row, direct)
            developing = stage in ("applicant", "activist", "target", "probationary") or (
                stage == "full" and row[FULL] and self._recent(row))
            if new_status == "normal" and developing:
                if r() < SHARE[f"dev_{stage}"] or (oid == branch
                                                   and self._force(f"dev_{stage}", 1)):
                    self.dev_people.append((row[ID], oid, stage, row[APPLIED], row[ACTIVIST],
                                            row[TARGET], row[JOINED], row[FULL], row[NAME]))
            out.append(row if new_status == status else
                       row[:STATUS] + (new_status,) + row[STATUS + 1:])
        return out

    def _recent(self, row) -> bool:
        return date.fromisoformat(row[FULL]).toordinal() > self.today - 365

    def _returned(self, row) -> None:
        r = self.rng.random
        district = self.orgs[self.orgs[row[ORG]]["parent_id"]]
        while district["depth"] > 1:
            district = self.orgs[district["parent_id"]]
        self.rows["approval_decision"].append((
            row[ID], "rejected", RETURN_REASONS[int(r() * len(RETURN_REASONS))],
            f"{_iso(self.today - 1 - int(r() * 20))} 10:00:00", "demo_district", district["name"]))

    def _other_branch(self, district: int | None, prefer: int | None = None) -> dict:
        """A branch of another district (of `prefer` when given and different)."""
        r = self.rng.random
        keys = sorted(self.branches_by_district)
        if prefer is not None and prefer != district and prefer in self.branches_by_district:
            d = prefer
        else:
            others = [k for k in keys if k != district] or keys
            d = others[int(r() * len(others))]
        pool = self.branches_by_district[d]
        return pool[int(r() * len(pool))]

    def _transfer(self, row, to_id: int | None) -> None:
        r = self.rng.random
        src = self.orgs[row[ORG]]
        district = self.district_of.get(row[ORG])
        dest = self.orgs[to_id] if to_id else self._other_branch(
            district, prefer=0 if r() < 0.5 else None)
        seq = self.letter_seq[src["id"]] = self.letter_seq.get(src["id"], 0) + 1
        issued = self.today - 1 - int(r() * 40)
        self.rows["transfer"].append((
            row[ID], 2026, seq, f"{src['code']}-2026-{seq:03d}", "in_city", src["id"], src["path"],
            dest["id"], dest["path"], dest["name"], _iso(issued), 30, _iso(issued - 20),
            "pending", row[PHONE], "江城市人民路1号", "0731-88880000", "430000", self.now, 1))

    def _flow(self, row, back: bool) -> None:
        r = self.rng.random
        out_on = self.today - 30 - int(r() * 700)
        place = FLOW_PLACES[int(r() * len(FLOW_PLACES))]
        dest_id = dest_path = dest_unit = None
        if not back and r() < SHARE["flow_in_system"]:
            d = self.district_of.get(row[ORG])
            dest = self._other_branch(d, prefer=0 if r() < 0.5 else None)
            dest_id, dest_path, place = dest["id"], dest["path"], "江城市"
        else:
            dest_unit = f"{place}某单位党支部"
        returned = _iso(min(self.today - 1, out_on + 90 + int(r() * 300))) if back else None
        self.rows["flow"].append((
            row[ID], _iso(out_on), place, dest_id, dest_path, dest_unit,
            FLOW_REASONS[int(r() * len(FLOW_REASONS))], row[PHONE],
            _iso(out_on + 365 + int(r() * 365)), returned, "returned" if back else "out", None))

    def _member_records(self, row, direct: bool) -> None:
        r, pid, rows = self.rng.random, row[ID], self.rows
        oid = row[ORG]
        forced_org = oid in (self.demo["branch"]["id"], self.demo["branch2"]["id"])
        if row[STAGE] == "full" and r() < SHARE["delegate"]:
            self._delegate(row)
        if r() < SHARE["volunteer"]:
            cat = f"{1 + int(r() * 9):02d}"
            rows["volunteer"].append((
                pid, cat, str(1 + int(r() * 4)),
                INTENTIONS[int(r() * len(INTENTIONS))], SKILLS[int(r() * len(SKILLS))], row[PHONE],
                _iso(self.today - int(r() * 900)), self.now))
        if r() < SHARE["difficulty"] * (2 if row[CATEGORY] == "04" else 1):
            kind = self.difficulty[int(r() * len(self.difficulty))]
            rows["difficult_member"].append((pid, kind, DIFFICULTY_TEXT[kind],
                                             _iso(self.today - 60 - int(r() * 900)), "active",
                                             self.now))
            if r() < SHARE["assistance"]:
                form = "1" if r() < 0.6 else "3"
                rows["assistance"].append((
                    pid, _iso(self.today - int(r() * 300)), form,
                    "500.00" if form == "1" else None, "春节走访慰问困难党员",
                    "中共江城市委组织部", self.now))
        if r() < SHARE["activity"]:
            title, place = ACTIVITIES[int(r() * len(ACTIVITIES))]
            rows["activity"].append((pid, _iso(self.today - int(r() * 330)), title, place,
                                     "按时参加，发言积极", self.now))
        if direct and (r() < SHARE["dues"] or (forced_org and self._force(f"dues{oid}", 2))):
            late = r() < SHARE["arrears"] or (forced_org and self._force(f"late{oid}", 1))
            cls = "retired" if row[CATEGORY] == "04" else "employed"
            base = "4000.00" if cls == "retired" else "6000.00"
            monthly = self.dues[cls]
            if late:  # paid up to February: six and more months unpaid since
                frm, to, paid = "2025-09-01", "2026-02-01", "2025-09-10"
                months = 6
            else:
                frm, to, paid = "2026-01-01", "2026-10-01", "2026-01-15"
                months = 10
            rows["dues_payment"].append((pid, paid, frm, to, cls, base, str(monthly), str(monthly),
                                         str(monthly * months), None, None, self.now))
        if r() < SHARE["evaluation"]:
            g = r()
            grade = "1" if g < 0.2 else "2" if g < 0.95 else "3" if g < 0.99 else "4"
            rows["evaluation"].append((pid, 2025, "2026-01-12", grade, None, self.now))
        if r() < SHARE["reward"]:
            title, by = REWARDS[int(r() * len(REWARDS))]
            district = self.district_orgs[self.district_of.get(oid, 0)]["name"]
            rows["reward"].append((pid, _iso(self.today - int(r() * 1500)), title,
                                   by.format(district=district), None, self.now))

        if r() < SHARE["punishment"]:
            kind = "1" if r() < 0.7 else "2"
            rows["punishment"].append((pid, _iso(self.today - int(r() * 1500)), kind,
                                       "违反中央八项规定精神", self.district_orgs[
                                           self.district_of.get(oid, 0)]["name"], None, self.now))

    def _delegate(self, row) -> None:
        """One to three qualifications: one level over one or two terms, sometimes two levels."""
        r = self.rng.random
        levels = [self.levels[int(r() * len(self.levels))]]
        # Delegates of a higher congress are often also delegates of the one below.
        if levels[0] != "5" and r() < (0.7 if levels[0] in ("1", "2") else 0.3):
            levels.append(str(int(levels[0]) + 1))
        cat = self.dcats[int(r() * len(self.dcats))]
        delegation = f"第{1 + int(r() * 8)}代表团"
        for lv in levels:
            old, new = DELEGATE_TERMS[lv]
            terms = (old, new) if r() < 0.4 else (new,) if r() < 0.8 else (old,)
            for term in terms:
                elected = date(2021 if term == old else 2026, 5 + int(r() * 3), 10)
                ended = term == old and r() < 0.5
                self.rows["delegate"].append((
                    row[ID], lv, term, cat, delegation, elected.isoformat(),
                    "terminated" if ended else "active",
                    "2026-05-01" if ended else None, "届期届满" if ended else None, self.now))

    # -- development files ---------------------------------------------------------------------

    def _dev_files(self) -> None:
        r = self.rng.random
        turn: dict[str, int] = defaultdict(int)
        for pid, oid, stage, applied, activist, target, joined, full, name in self.dev_people:
            lo, hi = STEP_RANGE[stage]
            if oid == self.demo["branch"]["id"]:
                last = hi  # the demo branch's files wait for the district's decision
            else:
                last = lo + turn[stage] % (hi - lo + 1)  # the steps of a stage in turn
                turn[stage] += 1
            anchors = {1: applied, 4: activist, 8: target, 15: joined, 24: full}
            known = sorted((s, date.fromisoformat(v).toordinal())
                           for s, v in anchors.items() if v and s <= last)
            known.append((last + 1, self.today - 1))
            contacts = [m for m in self.members_of.get(oid, []) if m != pid]

            def on(step: int, known=known) -> int:
                for (s0, d0), (s1, d1) in zip(known, known[1:], strict=False):
                    if s0 <= step <= s1:
                        return d0 + (d1 - d0) * (step - s0) // max(1, s1 - s0)
                return known[0][1]

            for step in range(1, last + 1):
                for kind in STEP_KINDS.get(step, ()):
                    self._dev_record(pid, kind, on(step), contacts, name)
                if step in DECISION_STEPS:
                    self._submission(pid, oid, DECISION_STEPS[step], on(step) - 10, on(step),
                                     "approved")
            nxt = last + 1
            if nxt in DECISION_STEPS:  # submitted, waiting for the superior's decision
                self._submission(pid, oid, DECISION_STEPS[nxt], self.today - 1 - int(r() * 20),
                                 None, "pending")

    def _dev_record(self, pid: int, kind: str, day: int, contacts: list[int], name: str) -> None:
        k = KINDS[kind]
        names = {f.name for f in k.fields}
        v = dict.fromkeys(DEV_COLUMNS)
        v.update(person_id=pid, kind=kind, on_date=_iso(day), title=k.label,
                 content=f"{name}同志{k.label}，情况属实。", created_at=self.now,
                 updated_at=self.now)
        if "host" in names:
            v["host"] = "张建国"
        if "recorder" in names:
            v["recorder"] = "李晓红"
        if "place" in names:
            v["place"] = "党员活动室"
        for f in k.fields:
            if f.name == "result" and f.options:
                v["result"] = f.options[0]
            elif f.name == "end_date":
                v["end_date"] = _iso(day + 5)
            elif f.name == "related_person_id":
                v["related_person_id"] = contacts[0] if contacts else None
        if kind == "training":
            v["days"], v["hours"] = 5, 40
        if kind == "public_notice":
            v["scope"] = "本单位全体党员和群众"
        if kind in ("branch_meeting", "conversion_meeting"):
            v.update(expected=30, present=28, votes_for=28, votes_against=0, votes_abstain=0)
        if k.reviewed:
            v["status"] = "approved"
        if v["related_person_id"] is None and "related_person_id" in names:
            return  # no full member in the branch to name as contact or introducer
        self.rows["dev_record"].append(tuple(v[c] for c in DEV_COLUMNS))

    def _submission(self, pid, oid, kind, submitted: int, decided: int | None, status) -> None:
        r = self.rng.random
        lit = r() < SHARE["lit"]
        warnings = []
        if lit:
            rule, step, message, article = WARNINGS[kind]
            warnings = [{"rule": rule, "step": step, "message": message, "article": article}]
        explanation = EXPLANATION if lit and r() < SHARE["explained"] else None
        self.rows["dev_submission"].append((
            pid, kind, oid, f"{_iso(submitted)} 09:30:00",
            json.dumps(warnings, ensure_ascii=False), explanation, status,
            f"{_iso(decided)} 15:00:00" if decided else None, _iso(decided) if decided else None,
            "同意" if decided else None, 1))

    # -- organisations -------------------------------------------------------------------------

    def _organisations(self) -> None:
        r = self.rng.random
        district = self.demo["district"]
        first_below = next((o for o in self.orgs.values() if o["parent_id"] == district["id"]),
                           None)
        team_id = 0
        for org in self.orgs.values():
            if org["parent_id"] is None:
                continue
            years = TERM_YEARS[org["kind"]]
            span = years * 365
            if org is first_below:
                ends = self.today + 45  # the demo district sees one team due soon
            elif r() < SHARE["team_overdue"]:
                ends = self.today - 1 - int(r() * 120)
            else:
                ends = self.today + 1 + int(r() * span)
            elected = date.fromordinal(ends)
            elected = elected.replace(year=elected.year - years, day=min(elected.day, 28))
            team_id += 1
            self.rows["org_team"].append((
                team_id, org["id"], "1" if r() < 0.7 else "2", elected.isoformat(), _iso(ends),
                elected.replace(year=elected.year - years).isoformat(), None, self.now))
            members = self.members_of.get(org["id"], [])
            for i, pid in enumerate(members[:2]):
                self.rows["org_officer"].append((
                    org["id"], team_id, pid, "secretary" if i == 0 else "member",
                    elected.isoformat(), "active"))
            if r() < SHARE["org_record"]:
                kind, title = ORG_RECORDS[int(r() * len(ORG_RECORDS))]
                self.rows["org_record"].append((
                    org["id"], kind, _iso(self.today - int(r() * 300)), title,
                    "对照党章党规，查摆问题，明确整改措施。", "已完成", self.now))

    # -- writing -------------------------------------------------------------------------------

    COLUMNS = {
        "approval_decision": ("person_id", "decision", "reason", "decided_at", "decided_by",
                              "decider_org"),
        "transfer": ("person_id", "letter_year", "letter_seq", "letter_no", "direction",
                     "from_org_id", "from_org_path", "to_org_id", "to_org_path", "to_org_name",
                     "issued_on", "valid_days", "dues_paid_until", "status", "member_phone",
                     "issuer_address", "issuer_phone", "issuer_postcode", "created_at", "version"),
        "flow": ("person_id", "out_on", "place", "dest_org_id", "dest_org_path", "dest_unit",
                 "reason", "contact", "expected_return_on", "returned_on", "status",
                 "received_on"),
        "delegate": ("person_id", "level", "term", "category", "delegation", "elected_on",
                     "status", "terminated_on", "termination_reason", "created_at"),
        "volunteer": ("person_id", "category", "service_time", "intention", "skills", "phone",
                      "registered_on", "created_at"),
        "difficult_member": ("person_id", "kind", "description", "since", "status", "created_at"),
        "assistance": ("person_id", "given_on", "form", "amount", "content", "giver",
                       "created_at"),
        "activity": ("person_id", "held_on", "title", "place", "content", "created_at"),
        "dues_payment": ("person_id", "paid_on", "month_from", "month_to", "dues_class",
                         "income_base", "computed_monthly", "monthly_amount", "amount",
                         "override_reason", "content", "created_at"),
        "evaluation": ("person_id", "year", "evaluated_on", "grade", "content", "created_at"),
        "reward": ("person_id", "awarded_on", "title", "granted_by", "content", "created_at"),
        "punishment": ("person_id", "punished_on", "kind", "reason", "granted_by", "content",
                       "created_at"),
        "dev_record": DEV_COLUMNS,
        "dev_submission": ("person_id", "kind", "org_id", "submitted_at", "warnings",
                           "explanation", "status", "decided_at", "decided_on", "opinion",
                           "version"),
        "org_team": ("id", "org_id", "election_method", "elected_on", "term_ends_on",
                     "previous_election_on", "note", "created_at"),
        "org_officer": ("org_id", "team_id", "person_id", "role", "appointed_on", "status"),
        "org_record": ("org_id", "kind", "held_on", "title", "content", "result", "created_at"),
    }

    def write(self, conn) -> dict[str, int]:
        """Insert everything collected; return the number of rows per table."""
        self._dev_files()
        self._organisations()
        pg = conn.dialect.name == "postgresql"
        for table, rows in self.rows.items():
            if not rows:
                continue
            cols = self.COLUMNS[table]
            if pg:
                with conn.connection.driver_connection.cursor() as cur:
                    with cur.copy(f"COPY {table} ({', '.join(cols)}) FROM STDIN") as copy:
                        for row in rows:
                            copy.write_row(row)
            else:
                marks = ", ".join("?" * len(cols))
                conn.exec_driver_sql(
                    f"INSERT INTO {table} ({', '.join(cols)}) VALUES ({marks})", rows)
        return {table: len(rows) for table, rows in self.rows.items()}
