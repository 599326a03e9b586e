namespace DataFactory.Inference.Generation;

/// <summary>Watches one candidate's tokens for a stop string.</summary>
internal interface IStopDetector
{
    /// <summary>Takes the next generated token; true once the text holds a stop string.</summary>
    bool Accept(int token);
}
