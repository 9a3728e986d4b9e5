#!/usr/bin/env python3
"""Seed corpora for the fuzz targets (written to fuzz/corpus/, which is not committed).

Drafts come from ../shared/corpus/dev.jsonl and the built-in packs' [[test]] texts; pack seeds
are the built-in packs themselves; config seeds are small configs. The check/rewrite targets read
a format selector byte before the draft (0 text, 1 Markdown, 2 HTML).
Run from the crate root: python3 fuzz/seeds.py
"""
import glob, hashlib, json, os, tomllib

root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
out = os.path.join(root, "fuzz", "corpus")

def put(target, data):
    d = os.path.join(out, target)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, hashlib.sha1(data).hexdigest()), "wb") as f:
        f.write(data)

drafts = []
dev = os.path.join(root, "..", "shared", "corpus", "dev.jsonl")
if os.path.exists(dev):
    drafts += [json.loads(l)["text"] for l in open(dev) if l.strip()]
packs = sorted(glob.glob(os.path.join(root, "rules", "*.toml")))
for p in packs:
    raw = open(p, "rb").read()
    put("pack", raw)
    drafts += [t["text"] for t in tomllib.loads(raw.decode()).get("test", [])]
for i, t in enumerate(drafts):
    b = t.encode()
    put("parse", b)
    for target in ("check", "rewrite"):
        put(target, bytes([i % 3]) + b)
for c in [
    'packs = ["builtin"]\nfail_on = "warning"\nkind = "reply"\npractice_type = "dental"\n',
    '[practice]\nname = "Smile Dental"\nphone = ["(555) 010-2000"]\nemail = ["office@smile.example"]\nallow_names = ["Dr. Lee"]\n',
    '[rules]\n"tone.shouting" = "off"\n"phi.*" = "error"\n[placeholders]\nsafe = ["practice_*"]\n',
]:
    put("config", c.encode())
print(f"{len(drafts)} drafts, {len(packs)} packs -> {out}")
