namespace DataFactory.Storage.Runs;

/// <summary>Which model a run samples.</summary>
/// <param name="Name">The model's name.</param>
/// <param name="Path">The model folder, if the run was started from one.</param>
/// <param name="Hash">A hash of the weights, if known.</param>
public sealed record ModelIdentity(string Name, string? Path = null, string? Hash = null);
