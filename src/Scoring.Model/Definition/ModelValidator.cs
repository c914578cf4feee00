namespace Scoring.Model.Definition;

internal static class ModelValidator
{
    private static readonly HashSet<string> DisqualifierKinds = ["emailDomainSuffix", "emailDomain", "titleMatch"];
    private static readonly HashSet<string> TextInputs = ["seniority", "title", "department", "industry", "country", "companyName"];
    private static readonly HashSet<string> NumericInputs = ["employees", "revenue"];

    public static List<string> Validate(ModelDefinition model)
    {
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(model.Version)) errors.Add("version is required");

        CheckGrades("fit.grades", model.Fit.Grades, errors);

        CheckDimensions("fit.dimensions", model.Fit.Dimensions, errors);

        foreach (var dq in model.Fit.Disqualifiers)
        {
            if (!DisqualifierKinds.Contains(dq.Kind))
                errors.Add($"fit.disqualifiers[{dq.Id}]: kind must be one of {string.Join(", ", DisqualifierKinds)}");
        }

        var categories = model.Intent.PageCategories.Select(c => c.Category).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var ruleIds = new HashSet<string>(StringComparer.Ordinal);
        foreach (var rule in model.Intent.Rules)
        {
            var where = $"intent.rules[{rule.Id}]";
            if (!ruleIds.Add(rule.Id)) errors.Add($"{where}: duplicate rule id");
            if ((rule.Page is null) == (rule.Track is null)) errors.Add($"{where}: set exactly one of 'page' or 'track'");
            if (rule.Page is not null && !categories.Contains(rule.Page)) errors.Add($"{where}: page category '{rule.Page}' is not defined in intent.pageCategories");
            if (rule.HalfLifeDays <= 0) errors.Add($"{where}: halfLifeDays must be > 0");
            if (rule.CapCount < 1) errors.Add($"{where}: capCount must be >= 1");
            if (rule.CapWindowHours <= 0) errors.Add($"{where}: capWindowHours must be > 0");
        }

        CheckHysteresis("qualification.fit", model.Qualification.Fit, errors);
        CheckHysteresis("qualification.intent", model.Qualification.Intent, errors);
        if (model.Qualification.RecheckHours <= 0) errors.Add("qualification.recheckHours must be > 0");
        CheckAccounts(model.Accounts, errors);
        return errors;
    }

    private static void CheckAccounts(AccountModelDefinition accounts, List<string> errors)
    {
        CheckGrades("accounts.fit.grades", accounts.Fit.Grades, errors);
        CheckDimensions("accounts.fit.dimensions", accounts.Fit.Dimensions, errors);
        var personaIds = new HashSet<string>(StringComparer.Ordinal);
        foreach (var persona in accounts.Personas)
        {
            var where = $"accounts.personas[{persona.Id}]";
            if (string.IsNullOrWhiteSpace(persona.Id) || !personaIds.Add(persona.Id)) errors.Add($"{where}: ids must be present and unique");
            if (persona.Titles.Count == 0 && persona.Departments.Count == 0) errors.Add($"{where}: needs 'titles' or 'departments'");
        }
        var intent = accounts.Intent;
        if (intent.AdditionalPersonFactor is <= 0 or > 1) errors.Add("accounts.intent.additionalPersonFactor must be above 0 and at most 1");
        if (intent.MaxPeople < 1) errors.Add("accounts.intent.maxPeople must be >= 1");
        if (accounts.MaxMembers < intent.MaxPeople) errors.Add($"accounts.maxMembers must be at least accounts.intent.maxPeople ({intent.MaxPeople})");
        if (intent.EngagedIntent <= 0) errors.Add("accounts.intent.engagedIntent must be > 0");
        CheckHysteresis("accounts.qualification.fit", accounts.Qualification.Fit, errors);
        CheckHysteresis("accounts.qualification.personas", accounts.Qualification.Personas, errors);
        CheckHysteresis("accounts.qualification.intent", accounts.Qualification.Intent, errors);
        if (accounts.Qualification.Personas.Enter > accounts.Personas.Count)
            errors.Add($"accounts.qualification.personas.enter ({accounts.Qualification.Personas.Enter}) is more than the {accounts.Personas.Count} personas defined");
        if (accounts.Qualification.RecheckHours <= 0) errors.Add("accounts.qualification.recheckHours must be > 0");
    }

    private static void CheckDimensions(string at, IReadOnlyList<FitDimensionDefinition> dimensions, List<string> errors)
    {
        foreach (var dimension in dimensions)
        {
            var where = $"{at}[{dimension.Id}]";
            if (dimension.Ranges.Count > 0)
            {
                if (dimension.Trait is null || !NumericInputs.Contains(dimension.Trait))
                    errors.Add($"{where}: ranges need 'trait' to be one of {string.Join(", ", NumericInputs)}");
            }
            else if (dimension.Options.Count == 0)
            {
                errors.Add($"{where}: needs options or ranges");
            }
            foreach (var input in dimension.Traits.Where(t => !TextInputs.Contains(t)))
                errors.Add($"{where}: unknown input '{input}' (use {string.Join(", ", TextInputs)})");
            foreach (var option in dimension.Options.Where(o => o.Match.Count == 0))
                errors.Add($"{where}.{option.Id}: 'match' needs at least one value");
        }
    }

    private static void CheckGrades(string where, GradeCutoffs grades, List<string> errors)
    {
        if (!(grades.A > grades.B && grades.B > grades.C)) errors.Add($"{where} must satisfy A > B > C");
    }

    private static void CheckHysteresis(string where, Hysteresis h, List<string> errors)
    {
        if (h.Exit > h.Enter) errors.Add($"{where}: exit ({h.Exit}) must not be above enter ({h.Enter})");
    }
}
