using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;
using Orleans.Storage;
using Scoring.Grains.Messages;
using Scoring.Grains.Serialization;

namespace Scoring.Grains.Hosting;

public static class ScoringGrainsHostingExtensions
{
    /// <summary>
    /// What the lead, visitor, account and pod grains need from the silo beyond their providers (a log stream provider,
    /// the "grains" storage, reminders, an <see cref="Journal.IJournalStore"/> and an <see cref="Journal.IAlertFeed"/>):
    /// their shared services, and serialization. The domain model knows nothing of Orleans, so its types travel inside
    /// Orleans messages as JSON (Orleans' System.Text.Json codec) and grain state is stored as JSON.
    /// </summary>
    public static ISiloBuilder AddScoringGrains(this ISiloBuilder builder, GrainOptions options)
    {
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton<GrainServices>();
        builder.Services.AddSingleton<GrainMetrics>();
        builder.Services.AddSingleton<GrainStateSerializer>();
        builder.Services.AddSingleton<IGrainStorageSerializer>(sp => sp.GetRequiredService<GrainStateSerializer>());
        builder.Services.AddScoringSerialization();
        return builder;
    }

    /// <summary>For silos and clients alike: the domain model's types travel inside Orleans messages as JSON.</summary>
    public static IServiceCollection AddScoringSerialization(this IServiceCollection services) =>
        services.AddSerializer(serializer => serializer.AddJsonSerializer(IsModelType, GrainJson.Lenient));

    /// <summary>The model types with no Orleans codec of their own (the hot ones have surrogates: see the Serialization folder).</summary>
    private static bool IsModelType(Type type) =>
        type.Namespace?.StartsWith("Scoring.Model", StringComparison.Ordinal) == true && !Surrogated.Contains(type);

    private static readonly HashSet<Type> Surrogated =
    [
        typeof(Model.Events.ClickEvent), typeof(Model.Accounts.MemberSnapshot),
    ];
}
