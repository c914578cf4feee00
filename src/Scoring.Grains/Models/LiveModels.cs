using Scoring.Model.Definition;
using Scoring.Model.Versions;

namespace Scoring.Grains.Models;

/// <summary>
/// The catalog of published model versions every grain on this silo scores with. Replaced whole when a version is
/// published or another node's publication is read; grains ask it per input (<see cref="At"/>), never keep a version.
/// </summary>
public sealed class LiveModels(ModelCatalog initial) : IModelVersions
{
    private ModelCatalog _catalog = initial;

    public ModelCatalog Catalog => Volatile.Read(ref _catalog);

    public ScoringModel Latest => Catalog.Latest;

    public ScoringModel At(DateTimeOffset at) => Catalog.At(at);

    public void Replace(ModelCatalog catalog) => Volatile.Write(ref _catalog, catalog);
}
