using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace DataFactory.Inference.Backends.OpenAi;

/// <summary>
/// Picks the configured model from a <c>/v1/models</c> answer and fingerprints it. vLLM and SGLang list
/// <c>id</c>, <c>root</c> (the path or hub id loaded) and <c>max_model_len</c>; <c>created</c> changes on every start
/// and is left out. <c>datafactory serve</c> adds <c>fingerprint</c>, the model folder's own.
/// </summary>
internal static class ModelListReader
{
    /// <exception cref="GenerationBackendException">The answer lists no model, not the configured one, or several without one configured.</exception>
    /// <exception cref="JsonException">The answer is not a model list.</exception>
    public static ServedModelIdentity Identify(ReadOnlySpan<byte> body, string? wanted, string? revision)
    {
        using var document = JsonDocument.Parse(body.ToArray());
        if (!document.RootElement.TryGetProperty("data", out var data) || data.ValueKind != JsonValueKind.Array)
        {
            throw new JsonException("the answer has no \"data\" array");
        }

        var models = data.EnumerateArray().Where(m => m.TryGetProperty("id", out var id) && id.ValueKind == JsonValueKind.String).ToArray();
        var names = string.Join(", ", models.Select(m => m.GetProperty("id").GetString()));
        JsonElement model;
        if (!string.IsNullOrWhiteSpace(wanted))
        {
            model = models.FirstOrDefault(m => string.Equals(m.GetProperty("id").GetString(), wanted, StringComparison.Ordinal));
            if (model.ValueKind == JsonValueKind.Undefined)
            {
                throw new GenerationBackendException(
                    $"the server serves {(models.Length == 0 ? "no model" : names)}, not '{wanted}' (DataFactory:Model:OpenAi:Model)", false, 200);
            }
        }
        else if (models.Length == 1)
        {
            model = models[0];
        }
        else
        {
            throw new GenerationBackendException(
                models.Length == 0 ? "the server lists no model" : $"the server serves {names}; set DataFactory:Model:OpenAi:Model to one of them", false, 200);
        }

        var name = model.GetProperty("id").GetString()!;
        var root = model.TryGetProperty("root", out var r) && r.ValueKind == JsonValueKind.String ? r.GetString()! : name;
        int? context = model.TryGetProperty("max_model_len", out var c) && c.ValueKind == JsonValueKind.Number && c.TryGetInt32(out var n) ? n : null;
        var stated = model.TryGetProperty("fingerprint", out var f) && f.ValueKind == JsonValueKind.String ? f.GetString() : null;
        var fingerprint = !string.IsNullOrWhiteSpace(stated) && string.IsNullOrWhiteSpace(revision)
            ? stated.ToLowerInvariant()
            : Fingerprint(name, root, context, stated, revision);
        return new ServedModelIdentity(name, fingerprint, root, context);
    }

    private static string Fingerprint(string name, string root, int? context, string? stated, string? revision)
    {
        var text = string.Create(CultureInfo.InvariantCulture, $"openai\nid:{name}\nroot:{root}\ncontext:{context}\nstated:{stated}\nrevision:{revision}");
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
    }
}
