using System.Diagnostics;

namespace Scoring.Grains.Hosting;

/// <summary>
/// The product's spans (activity source <see cref="SourceName"/>). A tracking call's trace does not end at the HTTP
/// answer: the request's span id rides with each accepted event through the log, and with every message a grain sends
/// because of it, so the lead's decision, the pod's routing and the alert's publication join the request's trace.
/// </summary>
public static class GrainTracing
{
    public const string SourceName = "Scoring";

    public static readonly ActivitySource Source = new(SourceName);

    /// <summary>The W3C trace parent to stamp on what is being sent now; null when nothing is traced.</summary>
    public static string? CurrentParent => Activity.Current?.Id;

    /// <summary>A grain applying one input: a consumer span under the span that sent it (null when nobody listens).</summary>
    public static Activity? Applying(string grain, string message, string? parent)
    {
        var activity = Source.StartActivity("apply " + message, ActivityKind.Consumer, parent);
        activity?.SetTag("scoring.grain", grain);
        return activity;
    }
}
