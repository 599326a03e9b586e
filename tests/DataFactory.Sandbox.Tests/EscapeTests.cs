using System.Net;
using System.Net.Sockets;
using DataFactory.Core.Verification.Code;

namespace DataFactory.Sandbox.Tests;

/// <summary>
/// The escape suite: hostile programs run in the real sandbox, each contained and reported as what it
/// is. Where a program probes from inside, its "tests" assert the probe found nothing, so a hole in
/// the sandbox turns into a failed run; where the host can check, it checks too.
/// </summary>
public sealed class EscapeTests
{
    [Fact]
    public void Network_connections_fail_and_never_reach_a_host_listener()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var code = $$"""
            import socket
            REACHED = []
            for address in [("127.0.0.1", {{port}}), ("1.1.1.1", 53), ("8.8.8.8", 443)]:
                try:
                    socket.create_connection(address, timeout=1).close()
                    REACHED.append(address)
                except OSError:
                    pass
            try:
                socket.getaddrinfo("example.com", 80)
                REACHED.append("resolved example.com")
            except OSError:
                pass
            INTERFACES = [name for _, name in socket.if_nameindex()]
            """;

        var result = Sandboxes.Run(code, "assert REACHED == [], REACHED\nassert INTERFACES == ['lo'], INTERFACES\n");

