namespace DataFactory.Inference.Generation;

/// <summary>The decoder's side of <see cref="IGenerationObserver"/>: rows as they sample and finish.</summary>
internal interface IRowObserver
{
    void Token(DecodeRow row, int token, float logProbability);

    void Finished(DecodeRow row, TokenCandidate candidate);
}
