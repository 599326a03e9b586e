using System.Globalization;

namespace DataFactory.Benchmarks.Storage;

/// <summary>`--name value` options of the storage benchmarks.</summary>
internal sealed class BenchArgs(string[] args)
{
    public string? Get(string name)
    {
        var index = Array.IndexOf(args, $"--{name}");
        return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
    }

    /// <summary>True when the flag <c>--name</c> is given (a switch without a value).</summary>
    public bool Has(string name) => Array.IndexOf(args, $"--{name}") >= 0;

    public int Int(string name, int fallback) =>
        Get(name) is { } value ? int.Parse(value.Replace("_", "", StringComparison.Ordinal), CultureInfo.InvariantCulture) : fallback;

    public string Postgres() =>
        Get("postgres") ?? Environment.GetEnvironmentVariable("DATAFACTORY_TEST_POSTGRES")
        ?? throw new InvalidOperationException(
            "Give --postgres <connection string> or set DATAFACTORY_TEST_POSTGRES (`source tests/services.sh start`).");
}
