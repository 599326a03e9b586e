using System.Text;
using System.Text.Json;

namespace DataFactory.Inference.Backends.OpenAi;

/// <summary>
/// The server's own words from an error body: OpenAI's and newer vLLM's <c>{"error": {"message": ...}}</c>,
/// older vLLM's and SGLang's flat <c>{"object": "error", "message": ...}</c>, FastAPI's <c>{"detail": ...}</c>,
/// or the start of a body that is none of these.
/// </summary>
internal static class OpenAiErrorReader
{
    private const int MaxLength = 500;

    public static string Message(ReadOnlySpan<byte> body)
    {
        if (body.IsEmpty)
        {
            return "(empty body)";
        }

        try
        {
            using var document = JsonDocument.Parse(body.ToArray());
            var root = document.RootElement;
            if (root.ValueKind == JsonValueKind.Object)
            {
                if (root.TryGetProperty("error", out var error))
                {
                    if (error.ValueKind == JsonValueKind.Object && error.TryGetProperty("message", out var nested) && nested.ValueKind == JsonValueKind.String)
                    {
                        return Cut(nested.GetString()!);
                    }

                    if (error.ValueKind == JsonValueKind.String)
                    {
                        return Cut(error.GetString()!);
                    }
                }

                if (root.TryGetProperty("message", out var flat) && flat.ValueKind == JsonValueKind.String)
                {
                    return Cut(flat.GetString()!);
                }

                if (root.TryGetProperty("detail", out var detail))
                {
                    return Cut(detail.ValueKind == JsonValueKind.String ? detail.GetString()! : detail.GetRawText());
                }
            }
        }
        catch (JsonException)
        {
            // Not JSON (a proxy's HTML page, a cut body): its start says enough.
        }

        return Cut(Encoding.UTF8.GetString(body[..Math.Min(body.Length, MaxLength * 4)]));
    }

    private static string Cut(string text)
    {
        text = text.ReplaceLineEndings(" ").Trim();
        return text.Length <= MaxLength ? text : text[..MaxLength] + "…";
    }
}
