using System.Text.Json;

namespace Scoring.Model.Definition;

/// <summary>Reads a model file; every problem is reported at once, with its place, so ops can fix a file in one go.</summary>
public static class ModelLoader
{
    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        PropertyNameCaseInsensitive = true,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
    };

    public static ScoringModel LoadDefault()
    {
        using var stream = typeof(ModelLoader).Assembly.GetManifestResourceStream("Scoring.Model.default-model.json")
            ?? throw new InvalidOperationException("The default model is not embedded in Scoring.Model.");
        return Parse(stream, "default model");
    }

    public static ScoringModel LoadFile(string path)
    {
        using var stream = File.OpenRead(path);
        return Parse(stream, path);
    }

    public static ScoringModel Parse(Stream json, string origin)
    {
        ModelDefinition? definition;
        try
        {
            definition = JsonSerializer.Deserialize<ModelDefinition>(json, JsonOptions);
        }
        catch (JsonException e)
        {
            throw new ModelValidationException(origin, [$"not a valid model file: {e.Message}"]);
        }
        if (definition is null) throw new ModelValidationException(origin, ["the file is empty"]);
        var errors = ModelValidator.Validate(definition);
        if (errors.Count > 0) throw new ModelValidationException(origin, errors);
        return new ScoringModel(definition);
    }

    public static ScoringModel Parse(string json, string origin = "inline model") =>
        Parse(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(json)), origin);
}

public sealed class ModelValidationException(string origin, IReadOnlyList<string> errors)
    : Exception($"Scoring model '{origin}' is invalid: {string.Join("; ", errors)}")
{
    public IReadOnlyList<string> Errors { get; } = errors;
}
