namespace DataFactory.Worker.Pipeline;

/// <summary>
/// A message names a run or problems the store does not have, or problems of another set. Retrying
/// cannot help: the message goes to the error queue with this reason.
/// </summary>
public sealed class UnknownWorkException(string message) : Exception(message);
