using System.Text.Json;

namespace Scoring.Benchmarks;

/// <summary>Each verb prints a table and, given <c>--output path</c>, writes what it measured as JSON for the report.</summary>
public static class ResultFile
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    public static void Write(string? path, object result)
    {
        if (path is null) return;
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        File.WriteAllText(path, JsonSerializer.Serialize(result, Json));
    }
}
