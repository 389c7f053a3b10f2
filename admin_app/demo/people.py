"""Demo people: valid ID numbers consistent with birth date and sex, drawn fast and deterministically."""
from __future__ import annotations

import random
from datetime import date

from actions.members.idnumber import CHECK_CHARS, WEIGHTS, parse
from actions.members.people import initials
from admin_app.demo import data as D

TODAY = date(2026, 11, 1)  # fixed, so the same seed gives the same city on any day

# What a generated row holds, in order; every other person column gets its default (or NULL).
ROW_COLUMNS = ("id", "id_number", "name", "name_initials", "sex", "birth_date", "ethnicity",
               "native_place", "education", "category", "phone", "stage", "management", "status",
               "org_id", "org_path", "applied_on", "activist_on", "target_on", "joined_on",
               "full_on")
TODAY_ORD = TODAY.toordinal()


def _table(pairs) -> list:
    """Expand integer-weighted (value, weight) pairs into a list indexed by one random()."""
    return [v for v, w in pairs for _ in range(w)]


def _checksum_part(digits: str, start: int) -> int:
    return sum(int(ch) * w for ch, w in zip(digits, WEIGHTS[start:]))


def _plus_years(d: date, years: int, feb29: tuple[int, int]) -> date:
    try:
        return d.replace(year=d.year + years)
    except ValueError:  # 29 February
        return date(d.year + years, *feb29)


class _Days(dict):
    """ordinal -> (ISO date, YYYYMMDD, its ID-checksum part, 18th birthday, one year later)."""

    def __missing__(self, ordinal: int):
        d = date.fromordinal(ordinal)
        ymd = f"{d:%Y%m%d}"
        info = (d.isoformat(), ymd, _checksum_part(ymd, 6),
                _plus_years(d, 18, (3, 1)).toordinal(), _plus_years(d, 1, (2, 28)).toordinal())
        self[ordinal] = info
        return info


def _with_initials(chars) -> list[tuple[str, str]]:
    return [(ch, initials(ch)) for ch in chars]


