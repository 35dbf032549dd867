#!/usr/bin/env python3
"""accounts.py: `jixiao serve` with accounts (issue 19), as each role and as
an attacker: login, sessions, scopes, CSRF, fixation, brute force, ids
edited by hand, the audit log.  tests/web/check.sh sets up the database and
the server and counts the lines this prints: "ok NAME" or "FAIL NAME: why".

  accounts.py PORT DB JIXIAO EXAMPLE [B.txt]

DB is a SQLite file or a postgresql:// address: the same checks run on both
backends (tests/web/check.sh runs them on each), looking inside with the
sqlite3 module or psql.

The database holds the example's 16 forms of unit A and the same forms as
unit B (B.txt beside it), both units under one 主管部门 in the registry, and
the accounts: clerk (A), other (B), head (B's unit head), dept (the
主管部门), dept2 (another one, no units), fin (finance), admin.  Every password is LOGIN-pass-1.
"""
import http.client
import json
import os
import re
import sqlite3
import subprocess
import sys
import uuid

PORT, DB, JX = int(sys.argv[1]), sys.argv[2], sys.argv[3]
# unit B's forms (the example renamed): argument 5, else B.txt beside a SQLite DB
B_TXT = sys.argv[5] if len(sys.argv) > 5 else os.path.join(os.path.dirname(DB), "B.txt")
UNIT_A, UNIT_B = "银川市金凤区上海西路办事处", "银川市金凤区满城北街办事处"
failures = 0


def check(name, cond, why=""):
    global failures
    if cond:
        print(f"ok {name}")
    else:
        failures += 1
        print(f"FAIL {name}: {why}")


def request(method, path, headers=None, body=None, source="127.0.0.1"):
    c = http.client.HTTPConnection("127.0.0.1", PORT, timeout=30, source_address=(source, 0))
    h = {"Host": f"127.0.0.1:{PORT}"}
    h.update(headers or {})
    c.request(method, path, body=body, headers=h)
    r = c.getresponse()
    data = r.read()
    out = (r.status, dict((k.lower(), v) for k, v in r.getheaders()), data.decode("utf-8", "replace"),
           r.msg.get_all("Set-Cookie") or [])
    c.close()
    return out


def multipart(fields, files=()):
    b = uuid.uuid4().hex
    parts = []
    for k, v in fields:
        parts.append(f'--{b}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n'.encode())
    for k, name, data in files:
        parts.append(f'--{b}\r\nContent-Disposition: form-data; name="{k}"; filename="{name}"\r\n'
                     f'Content-Type: text/plain\r\n\r\n'.encode() + data + b"\r\n")
    parts.append(f"--{b}--\r\n".encode())
    return b"".join(parts), {"Content-Type": f"multipart/form-data; boundary={b}"}


def server_csrf():
    s, h, body, _ = request("GET", "/login")
    m = re.search(r'name="csrf" value="([0-9a-f]{64})"', body)
    return m.group(1) if m else ""


def login(user, password=None, cookie=None, csrf=None, nxt="/", source="127.0.0.1"):
    body, h = multipart([("csrf", server_csrf() if csrf is None else csrf), ("next", nxt),
                         ("login", user), ("password", password or f"{user}-pass-1")])
    if cookie:
        h["Cookie"] = f"jixiao_session={cookie}"
    return request("POST", "/login", h, body, source)


def token_of(set_cookies):
    for c in set_cookies:
        m = re.match(r"jixiao_session=([0-9a-f]*)", c)
        if m:
            return m.group(1)
    return None


class Client:
    def __init__(self, user):
        self.user = user
        s, h, body, cookies = login(user)
        self.token = token_of(cookies)
        self.csrf = ""
        if self.token:
            s2, h2, page, _ = self.get("/forms")
            m = re.search(r'<meta name="csrf" content="([0-9a-f]{64})"', page)
            self.csrf = m.group(1) if m else ""

    def headers(self, extra=None):
        h = {"Cookie": f"jixiao_session={self.token}"}
        h.update(extra or {})
        return h

    def get(self, path):
        return request("GET", path, self.headers())

    def post(self, path, body, headers=None, csrf=True):
        h = {"X-CSRF-Token": self.csrf} if csrf else {}
        h.update(headers or {})
        return request("POST", path, self.headers(h), body)

    def listed(self):
        s, h, body, _ = self.get("/api/forms")
        try:
            return s, [f["unit"] for f in json.loads(body)["forms"]]
        except Exception:
            return s, None


PG = DB.startswith(("postgresql://", "postgres://"))


class DbError(Exception):
    """An SQL statement the database refused (either backend)."""


def literal(v):
    return str(v) if isinstance(v, int) else "'" + str(v).replace("'", "''") + "'"


def cell(t):
    return int(t) if re.fullmatch(r"-?[0-9]+", t) else t


