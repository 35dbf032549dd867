#!/usr/bin/env python3
"""attack.py: what tests/web/check.sh does to `jixiao serve` as an attacker
would (issue 17, items 11, 12 and 14), with small, bounded counts.  Talks to
127.0.0.1 only (the attacker's connections may come from another loopback
address, so that the per-address limit is the attacker's, not the client's).

  attack.py hold PORT PID N MB [CSRF]   N POST bodies of MB megabytes, each held
        one byte short; prints "held=N rss=MB probe=STATUS answered=K" where
        rss is the server's resident memory while they are held, probe the
        status of a normal GET meanwhile, answered how many were answered
        before their body was sent (refused at once)
  attack.py slow PORT N SRC             N half-open requests from address SRC,
        each trickling a byte every 2 s; prints "probe=STATUS cut=K/N" where
        probe is a normal client's GET meanwhile and cut how many the server
        closed before the trickle would have ended the head (30 s)
  attack.py slowbody PORT N SRC         N POSTs with a declared 1 MB body sent a
        byte every 2 s; prints "cut=K/N": how many the server closed within 40 s
  attack.py raw PORT NAME               one malformed request (dup-length,
        bad-te, get-body); prints the status, or "none" if unanswered in 5 s
"""
import select
import socket
import sys
import time

HOST = "127.0.0.1"


def rss_mb(pid):
    with open(f"/proc/{pid}/statm") as f:
        return int(f.read().split()[1]) * 4096 >> 20


def probe(port, path="/api/forms"):
    try:
        s = socket.create_connection((HOST, port), timeout=10)
        s.sendall(f"GET {path} HTTP/1.1\r\nHost: {HOST}:{port}\r\nConnection: close\r\n\r\n".encode())
        d = s.recv(64)
        s.close()
        return d[9:12].decode() if d.startswith(b"HTTP/1.") else "none"
    except OSError as e:
        return type(e).__name__


def answered(s):
    r, _, _ = select.select([s], [], [], 0)
    if not r:
        return False
    try:
        return s.recv(16, socket.MSG_PEEK).startswith(b"HTTP/1.")
    except OSError:
        return True


def hold(port, pid, n, mb, csrf=None):
    size = mb << 20
    chunk = b"x" * (1 << 20)
    socks, got = [], 0
    for _ in range(n):
        s = socket.create_connection((HOST, port), timeout=30)
        head = (f"POST /api/rescore HTTP/1.1\r\nHost: {HOST}:{port}\r\n"
                f"Content-Type: application/json\r\nContent-Length: {size}\r\n")
        if csrf:
            head += f"X-CSRF-Token: {csrf}\r\n"
        s.sendall((head + "\r\n").encode())
        left = size - 1
        try:
            while left > 0:
                k = min(left, len(chunk))
                s.sendall(chunk[:k])
                left -= k
        except OSError:
            pass  # refused and closed by the server: nothing more to send
        socks.append(s)
    time.sleep(1)
    got = sum(answered(s) for s in socks)
    print(f"held={len(socks)} rss={rss_mb(pid)} probe={probe(port)} answered={got}")
    for s in socks:
        s.close()


def open_from(port, n, src, head):
    """N connections from address SRC, each having sent HEAD."""
    socks = []
    for _ in range(n):
        s = socket.socket()
        s.bind((src, 0))
        s.settimeout(5)
        s.connect((HOST, port))
        s.sendall(head.encode())
        socks.append(s)
    return socks


def trickle(socks, byte, seconds):
    """A byte every 2 s on each connection still open, for at most SECONDS;
    how many the server closed meanwhile."""
    open_ = set(range(len(socks)))
    t0 = time.time()
    while open_ and time.time() - t0 < seconds:
        time.sleep(2)
        for i in list(open_):
            try:
                r, _, _ = select.select([socks[i]], [], [], 0)
                if r and not socks[i].recv(64):
                    open_.discard(i)  # closed by the server
                    continue
                socks[i].send(byte)
            except OSError:
                open_.discard(i)
    return len(socks) - len(open_)


def slow(port, n, src):
    socks = open_from(port, n, src, f"GET / HTTP/1.1\r\nHost: {HOST}:{port}\r\nX-a: ")
    status = probe(port, "/static/app.css")
    time.sleep(0.5)
    refused = 0  # closed at once: past the per-address limit
    for s in socks:
        r, _, _ = select.select([s], [], [], 0)
        try:
            refused += bool(r) and not s.recv(64, socket.MSG_PEEK)
        except OSError:
            refused += 1
    cut = trickle(socks, b"a", 30)
    print(f"probe={status} cut={cut}/{n} refused={refused}")
    for s in socks:
        s.close()


def slowbody(port, n, src):
    socks = open_from(port, n, src,
                      f"POST /api/rescore HTTP/1.1\r\nHost: {HOST}:{port}\r\n"
                      f"Content-Type: application/json\r\nContent-Length: 1000000\r\n\r\n")
    print(f"cut={trickle(socks, b'x', 40)}/{n}")
    for s in socks:
        s.close()


def raw(port, name):
    reqs = {
        "dup-length": "POST /api/rescore HTTP/1.1\r\nHost: {h}\r\nContent-Length: 2\r\n"
                      "Content-Length: 2\r\nContent-Type: application/json\r\n\r\n{{}}",
        "get-body": "GET /api/forms HTTP/1.1\r\nHost: {h}\r\nContent-Length: 5\r\n\r\nhello",
        "bad-te": "POST /api/rescore HTTP/1.1\r\nHost: {h}\r\nTransfer-Encoding: gzip\r\n"
                  "Content-Type: application/json\r\n\r\n",
    }
    s = socket.create_connection((HOST, port), timeout=5)
    s.sendall(reqs[name].format(h=f"{HOST}:{port}").encode())
    try:
        d = s.recv(64)
        print(d[9:12].decode() if d.startswith(b"HTTP/1.") else "none")
    except socket.timeout:
        print("none")


if __name__ == "__main__":
    cmd, port = sys.argv[1], int(sys.argv[2])
    if cmd == "hold":
        hold(port, int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5]),
             sys.argv[6] if len(sys.argv) > 6 else None)
    elif cmd == "slow":
        slow(port, int(sys.argv[3]), sys.argv[4])
    elif cmd == "slowbody":
        slowbody(port, int(sys.argv[3]), sys.argv[4])
    else:
        raw(port, sys.argv[3])
