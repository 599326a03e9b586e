namespace DataFactory.Worker.Hosting;

/// <summary>
/// The worker cannot start: a setting is invalid, the model folder does not load, or the database or
/// broker refuses it for good. The message is one line naming the cause, never a secret.
/// </summary>
public sealed class WorkerStartException(string message) : Exception(message);