def db(sql, *args):
    """Rows of SQL with ? bound to args, as tuples (psql's integers as int)."""
    if not PG:
        con = sqlite3.connect(DB, timeout=10)
        try:
            return con.execute(sql, args).fetchall()
        except sqlite3.DatabaseError as e:
            raise DbError(str(e))
        finally:
            con.commit()
            con.close()
    for a in args:
        sql = sql.replace("?", literal(a), 1)
    r = subprocess.run(["psql", "-X", "-q", "-At", "-F", "\x1f", "-v", "ON_ERROR_STOP=1", "-d", DB, "-c", sql],
                       capture_output=True, text=True)
    if r.returncode:
        raise DbError(r.stderr)
    return [tuple(cell(x) for x in line.split("\x1f")) for line in r.stdout.splitlines()]


ids_a = [r[0] for r in db("SELECT id FROM forms WHERE implementer = ? ORDER BY id", UNIT_A)]
ids_b = [r[0] for r in db("SELECT id FROM forms WHERE implementer = ? ORDER BY id", UNIT_B)]
check("setup: 16 forms of each unit", len(ids_a) == 16 and len(ids_b) == 16, f"{len(ids_a)} {len(ids_b)}")
b_id = ids_b[0]

# --- without a session --------------------------------------------------------------------------
s, h, _, _ = request("GET", "/forms")
check("a page without a session: 303 to the login, the address kept",
      s == 303 and h.get("location") == "/login?next=/forms", f"{s} {h.get('location')}")
for method, path in (("GET", "/api/forms"), ("GET", f"/api/forms/{b_id}"), ("POST", "/api/rescore"),
                     ("GET", f"/forms/{b_id}/download.json"), ("GET", "/log.csv")):
    s, h, _, _ = request(method, path)
    check(f"{method} {path} without a session: 401 or 303, never the data", s in (401, 303), str(s))
s, _, body, _ = request("GET", "/static/app.css")
check("the style sheet needs no login", s == 200, str(s))
s, _, body, _ = request("GET", "/login")
check("the login page: 200, a form with the server's CSRF secret", s == 200 and 'name="password"' in body, str(s))

# --- logging in -----------------------------------------------------------------------------------
s, _, body, cookies = login("clerk", "wrong-password")
check("a wrong password: 401, said in Chinese, no cookie",
      s == 401 and "账号或密码错误" in body and token_of(cookies) is None, f"{s} {cookies}")
s, _, body, cookies = login("nobody", "whatever-pass")
check("an unknown login: the same answer as a wrong password", s == 401 and "账号或密码错误" in body, str(s))
s, _, body, cookies = login("clerk", csrf="")
check("a login post without the CSRF secret: 403", s == 403 and token_of(cookies) is None, str(s))
s, h, _, cookies = login("clerk", nxt="/forms?q=1")
tok = token_of(cookies)
check("login: 303 to the address asked for", s == 303 and h.get("location") == "/forms?q=1", f"{s} {h.get('location')}")
check("the session cookie: 64 hex digits, HttpOnly, SameSite=Strict, Path=/",
      tok and len(tok) == 64 and all(x in cookies[0] for x in ("HttpOnly", "SameSite=Strict", "Path=/")),
      str(cookies))
check("the store keeps the token's hash, not the token",
      not db("SELECT 1 FROM sessions WHERE id = ?", tok) and db("SELECT count(*) FROM sessions")[0][0] >= 1)
s, h, _, _ = login("clerk", nxt="//evil.example/x")
check("a next address to another site: sent to / instead", h.get("location") == "/", str(h.get("location")))

# session fixation: a token planted in the browser is ended, never adopted
planted = "ab" * 32
s, h, _, cookies = login("clerk", cookie=planted)
new = token_of(cookies)
check("login with a planted token: a new one issued", new and new != planted, str(cookies))
s, _, _, _ = request("GET", "/forms", {"Cookie": f"jixiao_session={planted}"})
check("… and the planted one opens nothing", s == 303, str(s))
s, _, _, cookies2 = login("clerk", cookie=new)
s, _, _, _ = request("GET", "/forms", {"Cookie": f"jixiao_session={new}"})
check("logging in again ends the session the browser brought", s == 303, str(s))

clerk, other, dept, dept2, fin, admin = (Client(u) for u in ("clerk", "other", "dept", "dept2", "fin", "admin"))
check("every role logs in", all(c.token and c.csrf for c in (clerk, other, dept, dept2, fin, admin)),
      str([(c.user, bool(c.token), bool(c.csrf)) for c in (clerk, other, dept, dept2, fin, admin)]))

# --- scopes ---------------------------------------------------------------------------------------
for c, want in ((clerk, {UNIT_A: 16}), (other, {UNIT_B: 16}), (dept, {UNIT_A: 16, UNIT_B: 16}),
                (dept2, {}), (fin, {UNIT_A: 16, UNIT_B: 16}), (admin, {UNIT_A: 16, UNIT_B: 16})):
    s, units = c.listed()
    got = {}
    for u in units or []:
        got[u] = got.get(u, 0) + 1
    check(f"{c.user}: /api/forms lists its scope only", s == 200 and got == want, f"{s} {got}")
