#!/usr/bin/env python3
"""The arithmetic of bench/run: parses hey's output and the facts file, writes JSON and the Markdown table.

    report.py hey-line HEY_OUTPUT              one line: req/s, p50, p99, errors
    report.py report FACTS OUT.json OUT.md     the results of a run
"""
import json
import re
import statistics
import sys

# Goals from DESIGN.md ("Reference figures") and faas-cli/README.md.
GOAL_GATEWAY_RATIO = 0.75       # gateway >= 75% of direct req/s
GOAL_ADDED_P50_MS = 1.0         # <= 1 ms added p50 (stated for an http-mode function)
GOAL_CPU_MS = 0.15              # <= 0.15 ms gateway CPU per proxied request
GOAL_GATEWAY_RSS_MIB = 150      # gateway <= 150 MB RSS
GOAL_DEPLOY_S = 0.5             # deploy -> first successful call <= 0.5 s
GOAL_CLI_S = 0.5                # faas-cli list <= 0.5 s
OPENFAAS_FORK_RPS = 350         # OpenFaaS CE fork mode through its gateway, another run


def parse_hey(path):
    text = open(path, errors="replace").read()
    out = {"rps": None, "p50_ms": None, "p99_ms": None, "total_s": None,
           "status": {}, "responses": 0, "errors": 0, "non_2xx": 0, "error_kinds": []}
    m = re.search(r"Requests/sec:\s+([\d.]+)", text)
    if m:
        out["rps"] = float(m.group(1))
    m = re.search(r"Total:\s+([\d.]+) secs", text)
    if m:
        out["total_s"] = float(m.group(1))
    for pct, key in (("50", "p50_ms"), ("99", "p99_ms")):
        m = re.search(r"^\s*%s%% in ([\d.]+) secs" % pct, text, re.M)
        if m:
            out[key] = float(m.group(1)) * 1000
    section = re.search(r"Status code distribution:\n((?:\s+\[\d+\]\s+\d+ responses\n?)*)", text)
    if section:
        for code, n in re.findall(r"\[(\d+)\]\s+(\d+) responses", section.group(1)):
            out["status"][code] = int(n)
    out["responses"] = sum(out["status"].values())
    out["non_2xx"] = sum(n for c, n in out["status"].items() if not c.startswith("2"))
    section = re.search(r"Error distribution:\n((?:\s+\[\d+\].*\n?)*)", text)
    if section:
        for n, what in re.findall(r"\[(\d+)\]\s+(.*)", section.group(1)):
            out["errors"] += int(n)
            out["error_kinds"].append(f"{n}x {what.strip()[:160]}")
    if out["rps"] is None:
        out["error_kinds"].append("hey printed no summary: " + text.strip()[-300:])
    return out


def hey_line(path):
    h = parse_hey(path)
    if h["rps"] is None:
        return "no result: " + "; ".join(h["error_kinds"])
    bad = h["errors"] + h["non_2xx"]
    flag = f"  !! {h['errors']} errors, {h['non_2xx']} non-2xx" if bad else ""
    return f"{h['rps']:,.0f} req/s, p50 {fmt_ms(h['p50_ms'])}, p99 {fmt_ms(h['p99_ms'])}, {h['responses']} responses{flag}"


def fmt_ms(v):
    if v is None:
        return "?"
    return f"{v:.2f} ms" if v < 10 else f"{v:.1f} ms"


def stats(values):
    values = [v for v in values if v is not None]
    if not values:
        return None
    return {"min": min(values), "median": statistics.median(values), "max": max(values), "n": len(values)}


def spread(s, fmt):
    """'median (min-max)' of a stats dict."""
    if s is None:
        return "?"
    if s["n"] == 1:
        return fmt(s["median"])
    return f"{fmt(s['median'])} ({fmt(s['min'])}–{fmt(s['max'])})"


def verdict(ok):
    return "met" if ok else "**missed**"


