namespace Planwerk.Tests.Infrastructure;

/// <summary>
/// Base of every test that touches data. A behaviour is written once in an abstract class
/// deriving from this, and runs on both providers through two one-line sealed classes
/// (<c>…OnSqlite</c>, <c>…OnPostgres</c>); the PostgreSQL half is skipped, visibly, when no
/// server is configured.
/// </summary>
public abstract class ProviderTest
{
    protected ProviderTest(PlanwerkApp app)
    {
        App = app;
        app.SkipIfUnavailable();
    }

    protected PlanwerkApp App { get; }

    protected static CancellationToken Ct => TestContext.Current.CancellationToken;
}