s, _, page, _ = clerk.get("/forms")
check("clerk: the list page has none of B's forms", s == 200 and UNIT_B not in page and UNIT_A in page, str(s))
s, _, page, _ = clerk.get("/")
check("clerk: the overview sums its forms only", s == 200 and UNIT_B not in page and 'id="scoped"' in page, str(s))
for path in (f"/forms/{b_id}", f"/forms/{b_id}/edit", f"/forms/{b_id}/history", f"/forms/{b_id}/log",
             f"/forms/{b_id}/download.json", f"/forms/{b_id}/download.xlsx", f"/api/forms/{b_id}",
             f"/download.json?unit={UNIT_B}", "/report?unit=" + UNIT_B):
    s, _, body, _ = clerk.get(path.replace(UNIT_B, "%E9%93%B6%E5%B7%9D%E5%B8%82%E9%87%91%E5%87%A4%E5%8C%BA"
                                                   "%E6%BB%A1%E5%9F%8E%E5%8C%97%E8%A1%97%E5%8A%9E%E4%BA%8B%E5%A4%84"))
    check(f"clerk: {path.split('?')[0]} of unit B answers 404, nothing of it shown",
          s == 404 and UNIT_B not in body, f"{s} {UNIT_B in body}")
s, _, body, _ = clerk.get(f"/forms/{ids_a[0]}")
check("clerk: its own form opens", s == 200 and UNIT_A in body, str(s))
s, _, body, _ = dept2.get(f"/forms/{ids_a[0]}")
check("a 主管部门 reviewer of another department: 404 for unit A's form", s == 404, str(s))

# changing what is outside the scope: ids edited by hand, files of another unit
s, _, bjson, _ = fin.get(f"/api/forms/{b_id}")
bjson = json.dumps(json.loads(bjson)["form"], ensure_ascii=False)
version = db("SELECT import_id FROM forms WHERE id = ?", b_id)[0][0]
history0 = db("SELECT count(*) FROM history")[0][0]
before = db("SELECT import_id, total_c FROM forms WHERE implementer = ? ORDER BY id", UNIT_B)
s, _, body, _ = clerk.post(f"/api/forms/{b_id}/save?version={version}", bjson.encode(),
                           {"Content-Type": "application/json"})
check("clerk: saving unit B's form by its id is refused", s in (403, 404, 409, 422), f"{s} {body[:200]}")
s, _, body, _ = clerk.post("/api/save", bjson.encode(), {"Content-Type": "application/json"})
check("clerk: saving B's form as a new one is refused", s in (403, 404, 409, 422), f"{s} {body[:200]}")
with open(B_TXT, "rb") as f:
    btext = f.read()
body, h = multipart([("csrf", clerk.csrf)], [("files", "B.txt", btext)])
s, _, page, _ = clerk.post("/upload", body, h, csrf=False)
check("clerk: uploading unit B's forms stores none, and says why",
      "不在你的账号范围内" in page and "未导入" in page, f"{s} {page[-400:]}")
check("… unit B's forms and the history are as they were",
      db("SELECT import_id, total_c FROM forms WHERE implementer = ? ORDER BY id", UNIT_B) == before
      and db("SELECT count(*) FROM history")[0][0] == history0)
s, _, body, _ = clerk.post("/api/import", *multipart([], [("f", "B.txt", btext)]))
check("clerk: /api/import of B's file: refused, 0 added", '"imported":false' in body and '"added":0' in body,
      f"{s} {body[:300]}")
s, _, body, _ = dept.post("/api/save", bjson.encode(), {"Content-Type": "application/json"})
check("a 主管部门 reviewer cannot save forms: 403", s == 403, str(s))
s, _, page, _ = dept.post("/upload", *multipart([("csrf", dept.csrf)], [("files", "B.txt", btext)]), csrf=False)
check("… nor upload them: 403", s == 403, str(s))
body, h = multipart([("csrf", other.csrf)], [("files", "B.txt", btext)])
s, _, page, _ = other.post("/upload", body, h, csrf=False)
check("the clerk of unit B uploads its own file: 16 replaced",
      s == 200 and "<td>已导入</td><td>0</td><td>16</td>" in page, f"{s} {page[-300:]}")

# --- CSRF -----------------------------------------------------------------------------------------
rescore_body = bjson.encode()
s, _, _, _ = clerk.post("/api/rescore", rescore_body, {"Content-Type": "application/json"}, csrf=False)
check("a post without the session's CSRF secret: 403", s == 403, str(s))
s, _, _, _ = clerk.post("/api/rescore", rescore_body, {"Content-Type": "application/json",
                                                       "X-CSRF-Token": server_csrf()}, csrf=False)
check("the server's login secret is not the session's: 403", s == 403, str(s))
s, _, _, _ = clerk.post("/api/rescore", rescore_body, {"Content-Type": "application/json",
                                                       "X-CSRF-Token": other.csrf}, csrf=False)
check("another session's secret: 403", s == 403, str(s))
s, _, _, _ = clerk.post("/api/rescore", rescore_body, {"Content-Type": "application/json"})
check("with its own secret: 200", s == 200, str(s))

# --- the review workflow ------------------------------------------------------------------------------
def state(c, fid):
    s, _, page, _ = c.get(f"/forms/{fid}")
    m = re.search(r'id="state" data-state="([a-z-]+)"', page)
    return (m.group(1) if m else None), page