def read_facts(path):
    facts = {"meta": {}, "hey": [], "cpu": [], "cpu_idle": None, "rss_gw": [], "rss_gw_idle": None,
             "deploy": [], "cli": [], "image": {}, "wd_rss": None, "skip": {}}
    for line in open(path):
        parts = line.rstrip("\n").split(" ")
        kind, rest = parts[0], parts[1:]
        if kind == "meta":
            facts["meta"][rest[0]] = " ".join(rest[1:])
        elif kind == "hey":
            facts["hey"].append({"target": rest[0], "round": rest[1], **parse_hey(rest[2])})
        elif kind == "cpu":
            facts["cpu"].append({"round": rest[0], "value": rest[1], "how": " ".join(rest[2:])})
        elif kind == "cpu_idle":
            facts["cpu_idle"] = {"ns": int(rest[0]), "seconds": float(rest[1])}
        elif kind == "rss_gw":
            facts["rss_gw"].append(int(rest[0]))
        elif kind == "rss_gw_idle":
            facts["rss_gw_idle"] = int(rest[0])
        elif kind == "deploy":
            facts["deploy"].append({"run": int(rest[0]), "seconds": None if rest[1] == "fail" else float(rest[1]),
                                    "post_status": rest[2], "post_seconds": float(rest[3])})
        elif kind == "cli":
            facts["cli"].append({"what": rest[0], "run": int(rest[1]), "seconds": float(rest[2]), "rc": int(rest[3])})
        elif kind == "image":
            facts["image"][rest[0]] = None if rest[1] == "missing" else int(rest[1])
        elif kind == "wd_rss":
            facts["wd_rss"] = None if rest[0] == "missing" else {"kb": int(rest[0]), "image": " ".join(rest[1:])}
        elif kind == "skip":
            facts["skip"][rest[0]] = " ".join(rest[1:])
    return facts


