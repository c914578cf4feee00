using Microsoft.Extensions.DependencyInjection;
using Orleans.Runtime.Hosting;
using Scoring.Grains.Hosting;
using Scoring.Grains.Journal;
using Scoring.Grains.Models;
using Scoring.Grains.Serialization;

namespace Scoring.Storage.Sqlite;

public static class SqliteStorageHostingExtensions
{
    /// <summary>
    /// The embedded state in one SQLite file at <paramref name="path"/>: the grains' storage provider, the reminder table
    /// and the journal and alert store, which commit in the order they are written (<see cref="ICommitOrdering"/>).
    /// </summary>
    public static ISiloBuilder AddSqliteState(this ISiloBuilder builder, string path)
    {
        var services = builder.Services;
        services.AddSingleton(_ => SqliteStateStore.Open(path));
        services.AddGrainStorage(GrainOptions.StorageProvider, (sp, _) =>
            new SqliteGrainStorage(sp.GetRequiredService<SqliteStateStore>().Database, sp.GetRequiredService<GrainStateSerializer>(),
                sp.GetService<TimeProvider>() ?? TimeProvider.System));
        services.AddReminders();
        services.AddSingleton<IReminderTable>(sp => new SqliteReminderTable(sp.GetRequiredService<SqliteStateStore>().Database));
        services.AddSingleton<IJournalStore>(sp => new SqliteJournalStore(sp.GetRequiredService<SqliteStateStore>().Database,
            sp.GetService<TimeProvider>() ?? TimeProvider.System));
        services.AddSingleton<ICommitOrdering>(sp => new SqliteCommitOrdering(sp.GetRequiredService<SqliteStateStore>().Database));
        services.AddSingleton<IModelStore>(sp => new SqliteModelStore(sp.GetRequiredService<SqliteStateStore>().Database));
        return builder;
    }
}