def act(c, fid, action, **fields):
    v = re.search(r'name="version" value="(\d+)"', state(fin, fid)[1])
    pairs = [("csrf", c.csrf), ("action", action), ("version", fields.pop("version", v.group(1) if v else "0"))]
    for k, val in fields.items():
        for one in (val if isinstance(val, list) else [val]):
            pairs.append((k, str(one)))
    s, h, body, _ = c.post(f"/forms/{fid}/review", *multipart(pairs), csrf=False)
    return s, body


def dispose(c, fid, finding, status, reason=""):
    s, _, body, _ = c.post(f"/forms/{fid}/dispose", *multipart([("csrf", c.csrf), ("finding", str(finding)),
                                                                  ("status", status), ("reason", reason)]),
                           csrf=False)
    return s, body


err_forms = db("SELECT f.id FROM forms f WHERE f.implementer = ? AND EXISTS (SELECT 1 FROM findings x"
               " WHERE x.form_id = f.id AND x.severity = 'error') ORDER BY f.id", UNIT_A)
check("setup: a form of unit A with an error-level finding", bool(err_forms), "none")
W = err_forms[0][0] if err_forms else ids_a[0]
errs = [r[0] for r in db("SELECT id FROM findings WHERE form_id = ? AND severity = 'error' ORDER BY id", W)]
st, page = state(clerk, W)
check("a stored form starts 未送审, the clerk offered 送审", st == "draft" and 'id="act-submit"' in page, str(st))
check("… the 主管部门 reviewer is offered nothing yet", 'id="act-approve"' not in state(dept, W)[1])
s, body = act(dept, W, "approve")
check("approving a form not submitted: 409", s == 409, f"{s}")
s, body = act(other, W, "submit")
check("the clerk of another unit cannot submit it: 404", s == 404, f"{s}")
s, body = act(clerk, W, "submit")
check("送审: with no unit head, to 待主管部门审核", s == 303 and state(clerk, W)[0] == "department-review", f"{s} {body[:200]}")
s, body = act(clerk, W, "cancel-submit")
check("取消送审 before the reviewer acts: back to 未送审", s == 303 and state(clerk, W)[0] == "draft", f"{s}")
act(clerk, W, "submit")
s, body = act(fin, W, "approve")
check("财政 cannot pass a form waiting for its 主管部门: 409", s == 409, f"{s}")
s, body = act(dept, W, "return")
check("a return without a reason: 422", s == 422 and "退回须写明原因" in body, f"{s}")
s, body = act(dept, W, "return", reason="预算执行率低于 90% 未说明原因", cite=errs[:1])
check("退回 with a reason citing a finding: 被退回", s == 303 and state(clerk, W)[0] == "returned", f"{s} {body[:200]}")
page = state(clerk, W)[1]
check("… the unit sees the reason and the cited finding",
      "预算执行率低于 90% 未说明原因" in page and f"<b>引用的审核发现</b>：{errs[0]}" in page)
s, body = act(clerk, W, "cancel-submit")
check("取消送审 of a returned form: 409", s == 409, f"{s}")
act(clerk, W, "submit")
s, body = act(dept, W, "approve")
check("passing with an open error-level finding and no reason: 422",
      s == 422 and "error 级的审核发现未处理" in body, f"{s} {body[:300]}")
s, body = dispose(dept, W, errs[0], "false-positive")
check("误报 without a reason: 422", s == 422, f"{s}")
for e in errs:
    s, body = dispose(dept, W, e, "false-positive", "申报表另附说明已核实")
check("误报 with a reason: kept, shown", s == 303 and 'data-disposition="false-positive"' in state(dept, W)[1], f"{s}")
s, body = dispose(dept2, W, errs[0], "fixed")
check("a reviewer of another 主管部门 cannot dispose of it: 404", s == 404, f"{s}")
s, body = act(dept, W, "approve", opinion="资料齐全", basis="财预〔2020〕10号", conclusion="同意")
check("审核通过 by the 主管部门: to 待财政审核", s == 303 and state(fin, W)[0] == "finance-review", f"{s} {body[:200]}")
s, body = act(dept, W, "cancel-review")
check("取消审核 while 财政 has not acted: back to 待主管部门审核", s == 303 and state(dept, W)[0] == "department-review", f"{s}")
act(dept, W, "approve", opinion="资料齐全")
s, body = act(clerk, W, "cancel-submit")
check("取消送审 after the reviewer acted: 409", s == 409, f"{s}")
s, body = act(fin, W, "approve", version="999999")
check("acting on a version the page no longer shows: 409", s == 409, f"{s}")
s, body = act(fin, W, "approve")
check("财政 passes: 审核通过", s == 303 and state(fin, W)[0] == "approved", f"{s} {body[:200]}")
s, body = act(dept, W, "cancel-review")
check("the 主管部门 cannot take back its pass once 财政 acted: 409", s == 409, f"{s}")
act(fin, W, "sample")
s, _, page, _ = dept.get(f"/forms/{W}/recheck")
check("the 复核 page is 财政's only", s == 403, str(s))
s, _, page, _ = fin.get(f"/forms/{W}/recheck")
rows = re.findall(r'name="(score-[a-z0-9-]+)" inputmode="decimal" size="6" value="([0-9.]*)"', page)
check("the 复核 page: a row for the execution and each indicator, prefilled with jixiao's scores",
      s == 200 and rows and rows[0][0] == "score-exec" and sum(1 for _, v in rows if v) >= len(rows) - 2,
      f"{s} {rows}")
