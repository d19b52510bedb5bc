#!/usr/bin/env python3
"""Helpers for scripts/bench.sh: generate the benchmark site, change part of it, read nginx logs.

  bench-site.py generate DIR N SEED        write an N-object site into DIR (every object reachable from /)
  bench-site.py mutate DIR COUNT SEED OUT  change COUNT objects (content and mtime), list their URIs in OUT
  bench-site.py log LOG FROM TO [CHANGED]  summarise access-log lines FROM..TO (1-based, inclusive) as JSON

The site is deterministic for a given N and SEED: a tree of index pages (fan-out 50) over article pages,
each linking its children, parent and neighbours, a stylesheet or two, a script and its images; the
stylesheets pull more images through url() and @import; a downloads page tree links a few large files.
A few names carry spaces and non-ASCII characters, as real sites do.
"""
import json
import os
import posixpath
import random
import sys
import time
import urllib.parse

FANOUT = 50
WORDS = ("origin cache edge bucket mirror static content delivery network secondary primary request "
         "response header object key manifest checkpoint region latency throughput failover backup "
         "stylesheet script image page index archive release notes guide chapter section table figure "
         "the a of to and in is it for on with as by at from this that be are was not or").split()


def plan(n):
    n_large = max(1, n * 2 // 1000)
    n_css = max(2, n // 100)
    n_js = max(2, n * 4 // 100)
    n_pages = max(3, n * 20 // 100)
    n_img = n - n_large - n_css - n_js - n_pages
    if n_img < n_pages:
        raise SystemExit("BENCH_OBJECTS too small (need at least 100)")
    return n_pages, n_css, n_js, n_img, n_large


def page_path(j):
    """Site path of page j (a file path relative to the site root)."""
    if j == 0:
        return "index.html"
    top = j
    while top > FANOUT:
        top = (top - 1) // FANOUT
    if j <= FANOUT:
        return "sec%d/index.html" % j
    parent = (j - 1) // FANOUT
    return "sec%d/p%d/page-%d.html" % (top, parent, j)


def uri_of(rel):
    """The URI a link uses for a file: directory indexes are linked as their directory."""
    if rel == "index.html":
        return "/"
    if rel.endswith("/index.html"):
        rel = rel[: -len("index.html")]
    return "/" + urllib.parse.quote(rel)


def href(from_rel, to_rel, absolute):
    u = uri_of(to_rel)
    if absolute:
        return u
    base = posixpath.dirname("/" + from_rel)
    target = urllib.parse.unquote(u)
    r = posixpath.relpath(target, base)
    if target.endswith("/") and not r.endswith("/"):
        r += "/"
    return urllib.parse.quote(r)


def generate(root, n, seed):
    rnd = random.Random(seed)
    n_pages, n_css, n_js, n_img, n_large = plan(n)
    text_blob = " ".join(rnd.choice(WORDS) for _ in range(60000))

    def text(size):
        start = rnd.randrange(0, len(text_blob) - size - 1)
        return text_blob[start:start + size]

    pages = [page_path(j) for j in range(n_pages)]
    css = ["assets/css/style-%d.css" % i for i in range(n_css)]
    js = ["assets/js/app-%d.js" % i for i in range(n_js)]
    imgs = []
    odd = max(1, n // 1000)
    for i in range(n_img):
        ext = ("png", "jpg", "png", "jpg", "webp", "gif", "svg", "png", "jpg", "jpg", "png")[i * 7 % 11]
        folder = "img/g%d" % (i // 500)
        if i < odd:
            name = ("photo %d.jpg" % i) if i % 2 == 0 else ("图片-%d.png" % i)
        else:
            name = "i%d.%s" % (i, ext)
        imgs.append("%s/%s" % (folder, name))
    large = ["downloads/release-%d.%s" % (i, ("zip", "pdf", "tar.gz", "mp4")[i % 4]) for i in range(n_large)]

    # Images: one in five goes to a stylesheet, the rest to pages.
    page_imgs = [[] for _ in range(n_pages)]
    css_imgs = [[] for _ in range(n_css)]
    pi = ci = 0
    for i, im in enumerate(imgs):
        if i % 5 == 4:
            css_imgs[ci % n_css].append(im)
            ci += 1
        else:
            page_imgs[pi % n_pages].append(im)
            pi += 1
    page_large = {}
    for i, f in enumerate(large):
        page_large.setdefault((i * 7 + 1) % n_pages, []).append(f)

    def write(rel, data):
        p = os.path.join(root, rel)
        os.makedirs(os.path.dirname(p), exist_ok=True)
        with open(p, "wb") as f:
            f.write(data)

    for j, rel in enumerate(pages):
        absolute = j % 2 == 0
        children = [c for c in range(j * FANOUT + 1, j * FANOUT + FANOUT + 1) if c < n_pages]
        links = []
        if j:
            links.append(((j - 1) // FANOUT, "up"))
            links.append((0, "home"))
        if j > 1:
            links.append((j - 1, "previous"))
        if j + 1 < n_pages:
            links.append((j + 1, "next"))
        links.extend((c, "page %d" % c) for c in children)
        out = ["<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">",
               "<title>Page %d</title>" % j,
               '<link rel="stylesheet" href="%s">' % href(rel, css[j % n_css], absolute)]
        if j % 3 == 0:
            out.append('<link rel="stylesheet" href="%s">' % href(rel, css[(j * 7 + 3) % n_css], not absolute))
        out.append('<script src="%s" defer></script>' % href(rel, js[j % n_js], absolute))
        out.append("</head><body><nav><ul>")
        for target, label in links:
            out.append('<li><a href="%s">%s</a></li>' % (href(rel, pages[target], absolute), label))
        out.append("</ul></nav><main><h1>Page %d</h1>" % j)
        for k, im in enumerate(page_imgs[j]):
            out.append("<p>%s</p>" % text(rnd.randint(300, 1500)))
            src = href(rel, im, (j + k) % 2 == 0)
            if k % 4 == 3:
                out.append('<img src="%s" srcset="%s 2x" alt="figure %d">' % (src, src, k))
            else:
                out.append('<img src="%s" alt="figure %d" loading="lazy">' % (src, k))
        for f in page_large.get(j, []):
            out.append('<p><a href="%s">Download %s</a></p>' % (href(rel, f, absolute), posixpath.basename(f)))
        out.append("<p>%s</p></main></body></html>\n" % text(rnd.randint(500, 3000)))
        write(rel, "\n".join(out).encode("utf-8"))

    for i, rel in enumerate(css):
        out = []
        if i % 10 == 0 and n_css > 1:
            out.append('@import "%s";' % posixpath.basename(css[(i + 1) % n_css]))
        for k, im in enumerate(css_imgs[i]):
            u = href(rel, im, k % 3 == 0)
            q = ('"%s"', "'%s'", "%s")[k % 3] % u
            out.append(".c%d-%d { background: url(%s) no-repeat; margin: %dpx; }" % (i, k, q, k))
        out.append("/* %s */" % text(rnd.randint(1500, 8000)))
        write(rel, "\n".join(out).encode("utf-8"))

    for i, rel in enumerate(js):
        body = "// app %d\n(function(){var s=%s;console.log(s.length);})();\n" % (
            i, json.dumps(text(rnd.randint(3000, 40000))))
        write(rel, body.encode("utf-8"))

    for i, rel in enumerate(imgs):
        if rel.endswith(".svg"):
            data = ('<svg xmlns="http://www.w3.org/2000/svg" width="64" height="64"><title>%s</title>'
                    '<circle cx="32" cy="32" r="%d"/></svg>\n' % (text(rnd.randint(200, 2000)), i % 30)).encode()
        else:
            data = rnd.randbytes(rnd.randint(2048, 16384))
        write(rel, data)

    for i, rel in enumerate(large):
        write(rel, rnd.randbytes(rnd.randint(1 << 20, 4 << 20)))

    everything = pages + css + js + imgs + large
    with open(os.path.join(os.path.dirname(root.rstrip("/")), "site-files.txt"), "w", encoding="utf-8") as f:
        for rel in everything:
            f.write("%s\t%s\n" % (rel, uri_of(rel)))
    print(len(everything))


def mutate(root, count, seed, out):
    with open(os.path.join(os.path.dirname(root.rstrip("/")), "site-files.txt"), encoding="utf-8") as f:
        files = [line.rstrip("\n").split("\t") for line in f]
    rnd = random.Random(seed)
    chosen = rnd.sample(files, count)
    now = time.time()
    with open(out, "w", encoding="utf-8") as o:
        for rel, uri in chosen:
            p = os.path.join(root, rel)
            old = os.stat(p).st_mtime
            with open(p, "ab") as f:
                if rel.endswith((".html", ".css", ".js", ".svg")):
                    f.write(("\n<!-- changed by bench, seed %d -->\n" % seed).encode()
                            if rel.endswith((".html", ".svg")) else ("\n/* changed %d */\n" % seed).encode())
                else:
                    f.write(rnd.randbytes(rnd.randint(16, 512)))
            # Last-Modified has one-second resolution: make sure the new one differs from the old.
            t = max(now, old + 2)
            os.utime(p, (t, t))
            o.write("%s\t%s\n" % (rel, uri))


def log(path, first, last, changed_path=None):
    changed = set()
    if changed_path:
        with open(changed_path, encoding="utf-8") as f:
            changed = {urllib.parse.unquote(line.rstrip("\n").split("\t")[1]) for line in f}
    res = {"requests": 0, "status": {}, "bodyBytes": 0, "ok": 0, "okUnchanged": 0, "changedRefetched": 0}
    with open(path, encoding="utf-8", errors="replace") as f:
        for i, line in enumerate(f, 1):
            if i < first or i > last:
                continue
            parts = line.rstrip("\n").split("\t")
            if len(parts) < 5:
                continue
            _, method, status, nbytes, uri = parts[:5]
            res["requests"] += 1
            res["status"][status] = res["status"].get(status, 0) + 1
            res["bodyBytes"] += int(nbytes)
            if status == "200" and method == "GET":
                res["ok"] += 1
                u = urllib.parse.unquote(uri.split("?")[0])
                if u in changed:
                    res["changedRefetched"] += 1
                else:
                    res["okUnchanged"] += 1
    print(json.dumps(res, sort_keys=True))


if __name__ == "__main__":
    cmd = sys.argv[1]
    if cmd == "generate":
        generate(sys.argv[2], int(sys.argv[3]), int(sys.argv[4]))
    elif cmd == "mutate":
        mutate(sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), sys.argv[5])
    elif cmd == "log":
        log(sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), sys.argv[5] if len(sys.argv) > 5 else None)
    else:
        raise SystemExit(__doc__)