def report(facts_path, json_path, md_path):
    f = read_facts(facts_path)
    meta = f["meta"]
    rows = []          # (scenario, reference, figure, notes)
    summary = {}
    duration, conc, rounds, warmup = (meta.get("load", "8s 16 3 4s").split() + ["?"] * 4)[:4]
    load_desc = f"`hey -z {duration} -c {conc} -m POST -d hello`, {rounds} interleaved rounds after a {warmup} warm-up (discarded)"

    # --- sync fork mode, direct vs gateway; CPU; RSS --------------------------------------------------
    if "sync" in f["skip"]:
        why = f["skip"]["sync"]
        for name in ("sync fork mode (`cat`), direct to the watchdog", "sync fork mode (`cat`) through the gateway",
                     "gateway CPU per proxied request", "gateway RSS under load"):
            rows.append((name, "—", "not built", why))
    else:
        measured = {t: [h for h in f["hey"] if h["target"] == t and h["round"] != "warmup"] for t in ("direct", "gateway")}
        warm = [h for h in f["hey"] if h["round"] == "warmup"]
        st = {t: {k: stats([h[k] for h in measured[t]]) for k in ("rps", "p50_ms", "p99_ms")} for t in measured}
        bad = {t: [(h["round"], h["errors"], h["non_2xx"], h["error_kinds"]) for h in measured[t]
                   if h["errors"] or h["non_2xx"] or h["rps"] is None] for t in measured}
        summary["sync"] = {"direct": st["direct"], "gateway": st["gateway"],
                           "runs": measured, "warmup": warm, "load": load_desc}

        def flag(t):
            if not bad[t]:
                return ""
            parts = [f"round {r}: {e} errors, {n} non-2xx" for r, e, n, _ in bad[t]]
            return " ⚠ **errors** (" + "; ".join(parts) + ")"

        def ms(v):
            return f"{v:.2f}" if v < 10 else f"{v:.1f}"

        def figure(t):
            s = st[t]
            return (f"{spread(s['rps'], lambda v: f'{v:,.0f}')} req/s; p50 {spread(s['p50_ms'], ms)} ms; "
                    f"p99 {spread(s['p99_ms'], ms)} ms")

        def counted(t):
            n = sum(h["responses"] for h in measured[t])
            e = sum(h["errors"] + h["non_2xx"] for h in measured[t])
            return f"{e} errors or non-2xx in {n:,} responses"

        port = meta.get("direct_port", "?")
        rows.append((f"sync fork mode (`cat`), direct to the watchdog on 127.0.0.1:{port}", "(reference)",
                     figure("direct") + flag("direct"),
                     load_desc + "; median (min–max) over rounds; " + counted("direct")))
        d, g = st["direct"], st["gateway"]
        notes = []
        if d["rps"] and g["rps"]:
            ratios = [gh["rps"] / dh["rps"] for gh, dh in zip(measured["gateway"], measured["direct"])
                      if gh["rps"] and dh["rps"]]
            ratio = g["rps"]["median"] / d["rps"]["median"]
            summary["sync"]["gateway_over_direct"] = {"of_medians": ratio, "per_round": ratios}
            notes.append(f"**{ratio:.0%} of direct** (per round {', '.join(f'{r:.0%}' for r in ratios)}); "
                         f"goal ≥ {GOAL_GATEWAY_RATIO:.0%}: {verdict(ratio >= GOAL_GATEWAY_RATIO)}")
        if d["p50_ms"] and g["p50_ms"]:
            added = g["p50_ms"]["median"] - d["p50_ms"]["median"]
            summary["sync"]["added_p50_ms"] = added
            notes.append(f"p50 {added:+.2f} ms vs direct; goal ≤ +{GOAL_ADDED_P50_MS:.0f} ms (set for an http-mode "
                         f"function): {verdict(added <= GOAL_ADDED_P50_MS)}")
        notes.append(counted("gateway"))
        if g["rps"]:
            notes.append(f"fork-mode goal ≥ 2× OpenFaaS CE's {OPENFAAS_FORK_RPS} req/s was measured in another run: "
                         f"not compared here")
        ref = (f"direct: {d['rps']['median']:,.0f} req/s, p50 {fmt_ms(d['p50_ms']['median'])}"
               if d["rps"] and d["p50_ms"] else "direct: ?")
        rows.append(("sync fork mode (`cat`) through the gateway (`/function/bench-cat`)", ref,
                     figure("gateway") + flag("gateway"), "; ".join(notes)))

        # CPU per request
        per_round, total_ns, total_req, problems, how = [], 0, 0, [], ""
        for c in f["cpu"]:
            h = next((h for h in measured["gateway"] if h["round"] == c["round"]), None)
            if not c["value"].lstrip("-").isdigit() or h is None or not h["responses"]:
                problems.append(f"round {c['round']}: {c['value']} {c['how']}".strip())
                continue
            how = c["how"]
            ns = int(c["value"])
            per_round.append(ns / 1e6 / h["responses"])
            total_ns += ns
            total_req += h["responses"]
        cpu = stats(per_round)
        summary["cpu_ms_per_request"] = {"per_round": per_round, "stats": cpu, "how": how,
                                         "overall": total_ns / 1e6 / total_req if total_req else None,
                                         "idle": f["cpu_idle"], "problems": problems}
        idle = f["cpu_idle"]
        idle_ref = (f"gateway idle: {idle['ns'] / 1e6 / idle['seconds']:.1f} ms CPU per s"
                    if idle and idle["seconds"] else "—")
        if cpu:
            corrected = ""
            h0 = measured["gateway"][0] if measured["gateway"] else None
            if idle and idle["seconds"] and total_req and h0 and h0["total_s"]:
                busy_s = sum(h["total_s"] or 0 for h in measured["gateway"] if any(c["round"] == h["round"] for c in f["cpu"]))
                net = (total_ns - idle["ns"] / idle["seconds"] * busy_s) / 1e6 / total_req
                summary["cpu_ms_per_request"]["minus_idle_rate"] = net
                corrected = f"; all rounds together {total_ns / 1e6 / total_req:.3f} ms, {net:.3f} ms after taking off the idle rate"
            rows.append(("gateway CPU per proxied request", idle_ref,
                         f"{spread(cpu, lambda v: f'{v:.3f}')} ms/request" + flag("gateway"),
                         f"goal ≤ {GOAL_CPU_MS} ms: {verdict(cpu['median'] <= GOAL_CPU_MS)}; gateway container's "
                         f"CPU ({how}) during each gateway round ÷ its responses" + corrected
                         + (f"; ⚠ {'; '.join(problems)}" if problems else "")))
        else:
            rows.append(("gateway CPU per proxied request", idle_ref, "not measured", "; ".join(problems) or "no data"))

        # RSS under load
        rss = f["rss_gw"]
        summary["gateway_rss_kib"] = {"samples_under_load": rss, "idle": f["rss_gw_idle"]}
        idle_rss = f"gateway idle: {f['rss_gw_idle'] / 1024:.0f} MiB" if f["rss_gw_idle"] else "—"
        if rss:
            peak = max(rss) / 1024
            rows.append(("gateway RSS under load", idle_rss,
                         f"{peak:.0f} MiB peak, {statistics.median(rss) / 1024:.0f} MiB median",
                         f"goal ≤ {GOAL_GATEWAY_RSS_MIB} MB: {verdict(peak <= GOAL_GATEWAY_RSS_MIB)}; VmRSS of the "
                         f"gateway's JVM (PID 1) every 0.5 s during the gateway rounds ({len(rss)} samples)"))
        else:
            rows.append(("gateway RSS under load", idle_rss, "not measured", "VmRSS unreadable"))

    # --- deploy -> first call --------------------------------------------------------------------------
    if "deploy" in f["skip"]:
        rows.append(("deploy → first successful call", "—", "not built", f["skip"]["deploy"]))
    elif f["deploy"]:
        ok = [d["seconds"] for d in f["deploy"] if d["seconds"] is not None]
        failed = [d for d in f["deploy"] if d["seconds"] is None]
        s = stats(ok)
        post = stats([d["post_seconds"] for d in f["deploy"]])
        summary["deploy_to_first_call_s"] = {"runs": f["deploy"], "stats": s}
        fig = f"{spread(s, lambda v: f'{v:.2f}')} s" if s else "no successful call"
        if failed:
            fig += f" ⚠ **{len(failed)} of {len(f['deploy'])} runs failed** (POST status " \
                   + ", ".join(d["post_status"] for d in failed) + ")"
        rows.append(("deploy → first successful call", f"POST /system/functions answered in {spread(post, lambda v: f'{v:.2f}')} s",
                     fig, (f"goal ≤ {GOAL_DEPLOY_S} s: {verdict(s['median'] <= GOAL_DEPLOY_S)}; " if s else "")
                     + f"{len(f['deploy'])} fresh `bench-deploy-N`: POST, then `/function/bench-deploy-N` every 20 ms until 200"))

    # --- faas-cli list -----------------------------------------------------------------------------------
    if "cli" in f["skip"]:
        rows.append(("`faas-cli list` wall time", "—", "not built", f["skip"]["cli"]))
    elif f["cli"]:
        cli = [c for c in f["cli"] if c["what"] == "faas-cli"]
        true = [c for c in f["cli"] if c["what"] == "true"]
        s, t = stats([c["seconds"] for c in cli]), stats([c["seconds"] for c in true])
        failed = [c for c in cli if c["rc"] != 0]
        summary["faas_cli_list_s"] = {"runs": cli, "stats": s, "true": t}
        fig = f"{spread(s, lambda v: f'{v:.2f}')} s"
        if failed:
            fig += f" ⚠ **{len(failed)} runs exited non-zero**"
        rows.append(("`bin/faas-cli list` wall time", f"`/bin/true`: {t['median'] * 1000:.1f} ms median", fig,
                     f"goal ≤ {GOAL_CLI_S} s: {verdict(s['median'] <= GOAL_CLI_S)}; {len(cli)} runs each, "
                     f"median (min–max)"))

    # --- images and idle watchdog ----------------------------------------------------------------------
    parts = []
    for name in ("jre", "watchdog", "gateway", "nats"):
        size = f["image"].get(name)
        parts.append(f"{name} {size / 1e6:.1f} MB" if size else f"{name}: not built")
    summary["image_bytes"] = f["image"]
    rows.append(("image sizes (`skiff/*:0.1.0`)", "—", "; ".join(parts),
                 "`docker image inspect` Size, MB = 10⁶ bytes; watchdog and gateway include the jre image"))
    wd = f["wd_rss"]
    summary["watchdog_idle_rss_kib"] = wd
    rows.append(("watchdog idle RSS (function `echo`)", "—",
                 f"{wd['kb'] / 1024:.0f} MiB" if wd else "not built",
                 "VmRSS of the watchdog JVM (PID 1), before any load; image " + wd["image"] if wd
                 else "no running container of the function echo (run bin/up)"))

    header = ["scenario", "reference (same run)", "figure", "ratio / notes"]
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join(" --- " for _ in header) + "|"]
    for row in rows:
        lines.append("| " + " | ".join(str(c).replace("|", "\\|") for c in row) + " |")
    table = "\n".join(lines)
    mem_gib = int(meta.get("mem_kib", "0")) / 1048576
    head = (f"Skiff benchmark, {meta.get('date', '?')}: {meta.get('nproc', '?')} cores, {mem_gib:.1f} GiB, kernel "
            f"{meta.get('kernel', '?')}, cgroup v{meta.get('cgroup', '?')}; watchdog image "
            f"`{meta.get('watchdog_image', '?')}`; `{meta.get('command', 'bench/run')}` took "
            f"{float(meta.get('duration_s', 0)):.0f} s.")
    md = head + "\n\n" + table + "\n"
    with open(md_path, "w") as out:
        out.write(md)
    with open(json_path, "w") as out:
        json.dump({"meta": meta, "summary": summary, "facts": f, "table": [dict(zip(header, r)) for r in rows]},
                  out, indent=2, default=str)
        out.write("\n")


