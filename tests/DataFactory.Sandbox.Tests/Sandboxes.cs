using DataFactory.Core.Verification.Code;

namespace DataFactory.Sandbox.Tests;

/// <summary>
/// Real bubblewrap sandboxes with small limits, shared by the tests. The wall clock is out of the way
/// (a loaded machine must not turn a CPU, memory or output limit into a timeout) except in the
/// sandbox used to test the wall clock itself. A machine without a working sandbox fails these tests
/// with the reason; they never pass by skipping.
/// </summary>
internal static class Sandboxes
{
    public const int WallClockSeconds = 120;
    public const int ShortWallClockSeconds = 3;
    public const int CpuSeconds = 2;
    public const int MemoryMegabytes = 256;
    public const int MaxProcesses = 12;
    public const int MaxOutputBytes = 256 * 1024;
    public const int TempMegabytes = 8;

    private static readonly Lazy<BubblewrapTestRunner> Shared = new(() => new BubblewrapTestRunner(Options()));
    private static readonly Lazy<BubblewrapTestRunner> ShortClock = new(() =>
    {
        var options = Options();
        options.WallClockSeconds = ShortWallClockSeconds;
        return new BubblewrapTestRunner(options);
    });

    public static SandboxOptions Options() => new()
    {
        WallClockSeconds = WallClockSeconds,
        CpuSeconds = CpuSeconds,
        MemoryMegabytes = MemoryMegabytes,
        MaxProcesses = MaxProcesses,
        MaxOutputBytes = MaxOutputBytes,
        TempMegabytes = TempMegabytes,
    };

    /// <summary>The shared runner (or the one with the short wall clock), after checking that the sandbox works here.</summary>
    public static BubblewrapTestRunner Ready(bool shortClock = false)
    {
        var runner = shortClock ? ShortClock.Value : Shared.Value;
        var reason = runner.CheckAvailability();
        Assert.True(reason is null, $"the sandbox must work for these tests: {reason}");
        return runner;
    }

    public static CodeTestResult Run(string code, string tests) => Ready().Run(code, tests);

    public static CodeTestResult RunWithShortClock(string code, string tests) => Ready(shortClock: true).Run(code, tests);
}
