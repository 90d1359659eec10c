"""How often a build read each data file: parses `strace -f -y -s 0 -e trace=openat,read,pread64` output.

For every file under DATA_DIR: the opens, the bytes read, and those bytes as whole passes over the file (bytes read /
file size). Issue 18: each data file is read at most twice per build, once to fingerprint and once to load.
Usage: python3 data_reads.py STRACE_LOG DATA_DIR
"""
import os, re, sys
from collections import defaultdict

log, folder = sys.argv[1], os.path.realpath(sys.argv[2])
opens, bytes_read = defaultdict(int), defaultdict(int)
pending = {}  # pid -> file of a read that strace split into "unfinished" and "resumed" lines
call = re.compile(r'^(\d+)\s+(openat|read|pread64)\((.*)')
for line in open(log, errors="replace"):
    m = call.match(line)
    resumed = re.match(r'^(\d+)\s+<\.\.\. (read|pread64) resumed>.*\)\s+=\s+(-?\d+)', line)
    if resumed:
        pid, _, n = resumed.groups()
        path = pending.pop(pid, None)
        if path and int(n) > 0: bytes_read[path] += int(n)
        continue
    if not m: continue
    pid, name, rest = m.groups()
    if name == "openat":
        o = re.match(r'[^,]+,\s+"([^"]+)"', rest)
        if o and os.path.realpath(o.group(1)).startswith(folder + "/") and not rest.rstrip().endswith("<unfinished ...>") and re.search(r'=\s+\d+', rest):
            opens[os.path.realpath(o.group(1))] += 1
        continue
    f = re.match(r'\d+<([^>]+)>', rest)
    if not f or not os.path.realpath(f.group(1)).startswith(folder + "/"): continue
    path = os.path.realpath(f.group(1))
    if rest.rstrip().endswith("<unfinished ...>"): pending[pid] = path; continue
    r = re.search(r'\)\s+=\s+(-?\d+)', rest)
    if r and int(r.group(1)) > 0: bytes_read[path] += int(r.group(1))

print("| data file | size MB | opens | MB read | whole reads |")
print("| --- | ---: | ---: | ---: | ---: |")
for path in sorted(set(opens) | set(bytes_read)):
    size = os.path.getsize(path)
    print(f"| {os.path.basename(path)} | {size / 1e6:.1f} | {opens[path]} | {bytes_read[path] / 1e6:.1f} | {bytes_read[path] / max(1, size):.2f} |")
