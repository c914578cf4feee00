using Scoring.Model.Definition;

namespace Scoring.Model.Versions;

/// <summary>
/// Which model scores an input: the version live at the input's own time (an event's receipt, a command's acceptance,
/// a timer's due time). Deterministic: a replay of the same input picks the same version, whenever it runs.
/// </summary>
public interface IModelVersions
{
    ScoringModel At(DateTimeOffset at);

    /// <summary>The version live now and for everything received from now on.</summary>
    ScoringModel Latest { get; }
}

/// <summary>One model for every time: a node that has never published another, and tests.</summary>
public sealed class SingleModel(ScoringModel model) : IModelVersions
{
    public ScoringModel At(DateTimeOffset at) => model;

    public ScoringModel Latest => model;
}
