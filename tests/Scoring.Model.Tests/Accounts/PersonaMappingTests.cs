using Scoring.Model.Definition;

namespace Scoring.Model.Tests.Accounts;

/// <summary>The default model's persona mapping, as documented in its accounts.description: first match in order wins.</summary>
public sealed class PersonaMappingTests
{
    private static readonly ScoringModel Model = ModelLoader.LoadDefault();

    [Theory]
    [InlineData("CEO", null, "economic_buyer")]
    [InlineData("VP of Sales", null, "economic_buyer")]
    [InlineData("Co-Founder & President", null, "economic_buyer")]
    [InlineData("Head of Revenue", null, "economic_buyer")]
    [InlineData("CFO", null, "finance")]
    [InlineData("VP Finance", null, "finance")]
    [InlineData("Financial Controller", null, "finance")]
    [InlineData("Procurement Manager", null, "procurement")]
    [InlineData("Senior Buyer", null, "procurement")]
    [InlineData("CIO", null, "it")]
    [InlineData("Head of IT", null, "it")]
    [InlineData("Security Engineer", null, "it")]
    [InlineData("CTO", null, "technical_evaluator")]
    [InlineData("Senior Software Engineer", null, "technical_evaluator")]
    [InlineData("Solutions Architect", null, "technical_evaluator")]
    [InlineData("Revenue Operations Manager", null, "operations")]
    [InlineData("COO", null, "operations")]
    [InlineData("Sales Manager", null, "champion")]
    [InlineData("Director of Demand Generation", null, "champion")]
    [InlineData("Analyst", "Finance", "finance")]
    [InlineData("Specialist", "Procurement", "procurement")]
    [InlineData("Team member", "Sales", "champion")]
    public void Titles_and_departments_map_to_personas(string title, string? department, string persona) =>
        Assert.Equal(persona, Model.Personas.Map(title, department)?.Id);

    [Theory]
    [InlineData("Student", null)]
    [InlineData("Intern", null)]
    [InlineData("Marketing Intern", "Marketing")] // junior titles sit on no committee, whatever their department
    [InlineData(null, null)]
    [InlineData("MVP of the month", null)] // whole words: "mvp" is not "vp"
    [InlineData("Chief Happiness Intern", null)]
    public void Titles_outside_the_committee_have_no_persona(string? title, string? department) =>
        Assert.Null(Model.Personas.Map(title, department));

    [Fact]
    public void The_default_model_names_all_seven_personas_of_a_buying_committee() =>
        Assert.Equal(["procurement", "finance", "it", "technical_evaluator", "operations", "economic_buyer", "champion"],
            Model.Personas.All.Select(p => p.Id));
}
