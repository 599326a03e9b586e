using System.CommandLine;
using DataFactory.Cli.Commands;

var root = new RootCommand("DataFactory: sample, verify and curate reasoning traces.")
{
    DemoCommand.Create(),
    ImportCommand.Create(),
    RunCommand.Create(),
    WorkerCommand.Create(),
    StatusCommand.Create(),
    ExportCommand.Create(),
    MigrateCommand.Create(),
    VerifyCommand.Create(),
    GenerateCommand.Create(),
    BenchCommand.Create(),
};
return await root.Parse(args).InvokeAsync();
