namespace DataFactory.Worker.Pipeline;

/// <summary>A run asks for a model other than the one this worker serves.</summary>
public sealed class ModelMismatchException(string message) : Exception(message);
