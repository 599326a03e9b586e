using System.ComponentModel.DataAnnotations;

namespace DataFactory.Sandbox;

/// <summary>
/// Limits and paths of the code sandbox, bound from <c>DataFactory:Sandbox</c> (environment:
/// <c>DATAFACTORY__SANDBOX__...</c>). Every limit applies to one run of one candidate.
/// </summary>
public sealed class SandboxOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "DataFactory:Sandbox";

    /// <summary>The bubblewrap program (Debian package <c>bubblewrap</c>, 0.8 or later).</summary>
    [Required(AllowEmptyStrings = false)]
    public string BubblewrapPath { get; set; } = "/usr/bin/bwrap";

    /// <summary>The Python interpreter; it must lie under <c>/usr</c>, the only program tree the sandbox sees.</summary>
    [Required(AllowEmptyStrings = false)]
    public string PythonPath { get; set; } = "/usr/bin/python3";

    /// <summary><c>setpriv</c> (util-linux), used to leave root before bubblewrap starts when the worker runs as root.</summary>
    [Required(AllowEmptyStrings = false)]
    public string SetprivPath { get; set; } = "/usr/bin/setpriv";

    /// <summary>
    /// Wall-clock limit of one run, from the moment the candidate's code starts to the last test; then
    /// every process of the run is killed.
    /// </summary>
    [Range(1, 3_600)]
    public int WallClockSeconds { get; set; } = 10;

    /// <summary>
    /// How long the sandbox and the interpreter may take to start before the candidate's code runs (on
    /// an overloaded machine); a run that does not start in time is killed and reported as the sandbox's
    /// failure, not the candidate's.
    /// </summary>
    [Range(1, 3_600)]
    public int StartupSeconds { get; set; } = 30;

    /// <summary>CPU time per process (RLIMIT_CPU); a process over it is killed.</summary>
    [Range(1, 3_600)]
    public int CpuSeconds { get; set; } = 5;

    /// <summary>Address space per process (RLIMIT_AS), in MiB; an allocation over it fails with MemoryError.</summary>
    [Range(64, 1_048_576)]
    public int MemoryMegabytes { get; set; } = 512;

    /// <summary>Processes (and threads) in one sandbox, its init and the interpreter included (RLIMIT_NPROC).</summary>
    [Range(4, 4_096)]
    public int MaxProcesses { get; set; } = 16;

    /// <summary>Bytes of standard output and error together; a run writing more is killed.</summary>
    [Range(4_096, 1 << 30)]
    public int MaxOutputBytes { get; set; } = 1 << 20;

    /// <summary>Size of the private writable <c>/tmp</c> (and of <c>/dev/shm</c>), in MiB; also the largest file (RLIMIT_FSIZE).</summary>
    [Range(1, 65_536)]
    public int TempMegabytes { get; set; } = 64;

    /// <summary>Sandboxes running at once in this process; 0 means one per logical core.</summary>
    [Range(0, 1_024)]
    public int MaxConcurrentRuns { get; set; }

    /// <summary>The unprivileged user id bubblewrap runs as when the worker is root (so that the process limit holds).</summary>
    [Range(1, int.MaxValue)]
    public int SandboxUserId { get; set; } = 65534;

    /// <summary>The number of sandboxes allowed at once.</summary>
    public int EffectiveConcurrency => MaxConcurrentRuns > 0 ? MaxConcurrentRuns : Environment.ProcessorCount;

    /// <summary>
    /// Checks every setting: the ranges above, absolute paths, the interpreter under <c>/usr</c> and a
    /// CPU limit no longer than the wall-clock limit. Returns one message per bad setting, naming it.
    /// </summary>
    public IReadOnlyList<string> Validate()
    {
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(this, new ValidationContext(this), results, validateAllProperties: true);
        var errors = results.Select(r => $"{Section}:{string.Join(", ", r.MemberNames)}: {r.ErrorMessage}").ToList();
        foreach (var (name, path) in new[] { (nameof(BubblewrapPath), BubblewrapPath), (nameof(PythonPath), PythonPath), (nameof(SetprivPath), SetprivPath) })
        {
            if (!string.IsNullOrEmpty(path) && !Path.IsPathFullyQualified(path))
            {
                errors.Add($"{Section}:{name}: '{path}' is not an absolute path.");
            }
        }

        if (Path.IsPathFullyQualified(PythonPath ?? string.Empty) && !PythonPath!.StartsWith("/usr/", StringComparison.Ordinal))
        {
            errors.Add($"{Section}:{nameof(PythonPath)}: '{PythonPath}' is outside /usr, the only program tree inside the sandbox.");
        }

        if (WallClockSeconds >= 1 && CpuSeconds > WallClockSeconds)
        {
            errors.Add($"{Section}:{nameof(CpuSeconds)}: {CpuSeconds} is more than {nameof(WallClockSeconds)} ({WallClockSeconds}); the wall clock would always end the run first.");
        }

        return errors;
    }
}
