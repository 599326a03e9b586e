using System.Text.Json;
using DataFactory.Cli.Settings;
using DataFactory.Inference.Models;
using DataFactory.Storage.Models;
using DataFactory.Worker.Pipeline;

namespace DataFactory.Cli.Models;

/// <summary>
/// What a model folder says about itself: its fingerprint, and, when the training tool wrote
/// <c>lineage.json</c> (finetune.py does), its name, its parent's name and fingerprint and how it was trained.
/// </summary>
internal static class ModelFolderLineage
{
    public const string FileName = "lineage.json";

    /// <summary>The registration of the folder's model (the standard decoder file, or <paramref name="variant"/>).</summary>
    /// <exception cref="CliException">No such folder or decoder, or a lineage.json that does not read.</exception>
    public static ModelRegistration Read(string directory, string? variant = null, string? name = null, IReadOnlyList<Guid>? trainedOnRuns = null)
    {
        string fingerprint;
        try
        {
            fingerprint = ModelFingerprint.Compute(directory, variant);
        }
        catch (Exception e) when (e is DirectoryNotFoundException or ModelLoadException)
        {
            throw new CliException(e.Message);
        }

        var folderName = Path.GetFileName(Path.TrimEndingDirectorySeparator(Path.GetFullPath(directory)));
        var registration = new ModelRegistration(name ?? folderName, fingerprint)
        {
            Path = Path.GetFullPath(directory),
            TrainedOnRuns = trainedOnRuns ?? [],
        };
        var file = Path.Combine(directory, FileName);
        if (!File.Exists(file))
        {
            return registration;
        }

        var text = File.ReadAllText(file);
        try
        {
            using var json = JsonDocument.Parse(text);
            var root = json.RootElement;
            var parent = root.TryGetProperty("parent", out var p) && p.ValueKind == JsonValueKind.Object ? p : default;
            return registration with
            {
                Name = name ?? (root.TryGetProperty("name", out var n) && n.ValueKind == JsonValueKind.String ? n.GetString()! : folderName),
                ParentName = parent.ValueKind == JsonValueKind.Object && parent.TryGetProperty("name", out var pn) ? pn.GetString() : null,
                ParentFingerprint = parent.ValueKind == JsonValueKind.Object && parent.TryGetProperty("fingerprint", out var pf) ? pf.GetString() : null,
                Training = text,
            };
        }
        catch (JsonException e)
        {
            throw new CliException($"{file}:{(e.LineNumber ?? 0) + 1}: not JSON ({e.Message})");
        }
        catch (InvalidOperationException e)
        {
            throw new CliException($"{file}: parent: {e.Message}");
        }
    }
}
