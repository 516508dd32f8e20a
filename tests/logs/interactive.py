#!/usr/bin/env python3
"""pp-genprof's questions on a real terminal (a pty): answer them as a user
would and check the profile it prints.
   interactive.py PP_GENPROF PROFILES_DIR LOG"""
import os
import pty
import select
import sys
import tempfile

genprof, profiles, log = sys.argv[1:4]
tmp = tempfile.mkdtemp()
pid, fd = pty.fork()
if pid == 0:
    os.execv(genprof, [genprof, "--dry-run", "-d", tmp, "-I", profiles,
                       "--log", log, "/usr/bin/demo"])

out = b""
def read_until(marker, timeout=30):
    global out
    while marker not in out:
        r, _, _ = select.select([fd], [], [], timeout)
        if not r:
            sys.exit("timeout waiting for %r; got:\n%s" % (marker, out.decode(errors="replace")))
        try:
            chunk = os.read(fd, 4096)
        except OSError:
            chunk = b""
        if not chunk:
            sys.exit("pp-genprof ended early:\n" + out.decode(errors="replace"))
        out += chunk

prompt = b"(F)inish / 1-"
# /bin/ls: ignore; other: allow; helper: glob to ix, allow;
# /dev/pts/3: select 3 and deny; /dev/tty12: finish
answers = [b"i", b"a", b"g", b"a", b"3", b"d", b"f"]
for a in answers:
    read_until(prompt)
    out = out.replace(prompt, b"<asked>", 1)
    os.write(fd, a + b"\n")
while True:
    try:
        chunk = os.read(fd, 4096)
    except OSError:
        break
    if not chunk:
        break
    out += chunk
_, status = os.waitpid(pid, 0)
text = out.decode(errors="replace").replace("\r\n", "\n")
fails = []
if os.waitstatus_to_exitcode(status) != 0:
    fails.append("exit status %d" % os.waitstatus_to_exitcode(status))
# the proposals come in order: /bin/ls, /usr/bin/other, helper, /dev/pts/3
for want in ["  /usr/bin/other ix,", "  /usr/lib/demo/helper ix,",
             "  deny /dev/pts/3 rw,"]:
    if want + "\n" not in text:
        fails.append("missing: " + want)
if "/bin/ls" in text.split("# /")[-1]:
    fails.append("/bin/ls was ignored but is in the profile")
if fails:
    print(text)
    print("\n".join("FAIL: " + f for f in fails))
    sys.exit(1)
print("interactive answers applied")
