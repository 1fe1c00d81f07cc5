#!/usr/bin/env bash
# Benchmarks Planwerk against the limit of the same machine, in the same run; see docs/benchmarks.md.
#   bench/run.sh            full run (100,000 tasks, 20 s per load, 20,000 webhook changes; ~20 minutes on 2 cores)
#   bench/run.sh --quick    short run for development (10,000 tasks, 5 s per load, 2,000 changes)
#   BENCH_SKIP_POSTGRES=1 / BENCH_SKIP_MICRO=1 leave those parts out.
# Server and load generator share this machine; nothing is pinned. Everything listens on 127.0.0.1.
# Results: bench/results/<UTC time>/ (summary.md and one name=value file per measurement).
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
quick=0
[ "${1:-}" = "--quick" ] && quick=1
if [ $quick = 1 ]; then
  tasks=10000 duration=5s warmup=3s changes=2000 micro_job="--job dry"
else
  tasks=100000 duration=20s warmup=10s changes=20000 micro_job="--job short"
fi
threads=2 connections=16 # wrk: one thread per core, 16 keep-alive connections, the same for Planwerk and the limit
work="$root/bench/results/$(date -u +%Y%m%dT%H%M%SZ)"
mkdir -p "$work"
log() { echo "[$(date -u +%H:%M:%S)] $*" | tee -a "$work/run.log" >&2; }
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }

# Every process this script starts is recorded here and stopped by its pid on exit, error or Ctrl-C.
pids=()
pg_dir=""
cleanup() {
  local status=$?
  for pid in "${pids[@]}"; do
    kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null || true
  done
  if [ -n "$pg_dir" ]; then "$root/scripts/test-postgres.sh" stop "$pg_dir" || true; fi
  exit $status
}
trap cleanup EXIT
trap 'exit 130' INT TERM
stop_pid() { kill "$1" 2>/dev/null || true; wait "$1" 2>/dev/null || true; }

if ! command -v wrk >/dev/null; then
  log "installing wrk (Debian package)"
  apt-get update -qq && apt-get install -y -qq wrk >/dev/null
fi

log "building: dotnet publish -c Release"
dotnet publish "$root/src/Planwerk" -c Release -o "$work/planwerk" --nologo -v quiet >"$work/build.log"
dotnet publish "$root/bench/Planwerk.Bench" -c Release -o "$work/tool" --nologo -v quiet >>"$work/build.log"
planwerk() { dotnet "$work/planwerk/Planwerk.dll" "$@"; }
tool() { dotnet "$work/tool/Planwerk.Bench.dll" "$@"; }
# Background helpers start dotnet directly, so that $! is the pid of dotnet itself (a function would fork a subshell).
tool_bg=(dotnet "$work/tool/Planwerk.Bench.dll")

{
  echo "date=$(date -u +%FT%TZ)"
  echo "nproc=$(nproc)"
  echo "cpu=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
  echo "mem_total=$(grep MemTotal /proc/meminfo | awk '{print $2 " kB"}')"
  echo "dotnet=$(dotnet --version)"
  echo "wrk=$(wrk -v 2>&1 | head -n1)"
  echo "kernel=$(uname -r)"
  echo "commit=$(git -C "$root" rev-parse --short HEAD)"
  echo "loadavg_start=$(cut -d' ' -f1-3 /proc/loadavg)"
  echo "quick=$quick tasks=$tasks duration=$duration changes=$changes wrk=-t$threads -c$connections"
} >"$work/machine.txt"
cat "$work/machine.txt" >&2

# The server's settings for the run: the rate limit out of the way, loopback receivers allowed, no demo cloud.
export Planwerk__RateLimit__PermitLimit=1000000000 Planwerk__RateLimit__WindowSeconds=60
export Planwerk__Webhooks__AllowPrivateNetworks=true Planwerk__Demo__Enabled=false

