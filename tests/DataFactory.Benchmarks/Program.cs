Console.WriteLine("usage: dotnet run -c Release --project tests/DataFactory.Benchmarks -- <verify|...>");
return 2;
