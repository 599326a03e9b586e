using System.CommandLine;
using DataFactory.Cli.Commands;
using DataFactory.Storage;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;

namespace DataFactory.Cli.Settings;

/// <summary>
/// <c>--db PATH</c>, on every command that touches the store: the embedded SQLite store in that file,
/// shorthand for <c>DataFactory:Database:Provider=sqlite</c> and its connection string. Without it
/// the configured database is used. An embedded store is migrated when it is opened (it has one user,
/// so there is no separate <c>migrate</c> step); a command that only reads refuses a file that does
/// not exist rather than create an empty store.
/// </summary>
internal sealed class StoreArgument
{
    private readonly Option<FileInfo?> _db = new("--db")
    {
        Description = "Embedded SQLite store file (created and migrated when needed; no database server). Default: the configured database (DATAFACTORY__DATABASE__...).",
    };

    public void AddTo(Command command) => command.Options.Add(_db);

    /// <summary>The file given with <c>--db</c>, or null.</summary>
    public string? Path(ParseResult parse) => parse.GetValue(_db)?.FullName;

    /// <summary>
    /// The store to use: the <c>--db</c> file (migrated; created when <paramref name="create"/>), else
    /// the configured database as it is.
    /// </summary>
    public async Task<StoreOptions> OpenAsync(ParseResult parse, IConfiguration configuration, bool create, CancellationToken cancellationToken)
    {
        if (Path(parse) is not { } path)
        {
            return CliSettings.Store(configuration);
        }

        if (!File.Exists(path))
        {
            if (!create)
            {
                throw new CliException($"store file '{path}' does not exist (create it with `datafactory import FILE --set NAME --db {path}`).");
            }

            Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
        }

        var store = Embedded(path);
        await MigrateCommand.MigrateAsync(store, cancellationToken);
        return store;
    }

    /// <summary>The SQLite store in a file.</summary>
    public static StoreOptions Embedded(string path) => new()
    {
        Provider = StoreProvider.Sqlite,
        ConnectionString = new SqliteConnectionStringBuilder { DataSource = path }.ToString(),
    };
}
