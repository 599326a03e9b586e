using System.CommandLine;
using DataFactory.Cli.Settings;
using DataFactory.Core.Verification;
using DataFactory.Core.Verification.MathAnswers;
using DataFactory.Sandbox;

namespace DataFactory.Cli.Commands;

/// <summary>
/// <c>datafactory verify [FILE|-] [--out FILE] [--summary] [--decimal-matches-irrational]</c>: re-checks candidates against their
/// problems. Input is JSON Lines,
/// <c>{"kind", "candidate", "gold"?, "numbers"?, "target"?, "options"?, "tests"?}</c>; output is one line per
/// input line, in the same order: <c>{"correct", "status", "extracted", "reason", "steps_checked", "first_false_step"}</c>. Code lines run
/// their tests in the bubblewrap sandbox configured by <c>DataFactory:Sandbox</c>.
/// </summary>
internal static class VerifyCommand
{
    private const string Description = """
        Verify candidate answers read as JSON Lines from FILE or standard input ('-' or no FILE).
        Each input line: {"kind": "math|exact|multiple-choice|game24|countdown|cipher|code", "candidate": "...",
        "gold": "..." (answer; optional for game24/countdown), "numbers": [..], "target": n, "options": [..],
        "tests": "..." (Python unit tests of a code line; they run with the candidate's code in the bubblewrap sandbox)}.
        Each output line, in input order: {"correct": bool, "status": "correct|incorrect|unparseable|unsupported|invalid",
        "extracted": "..." | null, "reason": "...", "steps_checked": n, "first_false_step": null | {"index": i, "text": "...", "reason": "..."}}:
        the step checks judge the trace's arithmetic claims, puzzle moves and cipher letters (index is the 0-based line).
        A correct line with a false step is flawed; --summary counts them. Blank lines are skipped.
        Exit codes: 0 all lines read; 1 some lines were invalid (each gets an "invalid" line naming its
        line number, and the rest are still verified); 2 usage or file error.
        """;

    /// <summary>The command on the process's standard streams with every built-in verifier, code in the sandbox.</summary>
    public static Command Create() => Create(
        VerifyConsole.Standard(),
        decimals => VerifierRegistry.CreateDefault(
            new BubblewrapTestRunner(CliSettings.Sandbox(CliSettings.Load())),
            new MathVerifierOptions { DecimalMatchesIrrational = decimals }));

    /// <summary>The command with every built-in verifier from <paramref name="registry"/> (called once per invocation; it may throw <see cref="CliException"/> for bad settings).</summary>
    public static Command Create(VerifyConsole console, Func<VerifierRegistry> registry) => Create(console, _ => registry());

    /// <summary>
    /// The command; <paramref name="registry"/> is called once per invocation with the value of
    /// --decimal-matches-irrational and may throw <see cref="CliException"/> for bad settings.
    /// </summary>
    public static Command Create(VerifyConsole console, Func<bool, VerifierRegistry> registry)
    {
        var input = new Argument<FileInfo?>("input")
        {
            Description = "JSON Lines file to verify; '-' or nothing reads standard input.",
            Arity = ArgumentArity.ZeroOrOne,
        };
        var output = new Option<FileInfo?>("--out", "-o")
        {
            Description = "Write the verdict lines to this file instead of standard output.",
        };
        var summary = new Option<bool>("--summary")
        {
            Description = "Print the counts of verdicts, and of flawed lines (correct, with a false step), to standard error at the end.",
        };
        var decimals = new Option<bool>("--decimal-matches-irrational")
        {
            Description = "Let a decimal approximation match an irrational math gold within the tolerance (1.41421356 for \\sqrt{2}); by default it does not.",
        };

        var command = new Command("verify", Description) { input, output, summary, decimals };
        command.Action = new VerifyAction(console, registry, input, output, summary, decimals);
        return command;
    }
}
