using DataFactory.Core.Verification;

namespace DataFactory.Cli.Commands;

/// <summary>Counts of verdicts over one verify run, for <c>--summary</c> and the exit code.</summary>
internal sealed class VerifyCounts
{
    public long Lines { get; private set; }

    public long Correct { get; private set; }

    public long Incorrect { get; private set; }

    public long Unparseable { get; private set; }

    public long Unsupported { get; private set; }

    public long Invalid { get; private set; }

    /// <summary>Correct lines with a false checkable step.</summary>
    public long Flawed { get; private set; }

    public void AddFlawed() => Flawed++;

    public void Add(VerdictStatus status)
    {
        Lines++;
        switch (status)
        {
            case VerdictStatus.Correct:
                Correct++;
                break;
            case VerdictStatus.Incorrect:
                Incorrect++;
                break;
            case VerdictStatus.Unparseable:
                Unparseable++;
                break;
            case VerdictStatus.Unsupported:
                Unsupported++;
                break;
        }
    }

    public void AddInvalid()
    {
        Lines++;
        Invalid++;
    }

    public override string ToString() =>
        $"{Lines} lines: {Correct} correct, {Incorrect} incorrect, {Unparseable} unparseable, {Unsupported} unsupported, {Invalid} invalid; {Flawed} flawed (correct, with a false step)";
}
