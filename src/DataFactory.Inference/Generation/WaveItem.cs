namespace DataFactory.Inference.Generation;

/// <summary>A run of one problem's candidates decoded in the same wave.</summary>
internal readonly record struct WaveItem(int Problem, int FirstCandidate, int Count);
