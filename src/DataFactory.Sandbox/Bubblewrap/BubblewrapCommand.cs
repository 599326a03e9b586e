using System.Globalization;

namespace DataFactory.Sandbox.Bubblewrap;

/// <summary>
/// The command line of one sandbox: bubblewrap with every namespace unshared (network included:
/// only a private loopback), an unprivileged user inside and, when the caller is root, outside too
/// (setpriv), so that the kernel enforces the process limit; <c>/usr</c> and the <c>/bin</c>, <c>/lib*</c>
/// links read-only and nothing else of the host (no <c>/etc</c> but the loader cache, no home, no
/// worker files); a read-only root, a size-limited private <c>/tmp</c> and <c>/dev/shm</c>, a fresh
/// <c>/proc</c> and minimal <c>/dev</c>; a cleared environment; a new session; and death with its parent.
/// </summary>
internal static class BubblewrapCommand
{
    private const string SandboxUser = "65534";

    // Merged-/usr systems have these as links into /usr; older layouts as directories.
    private static readonly string[] SystemLinks = ["/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32"];

    /// <summary>
    /// The program and arguments that run <paramref name="command"/> in a sandbox. With
    /// <paramref name="asRoot"/> bubblewrap itself is started by setpriv as
    /// <see cref="SandboxOptions.SandboxUserId"/>: RLIMIT_NPROC is not enforced for root.
    /// </summary>
    public static IReadOnlyList<string> Build(SandboxOptions options, bool asRoot, IReadOnlyList<string> command)
    {
        var args = new List<string>(64);
        if (asRoot)
        {
            var uid = options.SandboxUserId.ToString(CultureInfo.InvariantCulture);
            args.AddRange([options.SetprivPath, $"--reuid={uid}", $"--regid={uid}", "--clear-groups", "--inh-caps=-all", "--bounding-set=-all", "--"]);
        }

        var tempBytes = ((long)options.TempMegabytes << 20).ToString(CultureInfo.InvariantCulture);
        args.AddRange(
        [
            options.BubblewrapPath,
            "--unshare-all", "--unshare-user", "--disable-userns",
            "--uid", SandboxUser, "--gid", SandboxUser, "--hostname", "sandbox",
            "--die-with-parent", "--new-session", "--cap-drop", "ALL",
            "--clearenv",
            "--setenv", "PATH", "/usr/bin:/bin",
            "--setenv", "HOME", "/tmp",
            "--setenv", "TMPDIR", "/tmp",
            "--setenv", "LANG", "C.UTF-8",
            "--setenv", "PYTHONHASHSEED", "0",
            "--setenv", "PYTHONDONTWRITEBYTECODE", "1",
            "--setenv", "PYTHONSAFEPATH", "1",
            "--ro-bind", "/usr", "/usr",
        ]);
        foreach (var path in SystemLinks)
        {
            var info = new FileInfo(path);
            if (info.LinkTarget is { } target)
            {
                args.AddRange(["--symlink", target, path]);
            }
            else if (Directory.Exists(path))
            {
                args.AddRange(["--ro-bind", path, path]);
            }
        }

        args.AddRange(
        [
            "--ro-bind-try", "/etc/ld.so.cache", "/etc/ld.so.cache",
            "--proc", "/proc",
            "--dev", "/dev",
            "--size", tempBytes, "--tmpfs", "/tmp",
            "--size", tempBytes, "--tmpfs", "/dev/shm",
            "--remount-ro", "/dev",
            "--remount-ro", "/",
            "--chdir", "/tmp",
            "--",
        ]);
        args.AddRange(command);
        return args;
    }
}
