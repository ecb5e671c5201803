#!/usr/bin/env python3
"""Generate primops/primop_list.inc from GHC 9.0.2's compiler/GHC/Builtin/primops.txt.pp.

Usage:
  gen_primops.py [--source primops.txt.pp | --tarball ghc_9.0.2.orig.tar.xz] [--out FILE] [--check]

Without --source/--tarball the tarball is looked up at $STGVM_CACHE (default ~/.cache/stgvm)
/ghc_9.0.2.orig.tar.xz. --check compares the generated text with --out instead of writing it
(exit 1 on a difference), so a test can verify the committed .inc is up to date.

What it does, mirroring GHC's own utils/genprimopcode:
  * preprocesses the file the way GHC's build does (cpp with MachDeps.h on x86_64, i.e.
    WORD_SIZE_IN_BITS = 64): only #define / #if WORD_SIZE_IN_BITS < 64 / #else / #endif occur;
  * lexes and parses `section`, `primop`, `primtype`, `pseudoop`, `defaults`;
  * expands `vector = [...]` primops into one primop per <elem,scalar,len> triple, naming them
    exactly as genprimopcode does (plus# at <Int8,Int#,16> -> plusInt8X16#, ...);
  * counts value arguments and results after unarisation: unboxed tuples are flattened and
    State# s (a zero-width type) is dropped, just as the STG given to the VM has them.

Each primop becomes one line
  STGVM_PRIMOP(Ident, "name", Family, nargs, nres, "argreps", "resreps", flags)
with one rep letter per value slot (see primop_table.h, SlotRep), and each section
  STGVM_PRIMOP_FAMILY(Ident, "section title")
"""

import argparse
import os
import re
import sys
import tarfile

WORD_SIZE_IN_BITS = 64
TARBALL_MEMBER = "ghc-9.0.2/compiler/GHC/Builtin/primops.txt.pp"


# ---------------------------------------------------------------- preprocessing

def preprocess(text):
    """The subset of cpp that primops.txt.pp uses on a 64-bit target."""
    lines = text.split("\n")
    # join backslash continuations of directives
    joined = []
    i = 0
    while i < len(lines):
        line = lines[i]
        if line.lstrip().startswith("#"):
            while line.endswith("\\") and i + 1 < len(lines):
                line = line[:-1] + " " + lines[i + 1]
                i += 1
        joined.append(line)
        i += 1

    macros = {}
    out = []
    stack = []  # list of (active, seen_true)

    def active():
        return all(a for a, _ in stack)

    def eval_cond(expr):
        expr = expr.strip()
        m = re.fullmatch(r"WORD_SIZE_IN_BITS\s*(<|>=|==|<=|>)\s*(\d+)", expr)
        if not m:
            raise SystemExit("unsupported #if condition: " + expr)
        op, n = m.group(1), int(m.group(2))
        return {"<": WORD_SIZE_IN_BITS < n, ">=": WORD_SIZE_IN_BITS >= n,
                "==": WORD_SIZE_IN_BITS == n, "<=": WORD_SIZE_IN_BITS <= n,
                ">": WORD_SIZE_IN_BITS > n}[op]

    for line in joined:
        s = line.strip()
        if s.startswith("#"):
            d = s[1:].strip()
            if d.startswith("include"):
                continue  # MachDeps.h: only WORD_SIZE_IN_BITS is used
            if d.startswith("define"):
                if active():
                    m = re.match(r"define\s+(\w+)\s*(.*)", d)
                    macros[m.group(1)] = m.group(2).strip()
                continue
            if d.startswith("if"):
                c = eval_cond(d[2:])
                stack.append((c, c))
                continue
            if d.startswith("else"):
                a, seen = stack.pop()
                stack.append((not seen, True))
                continue
            if d.startswith("endif"):
                stack.pop()
                continue
            raise SystemExit("unsupported directive: " + s)
        if not active():
            continue
        out.append(line)

    text = "\n".join(out)
    # expand object-like macros until a fixpoint (macros may refer to macros)
    if macros:
        pat = re.compile(r"\b(" + "|".join(map(re.escape, macros)) + r")\b")
        for _ in range(10):
            new = pat.sub(lambda m: macros[m.group(1)], text)
            if new == text:
                break
            text = new
    return text


