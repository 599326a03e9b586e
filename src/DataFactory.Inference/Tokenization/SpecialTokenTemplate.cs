namespace DataFactory.Inference.Tokenization;

/// <summary>
/// The post-processor of tokenizer.json for a single sequence: the special tokens it puts before
/// and after the text (TemplateProcessing, RobertaProcessing, BertProcessing; ByteLevel adds none).
/// </summary>
/// <param name="Prefix">Ids before the text, e.g. BOS.</param>
/// <param name="Suffix">Ids after the text, e.g. EOS or SEP.</param>
internal sealed record SpecialTokenTemplate(IReadOnlyList<int> Prefix, IReadOnlyList<int> Suffix)
{
    public static SpecialTokenTemplate None { get; } = new([], []);
}
