using System.Text.Encodings.Web;
using System.Text.Json;

namespace DataFactory.Storage;

/// <summary>The JSON settings of values the store keeps as JSON (sampling options, SQLite arrays).</summary>
internal static class StoreJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };
}
