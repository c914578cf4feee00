using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;

namespace Scoring.Node.Hosting;

public static class PacedIdleCollectionHosting
{
    /// <summary>
    /// How much longer than <c>age</c> Orleans' own collector waits: it is the backstop for a grain the paced collection
    /// did not take (it files a grain by the time of its activation, so for most grains its first look comes before this).
    /// </summary>
    public static readonly TimeSpan OrleansBackstop = TimeSpan.FromMinutes(2);

    /// <summary>
    /// Grains of <paramref name="grainClasses"/> leave memory <paramref name="age"/> after their last use, at most
    /// <paramref name="perSecond"/> a second (<see cref="PacedIdleCollection"/>); every grain, these included, also leaves
    /// at Orleans' own collection <see cref="OrleansBackstop"/> later.
    /// </summary>
    public static ISiloBuilder AddPacedIdleCollection(this ISiloBuilder silo, IReadOnlyCollection<Type> grainClasses, TimeSpan age, int perSecond)
    {
        silo.Services.AddSingleton(sp => new PacedIdleCollection(grainClasses, age, perSecond, sp.GetRequiredService<ILogger<PacedIdleCollection>>()));
        silo.Services.AddSingleton<IActivationWorkingSetObserver>(sp => sp.GetRequiredService<PacedIdleCollection>());
        silo.Services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>>(sp => sp.GetRequiredService<PacedIdleCollection>());
        silo.Configure<GrainCollectionOptions>(o => o.CollectionAge = age + OrleansBackstop);
        return silo;
    }
}
