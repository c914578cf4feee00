using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Orleans.Configuration;
using Scoring.Grains.Hosting;
using Scoring.Grains.Journal;
using Scoring.Grains.Models;

namespace Scoring.Storage.Postgres;

public static class PostgresStateHostingExtensions
{
    /// <summary>
    /// A cluster's shared state on PostgreSQL: Orleans' ADO.NET membership, the grains' storage and reminders, and the
    /// journal and alert store. The schema is created at start (see <see cref="OrleansSchema"/>), before the silo joins.
    /// </summary>
    public static ISiloBuilder AddPostgresState(this ISiloBuilder builder, string configuredConnectionString)
    {
        const string invariant = "Npgsql";
        var (connectionString, ownConnectionString) = SplitPool(configuredConnectionString);
        // Orleans' ADO.NET providers find the driver by its invariant name; .NET has no machine-wide registry of them.
        System.Data.Common.DbProviderFactories.RegisterFactory(invariant, NpgsqlFactory.Instance);
        OrleansSchema.EnsureAsync(connectionString, CancellationToken.None).GetAwaiter().GetResult();

        builder.UseAdoNetClustering(o =>
        {
            o.Invariant = invariant;
            o.ConnectionString = connectionString;
        });
        builder.AddAdoNetGrainStorage(GrainOptions.StorageProvider, o =>
        {
            o.Invariant = invariant;
            o.ConnectionString = connectionString;
        });
        builder.UseAdoNetReminderService(o =>
        {
            o.Invariant = invariant;
            o.ConnectionString = connectionString;
        });
        builder.Services.AddSingleton(_ => NpgsqlDataSource.Create(ownConnectionString));
        builder.Services.AddSingleton<IJournalStore>(sp => new PostgresJournalStore(sp.GetRequiredService<NpgsqlDataSource>()));
        builder.Services.AddSingleton<IModelStore>(sp => new PostgresModelStore(sp.GetRequiredService<NpgsqlDataSource>()));
        return builder;
    }

    /// <summary>
    /// The connection string's Maximum Pool Size is the node's whole budget of connections. Orleans' ADO.NET providers
    /// open theirs through the driver's own pool and the journal and log bookkeeping through a data source of their
    /// own: two pools, so the budget is split between them (two thirds to Orleans, which writes every grain state).
    /// Without the split a node holds twice what its operator allowed, and a few nodes exhaust the server's
    /// max_connections; connection attempts then fail and are retried, each one forking a backend.
    /// Unless the connection string says otherwise, pooled connections are not reset when returned (nothing here sets
    /// session state; the reset, DISCARD ALL, throws away the plans PostgreSQL cached for Orleans' storage functions,
    /// and replanning them was most of the server's CPU under load) and statements used often are prepared.
    /// </summary>
    internal static (string Orleans, string Own) SplitPool(string connectionString)
    {
        var given = new System.Data.Common.DbConnectionStringBuilder { ConnectionString = connectionString };
        var orleans = WithDefaults(new NpgsqlConnectionStringBuilder(connectionString), given);
        var total = orleans.MaxPoolSize;
        if (total < 3) throw new ArgumentException($"the PostgreSQL connection string allows {total} connections per node; a node needs at least 3");
        var own = WithDefaults(new NpgsqlConnectionStringBuilder(connectionString) { MaxPoolSize = total / 3 }, given);
        orleans.MaxPoolSize = total - own.MaxPoolSize;
        if (orleans.MinPoolSize > orleans.MaxPoolSize) orleans.MinPoolSize = orleans.MaxPoolSize;
        if (own.MinPoolSize > own.MaxPoolSize) own.MinPoolSize = own.MaxPoolSize;
        return (orleans.ConnectionString, own.ConnectionString);
    }

    /// <summary>The defaults above, where <paramref name="given"/> (the string as written; Npgsql's builder knows every keyword) has no say.</summary>
    private static NpgsqlConnectionStringBuilder WithDefaults(NpgsqlConnectionStringBuilder builder, System.Data.Common.DbConnectionStringBuilder given)
    {
        if (!given.ContainsKey("No Reset On Close") && !given.ContainsKey("NoResetOnClose")) builder.NoResetOnClose = true;
        if (!given.ContainsKey("Max Auto Prepare") && !given.ContainsKey("MaxAutoPrepare")) builder.MaxAutoPrepare = 32;
        return builder;
    }
}