s, body = act(fin, W, "sample-done")
check("复核完成 without a 复核得分: 422", s == 422, f"{s}")
s, body = act(fin, W, "sample-done", **{"score-exec": "-0.5"})
check("a negative row score: 422", s == 422, f"{s}")
s, body = act(fin, W, "sample-done", **{rows[1][0]: "99"})
check("a row over its 分值: 422", s == 422 and "超过这一项的分值" in body, f"{s}")
s, body = act(fin, W, "sample-done", **{"score-ind-999": "1"})
check("a row the form has not: 422", s == 422, f"{s}")
declared = db("SELECT declared_total_c FROM forms WHERE id = ?", W)[0][0]
gaps0 = db("SELECT count(*) FROM findings WHERE form_id = ? AND check_id = 'review-score-gap'", W)[0][0]
# the rows as jixiao scored them, the first indicators lowered until the sum is 10 under the declared total
fields = {k: v for k, v in rows if v}
cut = sum(float(v) for v in fields.values()) - (declared / 100 - 10)  # to 10 points under the declared
for k in [k for k, v in rows[1:] if v]:
    take = min(cut, float(fields[k]))
    fields[k] = "%.2f" % (float(fields[k]) - take)
    cut -= take
want = round(sum(float(v) for v in fields.values()), 2)
s, body = act(fin, W, "sample-done", opinion="抽查复核", **fields)
check("复核完成 with the rows' scores", s == 303 and state(fin, W)[0] == "sample-done", f"{s} {body[:200]}")
got = db("SELECT score_c, scores FROM reviews WHERE form_id = ? AND action = 'sample-done'", W)
check("… the 复核得分 is the rows' sum, and each row is kept",
      got and got[0][0] == round(want * 100) and '"exec":' in (got[0][1] or ""), f"{got} {want}")
gap = abs(round(want * 100) - declared) / 100
msgs = [r[0] for r in db("SELECT message FROM findings WHERE form_id = ? AND check_id = 'review-score-gap'", W)]
check(f"… {gap} points from the declared {declared / 100}: a review-score-gap finding past gap_points 5",
      gap > 5 and len(msgs) == gaps0 + 1 and "超过规则的 5 分" in msgs[-1], f"{gap} {msgs}")
KEPT = ("SELECT dim, key, forms, money, budget_fen, executed_fen, below_90, declared, declared_total_c,"
        " rescored_total_c, info, warning, error FROM tallies WHERE forms <> 0 OR dim = 'all' ORDER BY dim, key")
FRESH = ("SELECT dim, key, sum(forms), sum(money), sum(budget_fen), sum(executed_fen), sum(below_90), sum(declared),"
         " sum(declared_total_c), sum(rescored_total_c), sum(info), sum(warning), sum(error) FROM (SELECT * FROM"
         " form_tally UNION ALL SELECT form_id, dim, key, forms, 0, budget_fen, executed_fen, 0, 0, 0, 0, 0, 0, 0"
         " FROM fund_tally) GROUP BY dim, key ORDER BY dim, key")
if PG:  # no kept sums: the overview sums the rows when read (src/store/pg.c)
    sm = json.loads(subprocess.run([JX, "summary", "--db", DB, "--format", "json"], capture_output=True,
                                   text=True).stdout or "{}")
    check("… the overview counts the new finding (PostgreSQL: summed from the rows)",
          sm.get("all", {}).get("findings", {}).get("error") ==
          db("SELECT count(*) FROM findings WHERE severity = 'error' AND form_id IS NOT NULL")[0][0], str(sm.get("all")))
else:
    check("… the kept tallies are the rows' sums, every dimension (tests/store/check.sh's tallies_agree)",
          db(KEPT) == db(FRESH))
s, body = act(fin, W, "publish")
check("公开", s == 303 and state(clerk, W)[0] == "published", f"{s}")
check("… the unit sees the reviewers' opinions and the 复核得分",
      all(x in state(clerk, W)[1] for x in ("资料齐全", "财预〔2020〕10号", "<b>复核得分</b>：")))
try:
    db("UPDATE reviews SET to_state = 'draft'")
    changed = True
except DbError:
    changed = False
check("the review's rows cannot be changed", not changed)
s, body = dispose(clerk, W, errs[0], "fixed")
check("a clerk cannot dispose of findings (the reviewers' to judge): 403", s == 403, f"{s}")
s, body = dispose(admin, W, errs[0], "fixed")
check("… nor 管理员: 403", s == 403, f"{s}")
s, body = dispose(fin, W, errs[0], "confirmed")
check("… and after 公开 nobody: 409", s == 409, f"{s}")
body, h = multipart([("csrf", clerk.csrf)], [("files", "A.txt", open(sys.argv[4], "rb").read())])
s, _, page, _ = clerk.post("/upload", body, h, csrf=False)
check("a published form is not replaced by an upload: the file refused, says why",
      "不能再存入新版本" in page and state(clerk, W)[0] == "published", f"{s}")
