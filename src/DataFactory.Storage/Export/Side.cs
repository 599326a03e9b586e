using DataFactory.Storage.Writing;

namespace DataFactory.Storage.Export;

/// <summary>One candidate of a problem on one side of its pairs; a rejected candidate's text is decompressed only if it is written.</summary>
internal sealed class Side(long id, int tokenCount, string? finalAnswer, string? text = null, byte[]? compressed = null)
{
    private string? _text = text;

    public long Id { get; } = id;

    public int TokenCount { get; } = tokenCount;

    public string? FinalAnswer { get; } = finalAnswer;

    public string Text => _text ??= CandidateText.Decompress(compressed!);
}
