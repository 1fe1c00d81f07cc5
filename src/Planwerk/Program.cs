using Planwerk.Infrastructure.Cli;

// One binary: `planwerk serve` (the default) runs the server; other verbs are the admin CLI.
return await PlanwerkCommandLine.InvokeAsync(args);