s, _, wj, _ = clerk.get(f"/api/forms/{W}")
s = clerk.post(f"/api/forms/{W}/save", json.dumps(json.loads(wj)["form"], ensure_ascii=False).encode(),
               {"Content-Type": "application/json"})[0]
check("… nor by a save: 409", s == 409 and state(clerk, W)[0] == "published", f"{s}")
# a form under review takes a new version, and says the review was void
V = ids_a[3]
act(clerk, V, "submit")
s, _, vj, _ = clerk.get(f"/api/forms/{V}")
s = clerk.post(f"/api/forms/{V}/save", json.dumps(json.loads(vj)["form"], ensure_ascii=False).encode(),
               {"Content-Type": "application/json"})[0]
st, page = state(clerk, V)
check("a form under review takes a new version: 未送审, and the page says the review was void",
      s == 200 and st == "draft" and 'id="review-void"' in page and "待主管部门审核" in page, f"{s} {st}")
s, _, page, _ = admin.get(f"/forms/{W}/log")
check("the form's audit log holds each step",
      all(f'data-action="review-{a}"' in page for a in ("submit", "cancel-submit", "return", "approve",
                                                         "cancel-review", "sample", "sample-done", "publish")), str(s))

head = Client("head")
s, units = head.listed()
check("the unit head sees its unit's forms only", s == 200 and set(units or []) == {UNIT_B}, str(s))
s, _, aj, _ = clerk.get(f"/api/forms/{ids_a[2]}")
a_before = db("SELECT import_id FROM forms WHERE id = ?", ids_a[2])
s, _, body, _ = head.post(f"/api/forms/{ids_a[2]}/save", json.dumps(json.loads(aj)["form"], ensure_ascii=False).encode(),
                          {"Content-Type": "application/json"})
check("the unit head of B cannot save unit A's form: refused, the form as it was",
      s != 200 and db("SELECT import_id FROM forms WHERE id = ?", ids_a[2]) == a_before, f"{s} {body[:200]}")
s, _, _, _ = head.get(f"/forms/{ids_a[2]}")
check("… nor read it: 404", s == 404, str(s))
HB = ids_b[1]
s, body = act(other, HB, "submit")
check("a clerk of a unit with a unit head: 送审 goes to 待单位负责人审核",
      s == 303 and state(other, HB)[0] == "unit-review", f"{s} {body[:200]}")
s, body = act(dept, HB, "approve", reason="x")
check("… the 主管部门 cannot act before the unit head: 409", s == 409, f"{s}")
s, body = act(head, HB, "approve", reason="内部已核")
check("the unit head passes: on to 待主管部门审核", s == 303 and state(head, HB)[0] == "department-review",
      f"{s} {body[:200]}")
check("… only the unit head is offered 取消审核, the clerk no 取消送审",
      'id="act-cancel-review"' in state(head, HB)[1] and 'id="act-cancel-submit"' not in state(other, HB)[1]
      and 'id="act-cancel-review"' not in state(fin, HB)[1])
s, body = act(head, HB, "cancel-review")
check("… and may take it back before the 主管部门 acts", s == 303 and state(head, HB)[0] == "unit-review", f"{s}")

# --- two saves of one form at once: one wins, the other 409 (no lost update) ------------------------
import threading
L = ids_a[5]
s, _, fj, _ = clerk.get(f"/api/forms/{L}")
lform = json.loads(fj)["form"]
lver = db("SELECT import_id FROM forms WHERE id = ?", L)[0][0]
answers = []
def save(i):
    f = json.loads(json.dumps(lform))
    f["indicators"][0]["reason"] = f"第 {i} 位审核人同时保存"
    st_, _, body_, _ = clerk.post(f"/api/forms/{L}/save?version={lver}", json.dumps(f, ensure_ascii=False).encode(),
                                  {"Content-Type": "application/json"})
    answers.append((st_, body_[:120]))
ts = [threading.Thread(target=save, args=(i,)) for i in range(8)]
for t in ts:
    t.start()
for t in ts:
    t.join()
codes = sorted(a[0] for a in answers)
check("8 saves of one version at once: exactly one stored, the other 7 answered 409",
      codes == [200] + [409] * 7, str(answers))
check("… the form has one new version, the history one more row",
      db("SELECT import_id FROM forms WHERE id = ?", L)[0][0] != lver
      and db("SELECT count(*) FROM history WHERE form_id = ? AND import_id = ?", L, lver)[0][0] == 1)

# --- tasks ---------------------------------------------------------------------------------------
s, _, _, _ = clerk.post("/tasks", *multipart([("csrf", clerk.csrf), ("title", "x"), ("year", "2023"),
                                              ("deadline", "2000-01-01")]), csrf=False)
check("a clerk cannot issue a task: 403", s == 403, str(s))
s, h, _, _ = fin.post("/tasks", *multipart([("csrf", fin.csrf), ("title", "2023年度自评"), ("year", "2023"),
                                            ("deadline", "2000-01-01"), ("units", f"{UNIT_A}\n{UNIT_B}\n")]),
                      csrf=False)
