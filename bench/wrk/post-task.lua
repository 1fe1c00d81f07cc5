-- POST /api/core/tasks: one new task in the project BENCH_PROJECT per request.
wrk.method = "POST"
wrk.path = "/api/core/tasks"
wrk.headers["Authorization"] = os.getenv("BENCH_TOKEN")
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"title":"Bench write","description":"Written by bench/run.sh","targetParentId":"' .. os.getenv("BENCH_PROJECT") .. '"}'
