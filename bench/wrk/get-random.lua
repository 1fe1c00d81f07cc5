-- GET BENCH_PATH .. <a random line of BENCH_IDS>, with the token in BENCH_TOKEN (factro's raw Authorization header).
local ids = {}
for line in io.lines(os.getenv("BENCH_IDS")) do ids[#ids + 1] = line end
local prefix = os.getenv("BENCH_PATH")
local headers = { ["Authorization"] = os.getenv("BENCH_TOKEN") }

function setup(thread)
  thread:set("seed", math.random(1, 2 ^ 30))
end

function init(args)
  math.randomseed(seed or os.time())
end

function request()
  return wrk.format("GET", prefix .. ids[math.random(#ids)], headers)
end