        Assert.True(result.Outcome == CodeTestOutcome.Passed, result.Detail);
        Assert.False(listener.Pending());
    }

    [Fact]
    public void Files_outside_the_sandbox_cannot_be_read_or_listed()
    {
        var secret = Guid.NewGuid().ToString("N");
        var configuration = Path.Combine(AppContext.BaseDirectory, $"appsettings.escape-{secret[..8]}.json");
        File.WriteAllText(configuration, """{"DataFactory":{"Database":{"ConnectionString":"Password=""" + secret + "\"}}}");
        try
        {
            Assert.True(File.Exists("/etc/shadow"), "the host must have /etc/shadow for this test to mean something");
            var files = new[] { "/etc/shadow", "/etc/passwd", "/etc/hostname", configuration, "/proc/1/root/etc/shadow" };
            var folders = new[] { AppContext.BaseDirectory, Environment.CurrentDirectory, "/root", "/home", "/var", "/etc/ssl" }
                .Where(Directory.Exists).ToArray();
            var code = $$"""
                import os
                LEAKS = []
                for path in {{Python(files)}}:
                    try:
                        with open(path, "rb") as f:
                            LEAKS.append((path, f.read(60)))
                    except OSError:
                        pass
                for path in {{Python(folders)}}:
                    try:
                        LEAKS.append((path, os.listdir(path)[:5]))
                    except OSError:
                        pass
                """;

            var result = Sandboxes.Run(code, "assert LEAKS == [], LEAKS\n");

            Assert.True(result.Outcome == CodeTestOutcome.Passed, result.Detail);
            Assert.DoesNotContain(secret, result.Detail, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(configuration);
        }
    }

    [Fact]
    public void Writes_outside_the_temp_directory_fail_and_the_temp_directory_is_private_and_bounded()
    {
        var name = $"datafactory-escape-{Guid.NewGuid():N}";
        var hostTemp = Path.Combine("/tmp", name);
        var beside = Path.Combine(AppContext.BaseDirectory, name);
        var outside = new[] { "/" + name, "/usr/" + name, "/etc/" + name, "/dev/" + name, "/proc/" + name, beside };
        var code = $$"""
            WROTE = []
            for path in {{Python(outside)}}:
                try:
                    with open(path, "w") as f:
                        f.write("escaped")
                    WROTE.append(path)
                except OSError:
                    pass
            with open("{{hostTemp}}", "w") as f:
                f.write("private")
            with open("{{hostTemp}}") as f:
                TEMP_WORKS = f.read() == "private"
            try:
                with open("/tmp/big", "wb") as f:
                    f.write(b"x" * (({{Sandboxes.TempMegabytes}} + 1) << 20))
                TEMP_UNBOUNDED = True
            except OSError:
                TEMP_UNBOUNDED = False
            """;

        var result = Sandboxes.Run(code, "assert WROTE == [], WROTE\nassert TEMP_WORKS\nassert not TEMP_UNBOUNDED\n");

        Assert.True(result.Outcome == CodeTestOutcome.Passed, result.Detail);
        Assert.False(File.Exists(hostTemp), "the sandbox's /tmp must not be the host's");
        Assert.False(File.Exists(beside));
    }

    [Fact]
    public void Fork_bomb_stops_at_the_process_limit_and_leaves_no_process_behind()
    {
        var marker = HostProcesses.NewMarker();
        var code = $$"""
            import os
            CHILDREN = 0
            ERROR = None
            try:
                for _ in range(10_000):
                    if os.fork() == 0:
                        os.execv("/usr/bin/sleep", ["sleep", "{{marker}}"])
                    CHILDREN += 1
            except OSError as error:
                ERROR = error.errno
            """;

        var result = Sandboxes.Run(code, $"import errno\nassert ERROR == errno.EAGAIN, ERROR\nassert CHILDREN < {Sandboxes.MaxProcesses}, CHILDREN\n");

        Assert.True(result.Outcome == CodeTestOutcome.Passed, result.Detail);
        Assert.Equal(0, HostProcesses.CountWithArgument(marker));
    }

    [Fact]
    public void Endless_fork_loop_is_killed_with_all_its_children()
    {
        var marker = HostProcesses.NewMarker();
        var code = $$"""
            import os
            while True:
                try:
                    if os.fork() == 0:
                        os.execv("/usr/bin/sleep", ["sleep", "{{marker}}"])
                except OSError:
                    pass
            """;

        var result = Sandboxes.Run(code, "assert True\n");

        Assert.Contains(result.Outcome, new[] { CodeTestOutcome.CpuLimitExceeded, CodeTestOutcome.TimedOut });
        Assert.Equal(0, HostProcesses.CountWithArgument(marker));
    }

    [Fact]
    public void Busy_infinite_loop_is_killed_at_the_cpu_limit()
    {
        var result = Sandboxes.Run("while True:\n    pass\n", "assert True\n");

        Assert.Equal(CodeTestOutcome.CpuLimitExceeded, result.Outcome);
        Assert.Contains($"CPU-time limit of {Sandboxes.CpuSeconds} s", result.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Idle_infinite_wait_is_killed_at_the_wall_clock_limit()
    {
        var result = Sandboxes.RunWithShortClock("import time\nwhile True:\n    time.sleep(60)\n", "assert True\n");

        Assert.Equal(CodeTestOutcome.TimedOut, result.Outcome);
        Assert.Contains($"wall-clock limit of {Sandboxes.ShortWallClockSeconds} s", result.Detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("DATA = bytearray(10 * 1024 ** 3)\n")]
    [InlineData("CHUNKS = []\nfor _ in range(160):\n    CHUNKS.append(bytearray(64 << 20))\n")]
    [InlineData("import mmap\nDATA = mmap.mmap(-1, 10 * 1024 ** 3)\n")]
    public void Allocating_ten_gigabytes_fails_with_a_memory_error(string code)
    {
        var result = Sandboxes.Run(code, "assert True\n");

        Assert.Equal(CodeTestOutcome.Failed, result.Outcome);
        Assert.Matches("MemoryError|Cannot allocate memory", result.Detail);
    }

    [Fact]
    public void Child_that_outlives_its_parent_is_killed_with_the_sandbox()
    {
        var marker = HostProcesses.NewMarker();
        var code = $$"""
            import os
            if os.fork() == 0:
                os.setsid()
                if os.fork() == 0:
                    os.execv("/usr/bin/sleep", ["sleep", "{{marker}}"])
                os._exit(0)
            os.wait()
            """;

        var result = Sandboxes.Run(code, "assert True\n");

        Assert.True(result.Outcome == CodeTestOutcome.Passed, result.Detail);
        Assert.Equal(0, HostProcesses.CountWithArgument(marker));
    }

    [Theory]
    [InlineData("import sys\nCHUNK = 'x' * (1 << 20)\nfor _ in range(4096):\n    sys.stdout.write(CHUNK)\n")]
    [InlineData("import os\nCHUNK = b'x' * (1 << 20)\nfor _ in range(4096):\n    os.write(2, CHUNK)\n")]
    [InlineData("while True:\n    print('x' * 1000)\n")]
    public void Printing_gigabytes_is_cut_off_at_the_output_cap(string code)
    {
        var result = Sandboxes.Run(code, "assert True\n");

        Assert.Equal(CodeTestOutcome.OutputLimitExceeded, result.Outcome);
        Assert.Contains("output cap of 256 KiB", result.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Secret_environment_variables_of_the_worker_are_invisible()
    {
        const string name = "DATAFACTORY_SANDBOX_TEST_SECRET";
        var secret = Guid.NewGuid().ToString("N");
        Environment.SetEnvironmentVariable(name, secret);
        try
        {
            var code = $$"""
                import os
                FOUND = [key for key in os.environ if key == "{{name}}"]
                for pid in ["self"] + [p for p in os.listdir("/proc") if p.isdigit()]:
                    try:
                        with open(f"/proc/{pid}/environ", "rb") as f:
                            if b"{{name}}" in f.read():
                                FOUND.append(pid)
                    except OSError:
                        pass
                EXTRA = sorted(set(os.environ) - {"PATH", "HOME", "TMPDIR", "LANG", "LC_CTYPE", "PWD",
                                                  "PYTHONHASHSEED", "PYTHONDONTWRITEBYTECODE", "PYTHONSAFEPATH"})
                """;

            var result = Sandboxes.Run(code, "assert FOUND == [], FOUND\nassert EXTRA == [], EXTRA\n");

            Assert.True(result.Outcome == CodeTestOutcome.Passed, result.Detail);
            Assert.Equal(secret, Environment.GetEnvironmentVariable(name));
        }
        finally
        {
            Environment.SetEnvironmentVariable(name, null);
        }
    }

    [Fact]
    public void Runs_as_an_unprivileged_user_that_sees_only_its_own_processes_and_cannot_nest_namespaces()
    {
        const string code = """
            import os
            UID = os.getuid()
            with open("/proc/self/status") as f:
                CAPS = [line.split()[1] for line in f if line.startswith(("CapEff", "CapPrm"))]
            PIDS = [p for p in os.listdir("/proc") if p.isdigit()]
            import subprocess
            NESTED = subprocess.run(["/usr/bin/unshare", "--user", "--map-root-user", "true"], stderr=subprocess.DEVNULL).returncode
            """;

        var result = Sandboxes.Run(
            code,
            "assert UID == 65534, UID\nassert set(CAPS) == {'0000000000000000'}, CAPS\nassert len(PIDS) <= 3, PIDS\nassert NESTED != 0, NESTED\n");

        Assert.True(result.Outcome == CodeTestOutcome.Passed, result.Detail);
    }

    private static string Python(IEnumerable<string> values) =>
        "[" + string.Join(", ", values.Select(v => "\"" + v.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"")) + "]";
}
