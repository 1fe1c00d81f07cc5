using System.CommandLine;
using System.Data.Common;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Planwerk.Accounts;
using Planwerk.Audit;
using Planwerk.Clouds;
using Planwerk.Employees;
using Planwerk.Infrastructure.Data;
using Planwerk.Infrastructure.Errors;
using Planwerk.Import;
using Planwerk.Infrastructure.Hosting;
using Planwerk.Tokens;

namespace Planwerk.Infrastructure.Cli;

/// <summary>
/// The admin CLI (System.CommandLine). Every verb runs the same services as the API and the UI,
/// on the same configuration (<c>--data</c>, <c>Planwerk__Database__Provider</c>,
/// <c>ConnectionStrings__Planwerk</c>), and reports bad input as one line on stderr with a
/// non-zero exit code: 2 for a malformed command line, 1 for a refused operation.
/// </summary>
public static class PlanwerkCommandLine
{
    private static readonly Option<string?> Data = new("--data")
    {
        Description = "The data directory (SQLite database). Default: ./data",
        Recursive = true,
    };

    private static readonly string[] Plans = ["basic", "team", "business", "professional"];
    private static readonly string[] Groups = Enum.GetNames<SecurityGroup>();

    public static async Task<int> InvokeAsync(string[] args, TextWriter? output = null, TextWriter? error = null)
    {
        output ??= Console.Out;
        error ??= Console.Error;
        var root = BuildRoot(output);
        var parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            await error.WriteLineAsync($"planwerk: {OneLine(parse.Errors[0].Message)}");
            return 2;
        }

