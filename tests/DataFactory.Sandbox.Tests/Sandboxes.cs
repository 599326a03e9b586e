using DataFactory.Core.Verification.Code;

namespace DataFactory.Sandbox.Tests;

/// <summary>
/// Real bubblewrap sandboxes with short limits, shared by the tests. A machine without a working
/// sandbox fails these tests with the reason; they never pass by skipping.
/// </summary>
internal static class Sandboxes
{
    public const int WallClockSeconds = 4;
    public const int CpuSeconds = 2;
    public const int MemoryMegabytes = 256;
    public const int MaxProcesses = 12;
    public const int MaxOutputBytes = 256 * 1024;
    public const int TempMegabytes = 8;

    private static readonly Lazy<BubblewrapTestRunner> Shared = new(() => new BubblewrapTestRunner(Options()));

    public static SandboxOptions Options() => new()
    {
        WallClockSeconds = WallClockSeconds,
        CpuSeconds = CpuSeconds,
        MemoryMegabytes = MemoryMegabytes,
        MaxProcesses = MaxProcesses,
        MaxOutputBytes = MaxOutputBytes,
        TempMegabytes = TempMegabytes,
    };

    /// <summary>The shared runner, after checking that the sandbox works on this machine.</summary>
    public static BubblewrapTestRunner Ready()
    {
        var runner = Shared.Value;
        Assert.True(runner.UnavailableReason is null, $"the sandbox must work for these tests: {runner.UnavailableReason}");
        return runner;
    }

    public static CodeTestResult Run(string code, string tests) => Ready().Run(code, tests);
}
