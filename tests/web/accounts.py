#!/usr/bin/env python3
"""accounts.py: `jixiao serve` with accounts (issue 19), as each role and as
an attacker: login, sessions, scopes, CSRF, fixation, brute force, ids
edited by hand, the audit log.  tests/web/check.sh sets up the database and
the server and counts the lines this prints: "ok NAME" or "FAIL NAME: why".

  accounts.py PORT DB JIXIAO

The database holds the example's 16 forms of unit A and the same forms as
unit B (B.txt beside it), both units under one 主管部门 in the registry, and
the accounts: clerk (A), other (B), dept (the 主管部门), dept2 (another
one, no units), fin (finance), admin.  Every password is LOGIN-pass-1.
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


def db(sql, *args):
    con = sqlite3.connect(DB)
    try:
        return con.execute(sql, args).fetchall()
    finally:
        con.close()


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
with open(os.path.join(os.path.dirname(DB), "B.txt"), "rb") as f:
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

# --- the audit log --------------------------------------------------------------------------------
s, _, page, _ = admin.get("/log")
check("admin: the audit log shows the failed logins and the upload",
      s == 200 and 'data-action="login-failed"' in page and 'data-action="import"' in page, str(s))
s, _, page, _ = clerk.get("/log")
check("clerk: its log holds none of unit B's import", s == 200 and "B.txt" not in page, str(s))
s, h, csv, _ = admin.get("/log.csv")
check("admin: the log as CSV", s == 200 and "login-failed" in csv and h.get("content-type", "").startswith("text/csv"),
      str(s))
n = db("SELECT count(*) FROM audit_log")[0][0]
try:
    db("DELETE FROM audit_log")
    deleted = True
except sqlite3.DatabaseError:
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
check("5 wrong passwords: the right one is refused for 15 minutes (429), not checked",
      s == 429 and token_of(cookies) is None, f"{s} {body[-200:]}")
s, _, _, _ = fin.get("/forms")
check("… the session it had still works", s == 200, str(s))
statuses = [login("nobody", "wrong-password", source="127.0.0.4")[0] for _ in range(12)]
check("from one address, past 10 wrong logins a minute: 429 before any check", statuses[-1] == 429, str(statuses))
s, _, _, _ = login("admin", source="127.0.0.5")
check("… another address is not held back", s == 303, str(s))

print(f"accounts.py: {failures} failed")
sys.exit(1 if failures else 0)
