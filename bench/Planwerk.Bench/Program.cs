using Planwerk.Bench;

// The helper of bench/run.sh: one verb per job that wrk cannot do.
return args.FirstOrDefault() switch
{
    "seed" => await Seed.RunAsync(Arguments.Parse(args[1..])),
    "count" => await Seed.CountAsync(Arguments.Parse(args[1..])),
    "limit" => await LimitServer.RunAsync(Arguments.Parse(args[1..])),
    "receive" => await WebhookBench.ReceiveAsync(Arguments.Parse(args[1..])),
    "replay" => await WebhookBench.ReplayAsync(Arguments.Parse(args[1..])),
    "paced" => await WebhookBench.PacedAsync(Arguments.Parse(args[1..])),
    "rss" => await MemorySampler.RunAsync(Arguments.Parse(args[1..])),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: Planwerk.Bench seed|count|limit|receive|replay|paced|rss --option value …");
    return 2;
}
