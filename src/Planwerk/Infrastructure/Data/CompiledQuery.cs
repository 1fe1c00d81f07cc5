using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;

namespace Planwerk.Infrastructure.Data;

/// <summary>
/// An EF compiled query (<c>EF.CompileAsyncQuery</c>) for the hottest reads, compiled once per model: EF refuses to run a
/// compiled query against another model than the first it saw, and a process can hold more than one (the SQLite and the
/// PostgreSQL model side by side in the test suite).
/// </summary>
public sealed class CompiledQuery<TDelegate>(Func<TDelegate> compile)
    where TDelegate : class
{
    private readonly ConditionalWeakTable<IModel, TDelegate> compiled = [];

    /// <summary>The query compiled for <paramref name="db"/>'s model.</summary>
    public TDelegate For(DbContext db) => compiled.GetValue(db.Model, _ => compile());
}