# ---------------------------------------------------------------- lexing

KEYWORDS = {"section", "primop", "pseudoop", "primtype", "with", "defaults",
            "thats_all_folks"}


def lex(text):
    toks = []
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if c.isspace():
            i += 1
            continue
        if text.startswith("--", i):
            j = text.find("\n", i)
            i = n if j < 0 else j + 1
            continue
        if c == "{":
            depth, j = 0, i
            while True:
                if text[j] == "{":
                    depth += 1
                elif text[j] == "}":
                    depth -= 1
                    if depth == 0:
                        break
                j += 1
            toks.append(("brace", text[i + 1:j]))
            i = j + 1
            continue
        if c == '"':
            j = text.index('"', i + 1)
            toks.append(("string", text[i + 1:j]))
            i = j + 1
            continue
        for sym in ("(#", "#)", "->", "=>", "=", ",", "(", ")", "[", "]", "<", ">"):
            if text.startswith(sym, i):
                toks.append(("sym", sym))
                i += len(sym)
                break
        else:
            m = re.compile(r"-?[0-9]+|[A-Za-z][A-Za-z0-9#_]*").match(text, i)
            if not m:
                raise SystemExit("lexical error near: " + text[i:i + 40])
            w = m.group(0)
            if re.fullmatch(r"-?[0-9]+", w):
                toks.append(("int", int(w)))
            else:
                toks.append(("word", w))
            i = m.end()
    return toks


# ---------------------------------------------------------------- types

class Ty:
    pass


class TApp(Ty):
    def __init__(self, con, args):
        self.con, self.args = con, args


class TVar(Ty):
    def __init__(self, name):
        self.name = name


class TFun(Ty):
    def __init__(self, a, r):
        self.a, self.r = a, r


class TTup(Ty):
    def __init__(self, items):
        self.items = items


def parse_type(toks):
    """toks: list of tokens of one type. Returns Ty."""
    pos = [0]

    def peek():
        return toks[pos[0]] if pos[0] < len(toks) else None

    def take():
        t = toks[pos[0]]
        pos[0] += 1
        return t

    def fun():
        a = app()
        if peek() == ("sym", "=>"):  # constraint (only in pseudoops); ignore it
            take()
            return fun()
        if peek() == ("sym", "->"):
            take()
            return TFun(a, fun())
        return a

    def app():
        head = atom()
        args = []
        while peek() is not None and (peek()[0] == "word" or peek() in (("sym", "("), ("sym", "(#"))):
            args.append(atom())
        if args:
            if not isinstance(head, TApp):
                return TApp("<var-app>", [head] + args)
            return TApp(head.con, head.args + args)
        return head

    def atom():
        t = take()
        if t == ("sym", "("):
            ty = fun()
            assert take() == ("sym", ")")
            return ty
        if t == ("sym", "(#"):
            items = []
            if peek() == ("sym", "#)"):
                take()
                return TTup(items)
            while True:
                items.append(fun())
                t2 = take()
                if t2 == ("sym", "#)"):
                    return TTup(items)
                assert t2 == ("sym", ","), t2
        assert t[0] == "word", t
        w = t[1]
        if w[0].isupper():
            return TApp(w, [])
        return TVar(w)

    ty = fun()
    assert pos[0] == len(toks), toks[pos[0]:]
    return ty


REP = {
    "Int#": "I", "Word#": "W", "Char#": "C", "Addr#": "A", "Float#": "F", "Double#": "D",
    "Int8#": "b", "Word8#": "B", "Int16#": "h", "Word16#": "H",
    "StablePtr#": "A",  # AddrRep in GHC: a plain (non-pointer) word
}
VOID = {"State#", "Proxy#"}


