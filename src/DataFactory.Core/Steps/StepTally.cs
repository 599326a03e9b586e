using System.Runtime.CompilerServices;

namespace DataFactory.Core.Steps;

/// <summary>Counts one checker's claims as it walks a trace and keeps the earliest false one.</summary>
internal sealed class StepTally(string text)
{
    private const int MaxClaimLength = 200;

    public int Checked { get; private set; }

    public int Skipped { get; private set; }

    /// <summary>Claims judged true that state the goal reached (a puzzle try's true "Yes").</summary>
    public int Reached { get; private set; }

    public FalseStep? FirstFalse { get; private set; }

    public void Pass() => Checked++;

    public void Skip() => Skipped++;

    /// <summary>A true claim that the goal is reached.</summary>
    public void PassReached()
    {
        Checked++;
        Reached++;
    }

    /// <summary>Whether a false claim starting at <paramref name="start"/> would be the first false step: only then is its reason worth writing.</summary>
    public bool WouldBeFirst(int start) => FirstFalse is null || start < FirstFalse.Offset;

    /// <summary>Counts a false claim that is not the first false step (see <see cref="WouldBeFirst"/>).</summary>
    public void FailLater() => Checked++;

    /// <summary>Records a false claim spanning [start, end) of the text on line <paramref name="line"/>.</summary>
    public void Fail(int line, int start, int end, string reason)
    {
        Checked++;
        if (FirstFalse is null || start < FirstFalse.Offset)
        {
            FirstFalse = new FalseStep(line, Shorten(text, start, end), reason, start);
        }
    }

    /// <summary>A false claim whose interpolated reason is written only when it is the first false step.</summary>
    public void Fail(int line, int start, int end, [InterpolatedStringHandlerArgument("", nameof(start))] ref StepReason reason)
    {
        if (WouldBeFirst(start))
        {
            Fail(line, start, end, reason.ToStringAndClear());
        }
        else
        {
            FailLater();
        }
    }

    /// <summary>A claim spanning [start, end) of line <paramref name="line"/>: true, or false for <paramref name="reason"/>.</summary>
    public void Judge(int line, int start, int end, bool holds, string reason)
    {
        if (holds)
        {
            Pass();
        }
        else
        {
            Fail(line, start, end, reason);
        }
    }

    /// <summary>As <see cref="Judge(int, int, int, bool, string)"/>; the interpolated reason is written only for a first false step.</summary>
    public void Judge(int line, int start, int end, bool holds, [InterpolatedStringHandlerArgument("", nameof(start), nameof(holds))] ref StepReason reason)
    {
        if (holds)
        {
            Pass();
        }
        else
        {
            Fail(line, start, end, ref reason);
        }
    }

    public StepCheck ToCheck(string version) => new(Checked, Skipped, FirstFalse, version) { Reached = Reached };

    private static string Shorten(string text, int start, int end)
    {
        start = Math.Clamp(start, 0, text.Length);
        end = Math.Clamp(end, start, text.Length);
        var claim = text.AsSpan(start, end - start).Trim();
        return claim.Length <= MaxClaimLength ? claim.ToString() : string.Concat(claim[..(MaxClaimLength - 1)], "…");
    }
}
