using System.CommandLine;

var root = new RootCommand("DataFactory: sample, verify and curate reasoning traces.");
return await root.Parse(args).InvokeAsync();
