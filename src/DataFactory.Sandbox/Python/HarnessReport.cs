using System.Text;
using System.Text.Json;

namespace DataFactory.Sandbox.Python;

/// <summary>
/// What the harness reported on its channel (standard output, each line prefixed with the run's
/// nonce): whether it started, and its first result line, if it got that far. Lines without the nonce
/// are not the harness's and are ignored.
/// </summary>
internal sealed record HarnessReport(bool Started, int? Passed, int? Total, string? Failure, string? Invalid, bool Finished)
{
    public static HarnessReport Parse(byte[] output, string nonce)
    {
        bool started = false, finished = false;
        int? passed = null, total = null;
        string? failure = null, invalid = null;
        var prefix = nonce + " ";
        foreach (var line in Encoding.UTF8.GetString(output).Split('\n'))
        {
            if (!line.StartsWith(prefix, StringComparison.Ordinal))
            {
                continue;
            }

            try
            {
                using var document = JsonDocument.Parse(line.AsMemory(prefix.Length));
                var root = document.RootElement;
                if (root.TryGetProperty("started", out _))
                {
                    started = true;
                    continue;
                }

                if (finished)
                {
                    continue;
                }

                finished = true;
                passed = Number(root, "passed");
                total = Number(root, "total");
                failure = Text(root, "failure");
                invalid = Text(root, "invalid");
            }
            catch (JsonException)
            {
                // Cut off by the output cap: the run's end says what happened.
            }
        }

        return new HarnessReport(started, passed, total, failure, invalid, finished);
    }

    private static int? Number(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number ? value.GetInt32() : null;

    private static string? Text(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
