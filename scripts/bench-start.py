#!/usr/bin/env python3
"""One start of the service, measured as systemd would see it (used by bench-package.sh).

Usage: bench-start.py WORK IDLE COMMAND... (COMMAND runs with "serve --urls http://127.0.0.1:5189" added, its data in
WORK/data). The process is given NOTIFY_SOCKET as systemd would and timed from exec to the READY=1 datagram, its CPU
time read at that moment; then idle for IDLE s and its resident memory read from /proc; then a first use as a desk's
morning begins it (the sign-in page, the front page redirected to it, a health check, two scrapes of /metrics), idle IDLE
s again and RSS read again: what the start left for later shows there. Then SIGTERM.
Prints "wall_seconds cpu_seconds idle_rss_kib used_rss_kib".
"""
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request

work, idle, cmd = sys.argv[1], float(sys.argv[2]), sys.argv[3:]
url = "http://127.0.0.1:5189"
path = os.path.join(work, "notify")
if os.path.exists(path):
    os.unlink(path)
s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
s.bind(path)
s.settimeout(180)
env = dict(os.environ, NOTIFY_SOCKET=path, LAITELAINA_DATA=os.path.join(work, "data"))
t0 = time.monotonic()
p = subprocess.Popen(cmd + ["serve", "--urls", url], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def rss():
    with open(f"/proc/{p.pid}/status") as status:
        return next(int(line.split()[1]) for line in status if line.startswith("VmRSS:"))


# Whatever fails below (no READY=1 in time, a page that errs), the service is stopped: a leftover would hold the port
# and fail every later round.
try:
    while b"READY=1" not in s.recv(4096):
        pass
    ready = time.monotonic() - t0
    # utime and stime, fields 14 and 15 of /proc/PID/stat, count every thread of the process.
    fields = open(f"/proc/{p.pid}/stat").read().rsplit(")", 1)[1].split()
    cpu = (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    time.sleep(idle)
    idle_rss = rss()
    for page in ["/login", "/", "/healthz", "/metrics", "/metrics"]:
        urllib.request.urlopen(url + page, timeout=30).read()
    time.sleep(idle)
    used_rss = rss()
finally:
    p.send_signal(signal.SIGTERM)
    try:
        p.wait(60)
    except subprocess.TimeoutExpired:
        p.kill()
        p.wait()
print(f"{ready:.3f} {cpu:.2f} {idle_rss} {used_rss}")
