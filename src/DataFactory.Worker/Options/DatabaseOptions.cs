using System.ComponentModel.DataAnnotations;

namespace DataFactory.Worker.Options;

/// <summary>The store, bound from <c>DataFactory:Database</c> (<c>DATAFACTORY__DATABASE__...</c>).</summary>
public sealed class DatabaseOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "DataFactory:Database";

    /// <summary><c>postgres</c> (production) or <c>sqlite</c> (embedded).</summary>
    [Required(AllowEmptyStrings = false)]
    public string Provider { get; set; } = "postgres";

    /// <summary>The connection string. A secret: never logged.</summary>
    [Required(AllowEmptyStrings = false)]
    public string ConnectionString { get; set; } = string.Empty;
}
