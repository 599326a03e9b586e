using System.CommandLine;
using DataFactory.Cli.Commands;

var root = new RootCommand("DataFactory: sample, verify and curate reasoning traces.");
root.Subcommands.Add(GenerateCommand.Create());
root.Subcommands.Add(BenchCommand.Create());
return await root.Parse(args).InvokeAsync();
