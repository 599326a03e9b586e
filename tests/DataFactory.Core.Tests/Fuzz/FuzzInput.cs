namespace DataFactory.Core.Tests.Fuzz;

/// <summary>One generated input: what shape it has (for failure messages) and the text.</summary>
internal sealed record FuzzInput(string Shape, int Index, string Text)
{
    public override string ToString() =>
        $"{Shape} #{Index} ({Text.Length} chars): {(Text.Length <= 80 ? Text : Text[..80] + "…")}";
}
