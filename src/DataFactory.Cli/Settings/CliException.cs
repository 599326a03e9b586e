namespace DataFactory.Cli.Settings;

/// <summary>A usage or configuration error: printed as one line, exit code 2.</summary>
internal sealed class CliException(string message) : Exception(message);
