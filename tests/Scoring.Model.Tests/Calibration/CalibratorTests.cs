using Scoring.Model.Calibration;
using Scoring.Model.Definition;

namespace Scoring.Model.Tests.Calibration;

public sealed class CalibratorTests
{
    private static readonly ScoringModel Model = ModelLoader.LoadDefault();

    private static LeadEvidence Lead(int i, bool? outcome, double peak, string? reason, params string[] rules) =>
        new($"lead-{i}", rules.ToHashSet(), peak, outcome, reason);

    [Fact]
    public void Without_good_and_bad_outcomes_nothing_is_suggested_and_the_note_says_why()
    {
        var report = Calibrator.Suggest(Model, [Lead(1, true, 40, null, "page.pricing"), Lead(2, null, 40, null, "page.pricing")], "next");
        Assert.Contains("too little evidence", report.Note);
        Assert.Empty(report.Rules);
        Assert.Null(report.SuggestedDraft);
    }

    [Fact]
    public void Rules_of_good_leads_gain_weight_rules_of_rejected_ones_lose_it_and_the_threshold_moves_to_separate_them()
    {
        List<LeadEvidence> leads =
        [
            .. Enumerable.Range(0, 6).Select(i => Lead(i, true, 60, null, "page.pricing", "track.roi_calculator")),
            .. Enumerable.Range(6, 6).Select(i => Lead(i, false, 40, "wrong_profile", "page.pricing", "page.careers", "track.webinar_registered")),
        ];

        var report = Calibrator.Suggest(Model, leads, "calibrated");

        var rules = report.Rules.ToDictionary(r => r.Rule);
        Assert.True(rules["track.roi_calculator"].SuggestedPoints > rules["track.roi_calculator"].Points);
        Assert.True(rules["track.webinar_registered"].SuggestedPoints < rules["track.webinar_registered"].Points);
        Assert.Equal(rules["page.careers"].Points, rules["page.careers"].SuggestedPoints); // negative rules keep their weight
        Assert.Equal(6, rules["track.webinar_registered"].RejectionReasons["wrong_profile"]);
        Assert.Equal(60, report.Threshold!.SuggestedEnter);
        Assert.True(report.Threshold.F1Suggested > report.Threshold.F1Now);
        var draft = new ScoringModel(report.SuggestedDraft!); // a valid model, named as asked
        Assert.Equal("calibrated", draft.Version);
        Assert.Equal(60, draft.Qualification.Intent.Enter);
        Assert.Equal(rules["track.roi_calculator"].SuggestedPoints, draft.RuleById("track.roi_calculator")!.Definition.Points);
    }
}
