using System.Buffers;
using System.Security.Cryptography;
using System.Text.Json;
using DataFactory.Core.Problems;

namespace DataFactory.Storage.Import;

/// <summary>
/// SHA-256 of what a problem asks: kind, prompt, gold answer, numbers, target, options and tests, in
/// a fixed JSON layout. The external id and free metadata are not content.
/// </summary>
internal static class ContentHash
{
    public static byte[] Compute(Problem problem)
    {
        var buffer = new ArrayBufferWriter<byte>(256 + (problem.Prompt.Length * 2));
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartArray();
            json.WriteStringValue(problem.Kind.ToName());
            json.WriteStringValue(problem.Prompt);
            WriteNullable(json, problem.Answer);
            if (problem.Numbers is null)
            {
                json.WriteNullValue();
            }
            else
            {
                json.WriteStartArray();
                foreach (var number in problem.Numbers)
                {
                    json.WriteNumberValue(number);
                }

                json.WriteEndArray();
            }

            if (problem.Target is { } target)
            {
                json.WriteNumberValue(target);
            }
            else
            {
                json.WriteNullValue();
            }

            if (problem.Options is null)
            {
                json.WriteNullValue();
            }
            else
            {
                json.WriteStartArray();
                foreach (var option in problem.Options)
                {
                    json.WriteStringValue(option);
                }

                json.WriteEndArray();
            }

            WriteNullable(json, problem.Tests);
            json.WriteEndArray();
        }

        return SHA256.HashData(buffer.WrittenSpan);
    }

    private static void WriteNullable(Utf8JsonWriter json, string? value)
    {
        if (value is null)
        {
            json.WriteNullValue();
        }
        else
        {
            json.WriteStringValue(value);
        }
    }
}
