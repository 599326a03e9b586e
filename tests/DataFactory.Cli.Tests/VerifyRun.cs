using System.Text.Json;

namespace DataFactory.Cli.Tests;

internal sealed record VerifyRun(int ExitCode, string[] Lines, string Error, string Help, string RawOutput)
{
    public JsonElement Line(int index) => JsonDocument.Parse(Lines[index]).RootElement;
}
