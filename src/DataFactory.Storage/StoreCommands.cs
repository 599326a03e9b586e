using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;

namespace DataFactory.Storage;

/// <summary>Hand-written SQL on the context's connection, enlisted in its current transaction.</summary>
internal static class StoreCommands
{
    public static DbCommand Create(DataFactoryDbContext context, string sql)
    {
        var command = context.Database.GetDbConnection().CreateCommand();
        command.CommandText = sql;
        command.Transaction = context.Database.CurrentTransaction?.GetDbTransaction();
        if (context.Database.GetCommandTimeout() is { } timeout)
        {
            command.CommandTimeout = timeout;
        }

        return command;
    }

    /// <summary>
    /// Adds a parameter the way EF stores a CLR type on this provider (a Guid as upper-case text on
    /// SQLite, a DateTimeOffset in its text format), so hand-written rows read back through EF.
    /// </summary>
    public static DbParameter AddMapped<T>(DataFactoryDbContext context, DbCommand command, string name, T value)
    {
        var mapping = context.GetService<IRelationalTypeMappingSource>().FindMapping(typeof(T))
            ?? throw new InvalidOperationException($"The store has no mapping for {typeof(T)}.");
        var parameter = mapping.CreateParameter(command, name, value, nullable: value is null);
        command.Parameters.Add(parameter);
        return parameter;
    }

    public static async Task EnsureOpenAsync(DataFactoryDbContext context, CancellationToken cancellationToken)
    {
        var connection = context.Database.GetDbConnection();
        if (connection.State != System.Data.ConnectionState.Open)
        {
            await context.Database.OpenConnectionAsync(cancellationToken);
        }
    }
}