def areas(folder, json_path, md_path, names):
    """Appends each area benchmark's table (the Markdown table lines of its output) to the run's results."""
    import os
    sections, record = [], {}
    for name in names:
        def read(ext):
            path = os.path.join(folder, f"{name}.{ext}")
            return open(path, errors="replace").read() if os.path.exists(path) else ""
        status = read("status").strip() or "not run"
        out = read("out")
        table = [line for line in out.splitlines() if line.startswith("|")]
        record[name] = {"status": status, "output": out, "stderr_tail": read("err")[-2000:]}
        sections.append(f"\n### {name} (`bench/{name}/run`: {status})\n\n")
        if table:
            sections.append("\n".join(table) + "\n")
        elif status == "not built":
            sections.append("not built\n")
        elif out.strip():
            sections.append("```\n" + out.strip() + "\n```\n")
        else:
            tail = read("err").strip().splitlines()[-3:]
            sections.append("no table printed; last lines of its log:\n\n" + "\n".join("    " + t for t in tail) + "\n")
    with open(md_path, "a") as md:
        md.write("\n## Area benchmarks\n" + "".join(sections))
    data = json.load(open(json_path))
    data["areas"] = record
    json.dump(data, open(json_path, "w"), indent=2)


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "hey-line":
        print(hey_line(sys.argv[2]))
    elif len(sys.argv) == 5 and sys.argv[1] == "report":
        report(*sys.argv[2:])
    elif len(sys.argv) >= 5 and sys.argv[1] == "areas":
        areas(sys.argv[2], sys.argv[3], sys.argv[4], sys.argv[5:])
    else:
        sys.exit(__doc__)
