"""Turns the name=value files of one bench/run.sh run into the Markdown tables of docs/benchmarks.md."""
import os
import sys

work = sys.argv[1]


def read(path):
    values = {}
    if os.path.exists(path):
        for line in open(path, encoding="utf-8"):
            if "=" in line:
                key, _, value = line.strip().partition("=")
                values[key] = value
    return values


def num(values, key):
    try:
        return float(values[key])
    except (KeyError, ValueError):
        return float("nan")


def peak_mb(values):
    """Peak RSS during the scenario: the sampled maximum, or the kernel's VmHWM (reset before the scenario) if higher."""
    return max(num(values, "server_max_rss_kb"), num(values, "server_hwm_kb")) / 1024


def cpu_us(values):
    """Server CPU time (user + system) per request: less sensitive to other load on the machine than req/s."""
    return num(values, "server_cpu_ms") * 1000 / num(values, "requests")


def verdict(ok):
    return "met" if ok else "**missed**"


machine = read(os.path.join(work, "machine.txt"))
print(f"Run of {machine.get('date')} at commit {machine.get('commit')}: {machine.get('nproc')} cores ({machine.get('cpu')}), "
      f"{machine.get('mem_total')}, .NET SDK {machine.get('dotnet')}, {machine.get('wrk').split(' Copyright')[0]}; quick={machine.get('quick')}")
print(f"Load average (1/5/15 min) at start {machine.get('loadavg_start')}, at end {machine.get('loadavg_end')}.\n")