class PersonMaker:
    """Make people with valid ID numbers consistent with birth date and sex."""

    def __init__(self, rng: random.Random):
        self.rng = rng
        self.seen: set[int] = set()
        self.days = _Days()
        self.surnames = [(s, initials(s)) for s in _table(D.SURNAMES)]
        self.ethnicity = _table(D.ETHNICITY_WEIGHTS)
        self.category = _table(D.CATEGORY_WEIGHTS)
        limits = sorted(D.EDUCATION_BY_AGE)
        self.education = [_table(D.EDUCATION_BY_AGE[next(x for x in limits if age <= x)])
                          for age in range(121)]
        self.natives = [f"湖南{d}" for d in D.DISTRICTS]
        male, female, anyone = (_with_initials(D.GIVEN_MALE), _with_initials(D.GIVEN_FEMALE),
                                _with_initials(D.GIVEN_ANY))
        self.given = {True: (male, anyone + male), False: (female, anyone + female)}
        # Region codes 43xxDD: 13 prefectures times the district; sequence numbers by sex.
        self.regions = [[(r, _checksum_part(r, 0))
                         for r in (f"43{k:02d}{d + 2:02d}" for k in range(1, 14))]
                        for d in range(len(D.DISTRICTS))]
        self.seqs = {male_: [(f"{s:03d}", _checksum_part(f"{s:03d}", 14), s)
                             for s in range(1000) if s % 2 == (1 if male_ else 0)]
                     for male_ in (True, False)}

    def rows(self, branches, tail: tuple = ()):
        """Yield one tuple per person (ROW_COLUMNS, then `tail`), ids 1, 2, … in branch order."""
        r, tri, days = self.rng.random, self.rng.triangular, self.days
        surnames, ethnicity, category = self.surnames, self.ethnicity, self.category
        n_sur, n_eth, n_cat, n_nat = len(surnames), len(ethnicity), len(category), len(self.natives)
        education, natives, given = self.education, self.natives, self.given
        pid = 0
        for org, district, size in branches:
            oid, opath, approval = org["id"], org["path"], org["requires_approval"]
            regions = self.regions[district]
            for _ in range(size):
                pid += 1
                roll = r()
                activist = target = joined = full = None
                if roll < 0.91:
                    stage = "full" if roll < 0.87 else "probationary"
                    age = min(95, int(tri(20, 92, 45)))
                    back = 0
                else:
                    # Development dates counted back from today, so none lies in the future.
                    stage = "target" if roll < 0.93 else "activist" if roll < 0.96 else "applicant"
                    if stage == "applicant":
                        back = 30 + int(r() * 871)
                    else:
                        back = 1 + int(r() * (300 if stage == "target" else 700))
                        if stage == "target":
                            target = TODAY_ORD - back
                            back += 370 + int(r() * 131)  # at least a year as an activist
                        activist = TODAY_ORD - back
                        back += 40 + int(r() * 161)
                    low = 20 + back // 365  # adult a year before applying
                    age = low + int(r() * (36 - low))
                birth = TODAY_ORD - age * 365 - int(r() * 365)
                male = r() < 0.7
                id_number, birth = self._id_number(regions, district, birth, male)
                iso, _, _, adult, _ = days[birth]
                pool, mixed = given[male]
                sname, sinit = surnames[int(r() * n_sur)]
                if r() < 0.35:
                    g, gi = pool[int(r() * len(pool))]
                    name, name_ini = sname + g, sinit + gi
                else:
                    (g1, i1), (g2, i2) = mixed[int(r() * len(mixed))], pool[int(r() * len(pool))]
                    name, name_ini = sname + g1 + g2, sinit + i1 + i2
                eth, nat = ethnicity[int(r() * n_eth)], natives[int(r() * n_nat)]
                edu_t = education[min(age, 120)]
                edu = edu_t[int(r() * len(edu_t))]
                cat = "04" if age >= 62 else category[int(r() * n_cat)]
                phone = f"1{'3578'[int(r() * 4)]}{int(r() * 1e9):09d}"
                management = "inflow" if r() < 0.02 else "direct"
                if back:
                    applied = TODAY_ORD - back
                else:
                    if stage == "probationary":
                        joined = TODAY_ORD - 10 - int(r() * 351)
                    else:
                        lo, hi = adult + 400, TODAY_ORD - 400
                        joined = lo + int(r() * (hi - lo + 1)) if hi > lo else hi
                        full = days[joined][4]
                    applied = max(adult, joined - 700 - int(r() * 701))
                status = "normal"
                if approval and not back and r() < 0.02:
                    status = "pending"
                elif stage == "full" and r() < 0.006:
                    status = "flowing"
                yield (pid, id_number, name, name_ini[:20], "1" if male else "2", iso, eth, nat,
                       edu, cat, phone, stage, management, status, oid, opath, days[applied][0],
                       activist and days[activist][0], target and days[target][0],
                       joined and days[joined][0], full and days[full][0]) + tail

    def _id_number(self, regions, district: int, birth: int, male: bool) -> tuple[str, int]:
        """Return a unique GB 11643 number for this birth day and sex (and the day it encodes)."""
        r, seqs, seen = self.rng.random, self.seqs[male], self.seen
        tries = 0
        while True:
            k = int(r() * 13)
            region, region_sum = regions[k]
            seq, seq_sum, seq_no = seqs[int(r() * 500)]
            key = ((district * 13 + k) << 30) | (birth << 10) | seq_no
            if key not in seen:
                seen.add(key)
                _, ymd, day_sum, _, _ = self.days[birth]
                check = CHECK_CHARS[(region_sum + day_sum + seq_sum) % 11]
                return f"{region}{ymd}{seq}{check}", birth
            tries += 1
            if tries % 64 == 0:  # this day is crowded: the person is born a day earlier
                birth -= 1


def _verify(row) -> None:
    """Check one generated row against the ID-number parser (a guard against table drift)."""
    info = parse(row[1])
    if info.birth_date.isoformat() != row[5] or info.sex != row[4]:
        raise RuntimeError(f"演示数据生成错误：身份证号码 {row[1]} 与出生日期或性别不一致")


