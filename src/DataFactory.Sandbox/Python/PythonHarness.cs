using System.Globalization;
using System.Reflection;
using System.Security.Cryptography;
using System.Text.Json;

namespace DataFactory.Sandbox.Python;

/// <summary>
/// The trusted Python side of a run (<c>harness.py</c>, embedded): its command line inside the
/// sandbox, with the limits it sets before any candidate code runs, and its input, the program and
/// tests with a fresh nonce that authenticates the harness's report lines.
/// </summary>
internal static class PythonHarness
{
    private static readonly string Source = ReadSource();

    public static IReadOnlyList<string> Command(SandboxOptions options) =>
    [
        options.PythonPath, "-s", "-B", "-c", Source,
        options.CpuSeconds.ToString(CultureInfo.InvariantCulture),
        ((long)options.MemoryMegabytes << 20).ToString(CultureInfo.InvariantCulture),
        options.MaxProcesses.ToString(CultureInfo.InvariantCulture),
        ((long)options.TempMegabytes << 20).ToString(CultureInfo.InvariantCulture),
    ];

    /// <summary>A new nonce, and the harness's standard input carrying it with the program and the tests.</summary>
    public static (string Nonce, byte[] Input) Input(string code, string tests)
    {
        var nonce = Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
        return (nonce, JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, string>
        {
            ["nonce"] = nonce,
            ["code"] = code,
            ["tests"] = tests,
        }));
    }

    private static string ReadSource()
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("DataFactory.Sandbox.harness.py")
            ?? throw new InvalidOperationException("The embedded harness.py is missing from the build.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