        try
        {
            return await parse.InvokeAsync(new InvocationConfiguration { EnableDefaultExceptionHandler = false, Output = output, Error = error });
        }
        catch (DomainException e)
        {
            await error.WriteLineAsync($"planwerk: {e.Message} ({e.Code})");
            return 1;
        }
        catch (DbException e)
        {
            await error.WriteLineAsync($"planwerk: database error: {e.Message}");
            return 1;
        }
        catch (ImportSourceException e)
        {
            await error.WriteLineAsync($"planwerk: {OneLine(e.Message)}");
            return 1;
        }
        catch (OperationCanceledException)
        {
            await error.WriteLineAsync("planwerk: interrupted; what was done is kept (an import goes on where it stopped when run again).");
            return 130;
        }
        catch (CliUsageException e)
        {
            await error.WriteLineAsync($"planwerk: {e.Message}");
            return 2;
        }
    }

    private static RootCommand BuildRoot(TextWriter output)
    {
        var root = new RootCommand("Planwerk: a self-hostable project-management cloud with a factro-compatible Core API.")
        {
            TreatUnmatchedTokensAsErrors = false,
        };
        root.Options.Add(Data);
        var serve = Serve();
        root.Subcommands.Add(serve);
        root.SetAction((parse, ct) => RunServerAsync(parse, urls: null, ct));
        root.Subcommands.Add(CloudCommands(output));
        root.Subcommands.Add(UserCommands(output));
        root.Subcommands.Add(TokenCommands(output));
        root.Subcommands.Add(ImportCommands(output));
        root.Subcommands.Add(ExportCommand(output));

        var migrate = new Command("migrate", "Apply the database migrations and exit.");
        migrate.SetAction((parse, ct) => WithServicesAsync(parse, async (services, ct) =>
        {
            var applied = await services.GetRequiredService<DatabaseMigrator>().MigrateAsync(ct);
            await output.WriteLineAsync(applied.Count == 0 ? "The database is up to date." : $"Applied {applied.Count} migration(s).");
        }, ct));
        root.Subcommands.Add(migrate);
        return root;
    }

    private static Command Serve()
    {
        var urls = new Option<string?>("--urls") { Description = $"Where to listen. Default: {PlanwerkWebApp.DefaultUrl}" };
        var role = new Option<string?>("--role") { Description = "all (default): web and webhook worker; web: no webhook worker; worker: only the webhook worker (and health checks)." };
        role.AcceptOnlyFromAmong("all", "web", "worker");
        var serve = new Command("serve", "Run the server (web UI, Core API, webhook worker). The default command.")
        {
            TreatUnmatchedTokensAsErrors = false,
        };
        serve.Options.Add(urls);
        serve.Options.Add(role);
        serve.SetAction((parse, ct) => RunServerAsync(parse, parse.GetValue(urls), ct, parse.GetValue(role)));
        return serve;
    }

    private static async Task<int> RunServerAsync(ParseResult parse, string? urls, CancellationToken ct, string? role = null)
    {
        // Tokens the CLI does not know are host configuration (`--Key=Value` or `--Key Value`), as for
        // any ASP.NET Core app; a bare word is a mistyped command, not a reason to start a server.
        var hostArgs = parse.UnmatchedTokens.ToList();
        for (var i = 0; i < hostArgs.Count; i++)
        {
            var isValueOfPrevious = i > 0 && hostArgs[i - 1].StartsWith("--", StringComparison.Ordinal) && !hostArgs[i - 1].Contains('=', StringComparison.Ordinal);
            if (!hostArgs[i].StartsWith("--", StringComparison.Ordinal) && !isValueOfPrevious)
            {
                throw new CliUsageException($"Unknown command or argument '{hostArgs[i]}'. See 'planwerk --help'.");
            }
        }
        if (parse.GetValue(Data) is { } data)
        {
            hostArgs.Add($"--{DataServiceCollectionExtensions.DataDirectoryKey}={data}");
        }

        if (urls is not null)
        {
            hostArgs.Add($"--urls={urls}");
        }

        if (role is not null)
        {
            hostArgs.Add($"--{PlanwerkWebApp.RoleKey}={role}");
        }

        var app = PlanwerkWebApp.Build([.. hostArgs]);
        await app.RunAsync(ct);
        return 0;
    }

    private static Command CloudCommands(TextWriter output)
    {
        var cloud = new Command("cloud", "Create, change and list clouds (owner-level operations, audited as done by the CLI).");

        var name = new Option<string>("--name") { Description = "The cloud's name (at most 15 characters).", Required = true };
        var owner = new Option<string>("--owner") { Description = "The owner's e-mail address.", Required = true };
        var password = new Option<string>("--password") { Description = "The owner's password (for a new account).", Required = true };
        var plan = new Option<string>("--plan") { Description = "basic, team, business or professional.", Required = true };
        plan.AcceptOnlyFromAmong(Plans);
        var create = new Command("create", "Create a cloud and its owner; prints the cloud id.") { name, owner, password, plan };
        create.SetAction((parse, ct) => WithServicesAsync(parse, async (services, ct) =>
        {
            var email = parse.GetValue(owner)!;
            var created = await services.GetRequiredService<CloudService>().CreateAsync(parse.GetValue(name)!, email,
                parse.GetValue(password), ParsePlan(parse.GetValue(plan)), email.Split('@')[0], string.Empty, AuditActor.Cli, ct);
            await output.WriteLineAsync(created.Id.ToString());
        }, ct));

        var target = new Argument<string>("CLOUD") { Description = "The cloud's id or name." };
        var api = new Option<string?>("--api") { Description = "Switch API access on or off." };
        api.AcceptOnlyFromAmong("on", "off");
        var webhooks = new Option<string?>("--webhooks") { Description = "Switch webhooks on or off." };
        webhooks.AcceptOnlyFromAmong("on", "off");
        var setPlan = new Option<string?>("--plan") { Description = "Change the plan." };
        setPlan.AcceptOnlyFromAmong(Plans);
        var set = new Command("set", "Change a cloud's switches or plan.") { target, api, webhooks, setPlan };
        set.SetAction((parse, ct) => WithServicesAsync(parse, async (services, ct) =>
        {
            if (parse.GetValue(api) is null && parse.GetValue(webhooks) is null && parse.GetValue(setPlan) is null)
            {
                throw new CliUsageException("cloud set needs at least one of --api, --webhooks, --plan.");
            }

            var clouds = services.GetRequiredService<CloudService>();
            var found = await clouds.ResolveAsync(parse.GetValue(target)!, ct);
            if (parse.GetValue(setPlan) is { } p)
            {
                await clouds.SetPlanAsync(Caller.System(found.Id, found.Plan), ParsePlan(p), ct);
            }

            if (parse.GetValue(api) is { } a)
            {
                await clouds.SetApiAccessAsync(Caller.System(found.Id, found.Plan), a == "on", ct);
            }

            if (parse.GetValue(webhooks) is { } w)
            {
                await clouds.SetWebhooksAsync(Caller.System(found.Id, found.Plan), w == "on", ct);
            }

            await output.WriteLineAsync($"{found.Id} updated.");
        }, ct));

        var list = new Command("list", "List all clouds.");
        list.SetAction((parse, ct) => WithServicesAsync(parse, async (services, ct) =>
        {
            var db = services.GetRequiredService<PlanwerkDb>();
            var rows = await db.Clouds.AsNoTracking().OrderBy(c => c.CreatedAt)
                .Join(db.Users, c => c.OwnerAccountId, a => a.Id, (c, a) => new { Cloud = c, Owner = a.Email })
                .ToListAsync(ct);
            await output.WriteLineAsync("ID                                    NAME             PLAN          API  WEBHOOKS  OWNER");
            foreach (var row in rows)
            {
                var c = row.Cloud;
                await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                    $"{c.Id}  {c.Name,-15}  {c.Plan.ToWire(),-12}  {(c.ApiAccessEnabled ? "on" : "off"),-3}  {(c.WebhooksEnabled ? "on" : "off"),-8}  {row.Owner}"));
            }
        }, ct));

        cloud.Subcommands.Add(create);
        cloud.Subcommands.Add(set);
        cloud.Subcommands.Add(list);
        return cloud;
    }

    private static Command UserCommands(TextWriter output)
    {
        var target = new Argument<string>("CLOUD") { Description = "The cloud's id or name." };
        var email = new Option<string>("--email") { Description = "The user's e-mail address.", Required = true };
        var first = new Option<string>("--first") { Description = "First name.", Required = true };
        var last = new Option<string>("--last") { Description = "Last name.", Required = true };
        var group = new Option<string>("--group") { Description = "AllRights, AdvancedRights, BasicRights or GuestRights.", Required = true };
        group.AcceptOnlyFromAmong(Groups);
        var password = new Option<string?>("--password") { Description = "A password, if the account is new and should sign in." };
        var add = new Command("add", "Add a user to a cloud; prints the user id.") { target, email, first, last, group, password };
        add.SetAction((parse, ct) => WithServicesAsync(parse, async (services, ct) =>
        {
            var cloud = await services.GetRequiredService<CloudService>().ResolveAsync(parse.GetValue(target)!, ct);
            var employee = await services.GetRequiredService<EmployeeService>().AddAsync(Caller.System(cloud.Id, cloud.Plan), parse.GetValue(email)!,
                parse.GetValue(first)!, parse.GetValue(last)!, Enum.Parse<SecurityGroup>(parse.GetValue(group)!),
                parse.GetValue(password), ct);
            await output.WriteLineAsync(employee.Id.ToString());
        }, ct));
        var accountEmail = new Option<string>("--email") { Description = "The account's e-mail address (its sign-in).", Required = true };
        var newPassword = new Option<string?>("--password") { Description = "The new password; without it one is generated and printed." };
        var setPassword = new Command("set-password",
            "Set an account's password (the same strength rule as sign-up; ends its sessions); prints the password when it was generated.")
        {
            accountEmail, newPassword,
        };
        setPassword.SetAction((parse, ct) => WithServicesAsync(parse, async (services, ct) =>
        {
            var given = parse.GetValue(newPassword);
            var set = await services.GetRequiredService<AccountService>().SetPasswordAsync(parse.GetValue(accountEmail)!, given, AuditActor.Cli, ct);
            await output.WriteLineAsync(given is null ? set : "Password set.");
        }, ct));
        var cloudOfUser = new Argument<string>("CLOUD") { Description = "The cloud's id or name." };
        var resetEmail = new Option<string>("--email") { Description = "The user's e-mail address.", Required = true };
        var resetPassword = new Command("reset-password",
            "Print a one-time link (valid 2 hours, on Planwerk:PublicUrl) with which the user sets a new password.")
        {
            cloudOfUser, resetEmail,
        };
        resetPassword.SetAction((parse, ct) => WithServicesAsync(parse, async (services, ct) =>
        {
            var cloud = await services.GetRequiredService<CloudService>().ResolveAsync(parse.GetValue(cloudOfUser)!, ct);
            // Only a user of that cloud: the admin running it names the cloud whose user asked.
            var employee = await services.GetRequiredService<EmployeeService>().FindByEmailAsync(cloud.Id, parse.GetValue(resetEmail)!, ct);
            await output.WriteLineAsync(await services.GetRequiredService<PasswordResetLinks>().CreateAsync(employee.Account!.Email!));
        }, ct));
        return new Command("user", "Manage the users of a cloud, and their accounts.") { add, setPassword, resetPassword };
    }

    private static Command TokenCommands(TextWriter output)
    {
        var target = new Argument<string>("CLOUD") { Description = "The cloud's id or name." };
        var email = new Option<string>("--email") { Description = "The user the token acts as.", Required = true };
        var name = new Option<string>("--name") { Description = "A name to tell the token apart.", Required = true };
        var description = new Option<string?>("--description") { Description = "What the token is for." };
        var expiresDays = new Option<int?>("--expires-days") { Description = "Days until the token expires. Default: never." };
        expiresDays.Validators.Add(result =>
        {
            var token = result.Tokens.Count == 1 ? result.Tokens[0].Value : string.Empty;
            if (!int.TryParse(token, NumberStyles.None, CultureInfo.InvariantCulture, out var days) || days is < 1 or > 3650)
            {
                result.AddError($"--expires-days takes a whole number of days between 1 and 3650, not '{token}'.");
            }
        });
        var create = new Command("create", "Create an API token; prints only the token (shown once, stored as a hash).")
        {
            target, email, name, description, expiresDays,
        };
        create.SetAction((parse, ct) => WithServicesAsync(parse, async (services, ct) =>
        {
            var cloud = await services.GetRequiredService<CloudService>().ResolveAsync(parse.GetValue(target)!, ct);
            var employee = await services.GetRequiredService<EmployeeService>().FindByEmailAsync(cloud.Id, parse.GetValue(email)!, ct);
            var now = services.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime;
            DateTime? expiresAt = parse.GetValue(expiresDays) is { } days ? now.AddDays(days) : null;
            var created = await services.GetRequiredService<TokenService>().CreateAsync(Caller.System(cloud.Id, cloud.Plan), employee.Id, parse.GetValue(name)!,
                parse.GetValue(description), expiresAt, new InputErrors(), ct);
            await output.WriteLineAsync(created.Secret);
        }, ct));
        return new Command("token", "Manage API tokens.") { create };
    }

    private static Command ImportCommands(TextWriter output)
    {
        var into = new Option<string>("--into") { Description = "The target cloud's id or name.", Required = true };
        var url = new Option<string>("--from") { Description = "The source's Core API base URL, e.g. https://cloud.factro.com/api/core.", Required = true };
        var token = new Option<string>("--token") { Description = "An API token of the source cloud (an AllRights user's, to read everything).", Required = true };
        var factro = new Command("factro", "Copy a whole cloud through a factro-compatible Core API (factro's or another Planwerk's) into a cloud here.")
        {
            url, token, into,
        };
        factro.SetAction((parse, ct) => WithServicesAsync(parse, async (services, ct) =>
        {
            var cloud = await services.GetRequiredService<CloudService>().ResolveAsync(parse.GetValue(into)!, ct);
            var from = parse.GetValue(url)!;
            using var http = CoreApiSource.CreateClient(from, parse.GetValue(token)!);
            var report = await ConsoleImportProgress.RunAsync(output, async progress =>
            {
                var snapshot = await new CoreApiSource(http, services.GetRequiredService<TimeProvider>()).ReadCloudAsync(progress, ct);
                return await ImportAsync(services, cloud.Id, CoreApiSource.SourceName(from), snapshot, progress, ct);
            });
            await report.WriteToAsync(output);
        }, ct));

        var file = new Option<string>("--from") { Description = "An export file (planwerk export).", Required = true };
        var fromFile = new Command("file", "Import a cloud from an export file; a rerun adds nothing twice.") { file, into };
        fromFile.SetAction((parse, ct) => WithServicesAsync(parse, async (services, ct) =>
        {
            var cloud = await services.GetRequiredService<CloudService>().ResolveAsync(parse.GetValue(into)!, ct);
            CloudSnapshot snapshot;
            try
            {
                await using var stream = File.OpenRead(parse.GetValue(file)!);
                snapshot = await CloudSnapshot.ReadAsync(stream, ct);
            }
            catch (IOException e)
            {
                throw new ImportSourceException($"Cannot read {parse.GetValue(file)}: {e.Message}");
            }
            catch (UnauthorizedAccessException e)
            {
                throw new ImportSourceException($"Cannot read {parse.GetValue(file)}: {e.Message}");
            }

            var report = await ConsoleImportProgress.RunAsync(output, progress => ImportAsync(services, cloud.Id, "file:" + snapshot.SourceCloudId, snapshot, progress, ct));
            await report.WriteToAsync(output);
        }, ct));
        return new Command("import", "Import a whole cloud (docs/import.md).") { factro, fromFile };
    }

    private static Command ExportCommand(TextWriter output)
    {
        var target = new Argument<string>("CLOUD") { Description = "The cloud's id or name." };
        var to = new Option<string>("--to") { Description = "The file to write (JSON).", Required = true };
        var export = new Command("export", "Write a whole cloud as one JSON document in the Core API's shapes (docs/import.md).") { target, to };
        export.SetAction((parse, ct) => WithServicesAsync(parse, async (services, ct) =>
        {
            var cloud = await services.GetRequiredService<CloudService>().ResolveAsync(parse.GetValue(target)!, ct);
            var snapshot = await services.GetRequiredService<CloudExporter>().ExportAsync(cloud.Id, ct);
            var path = parse.GetValue(to)!;
            try
            {
                await using var stream = File.Create(path);
                await snapshot.WriteAsync(stream, ct);
            }
            catch (IOException e)
            {
                throw new ImportSourceException($"Cannot write {path}: {e.Message}");
            }
            catch (UnauthorizedAccessException e)
            {
                throw new ImportSourceException($"Cannot write {path}: {e.Message}");
            }

            await output.WriteLineAsync($"Exported {snapshot.Sections.Values.Sum(s => s.Count)} item(s) of {cloud.Id} to {path}.");
        }, ct));
        return export;
    }

    private static Task<ImportReport> ImportAsync(IServiceProvider services, Guid cloudId, string source, CloudSnapshot snapshot, IImportProgress progress,
        CancellationToken ct) =>
        services.GetRequiredService<CloudImporter>().ImportAsync(cloudId, source, snapshot, progress, null, ct);

    /// <summary>Runs one CLI verb in a service scope of a small host on the server's configuration, after migrating.</summary>
    private static async Task<int> WithServicesAsync(ParseResult parse, Func<IServiceProvider, CancellationToken, Task> work, CancellationToken ct)
    {
        var settings = new HostApplicationBuilderSettings { Args = [], ContentRootPath = AppContext.BaseDirectory };
        var builder = Host.CreateApplicationBuilder(settings);
        if (parse.GetValue(Data) is { } data)
        {
            builder.Configuration[DataServiceCollectionExtensions.DataDirectoryKey] = data;
        }

        builder.Logging.ClearProviders();
        builder.Services.AddPlanwerkCore(builder.Configuration);
        // The server's keys (in the database), so a link the CLI makes (a password reset) works on the server.
        builder.Services.AddPlanwerkDataProtection(builder.Configuration);
        using var host = builder.Build();
        await using var scope = host.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<DatabaseMigrator>().MigrateAsync(ct);
        await work(scope.ServiceProvider, ct);
        return 0;
    }

    private static string OneLine(string message) =>
        string.Join(' ', message.Split((char[])['\n', '\r', '\t'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));

    private static Plan ParsePlan(string? value) =>
        PlanFeatures.TryParse(value, out var plan) ? plan : throw new CliUsageException($"Unknown plan '{value}'.");

    private sealed class CliUsageException(string message) : Exception(message);
}