server_pid="" limit_pid="" sink_pid=""
start_server() { # $1: log name; extra environment in the caller's env
  ( cd "$dir" && exec dotnet "$work/planwerk/Planwerk.dll" serve --urls "http://127.0.0.1:$port" ) >>"$dir/$1.log" 2>&1 &
  server_pid=$!
  pids+=("$server_pid")
  for _ in $(seq 1 120); do
    curl -sf "http://127.0.0.1:$port/readyz" >/dev/null && return 0
    kill -0 "$server_pid" 2>/dev/null || { log "server exited; see $dir/$1.log"; return 1; }
    sleep 0.5
  done
  log "server not ready after 60 s"; return 1
}
stop_server() { stop_pid "$server_pid"; server_pid=""; }

# Measures one load against the process $1 into $2.txt: peak RSS (VmHWM reset first where the kernel allows it,
# and sampled VmRSS), the process's CPU time (user + system), load average before/after, then the command's name=value lines.
measure() {
  local pid=$1 out=$2; shift 2
  echo 5 >"/proc/$pid/clear_refs" 2>/dev/null || true
  local rss_before; rss_before=$(awk '/VmRSS/{print $2}' "/proc/$pid/status")
  "${tool_bg[@]}" rss --pid "$pid" --out "$out.rss" --interval-ms 50 &
  local sampler=$!
  pids+=("$sampler")
  local load_before; load_before=$(cut -d' ' -f1 /proc/loadavg)
  local cpu_before; cpu_before=$(awk '{print $14 + $15}' "/proc/$pid/stat")
  "$@" >"$out.raw" 2>&1 || { log "failed: $* (see $out.raw)"; }
  local cpu_after; cpu_after=$(awk '{print $14 + $15}' "/proc/$pid/stat")
  local load_after; load_after=$(cut -d' ' -f1 /proc/loadavg)
  stop_pid "$sampler"
  {
    grep -E '^[a-z_0-9]+=' "$out.raw" || true
    echo "rss_before_kb=$rss_before"
    sed -e 's/^/server_/' "$out.rss" 2>/dev/null || true
    echo "server_cpu_ms=$(( (cpu_after - cpu_before) * 1000 / $(getconf CLK_TCK) ))"
    echo "load_before=$load_before"
    echo "load_after=$load_after"
  } >"$out.txt"
  log "$(basename "$out"): $(grep -E '^(rps|per_second|event_p99_ms|p99_ms|seconds)=' "$out.txt" | tr '\n' ' ')"
}

wrk_run() { # $1: url, $2: lua script; env BENCH_* for the script
  cat "$root/bench/wrk/$2" "$root/bench/wrk/report.lua" >"$work/$2"
  wrk -t$threads -c$connections -d"$duration" --latency -s "$work/$2" "$1"
}
# The same load for $warmup, not measured, before each measured run of both sides: .NET's tiered JIT compiles the hot
# paths in the first seconds of load (instrumented, then optimised code), and the figures are meant for a server that
# has been running. Warm-up writes of scenario 3 are made before the row count that the scenario checks.
warm_up() { # $1: url, $2: lua script
  cat "$root/bench/wrk/$2" "$root/bench/wrk/report.lua" >"$work/$2"
  wrk -t$threads -c$connections -d"$warmup" -s "$work/$2" "$1" >/dev/null 2>&1 || true
}

