using Scoring.Model.Definition;

namespace Scoring.Model.Tests;

public sealed class ModelFileTests
{
    [Fact]
    public void The_shipped_default_model_is_valid_and_versioned()
    {
        var model = ModelLoader.LoadDefault();
        Assert.False(string.IsNullOrWhiteSpace(model.Version));
        Assert.Equal(2, model.Rules.Count(r => r.Definition.HandRaiser));
    }

    [Fact]
    public void Each_rule_is_found_by_its_id_and_an_unknown_id_finds_none()
    {
        var model = ModelLoader.LoadDefault();
        Assert.All(model.Rules, rule => Assert.Same(rule, model.RuleById(rule.Id)));
        Assert.Null(model.RuleById("page.nowhere"));
        Assert.Null(model.RuleById(model.Rules[0].Id.ToUpperInvariant())); // ids are matched exactly, as stored
    }

    [Theory]
    [InlineData("/pricing", "pricing")]
    [InlineData("/Pricing/enterprise", "pricing")]
    [InlineData("/demo", "demo")]
    [InlineData("/vs/rivalscore", "comparison")]
    [InlineData("/compare", "comparison")]
    [InlineData("/integrations/salesforce", "product")]
    [InlineData("/docs/setup", "implementation")]
    [InlineData("/case-studies/acme", "proof")]
    [InlineData("/resources/guide", "education")]
    [InlineData("/jobs/42", "careers")]
    [InlineData("/pricingfoo", null)]
    [InlineData("/about", null)]
    public void Pages_are_classified_by_path_as_documented(string path, string? category) =>
        Assert.Equal(category, ModelLoader.LoadDefault().ClassifyPath(path));

    [Fact]
    public void Every_problem_in_a_model_file_is_reported_at_once()
    {
        var definition = ModelLoader.LoadDefault().Definition;
        var bad = definition with
        {
            Version = "",
            Intent = definition.Intent with
            {
                Rules = [.. definition.Intent.Rules, new IntentRuleDefinition { Id = "page.pricing", Page = "nowhere", HalfLifeDays = 0, CapCount = 0, CapWindowHours = 1, Label = "x" }],
            },
        };
        var error = Assert.Throws<ModelValidationException>(() => ModelLoader.Parse(System.Text.Json.JsonSerializer.Serialize(bad)));

        Assert.Contains("version is required", error.Errors);
        Assert.Contains("intent.rules[page.pricing]: duplicate rule id", error.Errors);
        Assert.Contains("intent.rules[page.pricing]: page category 'nowhere' is not defined in intent.pageCategories", error.Errors);
        Assert.Contains("intent.rules[page.pricing]: halfLifeDays must be > 0", error.Errors);
        Assert.Contains("intent.rules[page.pricing]: capCount must be >= 1", error.Errors);
    }

    [Fact]
    public void A_file_that_is_not_json_says_so()
    {
        var error = Assert.Throws<ModelValidationException>(() => ModelLoader.Parse("{ not json", "broken.json"));
        Assert.StartsWith("not a valid model file", Assert.Single(error.Errors));
        Assert.Contains("broken.json", error.Message);
    }
}
