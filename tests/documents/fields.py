#!/usr/bin/env python3
"""fields.py WANT.json GOT.json: of the fields a person reads off a form
(WANT, one form of check --format json: names, amounts, values, weights,
declared scores; not what jixiao computes), how many GOT has right and
how many wrong (present but different; missing is neither).  Prints
"right N wrong N of N"."""
import json, sys
a=json.load(open(sys.argv[1])); b=json.load(open(sys.argv[2]))
def flat(o, p=''):
    out={}
    if isinstance(o, dict):
        for k,v in o.items():
            if k in ('file','line','layout','ocr','template','profile'): continue
            out.update(flat(v, p+'.'+k))
    elif isinstance(o, list):
        for i,v in enumerate(o): out.update(flat(v, p+'[%d]'%i))
    else: out[p]=o
    return out
fa=flat(a); fb=flat(b or {})
skip=('score','rate','method','grade','sum','trace','total_score','exec_score')
keys=[k for k in fa if not any(k.endswith('.'+s) for s in skip) and fa[k] is not None]
print('right',sum(1 for k in keys if fb.get(k)==fa[k]),'wrong',sum(1 for k in keys if fb.get(k) not in (None,'') and fb.get(k)!=fa[k]),'of',len(keys))
