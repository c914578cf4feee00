namespace Scoring.Model.Handoff;

/// <summary>The fixed menu a rep picks from when rejecting an MQL; each reason tells the model owners something.</summary>
public static class RejectionReasons
{
    /// <summary>Reason, and what it says about the model.</summary>
    public static IReadOnlyDictionary<string, string> Menu { get; } = new Dictionary<string, string>
    {
        ["wrong_profile"] = "fit rules too loose",
        ["too_early"] = "intent threshold too low",
        ["no_response"] = "could not be reached",
        ["not_in_market"] = "no current need",
        ["duplicate"] = "already worked under another record",
    };

    public static bool IsKnown(string? reason) => reason is not null && Menu.ContainsKey(reason);
}