run_provider() { # $1: sqlite|postgres
  local db=$1
  dir="$work/$db"
  mkdir -p "$dir/captures"
  port=$(free_port)
  local limit_port; limit_port=$(free_port)
  local hook_port; hook_port=$(free_port)
  local base="http://127.0.0.1:$port" limit="http://127.0.0.1:$limit_port"
  export Planwerk__DataDirectory="$dir/data"

  log "[$db] cloud, token, seed of $tasks tasks (app's DbContext, batches of 5,000)"
  (cd "$dir" && planwerk migrate >/dev/null)
  (cd "$dir" && planwerk cloud create --name Bench --owner bench@bench.local --password 'bench-bench-bench' --plan professional >/dev/null)
  local token; token=$(cd "$dir" && planwerk token create Bench --email bench@bench.local --name bench)
  (cd "$dir" && tool seed --cloud Bench --tasks "$tasks" --out "$dir" | tee "$dir/seed.txt" >&2)
  local write_project; write_project=$(cat "$dir/write-project.txt")
  export BENCH_TOKEN=$token BENCH_PROJECT=$write_project

  start_server server
  # A receiver that takes whatever the webhook of scenario 3 sends (its figures are not used).
  "${tool_bg[@]}" receive --port "$hook_port" --expect 1000000000 --timeout-s 7200 --out "$dir/sink.txt" >/dev/null 2>&1 &
  sink_pid=$!
  pids+=("$sink_pid")
  local hook; hook=$(curl -sf "$base/api/core/webhooks" -H "Authorization: $token" -H 'Content-Type: application/json' \
    -d "{\"callbackUri\":\"http://127.0.0.1:$hook_port/hook\",\"actionTypes\":[\"TaskCreated\"],\"description\":\"bench\"}" | jq -r .id)

  # What the limit sends: Planwerk's own responses, captured once.
  local task_id; task_id=$(head -n1 "$dir/task-ids.txt")
  local project_id; project_id=$(head -n1 "$dir/project-ids.txt")
  curl -sf -D "$dir/captures/get.head" -o "$dir/captures/get.body" "$base/api/core/tasks/$task_id" -H "Authorization: $token"
  curl -sf -D "$dir/captures/by-project.head" -o "$dir/captures/by-project.body" "$base/api/core/tasks/by-project/$project_id" -H "Authorization: $token"
  curl -sf -D "$dir/captures/create.head" -o "$dir/captures/create.body" "$base/api/core/tasks" -H "Authorization: $token" \
    -H 'Content-Type: application/json' -d "{\"title\":\"Bench write\",\"description\":\"Written by bench/run.sh\",\"targetParentId\":\"$write_project\"}"
  if [ "$db" = sqlite ]; then
    curl -sf -D "$dir/captures/stream.head" -o "$dir/captures/stream.body" "$base/api/core/tasks" -H "Authorization: $token"
  fi
  "${tool_bg[@]}" limit --urls "$limit" --captures "$dir/captures" >"$dir/limit.log" 2>&1 &
  limit_pid=$!
  pids+=("$limit_pid")
  for _ in $(seq 1 60); do curl -sf -o /dev/null "$limit/api/core/tasks/x" && break; sleep 0.5; done

  log "[$db] 1: GET /api/core/tasks/{id}, random ids of $tasks"
  export BENCH_IDS="$dir/task-ids.txt" BENCH_PATH=/api/core/tasks/
  warm_up "$base" get-random.lua
  measure "$server_pid" "$dir/s1-planwerk" wrk_run "$base" get-random.lua
  warm_up "$limit" get-random.lua
  measure "$limit_pid" "$dir/s1-limit" wrk_run "$limit" get-random.lua

  log "[$db] 2: GET /api/core/tasks/by-project/{id}, projects of 25 tasks"
  export BENCH_IDS="$dir/project-ids.txt" BENCH_PATH=/api/core/tasks/by-project/
  warm_up "$base" get-random.lua
  measure "$server_pid" "$dir/s2-planwerk" wrk_run "$base" get-random.lua
  warm_up "$limit" get-random.lua
  measure "$limit_pid" "$dir/s2-limit" wrk_run "$limit" get-random.lua

  log "[$db] 3: POST /api/core/tasks, one active webhook"
  warm_up "$limit" post-task.lua
  measure "$limit_pid" "$dir/s3-limit" wrk_run "$limit" post-task.lua
  warm_up "$base" post-task.lua
  (cd "$dir" && tool count --cloud Bench) >"$dir/s3-count-before.txt"
  measure "$server_pid" "$dir/s3-planwerk" wrk_run "$base" post-task.lua
  (cd "$dir" && tool count --cloud Bench) >"$dir/s3-count-after.txt"
  # The scenario-3 backlog goes with its webhook, so it does not run into scenario 4.
  curl -sf -X DELETE "$base/api/core/webhooks/$hook" -H "Authorization: $token" >/dev/null
  stop_pid "$sink_pid"

  if [ "$db" = sqlite ]; then
    log "[$db] 5: streaming GET /api/core/tasks over $tasks tasks"
    stream_once() { curl -sf -o /dev/null -w 'seconds=%{time_total}\nbytes=%{size_download}\n' "$1/api/core/tasks" -H "Authorization: $token"; }
    measure "$server_pid" "$dir/s5-planwerk" stream_once "$base"
    measure "$limit_pid" "$dir/s5-limit" stream_once "$limit"
  fi
  stop_pid "$limit_pid"

  log "[$db] 4: webhook delivery of a backlog of $changes changes"
  curl -sf "$base/api/core/webhooks" -H "Authorization: $token" -H 'Content-Type: application/json' \
    -d "{\"callbackUri\":\"http://127.0.0.1:$hook_port/hook\",\"actionTypes\":[\"TaskCreated\"],\"description\":\"bench 4\"}" >/dev/null
  stop_server
  # The backlog is written with the server stopped, through the app's DbContext (its outbox adds the events and deliveries).
  (cd "$dir" && tool seed --cloud Bench --changes "$changes" --project "$write_project") >"$dir/s4-write.txt"
  "${tool_bg[@]}" receive --port "$hook_port" --expect "$changes" --timeout-s 600 --save "$dir/s4-payloads.jsonl" --out "$dir/s4-planwerk-receiver.txt" >/dev/null &
  local receiver=$!
  pids+=("$receiver")
  start_server server
  measure "$server_pid" "$dir/s4-planwerk" wait "$receiver"
  cat "$dir/s4-planwerk-receiver.txt" >>"$dir/s4-planwerk.txt"
  log "s4-planwerk: $(tr '\n' ' ' <"$dir/s4-planwerk-receiver.txt")"

  "${tool_bg[@]}" receive --port "$hook_port" --expect "$changes" --timeout-s 600 --out "$dir/s4-limit.txt" >/dev/null &
  receiver=$!
  pids+=("$receiver")
  sleep 2
  tool replay --file "$dir/s4-payloads.jsonl" --url "http://127.0.0.1:$hook_port" --concurrency 8 >"$dir/s4-replay.txt"
  wait "$receiver" || true
  log "s4-limit: $(tr '\n' ' ' <"$dir/s4-limit.txt")"

  local max_rate; max_rate=$(awk -F= '/^per_second=/{print $2}' "$dir/s4-planwerk.txt")
  local half=$(( ${max_rate:-200} / 2 )); [ "$half" -lt 10 ] && half=10
  log "[$db] 4b: commit -> arrival latency at $half changes/s (half the measured delivery rate)"
  local paced=$(( half * 45 )); [ "$paced" -gt "$changes" ] && paced=$changes   # at most ~45 s of writing
  measure "$server_pid" "$dir/s4-paced" tool paced --url "$base" --token "$token" --project "$write_project" \
    --rate "$half" --count "$paced" --port "$hook_port" --out "$dir/s4-paced.out"
  stop_server
  unset Planwerk__DataDirectory
}

run_provider sqlite

if [ "${BENCH_SKIP_POSTGRES:-0}" != 1 ]; then
  pg_dir=$(mktemp -d /tmp/planwerk-bench-pg.XXXXXX)
  pg_conn=$("$root/scripts/test-postgres.sh" start "$pg_dir")
  export Planwerk__Database__Provider=postgres ConnectionStrings__Planwerk="$pg_conn"
  run_provider postgres
  unset Planwerk__Database__Provider ConnectionStrings__Planwerk
  "$root/scripts/test-postgres.sh" stop "$pg_dir"
  pg_dir=""
fi

if [ "${BENCH_SKIP_MICRO:-0}" != 1 ]; then
  log "micro-benchmarks (BenchmarkDotNet $micro_job)"
  dotnet run -c Release --project "$root/bench/Planwerk.Bench.Micro" -- --filter '*' $micro_job \
    --artifacts "$work/micro" >"$work/micro.log" 2>&1 || log "micro-benchmarks failed; see $work/micro.log"
fi

echo "loadavg_end=$(cut -d' ' -f1-3 /proc/loadavg)" >>"$work/machine.txt"
python3 "$root/bench/summary.py" "$work" >"$work/summary.md"
cat "$work/summary.md"
log "results in $work"