def reps(ty):
    """Unarised slot reps of a (non-function) type."""
    if isinstance(ty, TTup):
        out = ""
        for it in ty.items:
            out += reps(it)
        return out
    if isinstance(ty, TApp):
        if ty.con in VOID:
            return ""
        if ty.con in REP:
            return REP[ty.con]
        if ty.con.startswith("VEC:"):
            return "V"
        return "P"  # boxed heap object: Array#, MutVar#, ThreadId#, ...
    if isinstance(ty, TFun):
        return "P"  # a function closure passed as an argument
    if isinstance(ty, TVar) and ty.name in ("o", "p"):
        return "?"  # levity-polymorphic (openAlpha/openBeta): nominally one slot
    return "P"      # type variable: a lifted heap pointer


def split_fun(ty):
    args = []
    while isinstance(ty, TFun):
        args.append(ty.a)
        ty = ty.r
    return args, ty


# ---------------------------------------------------------------- parsing entries

def parse(toks):
    entries = []
    section = None
    i = 0
    n = len(toks)

    def parse_options(i):
        opts = {}
        while i + 1 < n and toks[i][0] == "word" and toks[i][1] not in KEYWORDS \
                and toks[i + 1] == ("sym", "="):
            name = toks[i][1]
            i += 2
            t = toks[i]
            if t == ("sym", "["):
                vec = []
                i += 1
                while toks[i] != ("sym", "]"):
                    if toks[i] == ("sym", ","):
                        i += 1
                        continue
                    assert toks[i] == ("sym", "<")
                    con, scal, ln = toks[i + 1][1], toks[i + 3][1], toks[i + 5][1]
                    assert toks[i + 6] == ("sym", ">")
                    vec.append((con, scal, ln))
                    i += 7
                i += 1
                opts[name] = vec
            elif t[0] == "word" and t[1] in ("infix", "infixl", "infixr"):
                opts[name] = (t[1], toks[i + 1][1])
                i += 2
            else:
                opts[name] = t[1]
                i += 1
        return i, opts

    while i < n:
        t = toks[i]
        if t == ("word", "thats_all_folks"):
            break
        if t == ("word", "defaults"):
            i, _ = parse_options(i + 1)
            continue
        if t == ("word", "section"):
            section = toks[i + 1][1]
            i += 2
            if i < n and toks[i][0] == "brace":
                i += 1
            continue
        if t[1] in ("primop", "primtype", "pseudoop"):
            kind = t[1]
            i += 1
            cons = name = cat = None
            if kind == "primop":
                cons, name, cat = toks[i][1], toks[i + 1][1], toks[i + 2][1]
                i += 3
            elif kind == "pseudoop":
                name = toks[i][1]
                i += 1
            start = i
            while i < n and toks[i][0] != "brace" and not (
                    toks[i][0] == "word" and toks[i][1] in KEYWORDS):
                i += 1
            tytoks = toks[start:i]
            if i < n and toks[i][0] == "brace":
                i += 1
            opts = {}
            if i < n and toks[i] == ("word", "with"):
                i, opts = parse_options(i + 1)
            if kind == "primop":
                entries.append(dict(cons=cons, name=name, cat=cat, tytoks=tytoks,
                                    opts=opts, section=section))
            continue
        raise SystemExit("parse error at token %r (index %d)" % (t, i))
    return entries


def lower_head(s):
    return s[0].lower() + s[1:]


def expand_vectors(entries):
    out = []
    for e in entries:
        vec = e["opts"].get("vector")
        if not vec:
            out.append(e)
            continue
        for con, scal, ln in vec:
            v = "%sX%d" % (con, ln)
            nm = e["name"]
            if nm.endswith("Array#"):
                name = nm[:-len("Array#")] + v + "Array#"
            elif nm.endswith("OffAddr#"):
                name = nm[:-len("OffAddr#")] + v + "OffAddr#"
            elif nm.endswith("ArrayAs#"):
                name = nm[:-len("ArrayAs#")] + con + "ArrayAs" + v + "#"
            elif nm.endswith("OffAddrAs#"):
                name = nm[:-len("OffAddrAs#")] + con + "OffAddrAs" + v + "#"
            else:
                name = nm[:-1] + v + "#"
            tytoks = []
            for tk in e["tytoks"]:
                if tk == ("word", "SCALAR"):
                    tytoks.append(("word", scal))
                elif tk == ("word", "VECTOR"):
                    tytoks.append(("word", "VEC:" + v + "#"))
                elif tk == ("word", "VECTUPLE"):
                    tytoks.append(("sym", "(#"))
                    for k in range(ln):
                        if k:
                            tytoks.append(("sym", ","))
                        tytoks.append(("word", scal))
                    tytoks.append(("sym", "#)"))
                else:
                    tytoks.append(tk)
            d = dict(e)
            d.update(cons=e["cons"] + "_" + v, name=name, tytoks=tytoks)
            out.append(d)
    return out