check("财政 issues a task: 303 to it", s == 303 and "/tasks#task-" in h.get("location", ""), f"{s} {h.get('location')}")
s, _, page, _ = fin.get("/tasks")
check("财政 sees both units, overdue where forms are still 未送审",
      s == 200 and UNIT_A in page and UNIT_B in page and 'data-overdue="1"' in page, str(s))
s, _, page, _ = clerk.get("/tasks")
check("the clerk sees its own unit's row only", s == 200 and UNIT_A in page and UNIT_B not in page, str(s))
s, _, page, _ = dept2.get("/tasks")
check("a 主管部门 with no units sees no unit", s == 200 and UNIT_A not in page and UNIT_B not in page, str(s))

# --- the audit log --------------------------------------------------------------------------------
s, _, page, _ = admin.get("/log")
check("admin: the audit log shows the failed logins and the upload",
      s == 200 and 'data-action="login-failed"' in page and 'data-action="import"' in page, str(s))
s, _, page, _ = clerk.get("/log")
check("clerk: its log holds none of unit B's import", s == 200 and "B.txt" not in page, str(s))
s, h, csv, _ = admin.get("/log.csv")
check("admin: the log as CSV", s == 200 and "login-failed" in csv and h.get("content-type", "").startswith("text/csv"),
      str(s))
# a log that has grown: pages of 500, newest first; the CSV whole, a part at a time
db("INSERT INTO audit_log (at, login, role, address, action, detail) SELECT '2026-12-04T00:00:00Z', 'fin',"
   " 'finance', 'x', 'test', '第 ' || (a.n * 100 + b.n) || ' 条' FROM (" + " UNION ALL ".join(f"SELECT {i} AS n" for i in range(41))
   + ") a, (" + " UNION ALL ".join(f"SELECT {i} AS n" for i in range(100)) + ") b")
total = db("SELECT count(*) FROM audit_log")[0][0]
s, _, page, _ = admin.get("/log")
rows = page.count('<tr><td>')
m = re.search(r'href="/log\?before=(\d+)" id="older"', page)
check("the log page: 500 entries, newest first, and a link to the older ones",
      s == 200 and rows == 500 and m is not None and f"<tr><td>{total}</td>" in page, f"{s} {rows}")
s2, _, page2, _ = admin.get(f"/log?before={m.group(1)}") if m else (0, None, "", None)
check("… the next page goes on where it stopped", s2 == 200 and page2.count('<tr><td>') == 500
      and f"<td>{int(m.group(1)) - 1}</td>" in page2, str(s2))
s, h, csv, _ = admin.get("/log.csv")
check("the log's CSV: every entry, streamed in parts", s == 200 and csv.count("\r\n") == total + 1, f"{s} {csv.count(chr(13) + chr(10))} {total}")
n = db("SELECT count(*) FROM audit_log")[0][0]
try:
    db("DELETE FROM audit_log")
    deleted = True
except DbError:
    deleted = False
check("the audit log cannot be deleted even from outside", not deleted and db("SELECT count(*) FROM audit_log")[0][0] == n)

# --- logout, disabled accounts, brute force ------------------------------------------------------------
body, h = multipart([("csrf", other.csrf)])
s, hh, _, cookies = other.post("/logout", body, h, csrf=False)
check("logout: 303 to the login, the cookie removed", s == 303 and any("Max-Age=0" in c for c in cookies), str(cookies))
s, _, _, _ = other.get("/forms")
check("… and the token opens nothing any more", s == 303, str(s))
subprocess.run([JX, "user", "disable", "dept", "--db", DB], capture_output=True)
s, _, _, _ = dept.get("/forms")
check("a disabled account's session ends at once", s == 303, str(s))
s, _, _, cookies = login("dept")
check("… and it cannot log in", s == 401 and token_of(cookies) is None, str(s))

for i in range(5):
    login("fin", "wrong-password", source="127.0.0.2")
s, _, body, cookies = login("fin", source="127.0.0.3")
s2, _, body2, _ = login("fin", "wrong-password", source="127.0.0.3")
check("5 wrong passwords: the right one is refused for 15 minutes, with the wrong one's answer",
      s == 401 and token_of(cookies) is None and body == body2, f"{s} {body[-200:]}")
s, _, body3, _ = login("nobody", "wrong-password", source="127.0.0.3")
check("… the same answer as for a login that does not exist (which logins exist is not told)",
      body3 == body, "")

# parallel guesses cannot pass the limit: each is counted before its check
import threading
results = []
def guess(i):
    results.append(login("dept2", "wrong-password", source=f"127.0.1.{i + 1}")[0])
threads = [threading.Thread(target=guess, args=(i,)) for i in range(20)]
for t in threads:
    t.start()
for t in threads:
    t.join()
check("20 parallel wrong passwords: the count stops at 5", db("SELECT failures FROM accounts WHERE login = 'dept2'")[0][0] == 5,
      str(db("SELECT failures FROM accounts WHERE login = 'dept2'")))
s, _, _, cookies = login("dept2", source="127.0.1.99")
check("… and the right password is refused after them", s == 401 and token_of(cookies) is None, str(s))

