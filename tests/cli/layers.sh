#!/bin/sh
# The layers of the program, held against the #include lines of src/:
# a module is a .c and its .h; each .c has its own header, which declares
# only that file's functions; no module depends on another that depends
# on it, directly or through others; writers see only the results model and
# their own output libraries (and the table of check kinds, but nothing
# past it); nothing below the command line includes its
# headers; and the library never reads the environment, the terminal or
# the command line, never installs a signal handler and never exits (but
# the allocator, which reports running out of memory and exits).
#
# Environment (set by make check): top_srcdir. Exit 0, or 1 with each
# breach listed.
set -u
: "${top_srcdir:?}"
exec python3 - "$top_srcdir/src" <<'PY'
import os, re, sys

src = sys.argv[1]
files = sorted(f for f in os.listdir(src) if f.endswith((".c", ".h")))
inc = re.compile(r'^\s*#\s*include\s+"([^"]+)\.h"', re.M)
deps, text = {}, {}
for f in files:
    mod = f[:-2]
    with open(os.path.join(src, f), encoding="utf-8") as fp:
        t = fp.read()
    text[f] = t
    deps.setdefault(mod, set()).update(
        d for d in inc.findall(t) if d != mod and os.path.exists(os.path.join(src, d + ".h")))
problems = []

# Programs and generated files have no header; a header of types alone
# (no function) needs no .c.
no_header = {"main", "gen_builtin", "builtin_rules", "builtin_maps", "gen_economies"}
# economies_table.c is generated in the build directory (a VPATH build has
# none in the source tree).
header_only = {"config", "exitcode", "request", "economies_table", "csvin_opts",
               "importmap_types"}
for f in files:
    mod = f[:-2]
    if f.endswith(".c") and mod not in no_header and mod + ".h" not in files:
        problems.append("%s has no header of its own" % f)
    if f.endswith(".h") and mod not in header_only and mod + ".c" not in files:
        problems.append("%s declares what no %s.c defines" % (f, mod))

# A header declares only its own file's functions: a function named in a
# header is defined in that module's .c.
decl = re.compile(r'^[a-z][a-z0-9_ \*]*?\b([a-z][a-z0-9_]*)\((?!\*)', re.M)
defn = {}
for f in files:
    if f.endswith(".c"):
        for name in re.findall(r'^([a-z][a-z0-9_]*)\(', text[f], re.M):
            defn.setdefault(name, f)
for f in files:
    if not f.endswith(".h"):
        continue
    for name in decl.findall(re.sub(r'/\*.*?\*/', '', text[f], flags=re.S)):
        if name in ("sizeof", "__attribute__") or name not in defn:
            continue
        if defn[name] != f[:-2] + ".c":
            problems.append("%s declares %s, which %s defines" % (f, name, defn[name]))

# No cycle among modules.
state = {}
def visit(m, path):
    state[m] = 1
    for d in sorted(deps.get(m, ())):
        if state.get(d) == 1:
            cyc = path[path.index(d):] + [d]
            problems.append("modules depend on each other: " + " -> ".join(cyc))
        elif d not in state:
            visit(d, path + [d])
    state[m] = 2
for m in sorted(deps):
    if m not in state:
        visit(m, [m])

# What a module may depend on, all the way down (not looking past the
# modules in stop).
def closure(m, stop=frozenset()):
    seen, todo = set(), [m]
    while todo:
        for d in deps.get(todo.pop(), ()):
            if d not in seen:
                seen.add(d)
                if d not in stop:
                    todo.append(d)
    return seen
model = {"results", "writer", "writers", "report"}
below_model = {"eval", "obs", "csvin", "csvfile", "csvreader", "csvrow",
    "csvscan", "csvlong", "csvwide", "csvwb", "csvhint", "obscell", "importmap",
    "importmap_load", "importmap_table", "rulebook", "ruleset", "catalogue",
    "profile", "waiver", "expr", "pattern", "yamldoc", "results_build",
    "results_load", "run", "ruletool", "output", "cli", "cli_config", "cli_options",
    "tailoring", "selection"}
# The table of check kinds is the one module that the rule loaders, the
# evaluator and the writers all use: a kind's row parses it from a rule file
# (reading yamldoc, compiling patterns and expressions against the
# catalogue) and words it in a report. The model and the writers reach those
# through it alone, never by their own includes; and it reaches neither the
# evaluator, the store, the reader nor the rule book and its loaders.
checks, checks_may = "check", {"catalogue", "expr", "pattern", "yamldoc"}
bad = sorted(closure(checks) & (below_model - checks_may))
if bad:
    problems.append("%s (the table of check kinds) depends on %s" % (checks, ", ".join(bad)))
for m in sorted(deps):
    if m.startswith("out_") or m in model:
        bad = sorted(closure(m, {checks}) & below_model)
        if bad:
            problems.append("%s (a writer or the model) depends on %s" % (m, ", ".join(bad)))
    # The allocator exits with the internal-error status, as the house
    # style has it: the one place besides the command line.
    if m not in ("main", "cli", "cli_config", "cli_options", "xalloc"):
        for d in ("cli", "cli_config", "cli_options", "exitcode"):
            if d in deps[m]:
                problems.append("%s includes %s.h, which only the command line may" % (m, d))

# The library leaves the process to the command line.
calls = re.compile(r'\b(getenv|isatty|sigaction|signal|getopt_long|exit|_exit)\s*\(|\bstderr\b')
for f in files:
    if not f.endswith(".c") or f[:-2] in ("main", "cli", "cli_config", "cli_options",
            "gen_builtin", "gen_economies", "xalloc"):
        continue
    body = re.sub(r'/\*.*?\*/', '', text[f], flags=re.S)
    for n, line in enumerate(body.split("\n"), 1):
        m = calls.search(line)
        if m:
            problems.append("%s: %s in the library: %s" % (f, m.group(1) or "stderr", line.strip()))

for p in problems:
    print("FAIL " + p)
print("%d modules; %d problem%s" % (len(deps), len(problems), "" if len(problems) == 1 else "s"))
sys.exit(1 if problems else 0)
PY