def family_ident(section):
    words = re.findall(r"[A-Za-z0-9]+", section)
    ident = "".join(w[0].upper() + w[1:] for w in words)
    return ident


FLAG_NAMES = [("has_side_effects", "kSideEffects"), ("out_of_line", "kOutOfLine"),
              ("can_fail", "kCanFail"), ("commutable", "kCommutable"),
              ("llvm_only", "kLlvmOnly")]


def generate(src_text):
    toks = lex(preprocess(src_text))
    entries = expand_vectors(parse(toks))
    names = set()
    families = []
    lines = []
    for e in entries:
        if e["name"] in names:
            raise SystemExit("duplicate primop name " + e["name"])
        names.add(e["name"])
        fam = family_ident(e["section"])
        if fam not in [f for f, _ in families]:
            families.append((fam, e["section"]))
        ty = parse_type(e["tytoks"])
        args, res = split_fun(ty)
        argreps = "".join(reps(a) for a in args)
        resreps = reps(res)
        flags = [c for o, c in FLAG_NAMES if e["opts"].get(o) == "True"]
        lines.append('STGVM_PRIMOP(%s, "%s", %s, %d, %d, "%s", "%s", %s)' % (
            e["cons"], e["name"], fam, len(argreps), len(resreps), argreps, resreps,
            "|".join(flags) if flags else "0"))
    hdr = [
        "// Generated by primops/gen/gen_primops.py from GHC 9.0.2",
        "// compiler/GHC/Builtin/primops.txt.pp (x86_64: WORD_SIZE_IN_BITS = 64). Do not edit.",
        "// %d primops (vector primops expanded), %d families." % (len(lines), len(families)),
        "//",
        "// STGVM_PRIMOP_FAMILY(Ident, \"section title\")",
        "// STGVM_PRIMOP(Ident, \"name\", Family, nargs, nres, \"argreps\", \"resreps\", flags)",
        "//   nargs/nres count value slots after unarisation (State# dropped, unboxed",
        "//   tuples flattened); reps: one SlotRep letter per slot (see primop_table.h).",
        "",
        "#ifdef STGVM_PRIMOP_FAMILY",
    ]
    body = hdr + ['STGVM_PRIMOP_FAMILY(%s, "%s")' % f for f in families]
    body += ["#endif", "", "#ifdef STGVM_PRIMOP"] + lines + ["#endif", ""]
    return "\n".join(body)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--source")
    ap.add_argument("--tarball")
    ap.add_argument("--out", default=os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                                  "..", "primop_list.inc"))
    ap.add_argument("--check", action="store_true")
    a = ap.parse_args()
    if a.source:
        with open(a.source, encoding="utf-8") as f:
            src = f.read()
    else:
        tb = a.tarball or os.path.join(
            os.environ.get("STGVM_CACHE", os.path.expanduser("~/.cache/stgvm")),
            "ghc_9.0.2.orig.tar.xz")
        if not os.path.exists(tb):
            print("GHC source tarball not found: " + tb, file=sys.stderr)
            return 77
        with tarfile.open(tb) as t:
            src = t.extractfile(TARBALL_MEMBER).read().decode("utf-8")
    text = generate(src)
    if a.check:
        with open(a.out, encoding="utf-8") as f:
            old = f.read()
        if old != text:
            print("%s is out of date: rerun %s" % (a.out, sys.argv[0]), file=sys.stderr)
            return 1
        print("%s is up to date" % a.out)
        return 0
    with open(a.out, "w", encoding="utf-8") as f:
        f.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