peaks = []
for db in ("sqlite", "postgres"):
    d = os.path.join(work, db)
    if not os.path.isdir(d):
        continue
    print(f"### {db}\n")
    print("| scenario | Planwerk req/s | p50 ms | p99 ms | limit req/s | limit p50 | limit p99 | ratio | target | "
          "server CPU µs/req (Planwerk / limit) | peak RSS MB | load 1 min |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---|---:|---:|---|")
    for name, label, target in (("s1", "1 GET /tasks/{id}", 0.50), ("s2", "2 GET /tasks/by-project/{id}", 0.35), ("s3", "3 POST /tasks", None)):
        p, lim = read(os.path.join(d, f"{name}-planwerk.txt")), read(os.path.join(d, f"{name}-limit.txt"))
        ratio = num(p, "rps") / num(lim, "rps")
        peaks.append((db, name, peak_mb(p)))
        if name == "s1":
            goal = f"≥ 50 % and p99 < 20 ms: {verdict(ratio >= 0.5 and num(p, 'p99_ms') < 20)}"
        elif name == "s2":
            goal = f"≥ 35 %: {verdict(ratio >= 0.35)}"
        else:
            goal = f"≥ 3,000/s: {verdict(num(p, 'rps') >= 3000)}" if db == "sqlite" else "(none)"
        errors = int(num(p, "errors_status") + num(p, "errors_socket")) if p else 0
        goal += f"; errors {errors}" if errors else ""
        print(f"| {label} | {num(p, 'rps'):,.0f} | {num(p, 'p50_ms'):.2f} | {num(p, 'p99_ms'):.2f} | {num(lim, 'rps'):,.0f} | "
              f"{num(lim, 'p50_ms'):.2f} | {num(lim, 'p99_ms'):.2f} | {ratio:.0%} | {goal} | "
              f"{cpu_us(p):,.0f} / {cpu_us(lim):,.0f} | {peak_mb(p):.0f} | "
              f"{p.get('load_before')}→{p.get('load_after')} |")

    before, after = read(os.path.join(d, "s3-count-before.txt")), read(os.path.join(d, "s3-count-after.txt"))
    s3 = read(os.path.join(d, "s3-planwerk.txt"))
    ok_responses = num(s3, "requests") - num(s3, "errors_status")
    added_tasks = num(after, "tasks") - num(before, "tasks")
    added_events = num(after, "events") - num(before, "events")
    print(f"\nScenario 3 rows: {ok_responses:,.0f} successful responses, {added_tasks:,.0f} tasks and {added_events:,.0f} webhook events "
          f"added (requests cut off when wrk stops may commit without a counted response): "
          f"{'nothing lost' if added_tasks >= ok_responses and added_events == added_tasks else '**rows missing**'}.\n")

    p4, l4, paced = read(os.path.join(d, "s4-planwerk.txt")), read(os.path.join(d, "s4-limit.txt")), read(os.path.join(d, "s4-paced.txt"))
    write4 = read(os.path.join(d, "s4-write.txt"))
    ratio4 = num(p4, "per_second") / num(l4, "per_second")
    peaks.append((db, "s4", peak_mb(p4)))
    peaks.append((db, "s4 paced", peak_mb(paced)))
    print("| 4 webhook delivery | Planwerk | limit (plain HttpClient, 8 in flight) | ratio | target |")
    print("|---|---:|---:|---:|---|")
    print(f"| backlog of {num(write4, 'created'):,.0f} changes, deliveries/s | {num(p4, 'per_second'):,.0f} "
          f"({num(p4, 'unique'):,.0f} unique of {num(p4, 'received'):,.0f} in {num(p4, 'seconds'):.1f} s) | "
          f"{num(l4, 'per_second'):,.0f} | {ratio4:.0%} | ≥ 50 %: {verdict(ratio4 >= 0.5)} |")
    print(f"| paced at {num(paced, 'rate_asked'):,.0f} changes/s (half): commit→arrival p50 / p99 | "
          f"{num(paced, 'event_p50_ms'):.1f} / {num(paced, 'event_p99_ms'):.1f} ms (max {num(paced, 'event_max_ms'):.0f}) | | | "
          f"p99 < 100 ms: {verdict(num(paced, 'event_p99_ms') < 100)} |")
    print(f"| same, from the write's response (lower bound) | {num(paced, 'response_p50_ms'):.1f} / {num(paced, 'response_p99_ms'):.1f} ms | | | |")
    print(f"\nPaced run: {num(paced, 'written'):,.0f} written at {num(paced, 'write_rate'):,.0f}/s, {num(paced, 'failed'):.0f} failed, "
          f"{num(paced, 'received'):,.0f} delivered, complete={paced.get('complete')}; peak RSS {peak_mb(p4):.0f} MB (backlog), "
          f"{peak_mb(paced):.0f} MB (paced); load {p4.get('load_before')}→{p4.get('load_after')}.\n")

    if db == "sqlite":
        s5, l5 = read(os.path.join(d, "s5-planwerk.txt")), read(os.path.join(d, "s5-limit.txt"))
        growth = (num(s5, "server_max_rss_kb") - num(s5, "rss_before_kb")) / 1024
        peaks.append((db, "s5", peak_mb(s5)))
        print("| 5 streaming GET /api/core/tasks | Planwerk | limit | ratio | target |")
        print("|---|---:|---:|---:|---|")
        print(f"| {num(s5, 'bytes') / 1e6:,.1f} MB, seconds | {num(s5, 'seconds'):.2f} | {num(l5, 'seconds'):.2f} | "
              f"{num(l5, 'seconds') / num(s5, 'seconds'):.0%} | |")
        print(f"| server memory growth (sampled RSS peak − RSS before) | {growth:.1f} MB "
              f"({num(s5, 'rss_before_kb') / 1024:.0f} → {num(s5, 'server_max_rss_kb') / 1024:.0f} MB) | | | < 50 MB: {verdict(growth < 50)} |\n")

print("Peak server RSS per scenario (target < 300 MB): " + ", ".join(f"{db} {name} {mb:.0f} MB" for db, name, mb in peaks)
      + f": {verdict(all(mb < 300 for _, _, mb in peaks))}.\n")

micro = os.path.join(work, "micro", "results")
if os.path.isdir(micro):
    for name in sorted(os.listdir(micro)):
        if name.endswith("-report-github.md"):
            print(f"#### {name[:-len('-report-github.md')].split('.')[-1]}\n")
            print(open(os.path.join(micro, name), encoding="utf-8").read())
