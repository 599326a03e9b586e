namespace DataFactory.Sandbox.Tests;

public sealed class SandboxOptionsTests
{
    [Fact]
    public void Defaults_are_valid()
    {
        var options = new SandboxOptions();

        Assert.Empty(options.Validate());
        Assert.Equal(10, options.WallClockSeconds);
        Assert.Equal(30, options.StartupSeconds);
        Assert.Equal(5, options.CpuSeconds);
        Assert.Equal(512, options.MemoryMegabytes);
        Assert.Equal(16, options.MaxProcesses);
        Assert.Equal(1 << 20, options.MaxOutputBytes);
        Assert.Equal(64, options.TempMegabytes);
        Assert.Equal(Environment.ProcessorCount, options.EffectiveConcurrency);
    }

    [Theory]
    [InlineData(nameof(SandboxOptions.WallClockSeconds), 0)]
    [InlineData(nameof(SandboxOptions.CpuSeconds), 0)]
    [InlineData(nameof(SandboxOptions.StartupSeconds), 0)]
    [InlineData(nameof(SandboxOptions.MemoryMegabytes), 8)]
    [InlineData(nameof(SandboxOptions.MaxProcesses), 2)]
    [InlineData(nameof(SandboxOptions.MaxOutputBytes), 100)]
    [InlineData(nameof(SandboxOptions.TempMegabytes), 0)]
    [InlineData(nameof(SandboxOptions.MaxConcurrentRuns), -1)]
    [InlineData(nameof(SandboxOptions.SandboxUserId), 0)]
    public void Out_of_range_limit_is_named_in_the_error(string setting, int value)
    {
        var options = new SandboxOptions();
        typeof(SandboxOptions).GetProperty(setting)!.SetValue(options, value);

        var error = Assert.Single(options.Validate());

        Assert.StartsWith($"DataFactory:Sandbox:{setting}: ", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Relative_paths_and_a_python_outside_usr_are_rejected()
    {
        var options = new SandboxOptions { BubblewrapPath = "bwrap", PythonPath = "/opt/python/bin/python3" };

        var errors = options.Validate();

        Assert.Equal(2, errors.Count);
        Assert.Contains(errors, e => e.StartsWith("DataFactory:Sandbox:BubblewrapPath: 'bwrap' is not an absolute path", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("DataFactory:Sandbox:PythonPath: '/opt/python/bin/python3' is outside /usr", StringComparison.Ordinal));
    }

    [Fact]
    public void Cpu_limit_above_the_wall_clock_is_rejected()
    {
        var options = new SandboxOptions { WallClockSeconds = 5, CpuSeconds = 6 };

        Assert.Contains("DataFactory:Sandbox:CpuSeconds: 6 is more than WallClockSeconds (5)", Assert.Single(options.Validate()), StringComparison.Ordinal);
    }

    [Fact]
    public void Runner_refuses_invalid_options()
    {
        var error = Assert.Throws<ArgumentException>(() => new BubblewrapTestRunner(new SandboxOptions { MaxProcesses = 1 }));

        Assert.Contains("DataFactory:Sandbox:MaxProcesses", error.Message, StringComparison.Ordinal);
    }
}