# a database held by a writer: no password is checked, one answer, and no one is logged out
# (SQLite: a writer's lock on the file; PostgreSQL: a writer's lock on the
# accounts table, which reads pass, as readers pass SQLite's in WAL mode)
s, _, _, _ = fin.get("/forms")
db("UPDATE sessions SET seen = seen - 120")
if PG:
    holder = subprocess.Popen(["psql", "-X", "-q", "-At", "-d", DB], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                              text=True)
    holder.stdin.write("BEGIN; LOCK TABLE accounts IN EXCLUSIVE MODE; SELECT 'held';\n")
    holder.stdin.flush()
    holder.stdout.readline()
else:
    con = sqlite3.connect(DB, timeout=1)
    con.execute("BEGIN IMMEDIATE")
s1, _, b1, _ = login("admin", "wrong-password", source="127.0.2.1")
s2, _, b2, _ = login("admin", source="127.0.2.2")
s3, _, _, _ = fin.get("/forms")
if PG:
    holder.communicate("ROLLBACK;\n")
else:
    con.rollback()
    con.close()
check("a login while a writer holds the database: 503 for a wrong and a right password alike",
      s1 == 503 and s2 == 503 and b1 == b2, f"{s1} {s2}")
check("… the session in use still works meanwhile", s3 == 200, str(s3))
s, _, _, _ = fin.get("/forms")
check("… the session it had still works", s == 200, str(s))
s, _, _, _ = request("GET", "/static/app.css", {"Host": "jixiao.example.gov.cn"})
check("with accounts, the static files answer any Host (behind a proxy)", s == 200, str(s))
# behind --trusted-proxy 127.0.0.9: the client is the X-Forwarded-For it appends
def via_proxy(client, user="nobody", password="wrong-password"):
    body, h = multipart([("csrf", server_csrf()), ("next", "/"), ("login", user), ("password", password)])
    h["X-Forwarded-For"] = f"203.0.113.77, {client}"
    return request("POST", "/login", h, body, "127.0.0.9")[0]
proxied = [via_proxy("198.51.100.7") for _ in range(11)]
check("behind the proxy, one client's wrong logins throttle that client", proxied[-1] == 429, str(proxied))
check("… not the proxy's other clients", via_proxy("198.51.100.8") == 401)
check("… and the audit log names the client, not the proxy",
      db("SELECT count(*) FROM audit_log WHERE address = '198.51.100.8'")[0][0] == 1)
body, h = multipart([("csrf", server_csrf()), ("next", "/"), ("login", "nobody"), ("password", "x-wrong")])
h["X-Forwarded-For"] = "198.51.100.9"
request("POST", "/login", h, body, "127.0.0.11")
check("a client that is not the proxy cannot name its address",
      db("SELECT count(*) FROM audit_log WHERE address = '198.51.100.9'")[0][0] == 0
      and db("SELECT count(*) FROM audit_log WHERE address = '127.0.0.11'")[0][0] == 1)
# single sign-on: the trusted proxy names the account (--sso-header X-Remote-User)
s, _, body, _ = request("GET", "/api/forms", {"X-Remote-User": "clerk"}, None, "127.0.0.9")
units = {f["unit"] for f in json.loads(body)["forms"]} if s == 200 else None
check("SSO: the proxy's X-Remote-User logs the clerk in, its scope applies", s == 200 and units == {UNIT_A}, f"{s} {units}")
s, _, _, _ = request("GET", "/api/forms", {"X-Remote-User": "admin"}, None, "127.0.0.1")
check("… the header from anyone but the proxy is ignored: 401", s == 401, str(s))
s, _, _, _ = request("GET", "/forms", {"X-Remote-User": "nobody"}, None, "127.0.0.9")
check("… an account jixiao has not: 403", s == 403, str(s))
s, _, page, _ = request("GET", "/forms", {"X-Remote-User": "clerk"}, None, "127.0.0.9")
m = re.search(r'<meta name="csrf" content="([0-9a-f]{64})"', page)
sso_csrf = m.group(1) if m else ""
s, _, _, _ = request("POST", "/api/rescore", {"X-Remote-User": "clerk", "X-CSRF-Token": sso_csrf,
                                             "Content-Type": "application/json"}, rescore_body, "127.0.0.9")
check("… its pages' CSRF secret works for its posts", s == 200, str(s))
import hashlib
guess = hashlib.blake2b(b"clerk", digest_size=32, key=server_csrf().encode()).hexdigest()
check("… and cannot be worked out from the login page's public secret", guess != sso_csrf and len(sso_csrf) == 64)
s, _, _, _ = request("POST", "/api/rescore", {"X-Remote-User": "other", "X-CSRF-Token": sso_csrf,
                                             "Content-Type": "application/json"}, rescore_body, "127.0.0.9")
check("… and not for another account's", s == 403, str(s))
statuses = [login("nobody", "wrong-password", source="127.0.0.4")[0] for _ in range(12)]
check("from one address, past 10 wrong logins a minute: 429 before any check", statuses[-1] == 429, str(statuses))
s, _, _, _ = login("admin", source="127.0.0.5")
check("… another address is not held back", s == 303, str(s))

print(f"accounts.py: {failures} failed")
sys.exit(1 if failures else 0)
